import { parsePeriod } from '../notation/index.ts';
import type { Footnote } from '../schema/index.ts';
import { type PrintedCohort, readCohortRow } from './cohorts.ts';
import { keepNote, placeBlockNotes, readNotes } from './footnotes.ts';
import { to } from './paths.ts';
import { type ParsedProject, readProjectBlock } from './project-block.ts';
import { headLabel } from './project-head.ts';
import { type Region, readTableHead, type TableHead } from './regions.ts';
import type { ImportSheet } from './sheet.ts';

/**
 * A project table (事業の実績, docs/domain.md §9.2): title and report year, the cohort summary, the
 * project blocks, and the notes under the whole table.
 */
export interface ProjectTable {
  sheet: ImportSheet;
  head: TableHead;
  /** The title `X 事業の実績` (this project's earlier exports) gives the plan's title; the published one does not. */
  planTitle: string | null;
  fiscalYear: number;
  blocks: ParsedProject[];
  cohorts: PrintedCohort[];
  notes: Footnote[];
}

const PUBLISHED_YEAR = /(?:令和|平成|[RH])\s*[0-9０-９元]+\s*年度/u;

/** The report year: from `令和5年度末時点`, the published title, or the labels of the blocks. */
function fiscalYearOf(sheet: ImportSheet, region: Region, head: TableHead): number | null {
  if (head.asOf) return parsePeriod(head.asOf.label)?.endYear ?? null;
  const inTitle = PUBLISHED_YEAR.exec(head.lines[0]?.text ?? '');
  if (inTitle) return parsePeriod(inTitle[0])?.startYear ?? null;
  for (let row = region.from; row < region.to; row++) {
    for (const { text } of sheet.cells(row)) {
      const label = headLabel(text);
      const year =
        label === 'activities' || label === 'budget' || /当初値$/u.test(text)
          ? PUBLISHED_YEAR.exec(text)
          : null;
      const found = year ? parsePeriod(year[0]) : null;
      if (found) return found.startYear;
    }
  }
  return null;
}

export function reportNoYear(sheet: ImportSheet, region: Region, head: TableHead): void {
  const at = head.asOf ?? head.lines[0] ?? { row: region.anchors[0] ?? region.from, col: 0 };
  sheet.report(at.row, at.col, {
    code: 'fiscal_year',
    field: 'cycle',
    message: {
      ja: '報告年度を読み取れません。表題の下に「令和5年度末時点」のように書いてください。',
      en: 'Cannot tell the report year: put a line such as 令和5年度末時点 under the title.',
    },
  });
}

/** The heading of a block: the nearest non-blank row above its 計画期間 row. */
function headingRowOf(sheet: ImportSheet, anchor: number, floor: number): number | null {
  let row = anchor - 1;
  while (row >= floor && sheet.isBlank(row)) row--;
  return row >= floor ? row : null;
}

function reportNoHeading(sheet: ImportSheet, anchor: number): void {
  sheet.report(anchor, sheet.first(anchor)?.col ?? 0, {
    code: 'heading',
    field: 'heading',
    message: {
      ja: '事業の見出し（「1 事業名【新規】」）が「計画期間」の行の上にありません。',
      en: 'The project heading (like 1 事業名【新規】) is missing above the 計画期間 row.',
    },
  });
}

/** The notes under the whole table (after the last block and a blank row): the plan's own notes. */
export function readTableNotes(sheet: ImportSheet, rows: number[]): Footnote[] {
  const notes: Footnote[] = [];
  placeBlockNotes(
    readNotes(sheet, rows, new Set()),
    () => null,
    (note) => keepNote(sheet, notes, note, to.plan('footnotes')),
  );
  return notes;
}

function readBlocks(sheet: ImportSheet, region: Region, fiscalYear: number, floor: number) {
  const headings = region.anchors.map((a) => headingRowOf(sheet, a, floor));
  const blocks: ParsedProject[] = [];
  let next = floor;
  region.anchors.forEach((anchor, i) => {
    const headingRow = headings[i];
    const end = headings.slice(i + 1).find((h) => h !== null && h !== undefined) ?? region.to;
    const last = i === region.anchors.length - 1;
    next = end;
    if (headingRow === null || headingRow === undefined) {
      reportNoHeading(sheet, anchor);
      return;
    }
    const fallbackNumber = (blocks[blocks.length - 1]?.project.number ?? 0) + 1;
    const block = readProjectBlock({
      sheet,
      headingRow,
      start: anchor,
      end,
      fiscalYear,
      last,
      fallbackNumber,
    });
    if (!block) return;
    blocks.push(block);
    next = block.next;
  });
  return { blocks, next };
}

/** `year`: the report year of the table read before, for a table that prints none of its own. */
export function readProjectTable(sheet: ImportSheet, region: Region, year?: number): ProjectTable | null {
  const firstAnchor = region.anchors[0]!;
  const firstHeading = headingRowOf(sheet, firstAnchor, region.from) ?? firstAnchor;
  const head = readTableHead(sheet, region.from, firstHeading, (r) => readCohortRow(sheet, r) !== null);
  const fiscalYear = fiscalYearOf(sheet, region, head) ?? year ?? null;
  if (fiscalYear === null) {
    reportNoYear(sheet, region, head);
    return null;
  }
  const cohorts = head.body.flatMap((r) => readCohortRow(sheet, r) ?? []);
  const floor = Math.max(
    region.from,
    ...[...head.lines, head.asOf, head.frameLabel, ...cohorts].map((x) => (x ? x.row + 1 : 0)),
  );
  const { blocks, next } = readBlocks(sheet, region, fiscalYear, floor);
  const rest = Array.from({ length: Math.max(0, region.to - next) }, (_, i) => next + i);
  const notes = readTableNotes(sheet, rest);
  const plain = /^(.*?)\s*事業の実績$/u.exec(head.lines[0]?.text ?? '');
  return {
    sheet,
    head,
    planTitle: plain?.[1] ?? null,
    fiscalYear,
    blocks,
    cohorts,
    notes,
  };
}
