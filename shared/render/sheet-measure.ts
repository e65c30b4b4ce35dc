import type { TableCell } from '../tables/types.ts';
import { textWidth } from './layout.ts';
import type { LineKind } from './sheet-types.ts';

/**
 * How much room text takes on a sheet: the one estimate behind both spreadsheet writers. Excel
 * grows no row for wrapped text in a merged cell (and a footnote is merged across the sheet), so
 * row heights are written out rather than left to Excel; printing page by page needs the same
 * numbers. Lines are counted from the text's display width against the column widths.
 */

/** Excel refuses a row taller than this many points. */
export const MAX_ROW_HEIGHT = 409;

/** Points per line of text, with the line spacing Excel uses for Japanese fonts. */
export const lineHeight = (fontSize: number): number => Math.round(fontSize * 1.5 * 4) / 4;

/** Whether a grid cell's text wraps in a span `width` half-width units wide (asked to, a line break, too long). */
export function wrapsIn(cell: TableCell, width: number): boolean {
  return cell.wrap === true || cell.text.includes('\n') || textWidth(cell.text) > width;
}

/** Lines a text needs in a column `width` half-width units wide, counting its own line breaks. */
export function wrappedLines(text: string, width: number): number {
  const usable = Math.max(1, width - 1);
  return text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(textWidth(line) / usable)), 0);
}

/** A line outside the grid across `width` half-width units: a footnote wraps, the title is set larger. */
export function lineRowHeight(kind: LineKind, text: string, width: number, fontSize: number): number {
  const line = lineHeight(fontSize);
  const lines = kind === 'footnote' ? wrappedLines(text, width) : 1;
  return Math.min(MAX_ROW_HEIGHT, Math.max(lines * line, line * (kind === 'title' ? 1.4 : 1)));
}

/** What each of the `rows` rows of a span `width` wide needs for its wrapped text, shared evenly. */
export function spanRowHeight(text: string, width: number, rows: number, fontSize: number): number {
  return Math.min(MAX_ROW_HEIGHT, (wrappedLines(text, width) * lineHeight(fontSize)) / rows);
}

/** An Excel column `width` characters wide, in points: 7 px a character and 5 px padding at 96 dpi. */
export const columnPoints = (width: number): number => ((width * 7 + 5) * 3) / 4;
