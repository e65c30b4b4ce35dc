import { type BlockLayout, resolveBlock } from '../tables/grid.ts';
import type { TableBlock, TableCell, TableKind } from '../tables/types.ts';

/**
 * How a block of a table is cut into pages (docs/domain.md §9.2: on paper a block — a project, a goal, a
 * budget pair — is never split across two pages, and every page repeats the column header). One
 * reading of the block's grid for every renderer that prints: the sheet layout (xlsx and the
 * add-in's export) puts its page breaks by it, the HTML export its tables and print rules.
 *
 *   lead   rows before the column header: 計画期間, 事業概要, 主な取組 of a project; 基本的目標 of a goal
 *   head   the column header: the first run of rows holding only header cells (KPI | 指標 | 当初値 …;
 *          a budget section's 関係事業名 | 当初予算額 / ［決算額］), repeated on each page the block spans
 *   units  the rest, in parts a page never splits: a KPI row, a budget pair (rows a span joins)
 *
 * A block that fits on a page is printed whole; one taller than a page starts on a new page and
 * breaks only between its units, its head repeated. A budget section is no such block: its
 * block on paper is the pair, so a section flows from page to page between pairs.
 */
export interface BlockParts {
  /** Rows [0, headStart) are the lead. */
  headStart: number;
  /** Rows [headStart, headEnd) are the head; none when equal. */
  headEnd: number;
  /** The first row of each unit, in order; the first is headEnd (or 0 without a head). */
  units: number[];
  /**
   * Positions below the head covered by a head cell that spans down into the units (the `KPI`
   * cell beside every KPI row, `数値目標` beside the goal's indicators): a renderer that repeats the
   * head cuts such a cell at the head and fills these positions. Keyed by row, columns ascending.
   */
  fills: Map<number, number[]>;
}

const isHeader = (cell: TableCell) => cell.role === 'header' || cell.role === 'title';

/** Budget sections flow between pairs; every other block is kept whole when it fits on a page. */
export const flowsByUnit = (kind: TableKind): boolean => kind === 'budget';

export function blockParts(block: TableBlock, layout: BlockLayout = resolveBlock(block)): BlockParts {
  const rows = layout.rows;
  const byRow = Array.from({ length: rows }, () => [] as BlockLayout['cells']);
  for (const p of layout.cells) byRow[p.row]?.push(p);
  const starting = (r: number) => byRow[r] ?? [];
  // Where a cell that starts above row r still covers it, the row cannot begin a page or a part.
  const reach = new Array<number>(rows + 1).fill(0);
  for (let r = 0; r < rows; r++) {
    reach[r + 1] = Math.max(reach[r] ?? 0, ...starting(r).map((p) => p.row + p.rowSpan));
  }
  const clearAbove = (r: number) => (reach[r] ?? 0) <= r;

  let headStart = 0;
  let headEnd = 0;
  for (let r = 0; r < rows; r++) {
    const cells = starting(r);
    if (cells.length === 0 || !cells.every((p) => isHeader(p.cell)) || !clearAbove(r)) continue;
    let end = r + 1;
    while (end < rows && starting(end).length > 0 && starting(end).every((p) => isHeader(p.cell))) end++;
    // Header cells may reach below the head (into the units); other cells may not cross into it.
    headStart = r;
    headEnd = end;
    break;
  }
  if (headEnd === headStart) headStart = headEnd = 0;

  const fills = new Map<number, number[]>();
  for (const p of layout.cells) {
    if (p.row < headStart || p.row >= headEnd) continue;
    for (let r = headEnd; r < p.row + p.rowSpan; r++)
      for (let c = p.col; c < p.col + p.colSpan; c++) fills.set(r, [...(fills.get(r) ?? []), c]);
  }
  for (const cols of fills.values()) cols.sort((a, b) => a - b);

  // A unit ends where no cell below the head spans past it.
  const units: number[] = [];
  let open = headEnd;
  for (let r = headEnd; r < rows; r++) {
    if (r === open) units.push(r);
    for (const p of starting(r)) open = Math.max(open, p.row + p.rowSpan);
    if (open <= r + 1) open = r + 1;
  }
  return { headStart, headEnd, units, fills };
}
