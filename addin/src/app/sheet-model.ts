import type { SheetResponse } from '../../../shared/api.ts';
import type { ActualsByYear } from '../../../shared/calc/index.ts';
import { actualsIndex } from '../../../shared/calc/index.ts';
import type { Problem } from '../../../shared/problem.ts';
import type { Actual, Cycle, Indicator, PlanFile } from '../../../shared/schema/index.ts';
import { PLAN_FORMAT } from '../../../shared/schema/index.ts';
import { validateCycleValues } from '../../../shared/validation/index.ts';
import { type CellRef, cellKey, type IndicatorField } from './cells.ts';
import type { QueuedCell } from './queue.ts';
import {
  actualToInputs,
  canonicalActivities,
  canonicalCell,
  inputsToActual,
  type RowInputs,
  type RowParse,
} from './row-values.ts';

/**
 * The department's sheet as data: which row shows which project or KPI, the text of every input
 * cell (the server's values with my unsent edits on top), and the server's canonical values to
 * tell a real change from retyping the same number. Pure: the Excel adapter renders it.
 */
export type SheetProject = SheetResponse['projects'][number];

export interface SheetRow {
  kind: 'project' | 'indicator';
  /** 'p:<projectId>' or 'i:<indicatorId>' (also written to the sheet's hidden key column). */
  key: string;
  project: SheetProject;
  indicator?: Indicator;
}

export interface SheetModel {
  data: SheetResponse;
  fiscalYear: number;
  rows: SheetRow[];
  rowIndex: Map<string, number>;
  /** Text of every input cell by cell key, as on the sheet. */
  inputs: Map<string, string>;
  /** The server's canonical value of every input cell. */
  server: Map<string, string>;
  /** Actuals of earlier cycles (for cumulative totals), indicator id → fiscal year → actual. */
  earlier: ReadonlyMap<string, ActualsByYear>;
  /** The plan as shared/validation expects it (with the earlier cycles), built once. */
  planFile: PlanFile;
}

export const INDICATOR_FIELDS: readonly IndicatorField[] = ['value', 'status', 'missingReason', 'footnote'];

export function buildModel(data: SheetResponse, unsent: readonly QueuedCell[] = []): SheetModel {
  const fiscalYear = data.cycle.fiscalYear;
  const rows: SheetRow[] = [];
  const projects = [...data.projects].sort((a, b) => a.number - b.number);
  for (const project of projects) {
    rows.push({ kind: 'project', key: `p:${project.id}`, project });
    const indicators = [...project.indicators].sort((a, b) => a.number - b.number);
    for (const indicator of indicators)
      rows.push({ kind: 'indicator', key: `i:${indicator.id}`, project, indicator });
  }
  const rowIndex = new Map(rows.map((r, i) => [r.key, i]));
  const actualById = new Map(data.actuals.map((a) => [a.indicatorId, a]));
  const activityById = new Map(data.activities.map((a) => [a.projectId, a.text]));
  const inputs = new Map<string, string>();
  const server = new Map<string, string>();
  for (const row of rows) {
    if (row.kind === 'project') {
      const key = cellKey({ kind: 'project', projectId: row.project.id, field: 'activities' });
      const text = activityById.get(row.project.id) ?? '';
      inputs.set(key, text);
      server.set(key, canonicalActivities(text));
      continue;
    }
    const indicator = row.indicator!;
    const cells = actualToInputs(indicator, actualById.get(indicator.id));
    for (const field of INDICATOR_FIELDS) {
      const key = cellKey({ kind: 'indicator', indicatorId: indicator.id, field });
      inputs.set(key, cells[field]);
      server.set(key, canonicalCell(indicator, field, cells[field]));
    }
  }
  for (const cell of unsent) if (inputs.has(cell.key)) inputs.set(cell.key, cell.raw);
  const planFile: PlanFile = {
    format: PLAN_FORMAT,
    plan: { id: data.plan.id, title: data.plan.title, period: data.plan.period, version: data.plan.version },
    departments: [data.department],
    goals: [],
    projects: data.projects,
    // Earlier cycles are read only here: their values count in 累計 and multi-year 達成度.
    cycles: data.earlierCycles
      .filter((c) => c.fiscalYear < fiscalYear)
      .map((c): Cycle => ({ ...c, locked: true, activities: [], submissions: [] })),
    budgets: [],
    previousVersions: [],
  };
  return {
    data,
    fiscalYear,
    rows,
    rowIndex,
    inputs,
    server,
    earlier: actualsIndex(planFile.cycles),
    planFile,
  };
}

/** The model's indicator for a cell, or null when the cell is not on this sheet. */
export function indicatorOf(model: SheetModel, ref: CellRef): Indicator | null {
  if (ref.kind !== 'indicator') return null;
  const i = model.rowIndex.get(`i:${ref.indicatorId}`);
  return i === undefined ? null : (model.rows[i]?.indicator ?? null);
}

/** A cell's canonical value: what a save would store. */
export function canonicalOf(model: SheetModel, ref: CellRef, raw: string): string {
  if (ref.kind === 'project') return canonicalActivities(raw);
  const indicator = indicatorOf(model, ref);
  return indicator ? canonicalCell(indicator, ref.field, raw) : raw.trim();
}

export function rowInputs(model: SheetModel, indicatorId: string): RowInputs {
  const get = (field: IndicatorField) =>
    model.inputs.get(cellKey({ kind: 'indicator', indicatorId, field })) ?? '';
  return {
    value: get('value'),
    status: get('status'),
    missingReason: get('missingReason'),
    footnote: get('footnote'),
  };
}

export function activitiesOf(model: SheetModel, projectId: string): string {
  return model.inputs.get(cellKey({ kind: 'project', projectId, field: 'activities' })) ?? '';
}

export interface RowCheck {
  parse: RowParse | null;
  /** Errors and warnings of the row, from the cells and from the rules across them. */
  problems: Problem[];
}

/**
 * Checks rows as the server will: each cell with validateCellInput, then the rows' Actuals together
 * with validateCycleValues (a missing value needs a reason…). One call for all the rows given.
 */
export function checkRows(
  model: SheetModel,
  rowIndices: Iterable<number>,
  serverProblems: ReadonlyMap<string, readonly Problem[]> = new Map(),
): Map<number, RowCheck> {
  const out = new Map<number, RowCheck>();
  const actuals: Actual[] = [];
  const actualRow: number[] = [];
  const activities: { projectId: string; text: string }[] = [];
  const activityRow: number[] = [];
  for (const i of rowIndices) {
    const row = model.rows[i];
    if (!row) continue;
    if (row.kind === 'project') {
      out.set(i, { parse: null, problems: [] });
      const text = canonicalActivities(activitiesOf(model, row.project.id));
      if (text !== '') {
        activities.push({ projectId: row.project.id, text });
        activityRow.push(i);
      }
      continue;
    }
    const parse = rowActual(model, row.indicator!);
    out.set(i, { parse, problems: [...parse.problems, ...parse.warnings] });
    // A cell that does not parse is the problem to fix first: the rules across cells would only
    // add noise (a value typed wrongly is not a missing value that needs a reason).
    if (parse.actual && parse.problems.length === 0) {
      actuals.push(parse.actual);
      actualRow.push(i);
    }
  }
  for (const [i, check] of out) check.problems.push(...(serverProblems.get(model.rows[i]!.key) ?? []));
  if (actuals.length === 0 && activities.length === 0) return out;
  for (const p of validateCycleValues(model.planFile, model.fiscalYear, actuals, activities)) {
    const m = /^(actuals|activities)\[(\d+)\]/.exec(p.path);
    const row = m ? (m[1] === 'actuals' ? actualRow : activityRow)[Number(m[2])] : undefined;
    if (row === undefined) continue;
    const check = out.get(row);
    if (check && !check.problems.some((q) => q.code === p.code && q.cell?.field === p.cell?.field))
      check.problems.push(p);
  }
  return out;
}

/**
 * The Actual a row stands for, or null for an empty row. A row emptied after the server had a value
 * is not "nothing to send": the save request clears the stored actual (see serverHasRow).
 */
export function rowActual(model: SheetModel, indicator: Indicator): RowParse {
  return inputsToActual(indicator, rowInputs(model, indicator.id));
}

/** True when the server holds something in the row: emptying it then clears the stored actual. */
export function serverHasRow(model: SheetModel, indicatorId: string): boolean {
  return INDICATOR_FIELDS.some(
    (field) => (model.server.get(cellKey({ kind: 'indicator', indicatorId, field })) ?? '') !== '',
  );
}

/** The Actual of every row, with this cycle's actual replaced by what the sheet shows now. */
export function actualsForRow(model: SheetModel, indicatorId: string, actual: Actual | null): ActualsByYear {
  const byYear = new Map(model.earlier.get(indicatorId) ?? []);
  if (actual) byYear.set(model.fiscalYear, actual);
  else byYear.delete(model.fiscalYear);
  return byYear;
}
