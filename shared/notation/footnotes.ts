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
