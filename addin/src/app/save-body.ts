import type { SaveValuesRequest } from '../../../shared/api.ts';
import type { Activity, Actual } from '../../../shared/schema/index.ts';
import { cellKey } from './cells.ts';
import type { QueuedCell } from './queue.ts';
import { actualToInputs, canonicalActivities, canonicalCell } from './row-values.ts';
import { activitiesOf, INDICATOR_FIELDS, rowActual, type SheetModel, serverHasRow } from './sheet-model.ts';

/**
 * The save request for queued cells. The API replaces whole Actuals, so every row with an edited
 * cell is sent complete, as the sheet shows it now; each row and each project appears once. A row
 * emptied after the server had a value is sent in `cleared` (a row never saved sends nothing).
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
    const i = model.rowIndex.get(`i:${id}`);
    const indicator = i === undefined ? undefined : model.rows[i]?.indicator;
    if (!indicator) continue;
    const { actual } = rowActual(model, indicator);
    if (actual) actuals.push(actual);
    else if (serverHasRow(model, id)) cleared.push(id);
  }
  const activities: Activity[] = [...projectIds]
    .filter((id) => model.rowIndex.has(`p:${id}`))
    .map((projectId) => ({ projectId, text: canonicalActivities(activitiesOf(model, projectId)) }));
  return cleared.length > 0 ? { actuals, activities, cleared } : { actuals, activities };
}

/**
 * After a save succeeded: what the server now holds for the rows sent, so a later edit back to an
 * earlier value is still seen as a change.
 */
export function applySavedBody(model: SheetModel, body: SaveValuesRequest, revision: number): void {
  for (const actual of body.actuals) recordServerRow(model, actual.indicatorId, actual);
  // A cleared row is held as the server shows a row with no actual: empty cells.
  for (const indicatorId of body.cleared ?? []) recordServerRow(model, indicatorId, undefined);
  for (const a of body.activities)
    model.server.set(
      cellKey({ kind: 'project', projectId: a.projectId, field: 'activities' }),
      canonicalActivities(a.text),
    );
  model.data = { ...model.data, submission: { ...model.data.submission, revision } };
}

function recordServerRow(model: SheetModel, indicatorId: string, actual: Actual | undefined): void {
  const i = model.rowIndex.get(`i:${indicatorId}`);
  const indicator = i === undefined ? undefined : model.rows[i]?.indicator;
  if (!indicator) return;
  const cells = actualToInputs(indicator, actual);
  for (const field of INDICATOR_FIELDS)
    model.server.set(
      cellKey({ kind: 'indicator', indicatorId, field }),
      canonicalCell(indicator, field, cells[field]),
    );
}
