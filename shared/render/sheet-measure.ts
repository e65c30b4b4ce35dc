import type { TableCell } from '../tables/types.ts';
import { textWidth } from './layout.ts';
import type { LineKind } from './sheet-types.ts';

/**
 * How much room text takes on a sheet: the one estimate behind both spreadsheet writers. Excel
 * grows no row for wrapped text in a merged cell (and a footnote is merged across the sheet), so
 * row heights are written out rather than left to Excel; printing page by page needs the same
 * numbers. Lines are counted from the text's display width against the column widths.
 */

/** Points in one pixel at 96 dpi: Excel sizes rows in whole pixels. */
export const PIXEL = 0.75;

/** Excel refuses a row taller than 409 points; this is the tallest whole-pixel height below it. */
export const MAX_ROW_HEIGHT = Math.floor(409 / PIXEL) * PIXEL;

/**
 * The height a row is written with, by the xlsx writer and the add-in alike, and counted with when
 * pages are cut: the points its text needs rounded up to whole pixels (Excel keeps such a height as
 * it is, so the sum of a page's rows is what prints), at most MAX_ROW_HEIGHT.
 */
export const rowPoints = (height: number): number =>
  Math.min(MAX_ROW_HEIGHT, Math.ceil(height / PIXEL - 1e-9) * PIXEL);

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

/**
 * An Excel column `width` characters wide (the xlsx `<col width>`, padding included), in points:
 * 7 px a character at 96 dpi (the digit width of a 10–11 pt body font). The add-in sets its
 * columns to this, so both exports are as wide, and pages are cut for this width.
 */
export const columnPoints = (width: number): number => width * 7 * PIXEL;
