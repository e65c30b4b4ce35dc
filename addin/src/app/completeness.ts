import type { Problem } from '../../../shared/problem.ts';
import {
  type Completeness,
  type FilledFields,
  MISSING_CELL_CODE,
  type MissingCell,
  sheetCompleteness,
} from '../../../shared/workflow/index.ts';
import { address, columnIndex, HEADER_ROWS } from './columns.ts';
import { type CellKey, cellKey, rowKey } from './keys.ts';
import { filledActual, rowAt, rowCount, type SheetModel } from './sheet-model.ts';

/**
 * How complete the sheet in the pane is, by shared/workflow's rule (the one the worker applies when
 * the sheet is submitted and the cycle status counts with): computed from what the sheet shows now —
 * the server's values with the unsent edits on top, each cell as parsed once. A cell that does not
 * parse does not count as filled (its error is listed anyway). The goal indicators the department
 * reports count like KPIs (docs/domain.md §10.5).
 */
export function completenessOf(model: SheetModel): Completeness {
  const actuals: (FilledFields & { indicatorId: string })[] = [];
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
  return sheetCompleteness(model.data.projects, model.fiscalYear, { actuals, activities }, model.data.goals);
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
  missing: readonly MissingCell[],
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
    const key = m.indicatorId
      ? cellKey(rowKey('indicator', m.indicatorId), m.field === 'status' ? 'status' : 'value')
      : cellKey(rowKey('project', m.projectId!), 'activities');
    const index = model.rowIndex.get(owner);
    if (index === undefined) return [];
    const row = HEADER_ROWS + index;
    const col = columnIndex(
      m.field === 'activities' ? 'activities' : m.field === 'status' ? 'status' : 'value',
    );
    return [{ key, row, col, address: address(row, col), text: m.message[lang] }];
  });
}
