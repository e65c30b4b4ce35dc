import { displayWidth } from '../tables/text-width.ts';
import type { TableBlock, TableCell, TableKind, TableModel } from '../tables/types.ts';

export { footnoteLine } from '../tables/markdown.ts';

/**
 * Layout facts shared by the spreadsheet and HTML renderers: sheet names, the width of text as a
 * spreadsheet measures it, which leading rows of a block are its header. A footnote reads as the
 * text renderers print it (tables/markdown.ts footnoteLine). The sheet's rows follow renderCsv's:
 * title, subtitle, then per block an empty row, the heading, the grid and its footnotes.
 */

export const SHEET_NAMES: Readonly<Record<TableKind, string>> = {
  projects: '進捗状況',
  goals: '数値目標',
  revision: '新旧対照表',
  budget: '予算',
};

/** Display width in half-width units (full-width characters count 2), as the table models measure it. */
export const textWidth = displayWidth;

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

/** All the blocks of a model in print order: the summary above the main blocks. */
export function printBlocks(model: TableModel): TableBlock[] {
  return [...model.summary, ...model.blocks];
}

/** Number of columns of the widest block (at least the number of column widths). */
export function modelColumns(model: TableModel): number {
  return printBlocks(model).reduce((max, block) => Math.max(max, block.columns), model.columnWidths.length);
}

const isHeaderCell = (cell: TableCell) => cell.role === 'header' || cell.role === 'title';

/** How many leading rows of a block hold only header cells (the rows to repeat or put in thead). */
export function leadingHeaderRows(block: TableBlock): number {
  let count = 0;
  for (const row of block.rows) {
    if (row.length === 0 || !row.every(isHeaderCell)) break;
    count++;
  }
  // A header cell that spans down past the leading rows would split the header: keep whole rows only.
  const reach = block.rows
    .slice(0, count)
    .flatMap((row, r) => row.map((cell) => r + (cell.rowSpan ?? 1)))
    .reduce((max, end) => Math.max(max, end), 0);
  return reach > count ? 0 : count;
}
