import { SUBMISSION_STATUS_LABELS, WORKFLOW_ACTION_LABELS } from '../shared/glossary.ts';
import { fiscalYearLabel } from '../shared/notation/index.ts';
import { type Message, type Problem, problem } from '../shared/problem.ts';
import { ROLE_LABELS, type Role, roleNames } from '../shared/roles.ts';
import type { SubmissionStatus } from '../shared/schema/index.ts';
import { missingCellProblem, type SheetMissingCell, type WorkflowAction } from '../shared/workflow/index.ts';

/**
 * The catalogue of refusals: every code the API answers after sign-in, with its HTTP status and its
 * message in Japanese and English, and the one error type that carries them. Routes and services
 * name a refusal from here (`throw cycleLocked(fy)`, or return it), never build one. Sign-in
 * refusals (401, 429, their WWW-Authenticate and Retry-After headers) are auth/failures.ts.
 * A fiscal year is worded as everywhere else (令和5年度, shared/notation); a submission's state
 * with shared/glossary's words.
 */

/**
 * An error a client can act on. Thrown (or returned by a service) anywhere in a request; `onError`
 * (errors.ts) turns it into an RFC 9457 problem document with the message in Japanese and English.
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: Message;
  readonly extra: Record<string, unknown>;

  constructor(status: number, code: string, message: Message, extra: Record<string, unknown> = {}) {
    super(message.en);
    this.name = 'HttpProblem';
    this.status = status;
    this.code = code;
    this.messages = message;
    this.extra = extra;
  }
}

const refusal = (status: number, code: string, ja: string, en: string, extra?: Record<string, unknown>) =>
  new HttpProblem(status, code, { ja, en }, extra);

/** 令和5年度: a fiscal year in a Japanese message. */
export const fy = (year: number): string => fiscalYearLabel(year, 'era-long');

// --- 404: what does not exist, or what the caller may not know exists ------------------------

/** The things a 404 names. */
export const THING = {
  resource: { ja: '指定されたページ', en: 'The requested resource' },
  plan: { ja: '計画', en: 'Plan' },
  department: { ja: '担当課', en: 'Department' },
  user: { ja: '利用者', en: 'User' },
  token: { ja: 'トークン', en: 'Token' },
  indicator: { ja: '指標', en: 'Indicator' },
  cycle: { ja: '報告年度', en: 'Report cycle' },
} as const satisfies Record<string, Message>;

/**
 * The one 404: `what` named, with the id asked for when there is one (only what was sent is
 * echoed, at most 80 characters). Every "not found" of the API is this, code `not_found`.
 */
export function notFound(what: Message, id?: string): HttpProblem {
  const shown = id === undefined ? null : id.slice(0, 80);
  return refusal(
    404,
    'not_found',
    shown === null ? `${what.ja}が見つかりません。` : `${what.ja}「${shown}」が見つかりません。`,
    shown === null ? `${what.en} was not found.` : `${what.en} "${shown}" was not found.`,
  );
}

export const planNotFound = (planId: string) => notFound(THING.plan, planId);

export const cycleNotFound = (planId: string, year: number) =>
  notFound({
    ja: `計画「${planId}」の${fy(year)}の報告年度`,
    en: `The FY${year} report cycle of plan "${planId}"`,
  });

/**
 * The one 404 department staff get for a sheet they cannot reach: another department's, one in a plan
 * none of their projects belongs to, or one that does not exist. It depends only on the ids asked for.
 */
export const sheetNotFound = (k: { planId: string; fy: number; departmentId: string }) =>
  notFound({
    ja: `計画「${k.planId}」の${fy(k.fy)}の担当課「${k.departmentId}」のシート`,
    en: `The sheet of department "${k.departmentId}" in the FY${k.fy} cycle of plan "${k.planId}"`,
  });

/** An indicator that does not exist, or that belongs to no project of a department caller. */
export const indicatorNotFound = (planId: string, indicatorId: string) =>
  notFound({
    ja: `計画「${planId}」の指標「${indicatorId.slice(0, 80)}」`,
    en: `Indicator "${indicatorId.slice(0, 80)}" of plan "${planId}"`,
  });

export const versionNotFound = (planId: string, version: number) =>
  notFound({ ja: `計画「${planId}」の第${version}版`, en: `Version ${version} of plan "${planId}"` });

/** Not an id that is missing: the plan has no earlier version to compare with (the add-in branches on it). */
export const noPreviousVersion = () =>
  refusal(
    404,
    'no_previous_version',
    'この計画には過去の版がないため、新旧対照表は作れません。',
    'This plan has no earlier version, so there is no 新旧対照表.',
  );

// --- 403: visible, but not for this role -------------------------------------------------------

export function forbidden(permission: string, allowed: readonly Role[], role: Role): HttpProblem {
  const roles = roleNames(allowed);
  return refusal(
    403,
    'forbidden',
    `この操作は${roles.ja}だけが行えます（あなたは${ROLE_LABELS[role].ja}です）。`,
    `Only ${roles.en} may do this (you are ${ROLE_LABELS[role].en}).`,
    { action: permission },
  );
}

// --- 400, 413, 415, 422: the request itself --------------------------------------------------

export const badJson = () =>
  refusal(
    400,
    'invalid_json',
    '送信されたデータがJSONとして読めません。形式を確認してください。',
    'The request body is not valid JSON.',
  );

export function tooLarge(limit?: number): HttpProblem {
  const mb = limit ? Math.round(limit / 1048576) : 0;
  return refusal(
    413,
    'body_too_large',
    `送信データが大きすぎます${limit ? `（上限 ${mb} MB）` : ''}。分けて送信してください。`,
    `The request body is too large${limit ? ` (limit ${mb} MB)` : ''}. Send it in smaller parts.`,
    limit ? { limit } : {},
  );
}

export const unsupportedMediaType = (type: string) =>
  refusal(
    415,
    'unsupported_media_type',
    '送信データは JSON（Content-Type: application/json）で送ってください。',
    'Send the body as JSON (Content-Type: application/json).',
    { received: type.slice(0, 100) },
  );

/**
 * Bytes that are not UTF-8 (`offset`: where the first broken sequence starts, from 0). Inside a JSON
 * string they are content the client meant to send: 422 naming the field, as for any other refused
 * text. Elsewhere the body is not even JSON: 400.
 */
export function invalidUtf8(offset: number, fields: readonly string[]): HttpProblem {
  const where = fields.length > 0 ? `（${fields.join('、')}）` : '';
  const whereEn = fields.length > 0 ? ` (${fields.join(', ')})` : '';
  return refusal(
    fields.length > 0 ? 422 : 400,
    'invalid_utf8',
    `送信データに UTF-8 として読めないバイトがあります${where}（${offset + 1} バイト目）。文字コードを UTF-8 にして送り直してください。`,
    `The request body is not valid UTF-8${whereEn} (at byte offset ${offset}). Send it encoded as UTF-8.`,
    { offset, ...(fields.length > 0 ? { fields } : {}) },
  );
}

/** Problems with the body, each naming its field: 400 for its form, 422 (validation_failed) for its content. */
export function invalidBody(list: readonly Problem[], status = 400): HttpProblem {
  const first = list[0];
  const at = first ? `${first.path ? `${first.path}: ` : ''}` : '';
  return refusal(
    status,
    status === 422 ? 'validation_failed' : 'invalid_request',
    `送信データに誤りがあります（${list.length}件）。${first ? `${at}${first.message.ja}` : ''}`,
    `The request has ${list.length} problem(s). ${first ? `${at}${first.message.en}` : ''}`,
    { problems: list.slice(0, 500) },
  );
}

export const emptyBody = () =>
  refusal(
    400,
    'empty_body',
    '読み込む表（.xlsx または .csv）を本文で送ってください。',
    'Send the table to import (.xlsx or .csv) as the request body.',
  );

export const invalidIfMatch = () =>
  refusal(
    400,
    'invalid_if_match',
    'If-Match ヘッダーの形式が正しくありません（例: "12"）。',
    'The If-Match header is malformed (expected e.g. "12").',
  );

export const invalidIdempotencyKey = () =>
  refusal(
    400,
    'invalid_idempotency_key',
    'Idempotency-Key は1～200文字の半角英数記号で指定してください（例: UUID）。',
    'The Idempotency-Key must be 1-200 printable ASCII characters (e.g. a UUID).',
  );

export const idempotencyKeyReused = (key: string) =>
  refusal(
    422,
    'idempotency_key_reused',
    'この Idempotency-Key は別の内容の送信に使われています。送信ごとに新しいキーを付けてください。',
    'This Idempotency-Key was used for a different request. Use a new key for each distinct request.',
    { idempotencyKey: key },
  );

export const invalidTokenExpiry = (expiresAt: unknown) =>
  refusal(
    400,
    'invalid_token_expiry',
    `トークンの有効期限（${String(expiresAt)}）は未来の日時をISO 8601形式（例 2027-03-31T23:59:59Z）で指定してください。`,
    `The token expiry (${String(expiresAt)}) must be a future date-time in ISO 8601 form (e.g. 2027-03-31T23:59:59Z).`,
    { field: 'expiresAt' },
  );

// --- 428: a precondition the write needs -------------------------------------------------------

/** A save without If-Match: it would overwrite whatever the sheet holds by then. */
export const ifMatchRequired = () =>
  refusal(
    428,
    'if_match_required',
    '保存するには、読み込んだときの版（If-Match ヘッダー）を付けてください。最新のシートを読み込み直してから保存してください。',
    'Saving needs the revision you loaded (If-Match header). Reload the sheet and save again.',
  );

/** An approval or return without If-Match: it would judge whatever the sheet holds by then. */
export function reviewedRevisionRequired(action: WorkflowAction): HttpProblem {
  const what = {
    ja: WORKFLOW_ACTION_LABELS[action].ja,
    en: action === 'approve' ? 'Approving' : 'Returning',
  };
  return refusal(
    428,
    'if_match_required',
    `${what.ja}するには、確認したシートの版（If-Match ヘッダー: シートの ETag、または進捗一覧の revision）を付けてください。進捗一覧を読み込み直し、シートを確認してから、もう一度操作してください。`,
    `${what.en} a sheet needs the revision you reviewed (If-Match header: the sheet's ETag or the revision in the cycle status). Reload the status, review the sheet and try again.`,
    { action },
  );
}

// --- 409, 423: the state of what is written ----------------------------------------------------

export const cycleLocked = (year: number) =>
  refusal(
    423,
    'cycle_locked',
    `${fy(year)}の報告は取りまとめ担当がロックしているため変更できません。変更が必要なときは取りまとめ担当に連絡してください。`,
    `The FY${year} cycle is locked by the coordinator, so nothing can be changed. Ask the coordinator if a change is needed.`,
    { fiscalYear: year },
  );

const HINT_NOT_EDITABLE: Partial<Record<SubmissionStatus, Message>> = {
  submitted: {
    ja: '編集するには提出を取り下げてください（reopen）。',
    en: 'Withdraw the submission (reopen) to edit it.',
  },
  approved: {
    ja: '変更が必要なときは取りまとめ担当に差し戻しを依頼してください。',
    en: 'Ask the coordinator to reopen it if a change is needed.',
  },
};

export function notEditable(status: SubmissionStatus, departmentId: string): HttpProblem {
  const hint = HINT_NOT_EDITABLE[status] ?? { ja: '', en: '' };
  return refusal(
    409,
    'submission_not_editable',
    `担当課「${departmentId}」のシートは${SUBMISSION_STATUS_LABELS[status].ja}のため編集できません。${hint.ja}`,
    `The sheet of department "${departmentId}" is ${SUBMISSION_STATUS_LABELS[status].en} and cannot be edited. ${hint.en}`,
    { status },
  );
}

export function badTransition(action: WorkflowAction, status: SubmissionStatus): HttpProblem {
  return refusal(
    409,
    'invalid_transition',
    `${SUBMISSION_STATUS_LABELS[status].ja}のシートには「${WORKFLOW_ACTION_LABELS[action].ja}」を行えません。`,
    `A ${SUBMISSION_STATUS_LABELS[status].en} submission cannot be ${action === 'return' ? 'returned' : `${action}ed`}.`,
    { status, action },
  );
}

export const sharedApproved = (departments: readonly string[]) =>
  refusal(
    409,
    'shared_submission_approved',
    `共同で担当する事業の値は、もう一方の担当課（${departments.join('、')}）のシートが${SUBMISSION_STATUS_LABELS.approved.ja}のため変更できません。`,
    `A value of a shared project cannot change: the sheet of the other department (${departments.join(', ')}) is ${SUBMISSION_STATUS_LABELS.approved.en}.`,
    { departments },
  );

/** A write based on a revision the sheet has moved past; `extra`: ConflictDetails (shared/api.ts). */
export function staleRevision(extra: Record<string, unknown>, conflictCount: number): HttpProblem {
  return conflictCount > 0
    ? refusal(
        409,
        'revision_conflict',
        `読み込んだ後に他の人がこのシートを更新しました。${conflictCount}個のセルが競合しています。サーバーの値を確認してから保存し直してください。`,
        `Someone else updated this sheet after you loaded it; ${conflictCount} cell(s) conflict. Review the server's values and save again.`,
        extra,
      )
    : refusal(
        409,
        'revision_conflict',
        '読み込んだ後に他の人がこのシートを更新しました。最新の内容を読み込んでから保存し直してください（同じセルの競合はありません）。',
        'Someone else updated this sheet after you loaded it. Reload it and save again (no cell you changed conflicts).',
        extra,
      );
}

/** An approval or return of a revision that is no longer the sheet's: it changed after the review. */
export function changedSinceReview(action: WorkflowAction, extra: Record<string, unknown>): HttpProblem {
  const what = { ja: WORKFLOW_ACTION_LABELS[action].ja, en: action === 'approve' ? 'approved' : 'returned' };
  return refusal(
    409,
    'revision_conflict',
    `確認した後にこのシートが変更されたため、${what.ja}していません。最新の内容を読み込み、確認し直してから、もう一度操作してください。`,
    `The sheet changed after you reviewed it, so it was not ${what.en}. Reload it, review it again and try again.`,
    extra,
  );
}

/**
 * A submit of a sheet with blank cells (shared/workflow's completeness rule): 422 naming every cell
 * still to fill (`missing`, and each as a problem with its cell in `problems`, after any error the
 * shared validation found in what the sheet holds). Nothing is stored.
 */
export function incompleteSubmission(
  missing: readonly SheetMissingCell[],
  errors: readonly Problem[],
): HttpProblem {
  const first = missing[0];
  return refusal(
    422,
    'submission_incomplete',
    `空欄のセルが${missing.length}件あるため提出できません。すべての指標に実績値（未確定なら (※) と理由、定性なら状況）を、すべての事業に主な取組を入力してください。${first ? first.message.ja : ''}`,
    `The sheet cannot be submitted: ${missing.length} cell(s) are blank. Every KPI needs its actual (or a missing marker with its reason, or a qualitative status) and every project its main activities. ${first ? first.message.en : ''}`,
    {
      missing: missing.map((m) => ({
        projectId: m.projectId,
        ...(m.indicatorId ? { indicatorId: m.indicatorId } : {}),
        field: m.field,
        messages: m.message,
      })),
      problems: [...missing.map(missingCellProblem), ...errors].slice(0, 500),
    },
  );
}

export const cycleOutsidePlan = (year: number, plan: { start_fy: number; end_fy: number }) =>
  refusal(
    422,
    'cycle_outside_plan',
    `${fy(year)}は計画期間（${fy(plan.start_fy)}～${fy(plan.end_fy)}）の外です。`,
    `FY${year} is outside the plan period (FY${plan.start_fy}-FY${plan.end_fy}).`,
    { fiscalYear: year },
  );

export const cycleExists = (year: number) =>
  refusal(
    409,
    'cycle_exists',
    `${fy(year)}の報告年度はすでにあります。`,
    `The FY${year} cycle already exists.`,
  );

export const planExists = (planId: string) =>
  refusal(
    409,
    'plan_exists',
    `計画「${planId}」はすでに登録されています。目標値の変更は新しい版として登録してください（POST /api/plans/${planId}/versions）。`,
    `Plan "${planId}" already exists. Record target changes as a new version (POST /api/plans/${planId}/versions).`,
    { planId },
  );

export const unknownReference = () =>
  refusal(
    422,
    'unknown_reference',
    '計画ファイルが、登録されていない担当課・事業・指標を参照しています。departments と各 id を確認してください。',
    'The plan file refers to a department, project or indicator that does not exist. Check departments and ids.',
  );

export const versionConflict = (current: number, yours: number) =>
  refusal(
    409,
    'version_conflict',
    `計画は第${current}版に更新されています。最新の版を読み込んでから変更し直してください。`,
    `The plan is now at version ${current}. Reload it and make the changes again.`,
    { currentVersion: current, yourVersion: yours },
  );

export const departmentExists = (id: string) =>
  refusal(
    409,
    'department_exists',
    `担当課「${id}」はすでに登録されています。`,
    `Department "${id}" already exists.`,
  );

export const userExists = (id: string, entraOid: string | null) =>
  refusal(
    409,
    'user_exists',
    `利用者ID「${id}」または Entra ID（${entraOid ?? '-'}）はすでに登録されています。`,
    `User id "${id}" or Entra ID object id (${entraOid ?? '-'}) is already registered.`,
  );

export const unknownDepartments = (ids: readonly string[]) =>
  refusal(
    422,
    'unknown_department',
    `登録されていない担当課があります: ${ids.join('、')}。先に担当課を登録してください。`,
    `Unknown department(s): ${ids.join(', ')}. Register the departments first.`,
    { departmentIds: [...ids] },
  );

export const departmentRequired = () =>
  refusal(
    422,
    'department_required',
    '担当課の利用者には、少なくとも1つの担当課を設定してください。',
    'A department user needs at least one department.',
    { field: 'departmentIds' },
  );

// --- the coordinator's console: directory, plans, goal indicators ------------------------------

export const inactiveDepartments = (ids: readonly string[]) =>
  refusal(
    422,
    'department_inactive',
    `無効にされた担当課は設定できません: ${ids.join('、')}。`,
    `Deactivated department(s) cannot be assigned: ${ids.join(', ')}.`,
    { departmentIds: [...ids] },
  );

export const userInactive = (id: string) =>
  refusal(
    409,
    'user_inactive',
    `利用者「${id}」は無効にされているため、トークンを発行できません。先に有効にしてください。`,
    `User "${id}" is deactivated, so no token can be issued. Reactivate the user first.`,
    { userId: id },
  );

/**
 * An administrator deactivating their own account or giving up their own administrator role: they
 * would lock themself out of the directory (and, deactivated, out of everything) at once. Another
 * administrator does it for them.
 */
export const selfLockout = (change: 'deactivate' | 'role') =>
  change === 'deactivate'
    ? refusal(
        409,
        'self_lockout',
        '自分自身の利用者を無効にすることはできません。ほかの管理者に依頼してください。',
        'You cannot deactivate your own account. Ask another administrator.',
        { change },
      )
    : refusal(
        409,
        'self_lockout',
        '自分自身の管理者の役割を外すことはできません。ほかの管理者に依頼してください。',
        'You cannot remove your own administrator role. Ask another administrator.',
        { change },
      );

/** A CSV of users with bad lines: every problem names its line; nothing is created. */
export function usersImportInvalid(
  problems: readonly { line: number; column: string | null; code: string; message: Message }[],
): HttpProblem {
  const first = problems[0];
  return refusal(
    422,
    'users_import_invalid',
    `CSVに誤りがあります（${problems.length}件）。誰も登録していません。${first ? first.message.ja : ''}`,
    `The CSV has ${problems.length} problem(s); no user was created. ${first ? first.message.en : ''}`,
    { lineProblems: problems.slice(0, 1000) },
  );
}

export const confirmRequired = (planId: string) =>
  refusal(
    400,
    'confirm_required',
    `計画を削除するには、確認のため計画ID「${planId}」を confirm に指定してください（?confirm=${planId}）。`,
    `To delete the plan, confirm with its id (?confirm=${planId}).`,
    { planId },
  );

export const planHasValues = (planId: string) =>
  refusal(
    409,
    'plan_has_values',
    `計画「${planId}」には担当課が入力・提出した値があるため削除できません。不要な場合はアーカイブしてください。`,
    `Plan "${planId}" holds values departments entered or submitted, so it cannot be deleted. Archive it instead.`,
    { planId },
  );

export const planInUse = (planId: string, years: readonly number[]) =>
  refusal(
    409,
    'plan_in_use',
    `計画「${planId}」は受付中の報告年度（${years.map(fy).join('、')}）に担当課の入力があるためアーカイブできません。先に報告年度を締め切ってください。`,
    `Plan "${planId}" has values entered in open cycles (FY${years.join(', FY')}), so it cannot be archived. Lock those cycles first.`,
    { planId, fiscalYears: [...years] },
  );

export const notGoalIndicators = (ids: readonly string[]) =>
  refusal(
    422,
    'not_goal_indicator',
    `数値目標の指標ではありません: ${ids.join('、')}。担当課を割り当てられるのは基本目標の数値目標だけです。`,
    `Not goal indicators: ${ids.join(', ')}. Only the indicators of goals are assigned to a department.`,
    { indicatorIds: [...ids] },
  );

// --- 500 and other HTTP errors -----------------------------------------------------------------

export const httpError = (status: number, message: string) =>
  refusal(status, 'http_error', 'リクエストを処理できません。', message || 'Bad request.');

export const internalError = (requestId: string) =>
  refusal(
    500,
    'internal_error',
    `サーバーで予期しないエラーが発生しました。時間をおいて再度お試しください（受付番号 ${requestId}）。`,
    `An unexpected error occurred on the server. Please try again later (request id ${requestId}).`,
    { requestId },
  );

// --- Cell problems of a save (inside a 422 validation_failed) ----------------------------------

/**
 * An indicator a save or a clearing names that is not on this department's sheet. The same problem,
 * word for word, whether the id is another department's indicator or none at all: a department
 * cannot tell which ids exist.
 */
export const indicatorNotOnSheet = (path: string, indicatorId: string, verb: 'save' | 'clear'): Problem =>
  problem(
    'sheet.indicator_not_on_sheet',
    path,
    verb === 'save'
      ? {
          ja: `指標「${indicatorId}」はこの担当課のシートにありません。自分の担当課の事業の指標と、担当に割り当てられた数値目標だけを保存できます。`,
          en: `Indicator "${indicatorId}" is not on this department's sheet. Only your projects' indicators and the goal indicators assigned to your department can be saved.`,
        }
      : {
          ja: `指標「${indicatorId}」はこの担当課のシートにありません。自分の担当課の事業の指標と、担当に割り当てられた数値目標だけを消去できます。`,
          en: `Indicator "${indicatorId}" is not on this department's sheet. Only your projects' indicators and the goal indicators assigned to your department can be cleared.`,
        },
    { cell: { indicatorId, field: 'value' } },
  );

/** A project a save names that is not on this department's sheet: the same whether it exists or not. */
export const projectNotOnSheet = (path: string, projectId: string): Problem =>
  problem(
    'sheet.project_not_on_sheet',
    path,
    {
      ja: `事業「${projectId}」はこの担当課のシートにありません。`,
      en: `Project "${projectId}" is not on this department's sheet.`,
    },
    { cell: { projectId, field: 'activities' } },
  );

export const clearedAndSaved = (path: string, indicatorId: string): Problem =>
  problem(
    'clear.also_saved',
    path,
    {
      ja: `指標「${indicatorId}」の実績が、保存と消去の両方に含まれています。どちらか一方にしてください。`,
      en: `Indicator "${indicatorId}" is both saved (actuals) and cleared. Send it in one of them only.`,
    },
    { cell: { indicatorId, field: 'value' } },
  );

// --- The conversation around a number: comments, evidence (docs/conversation.md) ---------------

export const CONVERSATION_THING = {
  project: { ja: '事業', en: 'Project' },
  comment: { ja: 'コメント', en: 'Comment' },
  evidence: { ja: '証拠ファイル', en: 'Evidence file' },
} as const satisfies Record<string, Message>;

/** A comment's text that cannot be stored (empty, too long, a refused character): 422 naming the field. */
export const commentRefused = (why: Message, field = 'text') =>
  refusal(422, 'comment_invalid', `${field}: ${why.ja}`, `${field}: ${why.en}`, { field });

/** Editing someone else's comment: the thread is visible, the comment is theirs. */
export const commentNotYours = (commentId: string) =>
  refusal(
    403,
    'comment_not_author',
    'コメントを編集できるのは投稿した本人だけです。新しいコメントとして投稿してください。',
    'Only the author may edit a comment. Post a new comment instead.',
    { commentId },
  );

/** A file larger than the evidence limit: 413 naming the limit. */
export function evidenceTooLarge(limit: number, size: number | null): HttpProblem {
  const mb = Math.round(limit / 1048576);
  return refusal(
    413,
    'evidence_too_large',
    `証拠ファイルは ${mb} MB までです${size === null ? '' : `（このファイルは ${(size / 1048576).toFixed(1)} MB）`}。小さくするか分けて添付してください。`,
    `An evidence file may be at most ${mb} MB${size === null ? '' : ` (this one is ${(size / 1048576).toFixed(1)} MB)`}. Make it smaller or split it.`,
    { limit, ...(size === null ? {} : { size }) },
  );
}

export const evidenceEmpty = () =>
  refusal(
    422,
    'evidence_empty',
    '証拠ファイルが空です（0 バイト）。',
    'The evidence file is empty (0 bytes).',
    {
      field: 'body',
    },
  );

/** Bytes that are none of the allowed kinds (judged from the bytes, not the claimed type). */
export const evidenceTypeRefused = (fileName: string, allowed: readonly string[]) =>
  refusal(
    422,
    'evidence_type_refused',
    `「${fileName.slice(0, 80)}」は添付できない種類のファイルです。添付できるのは ${allowed.join('・')} です（中身で判定します）。`,
    `"${fileName.slice(0, 80)}" is not a kind of file that may be attached. Allowed: ${allowed.join(', ')} (judged by the content).`,
    { field: 'body', allowed: [...allowed] },
  );

export const evidenceLimitReached = (max: number) =>
  refusal(
    422,
    'evidence_limit_reached',
    `この指標の証拠ファイルは ${max} 件までです。`,
    `An indicator's value may carry at most ${max} evidence files.`,
    { limit: max },
  );

/** A name the file could be stored under is required (?name=…). */
export const evidenceNameRequired = () =>
  refusal(
    400,
    'evidence_name_required',
    'ファイル名を ?name= で指定してください。',
    'Give the file name as ?name=… .',
    { field: 'name' },
  );

/** A return's KPI pointer that is not on the returned sheet (the same words whether it exists or not). */
export const returnPointerNotOnSheet = (path: string, indicatorId: string): Problem =>
  problem(
    'return.indicator_not_on_sheet',
    path,
    {
      ja: `指標「${indicatorId.slice(0, 80)}」は差し戻すシートにありません。`,
      en: `Indicator "${indicatorId.slice(0, 80)}" is not on the sheet being returned.`,
    },
    { cell: { indicatorId, field: 'value' } },
  );

/** A chain kept moving under a write for several attempts (many writers on one sheet at once). */
export const chainBusy = () =>
  refusal(
    409,
    'history_busy',
    '同じシートへの書き込みが重なりました。もう一度送信してください（何も保存していません）。',
    'Other writes to the same sheet kept arriving. Send it again (nothing was stored).',
  );
