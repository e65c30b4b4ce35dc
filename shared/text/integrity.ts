/**
 * The one rule for text that is stored: what a server acknowledges must be what it stores and reads
 * back, byte for byte. A string is refused (never repaired) when it holds a character that cannot
 * survive that trip or that changes what a reader sees without being visible itself:
 *
 * - an unpaired UTF-16 surrogate: it has no UTF-8 encoding, so storage would substitute U+FFFD and
 *   every identical re-send would look like a change;
 * - C0 controls (U+0000–U+001F), DEL (U+007F) and C1 controls (U+0080–U+009F): invisible, and
 *   U+0000 ends strings in some tools. Tab and line feed are allowed in multi-line fields only;
 * - carriage return (U+000D) everywhere: lines end with LF alone. Silently turning CRLF into LF would
 *   store something other than what was sent, so a client normalises before sending (the add-in does
 *   for 主な取組) and the server only checks;
 * - bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what is
 *   displayed ("Trojan Source"); the plain marks U+200E/U+200F are harmless and allowed;
 * - line and paragraph separators (U+2028, U+2029): line breaks that only some programs honour.
 *
 * Pure and dependency-free: the zod schemas (shared/schema/common.ts) apply it to every text field,
 * so the worker, the add-in and the CLI all refuse the same strings.
 */

/** `multi`: tab and line feed are allowed (主な取組, footnotes, reasons, comments); `single`: neither. */
export type TextLines = 'single' | 'multi';

export type RefusedKind =
  | 'lone_surrogate'
  | 'control'
  | 'line_break'
  | 'carriage_return'
  | 'bidi'
  | 'separator';

export interface RefusedChar {
  kind: RefusedKind;
  /** The UTF-16 code unit for a lone surrogate, else the code point. */
  codePoint: number;
  /** 1-based position in characters (code points), as a person counts them. */
  position: number;
}

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

const isHigh = (u: number) => u >= 0xd800 && u <= 0xdbff;
const isLow = (u: number) => u >= 0xdc00 && u <= 0xdfff;

function kindOf(c: number, lines: TextLines): RefusedKind | null {
  if (c === TAB || c === LF) return lines === 'multi' ? null : 'line_break';
  if (c === CR) return 'carriage_return';
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return 'control';
  if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return 'bidi';
  if (c === 0x2028 || c === 0x2029) return 'separator';
  return null;
}

/** The first character of `text` the rule refuses, or null when the text may be stored as it is. */
export function refusedChar(text: string, lines: TextLines = 'single'): RefusedChar | null {
  let position = 0;
  for (let i = 0; i < text.length; i++) {
    position++;
    const unit = text.charCodeAt(i);
    if (isHigh(unit) && isLow(text.charCodeAt(i + 1))) {
      i++; // a valid pair: an astral character (emoji, rare kanji), always allowed
      continue;
    }
    const kind = isHigh(unit) || isLow(unit) ? 'lone_surrogate' : kindOf(unit, lines);
    if (kind) return { kind, codePoint: unit, position };
  }
  return null;
}

/** "U+0007", as Unicode charts name a character. */
export const codePointLabel = (codePoint: number): string =>
  `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
