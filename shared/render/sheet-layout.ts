import { frameHeadLines } from '../tables/markdown.ts';
import type { TableBlock, TableModel } from '../tables/types.ts';
import { footnoteLine, modelColumns, printBlocks } from './layout.ts';
import { flowsByUnit } from './sheet-blocks.ts';
import { SheetDraft } from './sheet-draft.ts';
import { placeGrid } from './sheet-grid.ts';
import { columnPoints, lineHeight, rowPoints } from './sheet-measure.ts';
import { pageBreaks, pageGeometry, repeatedRows, reportPageSetup } from './sheet-print.ts';
import type { Area, SheetBlock, SheetCell, SheetLayout } from './sheet-types.ts';

/**
 * One table model laid out on a worksheet (sheet-types.ts): the layout both spreadsheet writers
 * render. The rows are renderCsv's, in the same places: the title, its subtitle lines one row each
 * (a right-aligned one on the right), then per block an empty row, the heading, the grid and its
 * footnotes, then an empty row and the table's footnotes. One row more than the CSV: the 別紙
 * label, which the CSV puts in the last field of the title row, is a row of its own above the
 * title, on the right, as the published report prints it at the top right of its first page.
 * Pages are cut here too (sheet-print.ts), from the rows' heights as written: the page breaks,
 * the rows repeated on every page, the scale one page wide implies.
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
  const head = frameHeadLines(model);
  if (head.label !== undefined) draft.line(head.label, 'label');
  const titleStart = draft.rows.length;
  draft.line(head.title, 'title');
  for (const line of head.subtitle) draft.line(line, 'subtitle', head.subtitleRight ? 'right' : 'left');
  const titleLines = { start: titleStart, end: draft.rows.length };
  const flows = flowsByUnit(model.kind);
  const blocks = printBlocks(model).map((block) => placeBlock(draft, block, flows));
  if (model.footnotes.length > 0) draft.addRow('gap');
  for (const note of model.footnotes) draft.line(footnoteLine(note), 'footnote');
  for (const row of draft.rows) row.height = rowPoints(row.height);
  // Excel counts a column's width in characters; one more than the text keeps it off the frame.
  const columnWidths = widths.map((w) => w + 1);
  const page = reportPageSetup();
  const { scale, pageHeight } = pageGeometry(
    page,
    columnWidths.reduce((sum, w) => sum + columnPoints(w), 0),
  );
  const titleRows = repeatedRows(titleLines, blocks, sameHead(draft.cells));
  const breaks = pageBreaks({
    heights: draft.rows.map((r) => r.height),
    kinds: draft.rows.map((r) => r.kind),
    blocks,
    titleRows,
    pageHeight,
  });
  topOfCutCells(draft, breaks);
  return {
    font,
    defaultRowHeight: lineHeight(font.size),
    columnWidths,
    rows: draft.rows,
    cells: draft.cells,
    merges: mergedAreas(draft.cells),
    blocks,
    showGridlines: false,
    print: {
      page,
      titleRows,
      area: { rows: draft.rows.length, cols: widths.length },
      scale,
      pageHeight,
      breaks,
    },
  };
}

function placeBlock(draft: SheetDraft, block: TableBlock, flows: boolean): SheetBlock {
  draft.addRow('gap');
  const start = draft.rows.length;
  if (block.heading) draft.line(block.heading, 'heading');
  const { gridStart, headerEnd, head, units } = placeGrid(draft, block);
  for (const note of block.footnotes) draft.line(footnoteLine(note), 'footnote');
  return {
    id: block.id,
    start,
    gridStart,
    headerEnd,
    head,
    units: [start, ...units.slice(1)],
    flows,
    end: draft.rows.length,
  };
}

/**
 * A merged cell that a page break cuts (the `KPI` cell beside the KPI rows of a block taller than a
 * page) reads from its top: centred, its text would print wherever the middle of the area falls,
 * on a later page or across the break.
 */
function topOfCutCells(draft: SheetDraft, breaks: readonly number[]): void {
  if (breaks.length === 0) return;
  for (const cell of draft.cells) {
    if (cell.rows < 2 || cell.look.vertical === 'top') continue;
    if (breaks.some((b) => b > cell.row && b < cell.row + cell.rows)) cell.look = draft.looks.top(cell.look);
  }
}

/** Whether two blocks' headers print the same: the same texts in the same places. */
function sameHead(cells: readonly SheetCell[]) {
  // Cells are in reading order: the first cell of each row is found once.
  const firstOfRow = new Map<number, number>();
  cells.forEach((c, i) => {
    if (!firstOfRow.has(c.row)) firstOfRow.set(c.row, i);
  });
  const print = (b: SheetBlock) => {
    const out: unknown[] = [];
    for (let i = firstOfRow.get(b.head.start) ?? cells.length; i < cells.length; i++) {
      const c = cells[i]!;
      if (c.row >= b.head.end) break;
      out.push([c.row - b.head.start, c.col, c.rows, c.cols, c.text]);
    }
    return JSON.stringify(out);
  };
  return (a: SheetBlock, b: SheetBlock) => a === b || print(a) === print(b);
}

function mergedAreas(cells: readonly SheetCell[]): Area[] {
  return cells
    .filter((c) => c.rows > 1 || c.cols > 1)
    .map(({ row, col, rows, cols }) => ({ row, col, rows, cols }));
}
