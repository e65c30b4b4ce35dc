// Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR; lone surrogates; FFFE/FFFF).
const INVALID =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to drop.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

// A quick test first: most texts need no change, and a 15,000-row sheet should not copy them all.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters escapeXml must touch.
const NEEDS_WORK = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/;

/** Text for XML content or a double-quoted attribute: markup escaped, characters XML forbids dropped. */
export function escapeXml(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(INVALID, '').replace(/[&<>"]/g, (ch) => ENTITIES[ch] ?? ch);
}

export const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** 0-based column → `A`, `B`, … `AA`. */
export function columnLetters(col: number): string {
  let letters = '';
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26))
    letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters;
  return letters;
}

const LETTERS = Array.from({ length: 64 }, (_, c) => columnLetters(c));

/** 0-based row and column → `B12`. */
export function cellAddress(row: number, col: number): string {
  return `${LETTERS[col] ?? columnLetters(col)}${row + 1}`;
}
