import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { denseGrid, layoutBlock, resolveBlock } from './grid.ts';
import type { TableBlock, TableCell } from './types.ts';

interface Rect {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

/** Cuts a rows × columns grid into rectangles, driven by `choices` (reading order, greedy). */
function partition(rows: number, columns: number, choices: readonly number[]): Rect[] {
  const taken = Array.from({ length: rows }, () => new Array<boolean>(columns).fill(false));
  const rects: Rect[] = [];
  let k = 0;
  const next = () => choices[k++ % choices.length] ?? 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      if (taken[r]![c]) continue;
      let maxCol = 0;
      while (c + maxCol < columns && !taken[r]![c + maxCol]) maxCol++;
      const colSpan = 1 + (next() % maxCol);
      let maxRow = 0;
      while (r + maxRow < rows && taken[r + maxRow]!.slice(c, c + colSpan).every((t) => !t)) maxRow++;
      const rowSpan = 1 + (next() % maxRow);
      for (let i = r; i < r + rowSpan; i++) for (let j = c; j < c + colSpan; j++) taken[i]![j] = true;
      rects.push({ row: r, col: c, rowSpan, colSpan });
    }
  }
  return rects;
}

function blockOf(rows: number, columns: number, rects: readonly Rect[]): TableBlock {
  const cellRows: TableCell[][] = Array.from({ length: rows }, () => []);
  for (const rect of rects) {
    cellRows[rect.row]!.push({
      text: `${rect.row},${rect.col}`,
      role: 'value',
      ...(rect.rowSpan > 1 ? { rowSpan: rect.rowSpan } : {}),
      ...(rect.colSpan > 1 ? { colSpan: rect.colSpan } : {}),
    });
  }
  return { id: 'b', columns, rows: cellRows, footnotes: [] };
}

const gridArb = fc.record({
  rows: fc.integer({ min: 1, max: 8 }),
  columns: fc.integer({ min: 1, max: 8 }),
  choices: fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 64 }),
});

describe('layoutBlock', () => {
  it('places every cell where its HTML-style row put it: no overlap, every position covered', () => {
    fc.assert(
      fc.property(gridArb, ({ rows, columns, choices }) => {
        const rects = partition(rows, columns, choices);
        const block = blockOf(rows, columns, rects);
        const { faults, cells } = resolveBlock(block);
        expect(faults).toEqual([]);
        expect(cells.map(({ row, col, rowSpan, colSpan }) => ({ row, col, rowSpan, colSpan }))).toEqual(
          rects,
        );
        const covered = new Map<string, number>();
        for (const p of layoutBlock(block)) {
          for (let r = p.row; r < p.row + p.rowSpan; r++)
            for (let c = p.col; c < p.col + p.colSpan; c++)
              covered.set(`${r},${c}`, (covered.get(`${r},${c}`) ?? 0) + 1);
        }
        expect(covered.size).toBe(rows * columns);
        expect([...covered.values()].every((n) => n === 1)).toBe(true);
        // The dense grid agrees: each position names the rectangle that covers it.
        denseGrid(block).forEach((line, r) => {
          line.forEach((pos, c) => {
            const owner = rects.find(
              (q) => q.row <= r && r < q.row + q.rowSpan && q.col <= c && c < q.col + q.colSpan,
            )!;
            expect(pos.cell.text).toBe(`${owner.row},${owner.col}`);
            expect(pos.anchor).toBe(owner.row === r && owner.col === c);
          });
        });
      }),
    );
  });

  it('reports a fault when a cell is missing (a position stays uncovered)', () => {
    fc.assert(
      fc.property(gridArb, fc.nat(), ({ rows, columns, choices }, pick) => {
        const rects = partition(rows, columns, choices);
        const dropped = rects.filter((_, i) => i !== pick % rects.length);
        expect(resolveBlock(blockOf(rows, columns, dropped)).faults.length).toBeGreaterThan(0);
      }),
    );
  });

  it('reports overlaps and spans past the edge', () => {
    const cell = (extra: Partial<TableCell> = {}): TableCell => ({ text: 'x', role: 'value', ...extra });
    const overlap: TableBlock = {
      id: 'o',
      columns: 2,
      rows: [
        [cell({ rowSpan: 2 }), cell()],
        [cell(), cell()],
      ],
      footnotes: [],
    };
    expect(resolveBlock(overlap).faults.join('\n')).toMatch(/past column/);
    const tooTall: TableBlock = { id: 't', columns: 1, rows: [[cell({ rowSpan: 3 })], []], footnotes: [] };
    expect(resolveBlock(tooTall).faults.join('\n')).toMatch(/past the last row/);
    const covered: TableBlock = {
      id: 'c',
      columns: 2,
      rows: [[cell({ rowSpan: 2 }), cell({ rowSpan: 2 })], [cell()]],
      footnotes: [],
    };
    expect(resolveBlock(covered).faults.join('\n')).toMatch(/past column|covered twice/);
  });
});
