import { z } from 'zod';
import { hasErrors, type Problem, problem } from '../../shared/problem.ts';
import { Activity, Actual, Id } from '../../shared/schema/index.ts';
import { validateCycleValues } from '../../shared/validation/index.ts';
import { toD1 } from '../db/d1.ts';
import { storeResponse } from '../db/idempotency.ts';
import {
  buildSave,
  EDITABLE,
  type HistoryCell,
  isGuardFailure,
  revisionOf,
  type SubmissionKey,
} from '../db/submissions.ts';
import { HttpProblem } from '../errors.ts';
import { type Ctx, etag, invalidBody, meta, parseBody } from '../http.ts';
import { clearConflicts, clearedProblems, clearing } from './clear.ts';
import { changedFields, conflictsOf, readSaveState, type SaveState } from './conflicts.ts';
import { idempotentRequest, readWithIdempotency, replayIfStored } from './idempotency.ts';
import { cycleLocked, notEditable, sharedApproved, staleRevision } from './refusals.ts';
import { type SheetState, sheetValues, submissionInfo } from './sheet.ts';

/** Saving cells of a department's sheet: validated by shared/, checked against the revision, atomic. */

// The outer shape only: the cells themselves are checked by validateCycleValues, cell by cell.
const SaveShape = z
  .object({
    actuals: z.array(z.unknown()).max(5000).optional(),
    activities: z.array(z.unknown()).max(2000).optional(),
    cleared: z.array(Id).max(5000).optional(),
  })
  .strict();

type Cells = Map<string, Record<string, unknown>>;
const idOf = (x: unknown, k: string) =>
  x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined;

/** The indicator ids a save names, before any check: read with the sheet so the checks see their values. */
function namedIndicators(actuals: readonly unknown[]): string[] {
  const ids = actuals.map((a) => idOf(a, 'indicatorId'));
  return [...new Set(ids.filter((id): id is string => Id.safeParse(id).success))];
}

function membershipProblems(
  s: SheetState,
  actuals: readonly unknown[],
  activities: readonly unknown[],
): Problem[] {
  const out: Problem[] = [];
  const planIndicators = s.loaded.indicatorIds;
  actuals.forEach((a, i) => {
    const id = idOf(a, 'indicatorId');
    if (typeof id === 'string' && planIndicators.has(id) && !s.indicatorProject.has(id)) {
      out.push(
        problem(
          'sheet.indicator_not_on_sheet',
          `actuals[${i}].indicatorId`,
          {
            ja: `指標「${id}」はこの担当課のシートにありません。自分の担当課の事業の指標だけを保存できます。`,
            en: `Indicator "${id}" is not on this department's sheet. Only your projects' indicators can be saved.`,
          },
          { cell: { indicatorId: id, field: 'value' } },
        ),
      );
    }
  });
  const planProjects = s.loaded.projectIds;
  activities.forEach((a, i) => {
    const id = idOf(a, 'projectId');
    if (typeof id === 'string' && planProjects.has(id) && !s.projectIds.has(id)) {
      out.push(
        problem(
          'sheet.project_not_on_sheet',
          `activities[${i}].projectId`,
          {
            ja: `事業「${id}」はこの担当課のシートにありません。`,
            en: `Project "${id}" is not on this department's sheet.`,
          },
          { cell: { projectId: id, field: 'activities' } },
        ),
      );
    }
  });
  return out;
}

/** A locked cycle or a sheet no longer in draft: said before any cell is judged. */
function closed(s: SheetState, k: SubmissionKey) {
  if (s.cycle.locked === 1) return cycleLocked(k.fy);
  if (!EDITABLE.includes(s.submission.status)) return notEditable(s.submission.status, k.departmentId);
  return null;
}

/** Why the write cannot go ahead against this state, or null. */
function refusal(
  state: SaveState,
  k: SubmissionKey,
  base: number,
  actuals: Actual[],
  activities: Activity[],
  cleared: readonly string[],
) {
  const s = state.sheet;
  const shut = closed(s, k);
  if (shut) return shut;
  if (s.submission.revision !== base) {
    const conflicts = [...conflictsOf(state, base, actuals, activities), ...clearConflicts(s, base, cleared)];
    const { actuals: serverActuals, activities: serverActivities } = sheetValues(s);
    return staleRevision(
      {
        currentRevision: s.submission.revision,
        yourRevision: base,
        conflicts,
        server: { submission: submissionInfo(s), actuals: serverActuals, activities: serverActivities },
      },
      conflicts.length,
    );
  }
  return null;
}

export async function saveValues(
  c: Ctx,
  k: SubmissionKey,
  text: string,
  body: unknown,
  base: number,
): Promise<Response> {
  const idem = await idempotentRequest(c, text);
  const db = c.env.DB;
  const outline = SaveShape.safeParse(body);
  const named = outline.success
    ? namedIndicators([
        ...(outline.data.actuals ?? []),
        ...(outline.data.cleared ?? []).map((indicatorId) => ({ indicatorId })),
      ])
    : [];
  const read = await readWithIdempotency(c, idem, (also) => readSaveState(db, k, named, also));
  if ('replay' in read) return read.replay;
  const shape = parseBody(SaveShape, body);
  const rawActuals = shape.actuals ?? [];
  const rawActivities = shape.activities ?? [];
  const cleared = shape.cleared ?? [];
  if (read.value instanceof HttpProblem) throw read.value;
  const saving = read.value;
  const state = saving.sheet;
  const shut = closed(state, k);
  if (shut) throw shut;

  const found = [
    ...validateCycleValues(state.loaded.file, k.fy, rawActuals as Actual[], rawActivities as Activity[]),
    ...membershipProblems(state, rawActuals, rawActivities),
    ...clearedProblems(state, cleared, rawActuals),
  ];
  if (hasErrors(found)) throw invalidBody(found, 422);
  const warnings = found;
  const actuals = rawActuals.map((a) => Actual.parse(a));
  const activities = rawActivities.map((a) => Activity.parse(a));

  const refused = refusal(saving, k, base, actuals, activities, cleared);
  if (refused) throw refused;

  const current = sheetValues(state);
  const before: Cells = new Map(
    current.actuals.map((a) => [a.indicatorId, a as unknown as Record<string, unknown>]),
  );
  const beforeText = new Map(current.activities.map((a) => [a.projectId, a.text]));
  const history: HistoryCell[] = [];
  const changedActuals = actuals.filter((a) => {
    const fields = changedFields(
      before.get(a.indicatorId),
      a as unknown as Record<string, unknown>,
      'indicatorId',
    );
    const projectId = state.indicatorProject.get(a.indicatorId) ?? null;
    for (const field of fields) {
      const after = (a as unknown as Record<string, unknown>)[field];
      history.push({
        indicatorId: a.indicatorId,
        projectId,
        field,
        before: before.get(a.indicatorId)?.[field],
        after,
      });
    }
    return fields.length > 0;
  });
  const changedActivities = activities.filter((a) => {
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
  const removed = clearing(state, cleared);
  history.push(...removed.history);
  const changedCells = changedActuals.length + changedActivities.length + removed.ids.length;
  const result = (revision: number, status: string) => ({ revision, status, changedCells, warnings });
  if (changedCells === 0) {
    return c.json(result(state.submission.revision, state.submission.status), 200, {
      ETag: etag(state.submission.revision),
    });
  }

  const touched = new Set([
    ...[...changedActuals.map((a) => a.indicatorId), ...removed.ids].map((id) =>
      state.indicatorProject.get(id),
    ),
    ...changedActivities.map((a) => a.projectId),
  ]);
  const sharing = [
    ...new Set(state.projects.filter((p) => touched.has(p.id)).flatMap((p) => p.departmentIds)),
  ].filter((d) => d !== k.departmentId);
  const m = meta(c);
  const ctx = { ...k, ...m };
  const statements = buildSave(ctx, {
    baseRevision: base,
    actuals: changedActuals,
    activities: changedActivities,
    cleared: removed.ids,
    history,
    sharingDepartments: sharing,
    ...(idem
      ? { idempotency: storeResponse({ ...idem, status: 200 }, result(0, 'draft'), revisionOf(k)) }
      : {}),
  });
  let rows: D1Result[];
  try {
    rows = await db.batch(toD1(db, statements));
  } catch (err) {
    if (!isGuardFailure(err)) throw err;
    const replay = await replayIfStored(c, idem);
    if (replay) return replay;
    const fresh = (await readSaveState(db, k, named)).value;
    if (fresh instanceof HttpProblem) throw fresh;
    throw refusal(fresh, k, base, changedActuals, changedActivities, cleared) ?? sharedApproved(sharing);
  }
  const saved = rows[rows.length - 1]?.results?.[0] as { revision: number; status: string };
  return c.json(result(saved.revision, saved.status), 200, { ETag: etag(saved.revision) });
}
