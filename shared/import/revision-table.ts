import { normalizeUnit, parseBound, parseNumber, parsePeriod } from '../notation/index.ts';
import type { Comparator } from '../schema/index.ts';
import { CSV_CHANGED_MARK, CSV_CHANGED_NOTE } from '../tables/csv.ts';
import { REVISION_TITLE } from '../tables/frames.ts';
import { LAYOUT } from './paths.ts';
import { type Region, readTableHead, type TableHead } from './regions.ts';
import type { ImportSheet } from './sheet.ts';
import { loose } from './values.ts';

/**
 * The 新旧対照表 (docs/domain.md §9.4) as this project exports it: the title lines (`新旧対照表 (下線部は
 * 変更部分)`, `○<plan> (抄)`, `[ <認定日> ]`), then per project (or goal) a block of two halves side
 * by side — 変更後 on the left, 変更前 on the right — each `指標 | 基準値 | <years> | KPI増加分の累計`
 * under two header rows (`1年目`… above `H30年度 増加分`…), and the section rows on both halves
 * above the first block and below the last. Read into figures per row and half; the assembly
 * decides whose they are (a project of the file's project table, a goal, a project of its own) and
 * takes the cells then. The 累計 is derived (checked here); the underline (`【変更】` in CSV) too.
 */

export interface RevisionFigure {
  value: string;
  unit: string | null;
  /** A threshold's bound (`50%超`). */
  bound: { comparator: Comparator; maintain: boolean; cumulative: boolean } | null;
}

export interface Cell {
  row: number;
  col: number;
}

/** One half of an indicator row: its name, baseline, the targets by year and the 累計. */
export interface RevisionHalf {
  name: string;
  nameCell: Cell;
  baseline: RevisionFigure | null;
  baselineCell: Cell | null;
  targets: { fiscalYear: number; figure: RevisionFigure; cell: Cell }[];
  total: RevisionFigure | null;
  totalCell: Cell | null;
  unit: string;
}

export interface RevisionRow {
  row: number;
  after: RevisionHalf | null;
  before: RevisionHalf | null;
}

export interface RevisionBlock {
  /** The project's (or goal's) name above the block; null when it is the plan's (printed in the frame). */
  heading: { text: string; cell: Cell } | null;
  rows: RevisionRow[];
}

export interface RevisionTable {
  sheet: ImportSheet;
  head: TableHead;
  /** `○<plan title> (抄)`. */
  planTitle: string | null;
  /** `[ 平成30年3月30日認定 ]`: the label of the version it changes. */
  beforeLabel: string | null;
  /** The title lines are this project's default wording for the plan title and label read. */
  defaultLines: boolean;
  /** The first year of the plan period, from `1年目` above a year. */
  startFy: number | null;
  years: { fiscalYear: number; label: string }[];
  /** The baseline column's header when it is a period label (`事業開始前 (現時点)`), else null. */
  baselineLabel: string | null;
  sectionsBefore: string[];
  sectionsAfter: string[];
  /** The cells of the section rows, taken once the plan says whether they are its own wording. */
  sectionCells: { before: Cell[]; after: Cell[] };
  blocks: RevisionBlock[];
  /** The report year this table prints: none (it compares versions). */
  fiscalYear: number | null;
}

const AFTER = '変更後';
const BEFORE = '変更前';
const TOTAL = 'KPI増加分の累計';
const YEAR_HEADER = /^(.+?)\s*増加分$/u;

const strip = (text: string): string =>
  text.startsWith(CSV_CHANGED_MARK) ? text.slice(CSV_CHANGED_MARK.length) : text;

/** A 変更後 | 変更前 row: where each half starts. */
export function revisionAnchor(sheet: ImportSheet, row: number): { left: number; width: number } | null {
  const cells = sheet.cells(row);
  const after = cells[0];
  const before = cells[1];
  if (!after || !before || cells.length !== 2) return null;
  if (loose(after.text) !== AFTER || loose(before.text) !== BEFORE) return null;
  return { left: after.col, width: before.col - after.col };
}

export function isRevisionAnchor(sheet: ImportSheet, row: number): boolean {
  return revisionAnchor(sheet, row) !== null;
}

interface Columns {
  left: number;
  width: number;
  /** Year of each target column, by its offset in a half (2 … width-2). */
  years: number[];
}

/** `0`, `25,000千円`, `50%超`, '' → a figure, null, or the reason it is none. */
function readFigure(text: string): RevisionFigure | null | 'invalid' {
  const t = strip(text).trim();
  if (t === '') return null;
  const n = parseNumber(t);
  if (n.ok) return { value: n.value, unit: n.unit, bound: null };
  const b = parseBound(t);
  if (b.ok && b.comparator !== null)
    return {
      value: b.value,
      unit: b.unit,
      bound: { comparator: b.comparator, maintain: b.maintain, cumulative: b.cumulative },
    };
  return 'invalid';
}

function reportInvalid(sheet: ImportSheet, row: number, col: number): void {
  sheet.report(row, col, {
    code: 'value',
    field: 'revision',
    message: {
      ja: `「${sheet.text(row, col)}」を数値として読み取れません。「25,000千円」「0」のように書いてください。`,
      en: `Cannot read "${sheet.text(row, col)}" as a figure: write it like 25,000千円 or 0.`,
    },
  });
}

/** One half of an indicator row; null when the half is empty (the row exists on the other side only). */
function readHalf(sheet: ImportSheet, row: number, start: number, cols: Columns): RevisionHalf | null {
  const width = cols.width;
  const texts = Array.from({ length: width }, (_, i) => sheet.text(row, start + i));
  if (texts.every((t) => t === '')) return null;
  const figure = (offset: number) => {
    const f = readFigure(texts[offset] ?? '');
    if (f === 'invalid') {
      reportInvalid(sheet, row, start + offset);
      return null;
    }
    return f;
  };
  const baseline = figure(1);
  const targets = cols.years.flatMap((fy, i) => {
    const f = figure(2 + i);
    return f ? [{ fiscalYear: fy, figure: f, cell: { row, col: start + 2 + i } }] : [];
  });
  const total = figure(width - 1);
  const units = [baseline, ...targets.map((t) => t.figure), total].flatMap((f) =>
    f?.unit ? [normalizeUnit(f.unit)] : [],
  );
  const unit = units[0] ?? '';
  const odd = [baseline, ...targets.map((t) => t.figure), total].findIndex(
    (f) => f?.unit && normalizeUnit(f.unit) !== unit,
  );
  if (odd >= 0) {
    const col =
      odd === 0 ? start + 1 : odd <= targets.length ? targets[odd - 1]!.cell.col : start + width - 1;
    sheet.report(row, col, {
      code: 'unit_mismatch',
      field: 'unit',
      message: {
        ja: `単位が同じ行の単位「${unit}」と異なります。`,
        en: `The unit differs from the row's unit "${unit}".`,
      },
    });
  }
  return {
    name: strip(sheet.line(row, start)),
    nameCell: { row, col: start },
    baseline,
    baselineCell: baseline ? { row, col: start + 1 } : null,
    targets,
    total,
    totalCell: total ? { row, col: start + width - 1 } : null,
    unit,
  };
}

/** A row printed the same on both halves with nothing else: a section row (`1～3 (略)`). */
function sectionRow(sheet: ImportSheet, row: number, cols: Columns): string | null {
  const cells = sheet.cells(row);
  if (cells.length !== 2) return null;
  const [a, b] = cells as [{ col: number; text: string }, { col: number; text: string }];
  if (a.col !== cols.left || b.col !== cols.left + cols.width || a.text !== b.text) return null;
  return a.text;
}

/** The two header rows of a half: 指標 | baseline | 1年目… | 累計, then the years `H30年度 増加分`. */
function readHeaders(
  sheet: ImportSheet,
  upper: number,
  anchor: { left: number; width: number },
): {
  cols: Columns;
  years: { fiscalYear: number; label: string }[];
  baseline: string;
  ordinals: string[];
} | null {
  const { left, width } = anchor;
  if (
    loose(sheet.text(upper, left)) !== '指標' ||
    loose(sheet.text(upper, left + width - 1)) !== loose(TOTAL)
  )
    return null;
  const years: { fiscalYear: number; label: string }[] = [];
  for (let i = 2; i < width - 1; i++) {
    const m = YEAR_HEADER.exec(sheet.text(upper + 1, left + i));
    const period = m ? parsePeriod(m[1]!) : null;
    if (!m || !period) return null;
    // A target's year is the end of its window (`R1～5年(累計)` is FY2023's).
    years.push({ fiscalYear: period.endYear, label: m[1]! });
  }
  const ordinals = years.map((_, i) => sheet.text(upper, left + 2 + i));
  return {
    cols: { left, width, years: years.map((y) => y.fiscalYear) },
    years,
    baseline: sheet.text(upper, left + 1),
    ordinals,
  };
}

function takeHeaders(sheet: ImportSheet, upper: number, cols: Columns): void {
  for (const start of [cols.left, cols.left + cols.width])
    for (let i = 0; i < cols.width; i++) {
      sheet.take(upper, start + i, LAYOUT);
      sheet.take(upper + 1, start + i, LAYOUT);
    }
}

/** `1年目` above the first year: the first year of the plan period. */
function startOf(years: { fiscalYear: number }[], ordinals: string[]): number | null {
  for (const [i, o] of ordinals.entries()) {
    const m = /^([0-9０-９]+)年目$/u.exec(loose(o));
    if (m) return years[i]!.fiscalYear - Number(loose(m[1]!)) + 1;
  }
  return null;
}

function reportHeader(sheet: ImportSheet, row: number, col: number): void {
  sheet.report(row, col, {
    code: 'revision_header',
    field: 'header',
    message: {
      ja: '新旧対照表の見出し行（指標｜基準値｜年度…｜KPI増加分の累計、その下に「H30年度 増加分」…）を読み取れません。',
      en: 'Cannot read the header rows of the 新旧対照表 (指標 | 基準値 | years… | KPI増加分の累計, with `H30年度 増加分`… below).',
    },
  });
}

/** The title lines: the title (the CSV's note on 【変更】 aside), `○<plan> (抄)`, `[ <label> ]`. */
function readTitle(head: TableHead): Pick<RevisionTable, 'planTitle' | 'beforeLabel' | 'defaultLines'> {
  const lines = head.lines.map((l) => l.text);
  const title = (lines[0] ?? '').endsWith(CSV_CHANGED_NOTE)
    ? lines[0]!.slice(0, -CSV_CHANGED_NOTE.length)
    : (lines[0] ?? '');
  const planTitle = lines.map((l) => /^○(.+?)\s*\(抄\)$/u.exec(l)?.[1]).find((t) => t !== undefined) ?? null;
  const beforeLabel =
    lines.map((l) => /^\[\s*(.+?)\s*\]$/u.exec(l)?.[1]).find((t) => t !== undefined) ?? null;
  const expected = [
    REVISION_TITLE,
    ...(planTitle !== null ? [`○${planTitle} (抄)`] : []),
    ...(beforeLabel !== null ? [`[ ${beforeLabel} ]`] : []),
  ];
  const defaultLines = planTitle !== null && [title, ...lines.slice(1)].join('\n') === expected.join('\n');
  return { planTitle, beforeLabel, defaultLines };
}

export function readRevisionTable(sheet: ImportSheet, region: Region): RevisionTable | null {
  const anchors = region.anchors;
  const first = anchors[0] ?? region.to;
  const headingAbove = (a: number) => {
    const row = a - 1;
    const cells = row >= region.from ? sheet.cells(row) : [];
    return cells.length === 1 && !isRevisionAnchor(sheet, row) ? row : null;
  };
  const head = readTableHead(
    sheet,
    region.from,
    anchors.length > 0 ? (headingAbove(first) ?? first) : region.to,
    () => false,
  );
  const table: RevisionTable = {
    sheet,
    head,
    ...readTitle(head),
    startFy: null,
    years: [],
    baselineLabel: null,
    sectionsBefore: [],
    sectionsAfter: [],
    sectionCells: { before: [], after: [] },
    blocks: [],
    fiscalYear: null,
  };
  for (const [i, anchor] of anchors.entries()) {
    const end = anchors[i + 1] !== undefined ? (headingAbove(anchors[i + 1]!) ?? anchors[i + 1]!) : region.to;
    const block = readBlock(table, anchor, end, i === 0, i === anchors.length - 1, headingAbove(anchor));
    if (block) table.blocks.push(block);
  }
  return table.blocks.length > 0 || anchors.length === 0 ? table : null;
}

function readBlock(
  table: RevisionTable,
  anchorRow: number,
  end: number,
  first: boolean,
  last: boolean,
  headingRow: number | null,
): RevisionBlock | null {
  const { sheet } = table;
  const anchor = revisionAnchor(sheet, anchorRow)!;
  for (const c of sheet.cells(anchorRow)) sheet.take(anchorRow, c.col, LAYOUT);
  let row = anchorRow + 1;
  const sections: string[] = [];
  const sectionCells: Cell[] = [];
  while (row < end && loose(sheet.text(row, anchor.left)) !== '指標') {
    const cells = sheet.cells(row);
    if (cells.length === 2 && cells[0]!.text === cells[1]!.text) {
      sections.push(cells[0]!.text);
      sectionCells.push(...cells.map((c) => ({ row, col: c.col })));
    }
    row++;
  }
  const headers = row < end ? readHeaders(sheet, row, anchor) : null;
  if (!headers) {
    reportHeader(sheet, row < end ? row : anchorRow, anchor.left);
    return null;
  }
  const { cols } = headers;
  takeHeaders(sheet, row, cols);
  if (first) {
    table.sectionsBefore = sections;
    table.years = headers.years;
    table.startFy = startOf(headers.years, headers.ordinals);
    const baseline = headers.baseline;
    table.baselineLabel = loose(baseline) === '基準値' ? null : baseline;
    table.sectionCells.before = sectionCells;
  }
  let stop = row + 2;
  while (stop < end && !sheet.isBlank(stop)) stop++;
  // The last block ends with the section rows below the table (`7-3 (略)`): the rows at its end
  // printed alike on both halves and nothing else. (An indicator that prints its name alone looks
  // the same there: the 新旧対照表 cannot tell them apart.)
  const trailing: { row: number; text: string }[] = [];
  if (last)
    for (let r = stop - 1; r >= row + 2; r--) {
      const section = sectionRow(sheet, r, cols);
      if (section === null) break;
      trailing.unshift({ row: r, text: section });
    }
  const rows: RevisionRow[] = [];
  for (row += 2; row < stop - trailing.length; row++) {
    rows.push({
      row,
      after: readHalf(sheet, row, cols.left, cols),
      before: readHalf(sheet, row, cols.left + cols.width, cols),
    });
  }
  if (last) {
    table.sectionsAfter = trailing.map((t) => t.text);
    table.sectionCells.after = trailing.flatMap((t) => [
      { row: t.row, col: cols.left },
      { row: t.row, col: cols.left + cols.width },
    ]);
  }
  const heading =
    headingRow === null
      ? null
      : {
          text: sheet.line(headingRow, sheet.first(headingRow)!.col),
          cell: { row: headingRow, col: sheet.first(headingRow)!.col },
        };
  return { heading, rows };
}
