import type { SaveRequest, SaveRequestOutline, SaveValuesResponse } from '../../shared/api.ts';
import { hasErrors, type Problem } from '../../shared/problem.ts';
import { Activity, Actual, Id, type SubmissionStatus } from '../../shared/schema/index.ts';
import { activitiesNormalizedWarning, normalizeActivities } from '../../shared/text/activities.ts';
import { validateCycleValues } from '../../shared/validation/index.ts';
import { EDITABLE_STATUSES, STATUS_AFTER_EDIT } from '../../shared/workflow/index.ts';
import type { Principal } from '../auth/principal.ts';
import { buildSave, type HistoryCell, type SubmissionKey } from '../db/submissions.ts';
import {
  cycleLocked,
  HttpProblem,
  ifMatchRequired,
  indicatorNotOnSheet,
  invalidBody,
  notEditable,
  projectNotOnSheet,
  sharedApproved,
  staleRevision,
} from '../refusals.ts';
import { clearConflicts, clearedProblems, clearing } from './clear.ts';
import { changedFields, conflictsOf, readSaveState, type SaveState } from './conflicts.ts';
import { onSheet, type SheetState, sheetValues, submissionInfo } from './sheet.ts';
import { type Decision, refused, type WriteOutcome, type WriteRequest, writeSubmission } from './write.ts';

/**
 * Saving cells of a department's sheet (values, 主な取組, clearings): judged by shared/ against the
 * plan, checked against the revision it was based on, written in one guarded batch.
 */

type Fields = Record<string, unknown>;
const idOf = (x: unknown, key: string) => (x && typeof x === 'object' ? (x as Fields)[key] : undefined);
const isId = (v: unknown): v is string => Id.safeParse(v).success;

/** The indicator ids a save names, before any check: read with the sheet (and their last saves). */
function namedIndicators(body: SaveRequestOutline): string[] {
  return [
    ...new Set([...body.actuals.map((a) => idOf(a, 'indicatorId')), ...(body.cleared ?? [])].filter(isId)),
  ];
}

/** A locked cycle or a sheet no longer editable: said before any cell is judged. */
function closed(s: SheetState, k: SubmissionKey): HttpProblem | null {
  if (s.cycle.locked === 1) return cycleLocked(k.fy);
  if (!EDITABLE_STATUSES.includes(s.submission.status))
    return notEditable(s.submission.status, k.departmentId);
  return null;
}

/** `actuals[3]` of `actuals[3].value`: the cell a problem is about. */
const cellOfPath = (path: string) => /^(?:actuals|activities)\[\d+\]/.exec(path)?.[0] ?? '';

/**
 * The cells judged by the shared validation against the plan, and each against this sheet: a cell
 * naming an indicator (a KPI of the sheet's projects or a goal indicator the department reports,
 * docs/domain.md §10.5) or project not on the sheet gets that one problem and no other, whether the id
 * is another department's or none at all, so a department cannot tell which ids exist. The typed
 * request (主な取組 in their stored form) with its warnings, or the 422 naming every cell.
 */
function checkCells(
  s: SheetState,
  fy: number,
  body: SaveRequestOutline,
): { request: SaveRequest; warnings: Problem[] } | HttpProblem {
  const offSheet = new Map<string, Problem>();
  body.actuals.forEach((a, i) => {
    const id = idOf(a, 'indicatorId');
    if (isId(id) && !onSheet(s, id))
      offSheet.set(`actuals[${i}]`, indicatorNotOnSheet(`actuals[${i}].indicatorId`, id, 'save'));
  });
  body.activities.forEach((a, i) => {
    const id = idOf(a, 'projectId');
    if (isId(id) && !s.projectIds.has(id))
      offSheet.set(`activities[${i}]`, projectNotOnSheet(`activities[${i}].projectId`, id));
  });
  const found = [
    ...validateCycleValues(s.loaded.file, fy, body.actuals as Actual[], body.activities as Activity[]).filter(
      (p) => !offSheet.has(cellOfPath(p.path)),
    ),
    ...offSheet.values(),
    ...clearedProblems(s, body.cleared ?? [], body.actuals),
  ];
  if (hasErrors(found)) return invalidBody(found, 422);
  const activities = body.activities.map((raw, i) => {
    const a = Activity.parse(raw);
    const text = normalizeActivities(a.text);
    if (text !== a.text) found.push(activitiesNormalizedWarning(`activities[${i}].text`, a.projectId));
    return { ...a, text };
  });
  const actuals = body.actuals.map((a) => Actual.parse(a));
  return {
    request: { actuals, activities, ...(body.cleared ? { cleared: body.cleared } : {}) },
    warnings: found,
  };
}

/** A save based on a revision the sheet has moved past: 409 naming the cells changed since, with the server's copy. */
function staleRefusal(state: SaveState, base: number, r: SaveRequest, viewer: Principal): HttpProblem | null {
  const s = state.sheet;
  if (s.submission.revision === base) return null;
  const cleared = r.cleared ?? [];
  const conflicts = [
    ...conflictsOf(state, base, r.actuals, r.activities),
    ...clearConflicts(s, base, cleared),
  ];
  const server = { submission: submissionInfo(s, viewer), ...sheetValues(s) };
  return staleRevision(
    { currentRevision: s.submission.revision, yourRevision: base, conflicts, server },
    conflicts.length,
  );
}

/** The cells that differ from what is stored, the clearings that remove something, and their history. */
interface SheetChange {
  actuals: Actual[];
  activities: Activity[];
  cleared: string[];
  history: HistoryCell[];
}

function changesOf(s: SheetState, r: SaveRequest): SheetChange {
  const current = sheetValues(s);
  const before = new Map(current.actuals.map((a) => [a.indicatorId, a as unknown as Fields]));
  const beforeText = new Map(current.activities.map((a) => [a.projectId, a.text]));
  const history: HistoryCell[] = [];
  const actuals = r.actuals.filter((a) => {
    const was = before.get(a.indicatorId);
    const fields = changedFields(was, a as unknown as Fields, 'indicatorId');
    const projectId = s.indicatorProject.get(a.indicatorId) ?? null;
    for (const field of fields) {
      const after = (a as unknown as Fields)[field];
      history.push({ indicatorId: a.indicatorId, projectId, field, before: was?.[field], after });
    }
    return fields.length > 0;
  });
  const activities = r.activities.filter((a) => {
    const was = beforeText.get(a.projectId);
    if (was === a.text) return false;
    history.push({
      indicatorId: null,
      projectId: a.projectId,
      field: 'activities',
      before: was ?? null,
      after: a.text,
    });
    return true;
  });
  const removed = clearing(s, r.cleared ?? []);
  history.push(...removed.history);
  return { actuals, activities, cleared: removed.ids, history };
}

/** The other departments of the shared projects a change touches: their sheets' revisions move too. */
function sharingDepartments(s: SheetState, k: SubmissionKey, change: SheetChange): string[] {
  const touched = new Set([
    ...[...change.actuals.map((a) => a.indicatorId), ...change.cleared].map((id) =>
      s.indicatorProject.get(id),
    ),
    ...change.activities.map((a) => a.projectId),
  ]);
  const departments = s.projects.filter((p) => touched.has(p.id)).flatMap((p) => p.departmentIds);
  return [...new Set(departments)].filter((d) => d !== k.departmentId);
}

function decideSave(
  db: D1Database,
  k: SubmissionKey,
  body: SaveRequestOutline,
  w: WriteRequest & { base: number },
  named: readonly string[],
  state: SaveState,
): Decision<SaveValuesResponse> {
  const s = state.sheet;
  const checked = closed(s, k) ?? checkCells(s, k.fy, body);
  if (checked instanceof HttpProblem) return checked;
  const { request, warnings } = checked;
  const stale = staleRefusal(state, w.base, request, w.principal);
  if (stale) return stale;

  const change = changesOf(s, request);
  const changedCells = change.actuals.length + change.activities.length + change.cleared.length;
  const response = (r: { revision: number; status: SubmissionStatus }): SaveValuesResponse => ({
    revision: r.revision,
    status: r.status,
    changedCells,
    warnings,
  });
  if (changedCells === 0) return { unchanged: response(s.submission), revision: s.submission.revision };
  const sharing = sharingDepartments(s, k, change);
  return {
    statements: (store) =>
      buildSave(
        { ...k, ...w.meta },
        { baseRevision: w.base, ...change, sharingDepartments: sharing, idempotency: store },
      ),
    expected: {
      status: STATUS_AFTER_EDIT[s.submission.status] ?? s.submission.status,
      comment: s.submission.comment,
    },
    response,
    whyRefused: async () => {
      const fresh = (await readSaveState(db, k, named)).value;
      if (fresh instanceof HttpProblem) return fresh;
      const sent = { actuals: change.actuals, activities: change.activities, cleared: request.cleared ?? [] };
      return (
        closed(fresh.sheet, k) ?? staleRefusal(fresh, w.base, sent, w.principal) ?? sharedApproved(sharing)
      );
    },
  };
}

/**
 * Saves cells of the sheet `k` from a body whose outline the route has checked (each cell is judged
 * here, once the sheet is known to be editable). A result, a replay of the first answer to the same
 * Idempotency-Key, or a refusal; nothing is stored unless every cell passes.
 */
export async function saveSheet(
  db: D1Database,
  k: SubmissionKey,
  body: SaveRequestOutline,
  w: WriteRequest,
): Promise<WriteOutcome<SaveValuesResponse>> {
  const base = w.base;
  if (base === null) return refused(ifMatchRequired());
  const named = namedIndicators(body);
  return writeSubmission(
    db,
    k,
    w,
    (also) => readSaveState(db, k, named, also),
    (state) => decideSave(db, k, body, { ...w, base }, named, state),
  );
}
