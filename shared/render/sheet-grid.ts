import { type PlacedCell, resolveBlock } from '../tables/grid.ts';
import type { TableBlock } from '../tables/types.ts';
import { leadingHeaderRows } from './layout.ts';
import { formatShows } from './number-format.ts';
import { blockParts } from './sheet-blocks.ts';
import type { SheetDraft } from './sheet-draft.ts';
import { spanRowHeight, wrapsIn } from './sheet-measure.ts';

export interface PlacedGrid {
  gridStart: number;
  headerEnd: number;
  /** The block's column header, in sheet rows (sheet-blocks.ts). */
  head: { start: number; end: number };
  /** The first sheet row of each unit below the head (a KPI row, a budget pair). */
  units: number[];
}

/**
 * A block's grid on the sheet: one row per model row, each cell over the area its spans say
 * (coordinates from tables/grid.ts), cut at the sheet's right edge and the block's last row.
 */
export function placeGrid(draft: SheetDraft, block: TableBlock): PlacedGrid {
  const grid = resolveBlock(block);
  const header = leadingHeaderRows(block);
  const parts = blockParts(block, grid);
  const gridStart = draft.rows.length;
  for (let r = 0; r < grid.rows; r++) draft.addRow(r < header ? 'header' : 'body');
  for (const placed of grid.cells) placeCell(draft, gridStart, grid.rows, placed);
  return {
    gridStart,
    headerEnd: gridStart + header,
    head: { start: gridStart + parts.headStart, end: gridStart + parts.headEnd },
    units: parts.units.map((u) => gridStart + u),
  };
}

function placeCell(draft: SheetDraft, top: number, blockRows: number, placed: PlacedCell): void {
  const { cell, row, col } = placed;
  if (col >= draft.columns) return;
  const rows = Math.min(placed.rowSpan, blockRows - row);
  const cols = Math.min(placed.colSpan, draft.columns - col);
  const width = draft.spanWidth(col, cols);
  const wrap = wrapsIn(cell, width);
  // A figure is stored as a number only when its format shows the printed text to the letter
  // (`H29年度 7社` stays text), and as the decimal string written: no binary float on the way.
  const asNumber = cell.number !== undefined && formatShows(cell.number, cell.numberFormat, cell.text);
  draft.place({
    row: top + row,
    col,
    rows,
    cols,
    text: cell.text,
    number: asNumber ? cell.number : undefined,
    numberFormat: asNumber ? (cell.numberFormat ?? 'General') : '@',
    look: draft.looks.grid(cell, wrap),
  });
  if (wrap) draft.raise(top + row, rows, spanRowHeight(cell.text, width, rows, draft.font.size));
}
