/**
 * Display width for the plain-text renderer: CJK, full-width forms and the symbols Japanese tables
 * use (①, ■, △, ※, —) take two columns in a Japanese terminal or monospaced font.
 */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2014, 0x2014], // — (placeholder —%)
  [0x203b, 0x203b], // ※
  [0x2460, 0x24ff], // ① …
  [0x25a0, 0x25ff], // ■ △ ○
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1faff],
  [0x20000, 0x3fffd],
];

export function charWidth(codePoint: number): number {
  if (codePoint < 0x1100) return codePoint < 0x20 ? 0 : 1;
  for (const [lo, hi] of WIDE_RANGES) {
    if (codePoint < lo) return 1;
    if (codePoint <= hi) return 2;
  }
  return 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0) ?? 0);
  return width;
}

/** Breaks text into lines of at most `width` columns (at any character: Japanese has no spaces). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let used = 0;
    for (const ch of paragraph) {
      const w = charWidth(ch.codePointAt(0) ?? 0);
      if (used + w > width && line !== '') {
        lines.push(line);
        line = '';
        used = 0;
      }
      line += ch;
      used += w;
    }
    lines.push(line);
  }
  return lines;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}
