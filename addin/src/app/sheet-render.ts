import { formatDeltaCell, yearOverYear } from '../../../shared/calc/delta.ts';
import {
  cumulativeTarget,
  cumulativeToDate,
  evaluateIndicator,
  projectStatus,
  projectTag,
  targetFor,
} from '../../../shared/calc/index.ts';
import { fiscalYearLabel, formatNumber } from '../../../shared/notation/index.ts';
import type { Problem } from '../../../shared/problem.ts';
import type { Actual, Indicator } from '../../../shared/schema/index.ts';
import { baselineText, circledNumber, targetCellText, withMarkers } from '../../../shared/tables/cells.ts';
import { labelled } from '../../../shared/tables/goals.ts';
import {
  COLUMN_COUNT,
  COLUMNS,
  type ColumnId,
  columnIndex,
  DELTA_COLUMN,
  FIELD_COLUMN,
  ROW_FIELDS,
} from './columns.ts';
import type { Translator } from './i18n.ts';
import { rowKey } from './keys.ts';
import type { MessageKey } from './messages.ts';
import {
  activitiesOf,
  actualsForRow,
  asksReasons,
  type GoalRow,
  previousActual,
  type RowCheck,
  rowActual,
  rowAt,
  rowInputs,
  type SheetModel,
} from './sheet-model.ts';

/**
 * The text and look of each sheet row. Figures come from shared/calc and shared/notation, so the
 * sheet shows the same strings the official table will print (`481.6%`, `△25`, `—%`).
 */
export type CellStyle =
  | 'title'
  | 'header'
  | 'project'
  | 'projectInput'
  | 'readonly'
  | 'input'
  | 'disabled'
  | 'computed'
  | 'invalid'
  | 'warning'
  | 'key';

export interface RenderedRow {
  values: string[];
  styles: CellStyle[];
  /** Column index → the message to attach to the cell (errors only). */
  notes: Map<number, string>;
}

const KIND_LABEL: Record<Indicator['kind'], MessageKey> = {
  increment: 'kindIncrement',
  cumulative: 'kindCumulative',
  level: 'kindLevel',
  rate: 'kindRate',
  reduction: 'kindReduction',
  threshold: 'kindThreshold',
  qualitative: 'kindQualitative',
  not_set: 'kindNotSet',
};

const PROJECT_STATUS_LABEL: Record<ReturnType<typeof projectStatus>, MessageKey> = {
  achieved: 'projectAchieved',
  partly_achieved: 'projectPartly',
  not_achieved: 'projectNotAchieved',
  not_evaluable: 'projectNotEvaluable',
};

/** The sheet column a problem belongs to, from the field named in its cell reference. */
export function problemColumn(p: Problem): number {
  const field = p.cell?.field ?? 'value';
  const id: ColumnId =
    field === 'missingReason'
      ? 'missingReason'
      : field === 'status'
        ? 'status'
        : field === 'footnotes'
          ? 'footnote'
          : field === 'activities' || field === 'period' || field === 'shortfallReason'
            ? FIELD_COLUMN[field]
            : 'value';
  return columnIndex(id);
}

const fmt = (d: Parameters<typeof formatNumber>[0] | null) => (d === null ? '' : formatNumber(d));

export function headerRows(model: SheetModel, t: Translator): string[][] {
  const year = fiscalYearLabel(model.fiscalYear);
  const title = t.t('sheetTitle', {
    cycle: model.data.cycle.label ?? year,
    department: model.data.department.name,
  });
  const first = Array<string>(COLUMN_COUNT).fill('');
  first[0] = title;
  // With 未達成の理由 asked for, the 主な取組 column holds it on the KPIs' rows: the header says both.
  const header = (c: (typeof COLUMNS)[number]) =>
    c.id === FIELD_COLUMN.shortfallReason && asksReasons(model) ? 'colActivitiesShortfall' : c.header;
  const second = COLUMNS.map((c) => (c.role === 'key' ? 'key' : t.t(header(c), { year })));
  return [first, second];
}

export type Evaluation = ReturnType<typeof evaluateIndicator>;

/** Evaluates an indicator row from the sheet's current inputs (only the cells that parse count). */
export function evaluateRow(
  model: SheetModel,
  ind: Indicator,
  check?: RowCheck,
): { evaluation: Evaluation; actual: Actual | null } {
  const actual = (check?.parse ?? rowActual(model, ind)).actual;
  return {
    evaluation: evaluateIndicator(ind, actualsForRow(model, ind.id, actual), model.fiscalYear),
    actual,
  };
}

/**
 * Renders rows. `checks` holds the row checks of (at least) the rendered indicator rows; a project
 * row's result needs all its KPIs, evaluated from the model when they are not among `checks`.
 */
export function renderRow(
  model: SheetModel,
  index: number,
  checks: ReadonlyMap<number, RowCheck>,
  t: Translator,
): RenderedRow {
  const row = rowAt(model, index)!;
  const check = checks.get(index);
  const values = Array<string>(COLUMN_COUNT).fill('');
  const styles = COLUMNS.map(
    (c): CellStyle => (c.role === 'computed' ? 'computed' : c.role === 'key' ? 'key' : 'readonly'),
  );
  const notes = new Map<number, string>();
  const editable = model.data.submission.editable;
  values[columnIndex('key')] = row.key;

  if (row.kind === 'section' || row.kind === 'goal' || row.kind === 'goalIndicator') {
    renderGoalRow(model, row, check, t, values, styles);
  } else if (row.kind === 'project') {
    const p = row.project;
    values[columnIndex('project')] =
      `${p.number} ${withMarkers(p.name, p.footnotes)}${projectTag(p, model.fiscalYear)}`;
    values[columnIndex('activities')] = activitiesOf(model, p.id);
    styles.fill('project');
    styles[columnIndex('activities')] = editable ? 'projectInput' : 'project';
    styles[columnIndex('key')] = 'key';
    const evaluations = p.indicators.map((ind) => {
      const i = model.rowIndex.get(rowKey('indicator', ind.id));
      return evaluateRow(model, ind, i === undefined ? undefined : checks.get(i)).evaluation;
    });
    values[columnIndex('judgement')] = t.t(PROJECT_STATUS_LABEL[projectStatus(evaluations)]);
  } else {
    const ind = row.indicator!;
    const inputs = rowInputs(model, ind.id);
    values[columnIndex('indicator')] = `${circledNumber(ind.number)} ${withMarkers(ind.name, ind.footnotes)}`;
    values[columnIndex('unit')] = ind.unit;
    values[columnIndex('kind')] = t.t(KIND_LABEL[ind.kind]);
    // As the project table prints them (shared/tables/cells.ts): an unknown baseline keeps its marker
    // and unit, a threshold target its bound (`50%超`), a target its marker.
    values[columnIndex('baseline')] = labelled(ind.baseline?.period, baselineText(ind));
    const target = targetFor(ind, model.fiscalYear);
    values[columnIndex('target')] = target
      ? targetCellText(ind, target, ind.kind === 'threshold')
      : (ind.note ?? '');
    values[columnIndex('cumulativeTarget')] = fmt(cumulativeTarget(ind, model.fiscalYear));
    values[columnIndex('value')] = inputs.value;
    values[columnIndex('status')] = inputs.status;
    values[columnIndex('missingReason')] = inputs.missingReason;
    values[columnIndex('footnote')] = inputs.footnote;
    for (const id of ['value', 'missingReason', 'footnote'] as const)
      styles[columnIndex(id)] = editable ? 'input' : 'readonly';
    styles[columnIndex('status')] = editable && ind.kind === 'qualitative' ? 'input' : 'disabled';
    // 未達成の理由 (§8.6) on the KPI's row, only when the plan asks for it; else greyed, as before.
    const reason = columnIndex(FIELD_COLUMN.shortfallReason);
    if (asksReasons(model)) {
      values[reason] = inputs.shortfallReason;
      styles[reason] = editable && ind.kind !== 'qualitative' ? 'input' : 'readonly';
    } else styles[reason] = 'disabled';
    const { evaluation, actual } = evaluateRow(model, ind, check);
    const byYear = actualsForRow(model, ind.id, actual);
    values[columnIndex('achievement')] = ind.kind === 'qualitative' ? '' : evaluation.printed;
    values[columnIndex('cumulative')] = fmt(cumulativeToDate(ind, byYear, model.fiscalYear));
    values[columnIndex('judgement')] = t.t(judgementLabel(evaluation));
  }
  for (const p of check?.problems ?? []) {
    const col = problemColumn(p);
    // The marks unlock the cell for fixing: a sheet that cannot be edited keeps its locks and shows only the note.
    if (p.severity === 'error') {
      if (editable) styles[col] = 'invalid';
      notes.set(col, notes.has(col) ? `${notes.get(col)}\n${t.msg(p.message)}` : t.msg(p.message));
    } else if (editable && styles[col] !== 'invalid') styles[col] = 'warning';
  }
  values[columnIndex('check')] = checkText(check?.problems ?? [], t);
  return { values, styles, notes };
}

/** What the 数値目標 section's heading row says each column holds there (docs/domain.md §10.5). */
const GOAL_SECTION_HEADERS: Partial<Record<ColumnId, MessageKey>> = {
  project: 'goalsSection',
  indicator: 'colGoalIndicator',
  unit: 'colUnit',
  kind: 'colKind',
  baseline: 'colGoalBaseline',
  target: 'colGoalTarget',
  value: 'colValue',
  status: 'colStatus',
  missingReason: 'colMissingReason',
  footnote: 'colGoalNote',
  [FIELD_COLUMN.period]: 'colPeriod',
  [DELTA_COLUMN]: 'colDelta',
};

/**
 * A row of the 数値目標 section. A goal indicator's row prints its 基準値 and 目標値 with their period
 * labels, and its 前年度比 from what is typed now, as the goal table prints them (shared/tables/goals.ts,
 * shared/calc/delta.ts): the previous report is the latest cycle before this one.
 */
function renderGoalRow(
  model: SheetModel,
  row: GoalRow,
  check: RowCheck | undefined,
  t: Translator,
  values: string[],
  styles: CellStyle[],
): void {
  const key = columnIndex('key');
  if (row.kind === 'section') {
    for (const [id, message] of Object.entries(GOAL_SECTION_HEADERS))
      values[columnIndex(id as ColumnId)] = t.t(message, { year: '' });
    styles.fill('header');
    styles[key] = 'key';
    return;
  }
  if (row.kind === 'goal') {
    values[columnIndex('project')] = t.t('goalHeading', {
      number: circledNumber(row.goal.number),
      title: row.goal.title,
    });
    styles.fill('project');
    styles[key] = 'key';
    return;
  }
  const ind = row.indicator;
  const inputs = rowInputs(model, ind.id);
  const editable = model.data.submission.editable;
  values[columnIndex('indicator')] = `■ ${withMarkers(ind.name, ind.footnotes)}`;
  values[columnIndex('unit')] = ind.unit;
  values[columnIndex('kind')] = t.t(KIND_LABEL[ind.kind]);
  values[columnIndex('baseline')] = labelled(ind.baseline?.period, baselineText(ind));
  const target = targetFor(ind, model.fiscalYear);
  values[columnIndex('target')] = target
    ? labelled(target.period, targetCellText(ind, target, true))
    : (ind.note ?? '');
  for (const field of ROW_FIELDS.goalIndicator) {
    const col = columnIndex(FIELD_COLUMN[field]);
    values[col] = inputs[field];
    styles[col] = editable ? 'input' : 'readonly';
  }
  styles[columnIndex('status')] = editable && ind.kind === 'qualitative' ? 'input' : 'disabled';
  const actual = (check?.parse ?? rowActual(model, ind)).actual;
  values[columnIndex(DELTA_COLUMN)] = formatDeltaCell(
    yearOverYear(ind, actual ?? undefined, previousActual(model, ind.id)),
  );
}

function judgementLabel(e: Evaluation): MessageKey {
  if (e.met === true) return 'judgeMet';
  if (e.met === false) return 'judgeNotMet';
  return e.interim && e.computable ? 'judgeInterim' : 'judgeNone';
}

export function checkText(problems: readonly Problem[], t: Translator): string {
  const errors = problems.filter((p) => p.severity === 'error').map((p) => t.msg(p.message));
  const warnings = problems
    .filter((p) => p.severity !== 'error')
    .map((p) => `${t.lang === 'ja' ? '注意' : 'Note'}: ${t.msg(p.message)}`);
  return [...errors, ...warnings].join('\n');
}
