import type { ConflictCell } from '../../shared/api.ts';
import type { Activity, Actual } from '../../shared/schema/index.ts';
import { lastSavedIn, lastSavedQuery } from '../db/history.ts';
import type { SubmissionKey } from '../db/submissions.ts';
import { HttpProblem } from '../refusals.ts';
import { readSheetState, type SheetState, sheetValues } from './sheet.ts';

/**
 * Naming the cells a stale save conflicts on: those sent whose stored change count is past the
 * save's base revision. A cell cleared since has no stored row, so the save's read batch also
 * fetches, from the history, the revision of each named cell's last save.
 */

const isEmpty = (v: unknown) => v == null || v === '' || (Array.isArray(v) && v.length === 0);

const canonical = (v: unknown) => JSON.stringify(v ?? null);

/** Field-by-field differences of two versions of a cell (undefined = absent). */
export function changedFields(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  key: string,
) {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after)].filter((f) => f !== key));
  return [...fields].filter((f) => canonical(before?.[f]) !== canonical(after[f]));
}

/** The sheet with, for the named cells, the revision of their last save (a cleared cell has no row). */
export type SaveState = { sheet: SheetState; lastSaved: Map<string, number> };

export async function readSaveState(
  db: D1Database,
  k: SubmissionKey,
  named: readonly string[],
  also: readonly D1PreparedStatement[] = [],
): Promise<{ value: SaveState | HttpProblem; also: D1Result[] }> {
  const read = await readSheetState(db, k, named, [lastSavedQuery(db, k.planId, k.fy, named), ...also]);
  const {
    value: sheet,
    also: [history, ...rest],
  } = read;
  const value = sheet instanceof HttpProblem ? sheet : { sheet, lastSaved: lastSavedIn(history) };
  return { value, also: rest };
}

export function conflictsOf(
  { sheet: s, lastSaved }: SaveState,
  base: number,
  actuals: readonly Actual[],
  activities: readonly Activity[],
): ConflictCell[] {
  const fy = s.cycle.fiscal_year;
  const out: ConflictCell[] = [];
  const stored = new Map(
    s.loaded.actualRows.filter((r) => r.fiscal_year === fy).map((r) => [r.indicator_id, r]),
  );
  const server = new Map(
    sheetValues(s).actuals.map((a) => [a.indicatorId, a as unknown as Record<string, unknown>]),
  );
  for (const a of actuals) {
    // A cell cleared since has no row left: its history says when.
    const seq = stored.get(a.indicatorId)?.seq ?? lastSaved.get(a.indicatorId) ?? 0;
    if (seq <= base) continue;
    const theirs = server.get(a.indicatorId);
    const mine = a as unknown as Record<string, unknown>;
    for (const field of changedFields(theirs, mine, 'indicatorId')) {
      if (!theirs && isEmpty(mine[field])) continue; // empty against an emptied cell is no conflict
      out.push({
        indicatorId: a.indicatorId,
        field,
        server: theirs?.[field] ?? null,
        yours: mine[field] ?? null,
      });
    }
  }
  const acts = new Map(
    s.loaded.activityRows.filter((r) => r.fiscal_year === fy).map((r) => [r.project_id, r]),
  );
  for (const a of activities) {
    const row = acts.get(a.projectId);
    if (row && row.seq > base && row.text !== a.text) {
      out.push({ projectId: a.projectId, field: 'activities', server: row.text, yours: a.text });
    }
  }
  return out;
}
