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
 *          a budget section's 関係事業名 | 当初予算額 / ［決算額］), with any further such run that
 *          only section rows separate from it (the 新旧対照表's 変更後 | 変更前, `1～3 (略)` …
 *          `【数値目標】`, then its two column header rows), repeated on each page the block spans
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
  /**
   * Rows [start, end) inside the head that are no header: the 新旧対照表's section rows between
   * 変更後 | 変更前 and its column header rows. They print once; a printout that can repeat rows
   * apart (the HTML) repeats the head without them, one that repeats a single range (Excel's print
   * titles) with them. None when start = end.
   */
  sections: { start: number; end: number };
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
/** A section row's cell: a line of the document's own text, no figure, no span down (`7-3 (略)`). */
const isSection = (cell: TableCell) =>
  cell.role === 'text' && cell.number === undefined && (cell.rowSpan ?? 1) === 1;

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

  const every = (r: number, test: (cell: TableCell) => boolean) =>
    starting(r).length > 0 && starting(r).every((p) => test(p.cell));
  /** The end of the run of header-only rows from `r`. */
  const headerRun = (r: number) => {
    let end = r;
    while (end < rows && every(end, isHeader)) end++;
    return end;
  };
  let headStart = 0;
  let headEnd = 0;
  let sections = { start: 0, end: 0 };
  for (let r = 0; r < rows; r++) {
    if (!every(r, isHeader) || !clearAbove(r)) continue;
    // Header cells may reach below the head (into the units); other cells may not cross into it.
    headStart = r;
    headEnd = headerRun(r);
    // Section rows between two runs of header rows: the 新旧対照表's first block reads 変更後 |
    // 変更前, then `1～3 (略)`, `4 地域再生計画の目標`, `【数値目標】`, then its two column header
    // rows. The head is all of them; a page continuing the block needs the header rows.
    let next = headEnd;
    while (next < rows && clearAbove(next) && every(next, isSection)) next++;
    if (next > headEnd && next < rows && clearAbove(next) && every(next, isHeader)) {
      sections = { start: headEnd, end: next };
      headEnd = headerRun(next);
    }
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
  // Section rows closing the block (the 新旧対照表's `7-3 (略)`) go with the last row above them.
  while (units.length > 1) {
    const last = units[units.length - 1]!;
    let r = last;
    while (r < rows && every(r, isSection)) r++;
    if (r < rows) break;
    units.pop();
  }
  return { headStart, headEnd, sections, units, fills };
}
