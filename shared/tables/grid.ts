import type { TableBlock, TableCell } from './types.ts';

/** A cell placed on the block's grid: the one place renderers get coordinates from. */
export interface PlacedCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  cell: TableCell;
}

export interface BlockLayout {
  rows: number;
  columns: number;
  cells: PlacedCell[];
  /** Structural faults: a span past the edge, two cells on one position, an uncovered position. */
  faults: string[];
}

function span(n: number | undefined): number {
  return n !== undefined && Number.isInteger(n) && n > 0 ? n : 1;
}

/**
 * Resolves HTML-style spans to grid positions. Each row lists only the cells that start in it,
 * left to right; positions covered by a span from above are skipped, as a browser does.
 */
export function resolveBlock(block: TableBlock): BlockLayout {
  const columns = block.columns;
  const rows = block.rows.length;
  const taken: boolean[][] = Array.from({ length: rows }, () => new Array<boolean>(columns).fill(false));
  const cells: PlacedCell[] = [];
  const faults: string[] = [];

  block.rows.forEach((rowCells, row) => {
    let col = 0;
    for (const cell of rowCells) {
      while (col < columns && taken[row]?.[col]) col++;
      const rowSpan = span(cell.rowSpan);
      const colSpan = span(cell.colSpan);
      if (col + colSpan > columns) {
        faults.push(`row ${row}: cell "${cell.text}" at column ${col} spans past column ${columns - 1}`);
      }
      if (row + rowSpan > rows) {
        faults.push(`row ${row}: cell "${cell.text}" spans past the last row`);
      }
      for (let r = row; r < Math.min(row + rowSpan, rows); r++) {
        for (let c = col; c < Math.min(col + colSpan, columns); c++) {
          const line = taken[r];
          if (!line) continue;
          if (line[c]) faults.push(`row ${r}, column ${c}: covered twice`);
          line[c] = true;
        }
      }
      cells.push({ row, col, rowSpan, colSpan, cell });
      col += colSpan;
    }
  });

  taken.forEach((line, r) => {
    line.forEach((covered, c) => {
      if (!covered) faults.push(`row ${r}, column ${c}: not covered by any cell`);
    });
  });
  return { rows, columns, cells, faults };
}

/** The placed cells of a block, in reading order. */
export function layoutBlock(block: TableBlock): PlacedCell[] {
  return resolveBlock(block).cells;
}

/**
 * A dense rows × columns array: each position holds the cell that covers it and whether the
 * position is the cell's top-left anchor. Renderers without spans (Markdown, CSV) use this.
 */
export function denseGrid(block: TableBlock): { cell: TableCell; anchor: boolean }[][] {
  const { rows, columns, cells } = resolveBlock(block);
  const empty: TableCell = { text: '', role: 'text' };
  const grid = Array.from({ length: rows }, () =>
    Array.from({ length: columns }, () => ({ cell: empty, anchor: true })),
  );
  for (const placed of cells) {
    for (let r = placed.row; r < Math.min(placed.row + placed.rowSpan, rows); r++) {
      const line = grid[r];
      if (!line) continue;
      for (let c = placed.col; c < Math.min(placed.col + placed.colSpan, columns); c++) {
        line[c] = { cell: placed.cell, anchor: r === placed.row && c === placed.col };
      }
    }
  }
  return grid;
}
