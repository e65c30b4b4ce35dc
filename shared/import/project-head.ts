import { normalizeWidth, parsePeriod, toPeriodRange } from '../notation/index.ts';
import type { Budget, PeriodRange } from '../schema/index.ts';
import { NOTE_START } from './footnotes.ts';
import { LAYOUT, NO_DEPARTMENT, to } from './paths.ts';
import type { ImportSheet } from './sheet.ts';
import { loose, readBudget, readIndex, splitActivities, splitDepartments } from './values.ts';

/**
 * The head of a project block: the heading `N 事業名【新規】` (or the number and the name in two
 * cells), then the rows 計画期間 | … | 担当課 | … | 事業規模 | …, 事業概要 and …の主な取組, read by
 * their labels wherever they stand in the row.
 */

const TAG = /【(?:新規|\d+年目)】$/u;

export interface Heading {
  number: number;
  name: string;
  /** The status tag as printed, checked against the one derived from the period. */
  tag: { printed: string; col: number } | null;
}

/**
 * `1 事業名【新規】`, `１．事業名`, or `1` | `事業名【2年目】`; null when the row is no heading. A
 * heading printed without its number (one cell, not a note) takes `fallback`, and says so.
 */
export function parseHeading(
  sheet: ImportSheet,
  row: number,
  fallback: number,
): (Heading & { cols: number[]; numbered: boolean }) | null {
  const cells = sheet.cells(row);
  const [a, b] = cells;
  if (!a) return null;
  const alone = b ? readIndex(a.text) : null;
  const m = alone === null ? /^[(（]?([0-9０-９]{1,4})[)）]?[\s.．、]+(.+)$/su.exec(a.text) : null;
  const unnumbered = alone === null && !m && cells.length === 1 && !NOTE_START.test(a.text);
  const number = alone ?? (m ? Number(normalizeWidth(m[1] ?? '')) : unnumbered ? fallback : null);
  if (number === null || number < 1) return null;
  const line = sheet.line(row, alone !== null ? b!.col : a.col);
  const named = (alone !== null ? line : line.replace(/^[(（]?[0-9０-９]{1,4}[)）]?[\s.．、]+/u, '')).trim();
  const tagMatch = TAG.exec(normalizeWidth(named));
  const name = tagMatch ? named.slice(0, named.length - tagMatch[0].length).trim() : named;
  if (name === '') return null;
  const nameCol = alone !== null ? b!.col : a.col;
  return {
    number,
    name,
    tag: tagMatch ? { printed: tagMatch[0], col: nameCol } : null,
    cols: alone !== null ? [a.col, b!.col] : [a.col],
    numbered: !unnumbered,
  };
}

export interface HeadFields {
  period: PeriodRange | null;
  departmentNames: string[];
  /** The separator the names were joined with, when it is not `、`. */
  separator: string | undefined;
  budget: Budget | undefined;
  overview: string | undefined;
  activities: string;
  /** The labels found. */
  seen: Set<Label>;
}

export type Label = 'period' | 'departments' | 'budget' | 'overview' | 'activities';

/** Which label a cell is, if any. */
export function headLabel(text: string): Label | null {
  const t = loose(text);
  if (t === '計画期間') return 'period';
  if (t === '担当課' || t === '担当課・室' || t === '担当部署') return 'departments';
  if (t.startsWith('事業規模') || t.includes('事業費')) return 'budget';
  if (t === '事業概要') return 'overview';
  if (t.endsWith('の主な取組') || t === '主な取組') return 'activities';
  return null;
}

export interface HeadContext {
  sheet: ImportSheet;
  projectId: string;
  fiscalYear: number;
}

/** The value of a labelled field: the next non-empty cell to the right that is no label itself. */
function valueAfter(sheet: ImportSheet, row: number, col: number): { col: number; text: string } | null {
  const next = sheet.cells(row).find((c) => c.col > col);
  return next && headLabel(next.text) === null ? next : null;
}

function readPeriod(ctx: HeadContext, row: number, col: number, fields: HeadFields): void {
  const text = ctx.sheet.text(row, col);
  const parsed = parsePeriod(text);
  if (parsed) {
    fields.period = toPeriodRange(parsed);
    ctx.sheet.take(row, col, to.project(ctx.projectId, 'period'));
    return;
  }
  ctx.sheet.report(row, col, {
    code: 'period',
    field: 'period',
    ref: { projectId: ctx.projectId },
    message: {
      ja: `計画期間「${text}」を読み取れません。「令和5～7年度」のように入力してください。`,
      en: `Cannot read the plan period "${text}". Write it like 令和5～7年度.`,
    },
  });
}

/** Names joined by one separator as written (`、`, a space); mixed separators cannot be kept. */
function readDepartments(ctx: HeadContext, row: number, col: number, fields: HeadFields): void {
  const { names, separators } = splitDepartments(ctx.sheet.text(row, col));
  fields.departmentNames = names;
  ctx.sheet.take(row, col, to.project(ctx.projectId, 'departmentIds'));
  const kinds = [...new Set(separators)];
  if (kinds.length === 0 || (kinds.length === 1 && kinds[0] === '、')) return;
  if (kinds.length === 1 && kinds[0]!.length <= 3 && !/[\r\n\t]/u.test(kinds[0]!)) {
    fields.separator = kinds[0]!;
    return;
  }
  ctx.sheet.report(row, col, {
    code: 'not_held',
    field: 'departments_separator',
    severity: 'warning',
    ref: { projectId: ctx.projectId },
    message: {
      ja: `担当課の区切り（${kinds.map((k) => `「${/\n/u.test(k) ? '改行' : k.trim() === '' ? '空白' : k}」`).join('')}）は計画ファイルに保持できません（1種類の区切り、改行以外に限ります）。書き出しでは「、」で区切ります。`,
      en: `The department separators (${kinds.map((k) => JSON.stringify(k)).join(' ')}) cannot be kept in the plan file (one kind, not a line break); exports join the names with 、.`,
    },
  });
}

function readBudgetCell(ctx: HeadContext, row: number, labelCol: number, fields: HeadFields): void {
  const label = ctx.sheet.line(row, labelCol);
  const value = valueAfter(ctx.sheet, row, labelCol);
  const cell = readBudget(value?.text ?? '');
  if (cell.kind === 'amount') {
    // A marker after the amount (`28,218千円(※1)`): its note is the project's.
    fields.budget = {
      amount: cell.amount,
      label,
      ...(cell.prefix ? { prefix: cell.prefix } : {}),
      ...(cell.marker ? { marker: cell.marker } : {}),
    };
    ctx.sheet.take(row, labelCol, to.project(ctx.projectId, 'budget.label'));
    ctx.sheet.take(row, value!.col, to.project(ctx.projectId, 'budget.amount'));
    return;
  }
  if (cell.kind === 'invalid') {
    ctx.sheet.report(row, value!.col, {
      code: 'value',
      field: 'budget',
      ref: { projectId: ctx.projectId },
      message: cell.message,
    });
  }
  // Without an amount only the default label prints; another label has nowhere to go.
  if (loose(label) === '事業規模') ctx.sheet.take(row, labelCol, LAYOUT);
  else if (cell.kind === 'empty') {
    ctx.sheet.report(row, labelCol, {
      code: 'not_held',
      field: 'budget_label',
      severity: 'warning',
      ref: { projectId: ctx.projectId },
      message: {
        ja: `事業規模の金額がないため、見出し「${label}」は計画ファイルに保持されません。`,
        en: `With no amount, the budget label "${label}" is not kept in the plan file.`,
      },
    });
  }
}

function readActivitiesLabel(ctx: HeadContext, row: number, col: number): void {
  const label = ctx.sheet.text(row, col);
  const year = parsePeriod(label.replace(/の主な取組$/u, ''));
  if (year === null || year.startYear === ctx.fiscalYear) {
    ctx.sheet.take(row, col, LAYOUT);
    return;
  }
  ctx.sheet.report(row, col, {
    code: 'year_mismatch',
    field: 'activities',
    ref: { projectId: ctx.projectId },
    message: {
      ja: `「${label}」の年度が報告年度（${ctx.fiscalYear}年度）と異なります。`,
      en: `"${label}" names another year than the report year (FY${ctx.fiscalYear}).`,
    },
  });
}

/** 計画期間 and 担当課 are required; the other fields may be empty. */
export function reportMissing(ctx: HeadContext, row: number, col: number, label: Label): void {
  if (label !== 'period' && label !== 'departments') return;
  const message =
    label === 'period'
      ? { ja: '計画期間がありません。', en: 'The plan period (計画期間) is missing.' }
      : {
          ja: `担当課がありません（読めた内容だけを書き出すときは「${NO_DEPARTMENT}」とします）。`,
          en: `The department (担当課) is missing (a partial plan names it ${NO_DEPARTMENT}).`,
        };
  ctx.sheet.report(row, col, {
    code: label === 'period' ? 'period' : 'department',
    field: label,
    ref: { projectId: ctx.projectId },
    message,
  });
}

/** Reads one labelled field of the head and the value beside it. */
function readField(ctx: HeadContext, row: number, col: number, label: Label, fields: HeadFields): void {
  const { sheet, projectId, fiscalYear } = ctx;
  const value = valueAfter(sheet, row, col);
  if (label === 'budget') {
    readBudgetCell(ctx, row, col, fields);
    return;
  }
  if (label === 'activities') readActivitiesLabel(ctx, row, col);
  else sheet.take(row, col, LAYOUT);
  if (!value) reportMissing(ctx, row, col, label);
  else if (label === 'period') readPeriod(ctx, row, value.col, fields);
  else if (label === 'departments') readDepartments(ctx, row, value.col, fields);
  else if (label === 'overview') {
    fields.overview = value.text;
    sheet.take(row, value.col, to.project(projectId, 'overview'));
  } else {
    fields.activities = splitActivities(value.text).join('\n');
    sheet.take(row, value.col, to.activities(fiscalYear, projectId));
  }
}

/** Reads the labelled rows of a block head. */
export function readHead(ctx: HeadContext, rows: readonly number[]): HeadFields {
  const fields: HeadFields = {
    period: null,
    departmentNames: [],
    separator: undefined,
    budget: undefined,
    overview: undefined,
    activities: '',
    seen: new Set(),
  };
  for (const row of rows) {
    for (const cell of ctx.sheet.cells(row)) {
      const label = headLabel(cell.text);
      if (label === null || ctx.sheet.isTaken(row, cell.col)) continue;
      fields.seen.add(label);
      readField(ctx, row, cell.col, label, fields);
    }
  }
  return fields;
}
