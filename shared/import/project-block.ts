import { projectTag } from '../calc/status.ts';
import { markerKey } from '../notation/index.ts';
import type { Actual, Project, SubmissionStatus } from '../schema/index.ts';
import { SUBMISSION_STATUS_LABEL } from '../tables/context.ts';
import {
  keepNote,
  type NoteHolder,
  type NoteLine,
  noteRows,
  placeBlockNotes,
  placeNote,
  placeOnIndicators,
  readNotes,
  reportMissingReasons,
} from './footnotes.ts';
import { DERIVED, to } from './paths.ts';
import { parseHeading, readHead, reportMissing } from './project-head.ts';
import {
  isKpiRow,
  kpiColumns,
  type ParsedKpi,
  readKpiRow,
  reportWrongHeader,
  takeHeader,
} from './project-kpis.ts';
import type { ImportSheet } from './sheet.ts';

/**
 * One block of the project table (docs/domain.md §9.2): heading, head rows, KPI rows, then the notes
 * under it. Reads rows [start, end) of a sheet; the heading is the row above `start`.
 */

export type BlockStatus = SubmissionStatus | 'none' | null;

export interface ParsedProject {
  project: Project;
  departmentNames: string[];
  activities: string;
  actuals: Actual[];
  /** The printed 達成度 of each KPI, checked against the calculation once the plan is built. */
  achievements: { indicatorId: string; row: number; col: number; printed: string }[];
  /** A block the export marked 未確定: the state of its submission then. */
  status: BlockStatus;
  headingRow: number;
  /** The row after the block's last row. */
  next: number;
}

export interface BlockInput {
  sheet: ImportSheet;
  headingRow: number;
  start: number;
  end: number;
  fiscalYear: number;
  /** The last block stops its notes at the first blank row: what follows are the table's notes. */
  last: boolean;
  /** The number a heading printed without one takes: the previous block's, plus one. */
  fallbackNumber: number;
}

// The 未確定 note the export adds to a block whose submission is not approved (tables/projects.ts).
const UNCONFIRMED = /^[（(]?未確定[）)]?担当課の提出状況は「(.+?)」です。/u;

function reportHeading(input: BlockInput): void {
  const row = input.headingRow;
  const text = input.sheet.texts(row).join(' ');
  input.sheet.report(row, input.sheet.first(row)?.col ?? 0, {
    code: 'heading',
    field: 'heading',
    message: {
      ja: `事業の見出し「${text}」を読み取れません。「1 事業名【新規】」のように番号と事業名が必要です。`,
      en: `Cannot read the project heading "${text}": it needs a number and a name, like 1 事業名【新規】.`,
    },
  });
}

function reportUnnumbered(input: BlockInput, col: number, number: number): void {
  input.sheet.flag(input.headingRow, col, {
    code: 'heading_number',
    field: 'heading',
    severity: 'warning',
    message: {
      ja: `事業の見出しに番号がないため、表の順に ${number} 番としました（書き出しでは「${number} 事業名」と番号が付きます）。`,
      en: `The project heading has no number: it was numbered ${number} in table order (exports print "${number} <name>").`,
    },
  });
}

/** The 【新規】/【n年目】 printed after the name is derived from the period: a different one is reported. */
function checkTag(input: BlockInput, project: Project, tag: { printed: string; col: number } | null): void {
  if (!tag) return;
  const derived = projectTag(project, input.fiscalYear);
  if (derived === tag.printed) return;
  input.sheet.report(input.headingRow, tag.col, {
    code: 'tag_mismatch',
    field: 'tag',
    severity: 'warning',
    ref: { projectId: project.id },
    message: {
      ja: `見出しの「${tag.printed}」は計画期間と報告年度から導かれる「${derived || '（なし）'}」と一致しません（書き出しでは「${derived || '（なし）'}」になります）。`,
      en: `The tag "${tag.printed}" differs from "${derived || '(none)'}" derived from the plan period and the report year (exports print the derived one).`,
    },
  });
}

function placeUnconfirmed(sheet: ImportSheet, note: NoteLine, fy: number): BlockStatus | undefined {
  const m = UNCONFIRMED.exec(note.text);
  if (!m) return undefined;
  const entry = Object.entries(SUBMISSION_STATUS_LABEL).find(([, label]) => label === m[1]);
  const status = (entry?.[0] as BlockStatus | undefined) ?? null;
  // The note is derived from the submission's state; a sheet not submitted has none to hold it.
  placeNote(sheet, note, status === 'none' || status === null ? DERIVED : to.cycle(fy, 'submissions'));
  return status;
}

/** Gives each note to the cells whose marker it explains; the rest belong to the project. */
function placeNotes(input: BlockInput, notes: NoteLine[], kpis: ParsedKpi[], project: Project): BlockStatus {
  const { sheet, fiscalYear: fy } = input;
  const holders: NoteHolder[] = kpis.map((k) => ({
    indicatorId: k.indicator.id,
    footnotes: k.indicator.footnotes,
    nameMarkers: k.nameMarkers,
    baseline: k.indicator.baseline,
    actual: k.actual,
    path: (field) => to.kpi(project.id, k.indicator.id, field),
  }));
  let status: BlockStatus = null;
  const path = to.project(project.id, 'footnotes');
  placeBlockNotes(
    notes,
    (note) => {
      const unconfirmed = placeUnconfirmed(sheet, note, fy);
      if (unconfirmed === undefined) return placeOnIndicators(sheet, note, holders, fy);
      status = unconfirmed;
      return 'handled';
    },
    (note) => keepNote(sheet, project.footnotes, note, path),
  );
  return status;
}

interface KpiPart {
  kpis: ParsedKpi[];
  rows: number[];
  cols: { actual: number };
  next: number;
}

function readKpis(input: BlockInput, projectId: string, from: number): KpiPart {
  const { sheet, fiscalYear } = input;
  let header = from;
  while (header < input.end && kpiColumns(sheet, header) === null) header++;
  const cols = header < input.end ? kpiColumns(sheet, header) : null;
  if (cols === null) return { kpis: [], rows: [], cols: { actual: 0 }, next: header };
  if (cols === 'wrong') {
    // The rows under a header that cannot be read are left unread, to be reported cell by cell.
    reportWrongHeader(sheet, header);
    return { kpis: [], rows: [], cols: { actual: 0 }, next: input.end };
  }
  takeHeader(sheet, cols, fiscalYear);
  const ctx = { sheet, cols, projectId, fiscalYear };
  const kpis: ParsedKpi[] = [];
  const rows: number[] = [];
  let row = header + 1;
  for (; row < input.end && isKpiRow(sheet, row, cols); row++) {
    kpis.push(readKpiRow(ctx, row, kpis.length + 1));
    rows.push(row);
  }
  return { kpis, rows, cols, next: row };
}

export function readProjectBlock(input: BlockInput): ParsedProject | null {
  const { sheet, fiscalYear } = input;
  const heading = parseHeading(sheet, input.headingRow, input.fallbackNumber);
  if (!heading) {
    reportHeading(input);
    return null;
  }
  if (!heading.numbered) reportUnnumbered(input, heading.cols[0]!, heading.number);
  const id = sheet.log.ownerId('projects', heading.number, `p${heading.number}`);
  const [numberCol, nameCol = numberCol] = heading.cols;
  if (heading.cols.length === 2) sheet.take(input.headingRow, numberCol!, to.project(id, 'number'));
  sheet.take(input.headingRow, nameCol!, to.project(id, 'name'));
  const part = readKpis(input, id, input.start);
  const headRows = Array.from({ length: Math.max(0, part.next - input.start) }, (_, i) => input.start + i);
  const headContext = { sheet, projectId: id, fiscalYear };
  const head = readHead(headContext, headRows);
  for (const label of ['period', 'departments'] as const)
    if (!head.seen.has(label))
      reportMissing(headContext, input.start, sheet.first(input.start)?.col ?? 0, label);
  const project: Project = {
    id,
    number: heading.number,
    name: heading.name,
    period: head.period ?? { startFy: fiscalYear, endFy: fiscalYear },
    departmentIds: [],
    ...(head.separator !== undefined ? { departmentSeparator: head.separator } : {}),
    indicators: part.kpis.map((k) => k.indicator),
    footnotes: [],
    ...(head.budget ? { budget: head.budget } : {}),
    ...(head.overview !== undefined ? { overview: head.overview } : {}),
  };
  checkTag(input, project, heading.tag);
  for (const k of part.kpis) if (k.windowed) k.indicator.window = { ...project.period };
  const keys = new Set(
    [
      head.budget?.marker ?? '',
      ...part.kpis.flatMap((k) => [
        ...k.nameMarkers,
        ...k.otherMarkers,
        k.indicator.baseline?.marker ?? '',
        k.actual?.marker ?? '',
      ]),
    ].map((m) => markerKey(m) ?? m),
  );
  const rows = noteRows(sheet, part.next, input.end, input.last);
  const notes = readNotes(sheet, rows, keys);
  const status = placeNotes(input, notes, part.kpis, project);
  reportMissingReasons(
    sheet,
    part.kpis.map((k, i) => ({ actual: k.actual, row: part.rows[i]!, col: part.cols.actual })),
  );
  return {
    project,
    departmentNames: head.departmentNames,
    activities: head.activities,
    actuals: part.kpis.flatMap((k) => (k.actual ? [k.actual] : [])),
    achievements: part.kpis.flatMap((k) =>
      k.achievement ? [{ indicatorId: k.indicator.id, ...k.achievement }] : [],
    ),
    status,
    headingRow: input.headingRow,
    next: rows.length > 0 ? rows[rows.length - 1]! + 1 : part.next,
  };
}
