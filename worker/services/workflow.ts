import { hasErrors } from '../../shared/problem.ts';
import type { SubmissionStatus } from '../../shared/schema/index.ts';
import { validateCycleValues } from '../../shared/validation/index.ts';
import type { Principal } from '../auth/principal.ts';
import { toD1 } from '../db/d1.ts';
import { storeResponse } from '../db/idempotency.ts';
import { buildTransition, isGuardFailure, revisionOf, type SubmissionKey } from '../db/submissions.ts';
import { HttpProblem } from '../errors.ts';
import { type Ctx, etag, invalidBody, meta } from '../http.ts';
import { canReachSheet, requireAction, sheetNotFound } from './access.ts';
import { idempotentRequest, readWithIdempotency, replayIfStored } from './idempotency.ts';
import { badTransition, cycleLocked, staleRevision } from './refusals.ts';
import {
  loadSheetState,
  readSheetState,
  type SheetState,
  sheetOrThrow,
  sheetValues,
  submissionInfo,
} from './sheet.ts';

/**
 * The submission workflow: draft → submitted → approved, or submitted → returned (with a
 * comment) → draft. Each step is one batch guarded like a save, so two coordinators clicking at
 * once produce one transition and one clear refusal.
 */

export type WorkflowAction = 'submit' | 'approve' | 'return' | 'reopen';

interface Rule {
  from: readonly SubmissionStatus[];
  to: SubmissionStatus;
}

function ruleFor(action: WorkflowAction, p: Principal): Rule {
  switch (action) {
    case 'submit':
      return { from: ['draft', 'returned'], to: 'submitted' };
    case 'approve':
      return { from: ['submitted'], to: 'approved' };
    case 'return':
      return { from: ['submitted', 'approved'], to: 'returned' };
    case 'reopen':
      // Department staff may withdraw their own submission or resume a returned one; only a
      // coordinator reopens an approved sheet.
      return p.role === 'coordinator'
        ? { from: ['submitted', 'returned', 'approved'], to: 'draft' }
        : { from: ['submitted', 'returned'], to: 'draft' };
  }
}

export const ACTION_PERMISSION = {
  submit: 'submission.submit',
  approve: 'submission.review',
  return: 'submission.review',
  reopen: 'submission.reopen',
} as const;

/** Approving and returning judge the sheet the coordinator reviewed: they need its revision (If-Match). */
export function needsReviewedRevision(action: WorkflowAction): boolean {
  return action === 'approve' || action === 'return';
}

/** 428 for an approval or return without If-Match: it would judge whatever the sheet holds by then. */
export function reviewedRevisionRequired(action: WorkflowAction): HttpProblem {
  const what = action === 'approve' ? { ja: '承認', en: 'Approving' } : { ja: '差し戻し', en: 'Returning' };
  return new HttpProblem(
    428,
    'if_match_required',
    {
      ja: `${what.ja}するには、確認したシートの版（If-Match ヘッダー: シートの ETag、または進捗一覧の revision）を付けてください。進捗一覧を読み込み直し、シートを確認してから、もう一度操作してください。`,
      en: `${what.en} a sheet needs the revision you reviewed (If-Match header: the sheet's ETag or the revision in the cycle status). Reload the status, review the sheet and try again.`,
    },
    { action },
  );
}

/** 409 for an approval or return of a revision that is no longer the sheet's: it changed after the review. */
function changedSinceReview(action: WorkflowAction, extra: Record<string, unknown>): HttpProblem {
  const what = action === 'approve' ? { ja: '承認', en: 'approved' } : { ja: '差し戻し', en: 'returned' };
  return new HttpProblem(
    409,
    'revision_conflict',
    {
      ja: `確認した後にこのシートが変更されたため、${what.ja}していません。最新の内容を読み込み、確認し直してから、もう一度操作してください。`,
      en: `The sheet changed after you reviewed it, so it was not ${what.en}. Reload it, review it again and try again.`,
    },
    extra,
  );
}

function commentFor(action: WorkflowAction, given: string | undefined, s: SheetState): string | null {
  if (action === 'reopen') return given ?? s.submission.comment;
  return given ?? null;
}

function refusal(s: SheetState, k: SubmissionKey, action: WorkflowAction, rule: Rule, base: number | null) {
  if (s.cycle.locked === 1) return cycleLocked(k.fy);
  if (base !== null && s.submission.revision !== base) {
    const values = sheetValues(s);
    const extra = {
      currentRevision: s.submission.revision,
      yourRevision: base,
      conflicts: [],
      server: { submission: submissionInfo(s), ...values },
    };
    return needsReviewedRevision(action) ? changedSinceReview(action, extra) : staleRevision(extra, 0);
  }
  if (!rule.from.includes(s.submission.status)) return badTransition(action, s.submission.status);
  return null;
}

export async function transition(
  c: Ctx,
  k: SubmissionKey,
  action: WorkflowAction,
  text: string,
  comment: string | undefined,
  base: number | null,
): Promise<Response> {
  const p = c.get('principal');
  // The route has judged reach and role already (access.requireSheetAction); this guards other callers.
  if (!canReachSheet(p, k)) throw sheetNotFound(k);
  requireAction(p, ACTION_PERMISSION[action]);
  if (base === null && needsReviewedRevision(action)) throw reviewedRevisionRequired(action);
  const idem = await idempotentRequest(c, text);
  const db = c.env.DB;
  const read = await readWithIdempotency(c, idem, (also) => readSheetState(db, k, [], also));
  if ('replay' in read) return read.replay;
  const rule = ruleFor(action, p);
  const state = sheetOrThrow(read.value);
  const refused = refusal(state, k, action, rule, base);
  if (refused) throw refused;

  if (action === 'submit') {
    // A sheet is submitted only when everything on it passes the shared validation.
    const values = sheetValues(state);
    const found = validateCycleValues(state.loaded.file, k.fy, values.actuals, values.activities);
    if (hasErrors(found)) throw invalidBody(found, 422);
  }
  const newComment = commentFor(action, comment, state);
  const body = { status: rule.to, revision: 0, comment: newComment };
  const statements = buildTransition(
    { ...k, ...meta(c) },
    {
      action,
      from: rule.from,
      to: rule.to,
      before: state.submission.status,
      comment: newComment,
      baseRevision: base ?? state.submission.revision,
      ...(idem ? { idempotency: storeResponse({ ...idem, status: 200 }, body, revisionOf(k)) } : {}),
    },
  );
  let rows: D1Result[];
  try {
    rows = await db.batch(toD1(db, statements));
  } catch (err) {
    if (!isGuardFailure(err)) throw err;
    const replay = await replayIfStored(c, idem);
    if (replay) return replay;
    const fresh = await loadSheetState(db, k);
    throw (
      refusal(fresh, k, action, rule, base ?? state.submission.revision) ??
      badTransition(action, fresh.submission.status)
    );
  }
  const saved = rows[rows.length - 1]?.results?.[0] as {
    status: SubmissionStatus;
    revision: number;
    comment: string | null;
  };
  return c.json(saved, 200, { ETag: etag(saved.revision) });
}
