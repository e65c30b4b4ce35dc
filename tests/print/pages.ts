import { extractText } from 'unpdf';
import { footnoteLine, printBlocks } from '../../shared/render/layout.ts';
import { blockParts, flowsByUnit } from '../../shared/render/sheet-blocks.ts';
import { resolveBlock } from '../../shared/tables/grid.ts';
import { frameHeadLines } from '../../shared/tables/markdown.ts';
import type { TableBlock, TableCell, TableModel } from '../../shared/tables/types.ts';

/**
 * Reading a printed table back page by page, and the rules of docs/domain.md §9.2 checked on it: a
 * block (a project, a goal, a budget pair) is never split across two pages unless it is taller
 * than a page — then each of its pages repeats its column header and it breaks only between KPI
 * rows or pairs; every page has the column header; no page is empty (the title never alone); page 1
 * shows the table's frame (its 別紙 label, title and subtitle lines).
 *
 * The same checks serve the PDF Chromium prints from the HTML export (tests/print/print.test.ts)
 * and the PDF LibreOffice makes of the xlsx export (scripts/check-print.ts). A PDF's text comes in
 * drawing order, a cell's lines together; texts are compared without white space (a wrapped line
 * breaks anywhere) and in NFKC (a PDF may give ligatures or compatibility forms).
 */

export const normalize = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(/[\s\u00ad]+/g, '')
    // A font may map the middle dot (・) to another dot's code point.
    .replace(/[\u00b7\u2027\u2219\u22c5\u30fb\uff65]/g, '・');

export interface ReadPdf {
  /** Each page's text, normalized, its page number left out. */
  pages: string[];
  /** Whether each page carries its number as `n / N`. */
  numbered: boolean[];
}

/** The text of each page of a PDF, and whether its footer numbers it (`3 / 9`). */
export async function readPdf(pdf: Uint8Array): Promise<ReadPdf> {
  const { text } = await extractText(new Uint8Array(pdf), { mergePages: false });
  const numbered: boolean[] = [];
  const pages = text.map((raw, p) => {
    const number = new RegExp(`(^|\\n)\\s*${p + 1}\\s*/\\s*${text.length}\\s*(?=\\n|$)`);
    numbered.push(number.test(raw));
    return normalize(raw.replace(number, '$1'));
  });
  return { pages, numbered };
}

/** One thing printed: a line of the block (its heading, a row, a footnote) as found on paper. */
interface Item {
  what: string;
  key: string;
  /** The part of the block it belongs to (0: lead, head and first unit; then each further unit). */
  part: number;
}

/**
 * A row is found by its longest text other than a figure (a figure repeats from row to row): the
 * name of a KPI, the description of a budget pair; a row of figures only by its longest figure.
 */
function rowKey(cells: TableCell[]): string {
  const longest = (list: TableCell[]) =>
    list.map((c) => normalize(c.text)).reduce((best, t) => (t.length > best.length ? t : best), '');
  return longest(cells.filter((c) => c.role !== 'value')) || longest(cells);
}

function blockItems(block: TableBlock): { items: Item[]; head: string[] } {
  const layout = resolveBlock(block);
  const parts = blockParts(block, layout);
  const partOf = (row: number) => {
    let part = 0;
    parts.units.forEach((u, i) => {
      if (i > 0 && row >= u) part = i;
    });
    return part;
  };
  const items: Item[] = [];
  if (block.heading) items.push({ what: 'heading', key: normalize(block.heading), part: 0 });
  for (let r = 0; r < layout.rows; r++) {
    const key = rowKey(layout.cells.filter((p) => p.row === r).map((p) => p.cell));
    if (key !== '') items.push({ what: `row ${r + 1}`, key, part: partOf(r) });
  }
  const last = Math.max(0, parts.units.length - 1);
  block.footnotes.forEach((f, i) => {
    items.push({ what: `footnote ${i + 1}`, key: normalize(footnoteLine(f)), part: last });
  });
  // The header a continued page repeats: the head without the section rows inside it.
  const inSections = (row: number) => row >= parts.sections.start && row < parts.sections.end;
  const head = layout.cells
    .filter((p) => p.row >= parts.headStart && p.row < parts.headEnd && !inSections(p.row))
    .map((p) => normalize(p.cell.text))
    .filter((t) => t !== '');
  return { items, head };
}

export interface PrintCheck {
  pages: number;
  /** Continuation pages printed without their block's header, where that is allowed (CheckOptions). */
  bareContinuations: number;
  /** Blocks printed over more than one page (allowed when tall, or for a budget section). */
  spanning: string[];
  problems: string[];
}

/**
 * Checks one table printed on `pages` (each page's normalized text, in order). A block printed over
 * several pages must be one taller than a page: it begins a page of its own (nothing of the block
 * before it on that page) unless it is the first block, which stays with the title; a budget
 * table's sections may always span (their block on paper is the pair). `tall`: blocks made taller
 * than a page on purpose, which must span.
 */
export interface CheckOptions {
  /**
   * False where the printout cannot repeat a block's own header on its continuation pages: an
   * xlsx of several blocks repeats one range of rows per sheet (its print titles), so a project
   * or goal block taller than a page continues under the title lines alone. Those pages are then
   * counted in `bareContinuations` instead of reported.
   */
  continuationHeader?: boolean;
}

export function checkPrintedTable(
  pages: string[],
  model: TableModel,
  tall: ReadonlySet<string>,
  options: CheckOptions = {},
): PrintCheck {
  const continuationHeader = options.continuationHeader ?? true;
  const bare = new Set<number>();
  const problems: string[] = [];
  const spanning: string[] = [];
  const flows = flowsByUnit(model.kind);
  const blocks = printBlocks(model);
  /** For each page, the headers of the blocks printed on it (all of them must be there for one). */
  const headsOn = pages.map(() => [] as string[][]);
  let page = 0;
  /** The page the previous block ended on. */
  let previousEnd = -1;
  const firstMain = Math.max(
    0,
    blocks.findIndex((b) => {
      const parts = blockParts(b);
      return parts.headEnd > parts.headStart;
    }),
  );
  // The frame on page 1: the 別紙 label, the title and each subtitle line.
  const frame = frameHeadLines(model);
  for (const line of [...(frame.label === undefined ? [] : [frame.label]), frame.title, ...frame.subtitle]) {
    const key = normalize(line);
    if (key !== '' && !pages[0]?.includes(key)) problems.push(`title line "${line}" not on page 1`);
  }
  for (const [index, block] of blocks.entries()) {
    const { items, head } = blockItems(block);
    const at: number[] = [];
    for (const item of items) {
      let p = page;
      while (p < pages.length && !pages[p]!.includes(item.key)) p++;
      if (p === pages.length) {
        problems.push(
          `${block.id}: ${item.what} "${item.key.slice(0, 30)}" not found from page ${page + 1} on`,
        );
        at.push(page);
        continue;
      }
      page = p;
      at.push(p);
    }
    if (at.length === 0) continue;
    const first = Math.min(...at);
    const last = Math.max(...at);
    for (let p = first; p <= last; p++) if (head.length > 0) headsOn[p]?.push(head);
    // Each part on one page.
    const byPart = new Map<number, number[]>();
    items.forEach((item, i) => {
      byPart.set(item.part, [...(byPart.get(item.part) ?? []), at[i]!]);
    });
    for (const [part, onPages] of byPart) {
      if (new Set(onPages).size > 1)
        problems.push(
          `${block.id}: ${part === 0 ? 'its first part (heading to first unit)' : `unit ${part + 1}`} split over pages ${[...new Set(onPages)].map((p) => p + 1).join(', ')}`,
        );
    }
    const before = previousEnd;
    previousEnd = last;
    if (tall.has(block.id) && first === last)
      problems.push(`${block.id}: taller than a page, yet on one page`);
    if (first === last) continue;
    spanning.push(block.id);
    if (!flows && index > firstMain && before >= first)
      problems.push(
        `${block.id}: split over pages ${first + 1}–${last + 1} though it does not begin a page of its own`,
      );
    for (let p = first + 1; p <= last; p++) {
      const text = pages[p] ?? '';
      const lacking = head.filter((h) => !text.includes(h));
      if (lacking.length === 0) continue;
      if (!continuationHeader && !flows) bare.add(p);
      else
        problems.push(
          `${block.id}: page ${p + 1} continues it without its column header (${lacking.join(' | ')})`,
        );
    }
  }
  // The table's own footnotes follow the last block.
  for (const note of model.footnotes) {
    const key = normalize(footnoteLine(note));
    let p = page;
    while (p < pages.length && !pages[p]!.includes(key)) p++;
    if (p === pages.length) problems.push(`table footnote "${key.slice(0, 30)}" not found`);
    else page = p;
  }
  pages.forEach((text, p) => {
    if (text === '') problems.push(`page ${p + 1} is empty`);
    else if (!bare.has(p) && !headsOn[p]!.some((head) => head.every((h) => text.includes(h))))
      problems.push(`page ${p + 1} has no column header`);
  });
  return { pages: pages.length, bareContinuations: bare.size, spanning, problems };
}
