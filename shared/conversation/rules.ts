import type { Message } from '../problem.ts';
import type { Permission } from '../roles.ts';
import { refusedChar } from '../text/integrity.ts';

/**
 * The rules of the conversation around a number (docs/conversation.md), declared once: who may read
 * and post, how long a comment may be, which files may be evidence and how they are named when
 * downloaded. The worker enforces them; the add-in reads the same limits.
 */

// --- who (the roles come from the one table, shared/roles.ts) -------------------------------------

/**
 * Reading and posting comments, and the unread counts: the people who write the sheet — the
 * department's staff (and those of a shared project's other departments) and coordinators. The roles
 * of `sheet.write`; administrators manage the system, they are not in the conversation.
 */
export const COMMENT_PERMISSION: Permission = 'sheet.write';
/** Uploading evidence: whoever may write the value. */
export const EVIDENCE_WRITE_PERMISSION: Permission = 'sheet.write';
/** Listing and downloading evidence: whoever may read the value. */
export const EVIDENCE_READ_PERMISSION: Permission = 'sheet.read';
/** The story of a figure: coordinators and administrators, a department for its own indicators. */
export const INDICATOR_AUDIT_PERMISSION: Permission = 'history.read';
/** Verifying a cycle's hash chains: coordinators and administrators. */
export const CHAIN_VERIFY_PERMISSION: Permission = 'audit.read';

// --- comments -------------------------------------------------------------------------------------

/** A comment's text, in characters (code points) as a person counts them. */
export const COMMENT_MAX_CHARS = 2000;
/** How many KPIs a return may point at (each gets the return comment in its thread). */
export const RETURN_POINTERS_MAX = 50;

export const charCount = (text: string): number => [...text].length;

/** Why a comment's text cannot be stored, or null (the shared text rule, then the limits). */
export function commentTextProblem(text: string): Message | null {
  if (text.trim() === '')
    return { ja: 'コメントが空です。内容を入力してください。', en: 'The comment is empty: write something.' };
  const n = charCount(text);
  if (n > COMMENT_MAX_CHARS)
    return {
      ja: `コメントは${COMMENT_MAX_CHARS}文字までです（${n}文字）。短くするか分けて投稿してください。`,
      en: `A comment may hold at most ${COMMENT_MAX_CHARS} characters (this one has ${n}). Shorten it or post it in parts.`,
    };
  const bad = refusedChar(text, 'multi');
  if (bad)
    return {
      ja: `コメントの${bad.position}文字目に保存できない文字（U+${bad.codePoint.toString(16).toUpperCase().padStart(4, '0')}）があります。`,
      en: `Character ${bad.position} of the comment (U+${bad.codePoint.toString(16).toUpperCase().padStart(4, '0')}) cannot be stored.`,
    };
  return null;
}

// --- evidence files -------------------------------------------------------------------------------

/** The largest evidence file, in bytes (10 MB). */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
/** How many files one KPI value of one cycle may carry. */
export const EVIDENCE_MAX_FILES = 20;
/** A file name, in characters, after sanitising. */
export const FILE_NAME_MAX_CHARS = 120;

export type EvidenceKind = 'pdf' | 'xlsx' | 'csv' | 'png' | 'jpeg';

export const EVIDENCE_TYPES: Readonly<Record<EvidenceKind, { contentType: string; extensions: string[] }>> = {
  pdf: { contentType: 'application/pdf', extensions: ['pdf'] },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
  },
  csv: { contentType: 'text/csv', extensions: ['csv'] },
  png: { contentType: 'image/png', extensions: ['png'] },
  jpeg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
};

export const EVIDENCE_EXTENSIONS = Object.values(EVIDENCE_TYPES).flatMap((t) => t.extensions);

const startsWith = (bytes: Uint8Array, sig: readonly number[]) =>
  bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);

const ascii = (bytes: Uint8Array, max: number) => {
  let s = '';
  for (let i = 0; i < Math.min(bytes.length, max); i++) s += String.fromCharCode(bytes[i]!);
  return s;
};

/** Markup at the start of a text file: a browser could take it for a page. */
const MARKUP = /^\s*<(?:!doctype|html|head|body|script|svg|iframe|\?xml)/i;

const extensionOf = (name: string): string => {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return m ? m[1]!.toLowerCase() : '';
};

/**
 * What the bytes are, judged from the bytes (and, for CSV, which has no signature, the name): one of
 * the allowed kinds, or null. The client's Content-Type is never trusted. An xlsx is a ZIP holding
 * the workbook's parts; a CSV has no NUL byte and does not start like markup.
 */
export function sniffEvidence(bytes: Uint8Array, fileName: string): EvidenceKind | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // The local headers name the parts in clear: an Office Open XML workbook has these.
    const head = ascii(bytes, 64 * 1024);
    return head.includes('[Content_Types].xml') && head.includes('xl/') ? 'xlsx' : null;
  }
  if (extensionOf(fileName) !== 'csv' || bytes.length === 0) return null;
  const sample = bytes.subarray(0, 64 * 1024);
  if (sample.includes(0)) return null;
  const text = new TextDecoder('utf-8').decode(sample).replace(/^\uFEFF/, '');
  return MARKUP.test(text) ? null : 'csv';
}

/**
 * The name a file is stored and downloaded under: the last path segment, without controls,
 * invisible reordering characters or characters file systems refuse, at most 120 characters, ending
 * with an extension of its kind (added when missing or wrong).
 */
export function sanitiseFileName(raw: string, kind: EvidenceKind): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  let name = '';
  for (const ch of last.normalize('NFC')) {
    const bad = refusedChar(ch, 'single') !== null || /["*:<>?|]/.test(ch);
    name += bad ? '_' : ch;
  }
  name = name.replace(/^[\s.]+|[\s.]+$/g, '');
  const allowed = EVIDENCE_TYPES[kind].extensions;
  const ext = extensionOf(name);
  const base = allowed.includes(ext) ? name.slice(0, -(ext.length + 1)) : name;
  const suffix = `.${allowed.includes(ext) ? ext : allowed[0]}`;
  const stem = [...(base || 'evidence')].slice(0, FILE_NAME_MAX_CHARS - suffix.length).join('');
  return `${stem}${suffix}`;
}

/** RFC 5987 value: UTF-8, percent-encoded, with the characters encodeURIComponent leaves but the syntax forbids. */
const rfc5987 = (s: string) =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `Content-Disposition` of a download: always an attachment, an ASCII fallback name for old clients
 * and the real (Japanese) name as RFC 5987 `filename*`.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = [...fileName]
    .map((c) => (/^[\x20-\x7e]$/.test(c) && c !== '"' && c !== '\\' ? c : '_'))
    .join('');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${rfc5987(fileName)}`;
}
