import type { PageSetup, RowKind, SheetBlock } from './sheet-types.ts';

/** As the published reports are printed: A4 landscape, one page wide, centred, `n / m` below. */
export function reportPageSetup(): PageSetup {
  return {
    paper: 'A4',
    orientation: 'landscape',
    fitToPages: { wide: 1, tall: 0 },
    centerHorizontally: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    centerFooter: '&P / &N',
  };
}

/** Paper sizes in points, portrait (A4: 210 × 297 mm). */
const PAPER: Readonly<Record<PageSetup['paper'], { width: number; height: number }>> = {
  A4: { width: (210 / 25.4) * 72, height: (297 / 25.4) * 72 },
};
const INCH = 72;
/**
 * Room kept free on every page, as a share of its height: Excel and LibreOffice round the scale to
 * whole percent and place rows on their own device grid; a page filled to the last point would
 * overflow by a fraction and get a break of their own.
 */
const SLACK = 0.02;

/**
 * What one printed page holds, in the sheet's own points. The page prints between the top and
 * bottom margins (the header and footer sit inside them); one page wide scales the sheet by the
 * printable width over the sheet's width, never up.
 */
export function pageGeometry(page: PageSetup, sheetWidth: number): { scale: number; pageHeight: number } {
  const paper = PAPER[page.paper];
  const landscape = page.orientation === 'landscape';
  const width = landscape ? paper.height : paper.width;
  const height = landscape ? paper.width : paper.height;
  const m = page.margins;
  const printableWidth = width - (m.left + m.right) * INCH;
  const printableHeight = height - (m.top + m.bottom) * INCH;
  const scale = page.fitToPages.wide === 1 && sheetWidth > 0 ? Math.min(1, printableWidth / sheetWidth) : 1;
  return { scale, pageHeight: (printableHeight * (1 - SLACK)) / scale };
}

/**
 * The rows to repeat on every printed page: with a single block, the title lines, its heading and
 * its header (the whole column header when it begins the grid: the 新旧対照表's 変更後 | 変更前 and
 * its two column header rows, the section rows between them included — one range of rows is all
 * Excel repeats); with blocks that all share one leading header (the budget table's sections),
 * that header — it is what a page continuing a section needs, and only one range of rows can
 * repeat; otherwise the title lines. The 別紙 label above the title (rows before
 * `titleLines.start`) marks the first page only. `sameHead(a, b)`: whether two blocks' headers
 * print the same.
 */
export function repeatedRows(
  titleLines: { start: number; end: number },
  blocks: readonly SheetBlock[],
  sameHead: (a: SheetBlock, b: SheetBlock) => boolean,
): { start: number; end: number } {
  const single = blocks.length === 1 ? blocks[0] : undefined;
  if (single) {
    const head = single.head.start === single.gridStart ? single.head.end : single.gridStart;
    return { start: titleLines.start, end: Math.max(single.headerEnd, head) };
  }
  const first = blocks[0];
  const shared =
    first !== undefined &&
    blocks.every((b) => b.head.start === b.gridStart && b.head.end > b.head.start && sameHead(first, b));
  return shared ? { ...first.head } : { ...titleLines };
}

export interface PaginationInput {
  /** Row heights in points, as written. */
  heights: readonly number[];
  kinds: readonly RowKind[];
  blocks: readonly SheetBlock[];
  titleRows: { start: number; end: number };
  pageHeight: number;
}

/**
 * Where pages begin: the rows above which a manual page break goes. Greedy, page by page, at the
 * last place that keeps the page within its height:
 * - before a block (its heading; the empty row above it stays on the page before when it fits),
 * - between the parts of a block taller than a page — which then begins a page of its own (a break
 *   right above it) — or of a block that flows (a budget section): between KPI rows, between
 *   pairs; never inside a part.
 * The title lines, the summary above the blocks and the first block are one piece as far as its
 * first part (the title never prints alone), and the table's footnotes stay with the last block.
 * A page after the print titles holds them too. A part taller than a page gets a page to itself.
 */
export function pageBreaks(input: PaginationInput): number[] {
  const { heights, kinds, blocks, titleRows, pageHeight } = input;
  const n = heights.length;
  const top = [0];
  for (const h of heights) top.push((top[top.length - 1] ?? 0) + h);
  const span = (a: number, b: number) => (top[b] ?? 0) - (top[a] ?? 0);
  const titles = span(titleRows.start, titleRows.end);
  const room = (start: number) => (start >= titleRows.end && titles > 0 ? pageHeight - titles : pageHeight);

  // The first block with a header: the summary above it goes with it.
  const firstMain = Math.max(
    0,
    blocks.findIndex((b) => b.head.end > b.head.start),
  );
  const candidates: number[] = [];
  /** Rows a page must begin at: a block taller than a page begins a page of its own. */
  const forced = new Set<number>();
  blocks.forEach((block, i) => {
    const last = i === blocks.length - 1;
    const end = last ? n : block.end;
    let from = block.start;
    if (i > firstMain) {
      if (block.start > 0 && kinds[block.start - 1] === 'gap') candidates.push(block.start - 1);
      candidates.push(block.start);
    } else from = 0;
    const tall = span(from, end) > room(from);
    if (tall && !block.flows && i > firstMain) forced.add(block.start);
    if (i >= firstMain && (block.flows || tall)) candidates.push(...block.units.slice(1));
  });
  candidates.push(n);

  const breaks: number[] = [];
  const hasText = (a: number, b: number) => {
    for (let r = a; r < b; r++) if (kinds[r] !== 'gap') return true;
    return false;
  };
  let start = 0;
  let fits: number | null = null;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] ?? n;
    if (c <= start) continue;
    if (span(start, c) <= room(start)) {
      if (!hasText(start, c)) continue;
      fits = c;
      if (!forced.has(c)) continue;
      // A block taller than a page: the page ends before it.
      breaks.push(c);
      start = c;
      fits = null;
      continue;
    }
    // [start, c) is more than a page: break at the last candidate that fitted, or — a part taller
    // than a page — after the part itself.
    const at = fits ?? c;
    if (at >= n) break;
    breaks.push(at);
    start = at;
    fits = null;
    if (at !== c) i--;
  }
  return breaks;
}

/** A printed page of a laid-out sheet: rows [start, end) and the points they take with the print titles. */
export interface SheetPage {
  start: number;
  end: number;
  /** Points of the page's rows, the repeated title rows included (pages after them). */
  height: number;
}

/** The pages the layout's breaks make, each with its height: what Excel prints if the estimate holds. */
export function sheetPages(layout: {
  rows: readonly { height: number }[];
  print: { breaks: readonly number[]; titleRows: { start: number; end: number } };
}): SheetPage[] {
  const { rows, print } = layout;
  const height = (a: number, b: number) => rows.slice(a, b).reduce((sum, r) => sum + r.height, 0);
  const titles = height(print.titleRows.start, print.titleRows.end);
  const starts = [0, ...print.breaks];
  return starts.map((start, i) => {
    const end = starts[i + 1] ?? rows.length;
    return { start, end, height: height(start, end) + (start >= print.titleRows.end ? titles : 0) };
  });
}
