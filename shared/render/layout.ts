import { displayWidth } from '../tables/text-width.ts';
import type { TableBlock, TableCell, TableKind, TableModel } from '../tables/types.ts';

export { footnoteLine } from '../tables/markdown.ts';

/**
 * Layout facts shared by the spreadsheet and HTML renderers: sheet names, the width of text as a
 * spreadsheet measures it, which leading rows of a block are its header. A footnote reads as the
 * text renderers print it (tables/markdown.ts footnoteLine). The positioned sheet itself is
 * sheet-layout.ts; how tall its rows get is sheet-measure.ts.
 */

export const SHEET_NAMES: Readonly<Record<TableKind, string>> = {
  projects: '進捗状況',
  goals: '数値目標',
  revision: '新旧対照表',
  budget: '予算',
};

/** Display width in half-width units (full-width characters count 2), as the table models measure it. */
export const textWidth = displayWidth;

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
