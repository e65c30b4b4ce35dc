import type { Footnote } from '../schema/common.ts';
import { normalizeWidth } from './width.ts';

/**
 * Footnote markers as printed: (※), (※1), （※２）, 〔※〕, [※], ［※］, ※ appended to a name, （注１）.
 * A marker alone in a value cell means "missing, explained by the footnote".
 */
const BODY = String.raw`(?:※\s*[0-9０-９]*|注\s*[0-9０-９]*)`;
const BRACKETED = String.raw`\(\s*${BODY}\s*\)|（\s*${BODY}\s*）|〔\s*${BODY}\s*〕|\[\s*${BODY}\s*\]|［\s*${BODY}\s*］|【\s*${BODY}\s*】`;
const BARE = String.raw`※\s*[0-9０-９]*`;

/** Matches a whole marker (anchored). */
export const FOOTNOTE_MARKER_RE: RegExp = new RegExp(`^(?:${BRACKETED}|${BARE})$`, 'u');
const TRAILING_MARKER_RE = new RegExp(`(?:${BRACKETED}|${BARE})$`, 'u');
// At the start of a note a bracketed marker stands on its own (`(※1)速報値`); a bare one needs a space
// after it, or `※印の付いた指標は…` and `※2020年度は…` would lose their first characters.
const LEADING_MARKER_RE = new RegExp(`^(?:${BRACKETED}|※[0-9０-９]*(?=\\s|$))`, 'u');

export function isFootnoteMarker(text: string): boolean {
  return FOOTNOTE_MARKER_RE.test(text.trim());
}

/** `'割合〔※〕'` → `{ text: '割合', marker: '〔※〕' }`; the marker is kept as printed. */
export function splitTrailingMarker(text: string): { text: string; marker: string | null } {
  const trimmed = text.trimEnd();
  const m = TRAILING_MARKER_RE.exec(trimmed);
  if (!m) return { text, marker: null };
  return { text: trimmed.slice(0, m.index).trimEnd(), marker: m[0] };
}

/** A comparable key: (※), 〔※〕, [※], ※ → '※'; (※2) → '※2'; （注１） → '注1'. Null if not a marker. */
export function markerKey(marker: string): string | null {
  const trimmed = marker.trim();
  if (!FOOTNOTE_MARKER_RE.test(trimmed)) return null;
  let body = normalizeWidth(trimmed).replace(/\s+/g, '');
  // Bracketed forms: drop the pair, the body is the key.
  if (!body.startsWith('※')) body = body.slice(1, -1);
  return body;
}

/** `'(※1) 速報値'` → `{ marker: '(※1)', text: '速報値' }`; a line without a leading marker → marker null. */
export function splitLeadingMarker(line: string): { marker: string | null; text: string } {
  const trimmed = line.trim();
  const m = LEADING_MARKER_RE.exec(trimmed);
  if (!m) return { marker: null, text: trimmed };
  return { marker: m[0], text: trimmed.slice(m[0].length).trim() };
}

/**
 * A footnote cell as people type it, one footnote per line with its marker first as printed
 * (`(※1) 速報値`, `（注１）　推計値`, `※ 未公表`). A line without a marker belongs to
 * `defaultMarker` (the marker of the value cell), else `(※)`. A marker alone keeps its empty text,
 * for validation to ask for it (footnote.empty_text) rather than turning the marker into the note.
 */
export function parseFootnotes(text: string, defaultMarker?: string): Footnote[] {
  const out: Footnote[] = [];
  for (const line of text.split(/\r\n?|\n/)) {
    if (line.trim() === '') continue;
    const { marker, text: body } = splitLeadingMarker(line);
    out.push({ marker: marker ?? defaultMarker ?? '(※)', text: body });
  }
  return out;
}

/** Writes footnotes back as a footnote cell, one per line: the inverse of {@link parseFootnotes}. */
export function formatFootnotes(footnotes: readonly Footnote[]): string {
  return footnotes.map((f) => (f.marker ? `${f.marker} ${f.text}` : f.text)).join('\n');
}

export type FootnoteMarkerStyle = 'paren' | 'fullwidth-paren' | 'tortoise' | 'bracket' | 'bare';

const toFullWidthDigits = (s: string): string =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** Writes a key back as a marker: ('※2','paren') → '(※2)', ('注1','fullwidth-paren') → '（注１）'. */
export function formatMarker(key: string, style: FootnoteMarkerStyle = 'paren'): string {
  const k = markerKey(key) ?? key;
  switch (style) {
    case 'paren':
      return `(${k})`;
    case 'fullwidth-paren':
      return `（${toFullWidthDigits(k)}）`;
    case 'tortoise':
      return `〔${k}〕`;
    case 'bracket':
      return `[${k}]`;
    case 'bare':
      return k;
  }
}
