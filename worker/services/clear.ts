import type { ConflictCell } from '../../shared/api.ts';
import type { Problem } from '../../shared/problem.ts';
import type { HistoryCell } from '../db/submissions.ts';
import { clearedAndSaved, indicatorNotOnSheet } from '../refusals.ts';
import { onSheet, type SheetState, sheetValues } from './sheet.ts';

/**
 * Clearing saved cells (`cleared` of a save): the stored actual of an indicator for this cycle is
 * removed. Which ids may be cleared, which of them conflict with a change made since the base
 * revision, and the history a clearing writes (the old content → null, field by field).
 */

type Fields = Record<string, unknown>;

/** Empty content: nothing to record as cleared, nothing to call a conflict. */
const hasContent = (v: unknown) =>
  v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);

const contentFields = (a: Fields) => Object.keys(a).filter((f) => f !== 'indicatorId' && hasContent(a[f]));

const serverActuals = (s: SheetState) =>
  new Map(sheetValues(s).actuals.map((a) => [a.indicatorId, a as unknown as Fields]));

/**
 * Ids not on this department's sheet (another department's or none at all: the same problem) or also
 * sent as a value: each named, in Japanese and English.
 */
export function clearedProblems(
  s: SheetState,
  cleared: readonly string[],
  actuals: readonly unknown[],
): Problem[] {
  const sent = new Set(
    actuals.map((a) => (a && typeof a === 'object' ? (a as Fields).indicatorId : undefined)),
  );
  return cleared.flatMap((id, i) => {
    const path = `cleared[${i}]`;
    if (!onSheet(s, id)) return [indicatorNotOnSheet(path, id, 'clear')];
    return sent.has(id) ? [clearedAndSaved(path, id)] : [];
  });
}

/** Cleared cells someone else changed since `base`: the server's content against yours (empty). */
export function clearConflicts(s: SheetState, base: number, cleared: readonly string[]): ConflictCell[] {
  const fy = s.cycle.fiscal_year;
  const stamped = new Map(
    s.loaded.actualRows.filter((r) => r.fiscal_year === fy).map((r) => [r.indicator_id, r.seq]),
  );
  const server = serverActuals(s);
  const out: ConflictCell[] = [];
  for (const id of cleared) {
    const theirs = server.get(id);
    if (!theirs || (stamped.get(id) ?? 0) <= base) continue;
    for (const field of contentFields(theirs))
      out.push({ indicatorId: id, field, server: theirs[field], yours: null });
  }
  return out;
}

/** The cleared ids that have a stored actual (the others are no-ops) and their history entries. */
export function clearing(
  s: SheetState,
  cleared: readonly string[],
): { ids: string[]; history: HistoryCell[] } {
  const server = serverActuals(s);
  const ids = [...new Set(cleared)].filter((id) => server.has(id));
  const history = ids.flatMap((id) => {
    const before = server.get(id) as Fields;
    const projectId = s.indicatorProject.get(id) ?? null;
    return contentFields(before).map((field) => ({
      indicatorId: id,
      projectId,
      field,
      before: before[field],
      after: null,
    }));
  });
  return { ids, history };
}
