import type { SaveValuesRequest } from '../../../shared/api.ts';
import type { Activity, Actual } from '../../../shared/schema/index.ts';
import { cellKey } from './cells.ts';
import type { QueuedCell } from './queue.ts';
import { actualToInputs, canonicalActivities, canonicalCell } from './row-values.ts';
import { activitiesOf, INDICATOR_FIELDS, rowActual, type SheetModel } from './sheet-model.ts';

/**
 * The save request for queued cells. The API replaces whole Actuals, so every row with an edited
 * cell is sent complete, as the sheet shows it now; each row and each project appears once.
 */
export function buildSaveBody(model: SheetModel, cells: readonly QueuedCell[]): SaveValuesRequest {
  const indicatorIds = new Set<string>();
  const projectIds = new Set<string>();
  for (const c of cells) {
    if (c.ref.kind === 'indicator') indicatorIds.add(c.ref.indicatorId);
    else projectIds.add(c.ref.projectId);
  }
  const actuals: Actual[] = [];
  for (const id of indicatorIds) {
    const i = model.rowIndex.get(`i:${id}`);
    const indicator = i === undefined ? undefined : model.rows[i]?.indicator;
    if (!indicator) continue;
    const { actual } = rowActual(model, indicator);
    if (actual) actuals.push(actual);
  }
  const activities: Activity[] = [...projectIds]
    .filter((id) => model.rowIndex.has(`p:${id}`))
    .map((projectId) => ({ projectId, text: canonicalActivities(activitiesOf(model, projectId)) }));
  return { actuals, activities };
}

/**
 * After a save succeeded: what the server now holds for the rows sent, so a later edit back to an
 * earlier value is still seen as a change.
 */
export function applySavedBody(model: SheetModel, body: SaveValuesRequest, revision: number): void {
  for (const actual of body.actuals) {
    const i = model.rowIndex.get(`i:${actual.indicatorId}`);
    const indicator = i === undefined ? undefined : model.rows[i]?.indicator;
    if (!indicator) continue;
    const cells = actualToInputs(indicator, actual);
    for (const field of INDICATOR_FIELDS)
      model.server.set(
        cellKey({ kind: 'indicator', indicatorId: actual.indicatorId, field }),
        canonicalCell(indicator, field, cells[field]),
      );
  }
  for (const a of body.activities)
    model.server.set(
      cellKey({ kind: 'project', projectId: a.projectId, field: 'activities' }),
      canonicalActivities(a.text),
    );
  model.data = { ...model.data, submission: { ...model.data.submission, revision } };
}
