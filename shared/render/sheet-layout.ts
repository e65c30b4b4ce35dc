import type { TableBlock, TableModel } from '../tables/types.ts';
import { footnoteLine, modelColumns, printBlocks } from './layout.ts';
import { SheetDraft } from './sheet-draft.ts';
import { placeGrid } from './sheet-grid.ts';
import { lineHeight } from './sheet-measure.ts';
import { repeatedRows, reportPageSetup } from './sheet-print.ts';
import type { Area, SheetBlock, SheetCell, SheetLayout } from './sheet-types.ts';

/**
 * One table model laid out on a worksheet (sheet-types.ts): the layout both spreadsheet writers
 * render. The rows are renderCsv's, in the same places: the title lines, then per block an empty
 * row, the heading, the grid and its footnotes, then an empty row and the table's footnotes.
 */

/** The font of the published reports' Excel files; Excel substitutes a Japanese font where it is missing. */
export const DEFAULT_FONT = 'Yu Gothic';
export const DEFAULT_FONT_SIZE = 10;
/** Columns the model gives no width. */
const DEFAULT_WIDTH = 10;

export interface LayoutOptions {
  fontName?: string;
  /** Points. */
  fontSize?: number;
}

export function layoutSheet(model: TableModel, options: LayoutOptions = {}): SheetLayout {
  const font = { name: options.fontName ?? DEFAULT_FONT, size: options.fontSize ?? DEFAULT_FONT_SIZE };
  const widths = Array.from(
    { length: modelColumns(model) },
    (_, i) => model.columnWidths[i] ?? DEFAULT_WIDTH,
  );
  const draft = new SheetDraft(widths, font);
  draft.line(model.title, 'title');
  if (model.subtitle) draft.line(model.subtitle, 'subtitle');
  const titleLines = draft.rows.length;
  const blocks = printBlocks(model).map((block) => placeBlock(draft, block));
  if (model.footnotes.length > 0) draft.addRow('gap');
  for (const note of model.footnotes) draft.line(footnoteLine(note), 'footnote');
  return {
    font,
    defaultRowHeight: lineHeight(font.size),
    // Excel counts a column's width in characters; one more than the text keeps it off the frame.
    columnWidths: widths.map((w) => w + 1),
    rows: draft.rows,
    cells: draft.cells,
    merges: mergedAreas(draft.cells),
    blocks,
    showGridlines: false,
    print: {
      page: reportPageSetup(),
      titleRows: repeatedRows(titleLines, blocks),
      area: { rows: draft.rows.length, cols: widths.length },
    },
  };
}

function placeBlock(draft: SheetDraft, block: TableBlock): SheetBlock {
  draft.addRow('gap');
  const start = draft.rows.length;
  if (block.heading) draft.line(block.heading, 'heading');
  const { gridStart, headerEnd } = placeGrid(draft, block);
  for (const note of block.footnotes) draft.line(footnoteLine(note), 'footnote');
  return { id: block.id, start, gridStart, headerEnd, end: draft.rows.length };
}

function mergedAreas(cells: readonly SheetCell[]): Area[] {
  return cells
    .filter((c) => c.rows > 1 || c.cols > 1)
    .map(({ row, col, rows, cols }) => ({ row, col, rows, cols }));
}
