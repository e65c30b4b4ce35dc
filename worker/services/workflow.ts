import type { WorkflowResponse } from '../../shared/api.ts';
import { hasErrors } from '../../shared/problem.ts';
import { validateCycleValues } from '../../shared/validation/index.ts';
import {
  actionPermission,
  commentAfter,
  needsReviewedRevision,
  transitionFor,
  type WorkflowAction,
} from '../../shared/workflow/index.ts';
import type { Stmt } from '../db/sql.ts';
import { buildTransition, type SubmissionKey } from '../db/submissions.ts';
import {
  badTransition,
  changedSinceReview,
  cycleLocked,
  HttpProblem,
  incompleteSubmission,
  invalidBody,
  returnPointerNotOnSheet,
  reviewedRevisionRequired,
  staleRevision,
} from '../refusals.ts';
import { sheetActionRefusal } from './access.ts';
import { postWithHistory } from './comments.ts';
import {
  completenessOf,
  loadSheetState,
  onSheet,
  readSheetState,
  type SheetState,
  sheetValues,
  submissionInfo,
} from './sheet.ts';
import { type Decision, refused, type WriteOutcome, type WriteRequest, writeSubmission } from './write.ts';

/**
 * A workflow step on a submission (shared/workflow holds the rules: draft → submitted → approved, or
 * submitted → returned with a comment → draft). Each step is one batch guarded like a save, so two
 * coordinators clicking at once produce one transition and one clear refusal.
 */

type Step = ReturnType<typeof transitionFor>;

/** A step's body: its comment and, for a return, the KPIs it points at (ReturnWithKpisRequest). */
export interface StepBody {
  comment?: string | undefined;
  indicatorIds?: readonly string[] | undefined;
}

/** Why the step cannot be taken on the sheet as it is, or null. */
function stepRefusal(
  s: SheetState,
  k: SubmissionKey,
  action: WorkflowAction,
  step: Step,
  base: number | null,
  w: WriteRequest,
): HttpProblem | null {
  if (s.cycle.locked === 1) return cycleLocked(k.fy);
  if (base !== null && s.submission.revision !== base) {
    const extra = {
      currentRevision: s.submission.revision,
      yourRevision: base,
      conflicts: [],
      server: { submission: submissionInfo(s, w.principal), ...sheetValues(s) },
    };
    return needsReviewedRevision(action) ? changedSinceReview(action, extra) : staleRevision(extra, 0);
  }
  if (!step.from.includes(s.submission.status)) return badTransition(action, s.submission.status);
  return null;
}

/**
 * A return that points at KPIs (docs/conversation.md §1): the return comment is posted into the thread
 * of each indicator named, in the step's own batch. Every id must be on the returned sheet (422 naming
 * each that is not, the same words whether it exists elsewhere or not).
 */
function pointerPosts(
  k: SubmissionKey,
  s: SheetState,
  ids: readonly string[],
  comment: string | null,
  w: WriteRequest,
): Stmt[] | HttpProblem {
  const problems = ids.flatMap((id, i) =>
    onSheet(s, id) ? [] : [returnPointerNotOnSheet(`indicatorIds[${i}]`, id)],
  );
  if (problems.length > 0) return invalidBody(problems, 422);
  if (comment === null) return [];
  return [...new Set(ids)].flatMap((id) =>
    postWithHistory({ ...k, kind: 'indicator', targetId: id }, crypto.randomUUID(), comment, w.meta),
  );
}

function decideStep(
  db: D1Database,
  k: SubmissionKey,
  action: WorkflowAction,
  sent: StepBody,
  w: WriteRequest,
  s: SheetState,
): Decision<WorkflowResponse> {
  const sentComment = sent.comment;
  const step = transitionFor(action, w.principal.role);
  const refusal = stepRefusal(s, k, action, step, w.base, w);
  if (refusal) return refusal;
  if (action === 'submit') {
    // A sheet is submitted only when it is complete (every KPI and 主な取組 filled: shared/workflow)
    // and everything on it passes the shared validation; the refusal names every cell.
    const values = sheetValues(s);
    const found = validateCycleValues(s.loaded.file, k.fy, values.actuals, values.activities);
    const errors = found.filter((p) => p.severity === 'error');
    const { missing } = completenessOf(s);
    if (missing.length > 0) return incompleteSubmission(missing, errors);
    if (hasErrors(found)) return invalidBody(found, 422);
  }
  const comment = commentAfter(action, sentComment, s.submission.comment);
  const posts =
    action === 'return' && sent.indicatorIds ? pointerPosts(k, s, sent.indicatorIds, comment, w) : [];
  if (posts instanceof HttpProblem) return posts;
  const base = w.base ?? s.submission.revision;
  return {
    statements: (store) => {
      const batch = buildTransition(
        { ...k, ...w.meta },
        { action, ...step, before: s.submission.status, comment, baseRevision: base, idempotency: store },
      );
      // The posts go before the batch's last statement, the read of the submission it answers with.
      return [...batch.slice(0, -1), ...posts, ...batch.slice(-1)];
    },
    expected: { status: step.to, comment },
    response: (row) => ({ status: row.status, revision: row.revision, comment: row.comment }),
    whyRefused: async () => {
      const fresh = await loadSheetState(db, k);
      if (fresh instanceof HttpProblem) return fresh;
      return stepRefusal(fresh, k, action, step, base, w) ?? badTransition(action, fresh.submission.status);
    },
  };
}

/**
 * Takes the workflow step `action` on the sheet `k`: the new state, a replay of the first answer to
 * the same Idempotency-Key, or a refusal. Approving and returning judge the revision reviewed
 * (`w.base`, required).
 */
export async function stepSubmission(
  db: D1Database,
  k: SubmissionKey,
  action: WorkflowAction,
  body: StepBody,
  w: WriteRequest,
): Promise<WriteOutcome<WorkflowResponse>> {
  // The route has judged reach and role already (requireSheetAction); this guards other callers.
  const denied = sheetActionRefusal(w.principal, actionPermission(action), k);
  if (denied) return refused(denied);
  if (w.base === null && needsReviewedRevision(action)) return refused(reviewedRevisionRequired(action));
  return writeSubmission(
    db,
    k,
    w,
    (also) => readSheetState(db, k, [], also),
    (state) => decideStep(db, k, action, body, w, state),
  );
}
