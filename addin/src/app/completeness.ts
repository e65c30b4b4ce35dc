import { evaluateIndicator } from '../../../shared/calc/index.ts';
import type { Problem } from '../../../shared/problem.ts';
import type { Actual } from '../../../shared/schema/index.ts';
import {
  type Completeness,
  MISSING_CELL_CODE,
  type SheetMissingCell,
  sheetCompleteness,
} from '../../../shared/workflow/index.ts';
import { address, columnIndex, FIELD_COLUMN, HEADER_ROWS } from './columns.ts';
import { type CellKey, cellKey, rowKey } from './keys.ts';
import {
  actualsForRow,
  asksReasons,
  filledActual,
  rowAt,
  rowCount,
  rowIndicator,
  type SheetModel,
} from './sheet-model.ts';

/**
 * How complete the sheet in the pane is, by shared/workflow's rule (the one the worker applies when
 * the sheet is submitted and the cycle status counts with): computed from what the sheet shows now —
 * the server's values with the unsent edits on top, each cell as parsed once. A cell that does not
 * parse does not count as filled (its error is listed anyway). The goal indicators the department
 * reports count like KPIs (docs/domain.md §10.5). When the plan asks for 未達成の理由 (§8.6), a KPI
 * whose 達成度 (as typed now) falls short needs its reason too, as the submit will judge it.
 */
export function completenessOf(model: SheetModel): Completeness<SheetMissingCell> {
  const actuals: Actual[] = [];
  const activities: { projectId: string; text: string }[] = [];
  for (let i = 0; i < rowCount(model); i++) {
    const row = rowAt(model, i)!;
    if (row.kind === 'section' || row.kind === 'goal') continue;
    if (row.kind === 'project') {
      const text = model.cells.get(cellKey(rowKey('project', row.project.id), 'activities'))?.canonical ?? '';
      activities.push({ projectId: row.project.id, text });
      continue;
    }
    const actual = filledActual(model, row.indicator!);
    if (actual) actuals.push(actual);
  }
  const byId = new Map(actuals.map((a) => [a.indicatorId, a]));
  const shortfall = asksReasons(model)
    ? {
        setting: model.data.plan.shortfallReason,
        achievementOf: (indicatorId: string) => {
          const ind = rowIndicator(rowAt(model, model.rowIndex.get(rowKey('indicator', indicatorId)) ?? -1));
          const actual = byId.get(indicatorId);
          return ind && actual
            ? evaluateIndicator(ind, actualsForRow(model, indicatorId, actual), model.fiscalYear)
            : null;
        },
      }
    : undefined;
  return sheetCompleteness(model.data.projects, model.fiscalYear, { actuals, activities }, model.data.goals, {
    shortfall,
  });
}

/** Whether a problem is a blank cell a submit needs (not an input error: it never holds a save back). */
export const isMissingProblem = (p: Pick<Problem, 'code'>) => p.code === MISSING_CELL_CODE;

/** A missing cell as the pane lists it: where it is on the sheet and what to enter. */
export interface MissingItem {
  key: CellKey;
  row: number;
  col: number;
  address: string;
  text: string;
}

export function missingItems(
  model: SheetModel,
  missing: readonly SheetMissingCell[],
  lang: 'ja' | 'en',
): MissingItem[] {
  return missing.flatMap((m) => {
    // A KPI's or goal indicator's cell is on its indicator's row, 主な取組 on its project's.
    const owner = m.indicatorId
      ? rowKey('indicator', m.indicatorId)
      : m.projectId
        ? rowKey('project', m.projectId)
        : undefined;
    if (!owner) return [];
    const field = m.field === 'status' || m.field === 'shortfallReason' ? m.field : 'value';
    const key = m.indicatorId
      ? cellKey(rowKey('indicator', m.indicatorId), field)
      : cellKey(rowKey('project', m.projectId!), 'activities');
    const index = model.rowIndex.get(owner);
    if (index === undefined) return [];
    const row = HEADER_ROWS + index;
    const col = columnIndex(m.field === 'activities' ? 'activities' : FIELD_COLUMN[field]);
    return [{ key, row, col, address: address(row, col), text: m.message[lang] }];
  });
}
