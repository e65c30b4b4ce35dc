import type { SheetGoal, SheetResponse } from '../../../shared/api.ts';
import type { ActualsByYear } from '../../../shared/calc/index.ts';
import { actualsIndex, evaluateIndicator } from '../../../shared/calc/index.ts';
import type { Problem } from '../../../shared/problem.ts';
import type { Actual, Cycle, Goal, Indicator, PlanFile } from '../../../shared/schema/index.ts';
import { PLAN_FORMAT } from '../../../shared/schema/index.ts';
import { validateCycleValues } from '../../../shared/validation/index.ts';
import {
  asksShortfallReason,
  isFilled,
  judgeShortfall,
  MISSING_CELL_CODE,
  type MissingCell,
  missingCellOf,
  missingCellProblem,
  missingGoalCellOf,
  type ShortfallCell,
} from '../../../shared/workflow/index.ts';
import type { CellRef, IndicatorField } from './cells.ts';
import {
  type CellKey,
  cellKey,
  GOALS_SECTION_KEY,
  type GoalRowKey,
  goalRowKey,
  type IndicatorRowKey,
  type RowKey,
  rowKey,
  type SectionRowKey,
} from './keys.ts';
import { forThePane } from './pane-warnings.ts';
import type { QueuedCell } from './queue.ts';
import {
  actualToInputs,
  EMPTY_ROW,
  inputsToActual,
  type ParsedCell,
  parseActivitiesCell,
  parseCell,
  parseRowCells,
  type RowCells,
  type RowInputs,
  type RowParse,
} from './row-values.ts';

/**
 * The department's sheet as data: which row shows which project or KPI, every input cell as the
 * sheet shows it (the server's values with my unsent edits on top) parsed once, and the server's
 * canonical values to tell a real change from retyping the same number. Pure: the Excel adapter
 * renders it.
 */
export type SheetProject = SheetResponse['projects'][number];

export interface SheetRow {
  kind: 'project' | 'indicator';
  /** Also written to the sheet's hidden key column. */
  key: RowKey;
  project: SheetProject;
  indicator?: Indicator;
}

/**
 * A row of the 数値目標 section, below the projects (docs/domain.md §10.5): its heading (which also
 * names what the section's columns hold), a goal's heading, or a goal indicator the department
 * reports, whose input cells are keyed like a KPI's (`i:<id>:value`) plus its period label.
 */
export type GoalRow =
  | { kind: 'section'; key: SectionRowKey }
  | { kind: 'goal'; key: GoalRowKey; goal: SheetGoal }
  | { kind: 'goalIndicator'; key: IndicatorRowKey; goal: SheetGoal; indicator: Indicator };

/** Any row of the sheet: the projects' rows (`SheetModel.rows`), then the 数値目標 section's. */
export type AnyRow = SheetRow | GoalRow;

export interface SheetModel {
  data: SheetResponse;
  fiscalYear: number;
  /** The projects and their KPIs, from the top of the body. */
  rows: SheetRow[];
  /** The 数値目標 section (empty when the department reports no goal indicator), below `rows`. */
  goalRows: GoalRow[];
  /** Every row's body index (goal rows count on after `rows`). */
  rowIndex: Map<RowKey, number>;
  /** Every input cell by cell key, as on the sheet, with its parse. */
  cells: Map<CellKey, ParsedCell>;
  /** The server's canonical value of every input cell. */
  server: Map<CellKey, string>;
  /** Actuals of earlier cycles (for cumulative totals), indicator id → fiscal year → actual. */
  earlier: ReadonlyMap<string, ActualsByYear>;
  /**
   * The basis a goal indicator's actual is reported on: the stored one, else the latest earlier
   * cycle's (a goal printed as a running total, `R1～5年(累計) 66社`, stays one); KPIs report the year.
   */
  basis: ReadonlyMap<string, Actual['basis']>;
  /** The plan as shared/validation expects it (with the earlier cycles), built once. */
  planFile: PlanFile;
  /**
   * Mark the cells a submit still needs (shared/workflow's completeness rule) on the sheet: set once
   * the person asked to submit, so a sheet being filled in is not covered in red from the start.
   */
  markMissing?: boolean;
}

export const INDICATOR_FIELDS: readonly IndicatorField[] = [
  'value',
  'status',
  'missingReason',
  'footnote',
  'period',
  'shortfallReason',
];

/** Whether the plan asks for 未達成の理由 (shared/workflow/shortfall.ts): the KPI rows' cell is taken. */
export const asksReasons = (model: SheetModel): boolean =>
  asksShortfallReason(model.data.plan.shortfallReason);

/** The rows of the 数値目標 section: its heading, then each goal's heading and indicators, in plan order. */
function goalRowsOf(goals: readonly SheetGoal[]): GoalRow[] {
  if (goals.length === 0) return [];
  const out: GoalRow[] = [{ kind: 'section', key: GOALS_SECTION_KEY }];
  for (const goal of [...goals].sort((a, b) => a.number - b.number)) {
    out.push({ kind: 'goal', key: goalRowKey(goal.id), goal });
    for (const indicator of [...goal.indicators].sort((a, b) => a.number - b.number))
      out.push({ kind: 'goalIndicator', key: rowKey('indicator', indicator.id), goal, indicator });
  }
  return out;
}

/** The row at a body index, a project's or the 数値目標 section's. */
export function rowAt(model: SheetModel, index: number): AnyRow | undefined {
  return index < model.rows.length ? model.rows[index] : model.goalRows[index - model.rows.length];
}

/** The number of body rows. */
export function rowCount(model: SheetModel): number {
  return model.rows.length + model.goalRows.length;
}

/** The indicator of an indicator row (a KPI or a goal indicator), else undefined. */
export function rowIndicator(row: AnyRow | undefined): Indicator | undefined {
  return row && (row.kind === 'indicator' || row.kind === 'goalIndicator') ? row.indicator : undefined;
}

/** The model of the server's sheet, with my unsent cells on top (each parsed once, here). */
export function buildModel(data: SheetResponse, unsent: readonly QueuedCell[] = []): SheetModel {
  const fiscalYear = data.cycle.fiscalYear;
  const rows: SheetRow[] = [];
  const projects = [...data.projects].sort((a, b) => a.number - b.number);
  for (const project of projects) {
    rows.push({ kind: 'project', key: rowKey('project', project.id), project });
    const indicators = [...project.indicators].sort((a, b) => a.number - b.number);
    for (const indicator of indicators)
      rows.push({ kind: 'indicator', key: rowKey('indicator', indicator.id), project, indicator });
  }
  const goals = data.goals ?? [];
  const goalRows = goalRowsOf(goals);
  const rowIndex = new Map<RowKey, number>([...rows, ...goalRows].map((r, i) => [r.key, i]));
  const actualById = new Map(data.actuals.map((a) => [a.indicatorId, a]));
  const activityById = new Map(data.activities.map((a) => [a.projectId, a.text]));
  const cells = new Map<CellKey, ParsedCell>();
  const server = new Map<CellKey, string>();
  for (const row of rows) {
    if (row.kind === 'project') {
      const key = cellKey(rowKey('project', row.project.id), 'activities');
      const cell = parseActivitiesCell(activityById.get(row.project.id) ?? '');
      cells.set(key, cell);
      server.set(key, cell.canonical);
      continue;
    }
    // A KPI's row has no period cell: its saves keep reporting no label, as before goals had rows.
    const indicator = row.indicator!;
    addIndicatorCells(cells, server, indicator, {
      ...actualToInputs(indicator, actualById.get(indicator.id)),
      period: '',
    });
  }
  // A goal indicator prints no 達成度 (§10.5) and is asked no 未達成の理由: its row has no such cell.
  for (const row of goalRows)
    if (row.kind === 'goalIndicator')
      addIndicatorCells(cells, server, row.indicator, {
        ...actualToInputs(row.indicator, actualById.get(row.indicator.id)),
        shortfallReason: '',
      });
  const planFile: PlanFile = {
    format: PLAN_FORMAT,
    plan: { id: data.plan.id, title: data.plan.title, period: data.plan.period, version: data.plan.version },
    departments: [data.department],
    // The goal indicators the department reports, so their cells are validated as the worker does.
    goals: goals.map((g): Goal => ({ ...g, directions: [] })),
    projects: data.projects,
    // Earlier cycles are read only here: their values count in 累計 and multi-year 達成度.
    cycles: data.earlierCycles
      .filter((c) => c.fiscalYear < fiscalYear)
      .map((c): Cycle => ({ ...c, locked: true, activities: [], submissions: [] })),
    budgets: [],
    previousVersions: [],
  };
  const earlier = actualsIndex(planFile.cycles);
  const model: SheetModel = {
    data,
    fiscalYear,
    rows,
    goalRows,
    rowIndex,
    cells,
    server,
    earlier,
    basis: goalBasis(goals, actualById, earlier, fiscalYear),
    planFile,
  };
  applyUnsent(model, unsent);
  return model;
}

function addIndicatorCells(
  cells: Map<CellKey, ParsedCell>,
  server: Map<CellKey, string>,
  indicator: Indicator,
  inputs: RowInputs,
): void {
  const parsed = parseRowCells(indicator, inputs);
  for (const field of INDICATOR_FIELDS) {
    const key = cellKey(rowKey('indicator', indicator.id), field);
    cells.set(key, parsed[field]);
    server.set(key, parsed[field].canonical);
  }
}

function goalBasis(
  goals: readonly SheetGoal[],
  current: ReadonlyMap<string, Actual>,
  earlier: ReadonlyMap<string, ActualsByYear>,
  fiscalYear: number,
): Map<string, Actual['basis']> {
  const out = new Map<string, Actual['basis']>();
  for (const i of goals.flatMap((g) => g.indicators)) {
    const before = [...(earlier.get(i.id) ?? new Map<number, Actual>())]
      .filter(([fy]) => fy < fiscalYear)
      .sort(([a], [b]) => b - a)[0]?.[1];
    const basis = current.get(i.id)?.basis ?? before?.basis;
    if (basis) out.set(i.id, basis);
  }
  return out;
}

/** Puts my unsent cells on top of the server's copy, each parsed once (cells not on the sheet are left out). */
export function applyUnsent(model: SheetModel, unsent: readonly QueuedCell[]): void {
  for (const cell of unsent) {
    const parsed = model.cells.has(cell.key) ? parseInput(model, cell.ref, cell.raw) : null;
    if (parsed) model.cells.set(cell.key, parsed);
  }
}

/** The model's indicator for a cell, or null when the cell is not on this sheet. */
export function indicatorOf(model: SheetModel, ref: CellRef): Indicator | null {
  if (ref.kind !== 'indicator') return null;
  const i = model.rowIndex.get(rowKey('indicator', ref.indicatorId));
  return i === undefined ? null : (rowIndicator(rowAt(model, i)) ?? null);
}

/** Parses what was typed into a cell (null when the cell is not on this sheet). */
export function parseInput(model: SheetModel, ref: CellRef, raw: string): ParsedCell | null {
  if (ref.kind === 'project') return parseActivitiesCell(raw);
  // With reasons off the KPI's cell stays greyed (as before the rule): what is typed there is not taken.
  if (ref.field === 'shortfallReason' && !asksReasons(model)) return null;
  const indicator = indicatorOf(model, ref);
  return indicator ? parseCell(indicator, ref.field, raw) : null;
}

/** A cell's text as the sheet shows it. */
export function inputText(model: SheetModel, key: CellKey): string {
  return model.cells.get(key)?.raw ?? '';
}

/** The parsed cells of an indicator's row. */
export function rowCells(model: SheetModel, indicator: Indicator): RowCells {
  const row = rowKey('indicator', indicator.id);
  const value = model.cells.get(cellKey(row, 'value'));
  const status = model.cells.get(cellKey(row, 'status'));
  const missingReason = model.cells.get(cellKey(row, 'missingReason'));
  const footnote = model.cells.get(cellKey(row, 'footnote'));
  const period = model.cells.get(cellKey(row, 'period'));
  const shortfallReason = model.cells.get(cellKey(row, 'shortfallReason'));
  if (
    value?.field === 'value' &&
    status?.field === 'status' &&
    missingReason?.field === 'missingReason' &&
    footnote?.field === 'footnote' &&
    period?.field === 'period' &&
    shortfallReason?.field === 'shortfallReason'
  )
    return { value, status, missingReason, footnote, period, shortfallReason };
  return parseRowCells(indicator, EMPTY_ROW);
}

export function rowInputs(model: SheetModel, indicatorId: string): RowInputs {
  const row = rowKey('indicator', indicatorId);
  const get = (field: IndicatorField) => inputText(model, cellKey(row, field));
  return {
    value: get('value'),
    status: get('status'),
    missingReason: get('missingReason'),
    footnote: get('footnote'),
    period: get('period'),
    shortfallReason: get('shortfallReason'),
  };
}

export function activitiesOf(model: SheetModel, projectId: string): string {
  return inputText(model, cellKey(rowKey('project', projectId), 'activities'));
}

export interface RowCheck {
  parse: RowParse | null;
  /** Errors and warnings of the row, from the cells and from the rules across them. */
  problems: Problem[];
}

/**
 * Checks rows as the server will: each cell by its parse (validateCellInput's answer, kept with the
 * cell), then the rows' Actuals together with validateCycleValues (a missing value needs a
 * reason…). One call for all the rows given.
 */
export function checkRows(
  model: SheetModel,
  rowIndices: Iterable<number>,
  serverProblems: ReadonlyMap<RowKey, readonly Problem[]> = new Map(),
): Map<number, RowCheck> {
  const out = new Map<number, RowCheck>();
  const actuals: Actual[] = [];
  const actualRow: number[] = [];
  const activities: { projectId: string; text: string }[] = [];
  const activityRow: number[] = [];
  for (const i of rowIndices) {
    const row = rowAt(model, i);
    if (!row) continue;
    // Headings hold nothing to check.
    if (row.kind === 'section' || row.kind === 'goal') {
      out.set(i, { parse: null, problems: [] });
      continue;
    }
    if (row.kind === 'project') {
      const missing = model.markMissing ? missingInRow(model, i) : null;
      out.set(i, { parse: null, problems: missing ? [missingCellProblem(missing)] : [] });
      const text = model.cells.get(cellKey(rowKey('project', row.project.id), 'activities'))?.canonical ?? '';
      if (text !== '') {
        activities.push({ projectId: row.project.id, text });
        activityRow.push(i);
      }
      continue;
    }
    const parse = rowActual(model, row.indicator!);
    const missing = model.markMissing && parse.problems.length === 0 ? missingInRow(model, i) : null;
    // A reason the plan asks for is marked as soon as the figure falls short, not only once a submit
    // was asked for: it is what the department should write while the figure is in front of them.
    const shortfall = parse.problems.length === 0 && !missing ? shortfallInRow(model, i, parse) : null;
    out.set(i, {
      parse,
      problems: [
        ...parse.problems,
        ...parse.warnings,
        ...(missing ? [missingCellProblem(missing)] : []),
        ...(shortfall ? [missingCellProblem(shortfall)] : []),
      ],
    });
    // A cell that does not parse is the problem to fix first: the rules across cells would only
    // add noise (a value typed wrongly is not a missing value that needs a reason).
    if (parse.actual && parse.problems.length === 0) {
      actuals.push(parse.actual);
      actualRow.push(i);
    }
  }
  for (const [i, check] of out) check.problems.push(...(serverProblems.get(rowAt(model, i)!.key) ?? []));
  if (actuals.length === 0 && activities.length === 0) return out;
  for (const p of validateCycleValues(model.planFile, model.fiscalYear, actuals, activities)) {
    const m = /^(actuals|activities)\[(\d+)\]/.exec(p.path);
    const row = m ? (m[1] === 'actuals' ? actualRow : activityRow)[Number(m[2])] : undefined;
    if (row === undefined) continue;
    const check = out.get(row);
    const said = forThePane(p, rowIndicator(rowAt(model, row)));
    if (check && !check.problems.some((q) => q.code === p.code && q.cell?.field === p.cell?.field)) {
      // An error on the row says what to enter (a marker without its reason…): it replaces the blank mark.
      if (p.severity === 'error') check.problems = check.problems.filter((q) => q.code !== MISSING_CELL_CODE);
      check.problems.push(said);
    }
  }
  return out;
}

/** The row's actual when it parses; null when the row is empty or holds a cell that does not parse. */
export function filledActual(model: SheetModel, indicator: Indicator): Actual | null {
  const parse = rowActual(model, indicator);
  return parse.actual && parse.problems.length === 0 ? parse.actual : null;
}

/** What a row still misses for a submit (shared/workflow's rule): its missing cell, else null. */
export function missingInRow(model: SheetModel, index: number): MissingCell | null {
  const row = rowAt(model, index);
  if (!row || row.kind === 'section' || row.kind === 'goal') return null;
  if (row.kind === 'project') {
    const text = model.cells.get(cellKey(rowKey('project', row.project.id), 'activities'))?.canonical ?? '';
    return text.trim() === '' ? missingCellOf(row.project) : null;
  }
  const actual = filledActual(model, row.indicator!);
  if (actual && isFilled(actual)) return null;
  return row.kind === 'goalIndicator'
    ? missingGoalCellOf(row.goal, row.indicator)
    : missingCellOf(row.project, row.indicator!);
}

/**
 * The 未達成の理由 a KPI's row still needs (shared/workflow/shortfall.ts, the rule the submit applies),
 * judged on the 達成度 of what the row shows now; null when none is needed or it is given.
 */
export function shortfallInRow(model: SheetModel, index: number, parse?: RowParse): ShortfallCell | null {
  const row = rowAt(model, index);
  if (row?.kind !== 'indicator' || !asksReasons(model)) return null;
  const ind = row.indicator!;
  const actual = (parse ?? rowActual(model, ind)).actual;
  if (!actual) return null;
  const evaluation = evaluateIndicator(ind, actualsForRow(model, ind.id, actual), model.fiscalYear);
  const j = judgeShortfall(
    model.data.plan.shortfallReason,
    ind,
    evaluation,
    actual.shortfallReason,
    row.project,
  );
  return j.needed && !j.given && j.message
    ? { projectId: row.project.id, indicatorId: ind.id, field: 'shortfallReason', message: j.message }
    : null;
}

/**
 * The Actual a row stands for, or null for an empty row. A row emptied after the server had a value
 * is not "nothing to send": the save request clears the stored actual (see serverHasRow).
 */
export function rowActual(model: SheetModel, indicator: Indicator): RowParse {
  return inputsToActual(indicator, rowCells(model, indicator), model.basis.get(indicator.id));
}

/**
 * The previous report's actual of an indicator (the latest cycle before this one, as the goal
 * table takes it: shared/tables/context.ts), for the 前年度比 of a goal indicator's row.
 */
export function previousActual(model: SheetModel, indicatorId: string): Actual | undefined {
  const years = model.data.earlierCycles.map((c) => c.fiscalYear).filter((fy) => fy < model.fiscalYear);
  return years.length === 0 ? undefined : model.earlier.get(indicatorId)?.get(Math.max(...years));
}

/** True when the server holds something in the row: emptying it then clears the stored actual. */
export function serverHasRow(model: SheetModel, indicatorId: string): boolean {
  return INDICATOR_FIELDS.some(
    (field) => (model.server.get(cellKey(rowKey('indicator', indicatorId), field)) ?? '') !== '',
  );
}

/** The Actual of every row, with this cycle's actual replaced by what the sheet shows now. */
export function actualsForRow(model: SheetModel, indicatorId: string, actual: Actual | null): ActualsByYear {
  const byYear = new Map(model.earlier.get(indicatorId) ?? []);
  if (actual) byYear.set(model.fiscalYear, actual);
  else byYear.delete(model.fiscalYear);
  return byYear;
}
