import type { SaveValuesRequest } from '../../../shared/api.ts';
import type { Activity, Actual } from '../../../shared/schema/index.ts';
import { cellKey, rowKey } from './keys.ts';
import type { QueuedCell } from './queue.ts';
import { rowActual, rowAt, rowIndicator, type SheetModel, serverHasRow } from './sheet-model.ts';

/**
 * The save request for queued cells. The API replaces whole Actuals, so every row with an edited
 * cell is sent complete, as the sheet shows it now; each row and each project appears once. A row
 * emptied after the server had a value is sent in `cleared` (a row never saved sends nothing).
 * Built from the cells' parses kept in the model: nothing is parsed again here.
 */
export function buildSaveBody(model: SheetModel, cells: readonly QueuedCell[]): SaveValuesRequest {
  const indicatorIds = new Set<string>();
  const projectIds = new Set<string>();
  for (const c of cells) {
    if (c.ref.kind === 'indicator') indicatorIds.add(c.ref.indicatorId);
    else projectIds.add(c.ref.projectId);
  }
  const actuals: Actual[] = [];
  const cleared: string[] = [];
  for (const id of indicatorIds) {
    const i = model.rowIndex.get(rowKey('indicator', id));
    const indicator = i === undefined ? undefined : rowIndicator(rowAt(model, i));
    if (!indicator) continue;
    const { actual } = rowActual(model, indicator);
    if (actual) actuals.push(actual);
    else if (serverHasRow(model, id)) cleared.push(id);
  }
  const activities: Activity[] = [...projectIds]
    .filter((id) => model.rowIndex.has(rowKey('project', id)))
    .map((projectId) => ({
      projectId,
      text: model.cells.get(cellKey(rowKey('project', projectId), 'activities'))?.canonical ?? '',
    }));
  return cleared.length > 0 ? { actuals, activities, cleared } : { actuals, activities };
}

/**
 * After a save succeeded: what the server now holds for the cells sent (their canonical values,
 * kept with each queued cell), so a later edit back to an earlier value is still seen as a change.
 * The other cells of the rows sent already held their server values: an edited cell is always in
 * the request that sends its row, and requests go in order.
 */
export function applySaved(model: SheetModel, cells: readonly QueuedCell[], revision: number): void {
  for (const c of cells) if (model.server.has(c.key)) model.server.set(c.key, c.canonical);
  model.data = { ...model.data, submission: { ...model.data.submission, revision } };
}
