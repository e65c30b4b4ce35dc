import { canAccessDepartment, type Principal, ROLE_LABELS, type Role } from '../auth/principal.ts';
import { planHoldsDepartments } from '../db/plans.ts';
import type { SubmissionKey } from '../db/submissions.ts';
import { HttpProblem } from '../errors.ts';

/**
 * Who may do what, decided in one place. Department staff reach only their own departments'
 * submissions (a shared project is reachable through either department) and the plans holding
 * one of their projects; coordinators reach every department and run the workflow; admins manage
 * plans, departments, users and tokens.
 *
 * What a caller may not see is never told apart from what does not exist: a plan, sheet or
 * indicator outside a department's reach answers exactly the 404 a missing one answers (same
 * status, same body). 403 is kept for what the caller can see but their role may not do (a
 * department approving its own submission, reading the status board of its own plan), and for
 * routes no id of which the role could ever reach (the admin area, importing a plan): there the
 * answer is the same whatever the ids name.
 */
export type Action =
  | 'plan.read'
  | 'plan.write'
  | 'plan.export'
  | 'cycle.write'
  | 'cycle.lock'
  | 'cycle.status'
  | 'sheet.read'
  | 'sheet.write'
  | 'submission.submit'
  | 'submission.review'
  | 'submission.reopen'
  | 'history.read'
  | 'admin';

const ALLOWED: Record<Action, readonly Role[]> = {
  'plan.read': ['admin', 'coordinator'],
  'plan.write': ['admin', 'coordinator'],
  'plan.export': ['admin', 'coordinator'],
  'cycle.write': ['admin', 'coordinator'],
  'cycle.lock': ['coordinator'],
  'cycle.status': ['admin', 'coordinator'],
  'sheet.read': ['admin', 'coordinator', 'department'],
  'sheet.write': ['coordinator', 'department'],
  'submission.submit': ['coordinator', 'department'],
  'submission.review': ['coordinator'],
  'submission.reopen': ['coordinator', 'department'],
  'history.read': ['admin', 'coordinator', 'department'],
  admin: ['admin'],
};

const roleList = (roles: readonly Role[]) => ({
  ja: roles.map((r) => ROLE_LABELS[r].ja).join('・'),
  en: roles.map((r) => ROLE_LABELS[r].en).join(', '),
});

export function can(p: Principal, action: Action): boolean {
  return ALLOWED[action].includes(p.role);
}

export function requireAction(p: Principal, action: Action): void {
  if (can(p, action)) return;
  const roles = roleList(ALLOWED[action]);
  throw new HttpProblem(
    403,
    'forbidden',
    {
      ja: `この操作は${roles.ja}だけが行えます（あなたは${ROLE_LABELS[p.role].ja}です）。`,
      en: `Only ${roles.en} may do this (you are ${ROLE_LABELS[p.role].en}).`,
    },
    { action },
  );
}

/** The 404 of a plan that does not exist, word for word what services/plan-header.ts and plans.ts answer. */
export function planNotFound(planId: string): HttpProblem {
  return new HttpProblem(404, 'not_found', {
    ja: `計画「${planId}」が見つかりません。`,
    en: `Plan "${planId}" was not found.`,
  });
}

/**
 * The one 404 department staff get for a sheet they cannot reach: another department's, one in a
 * plan none of their projects belongs to, or one that does not exist (no such plan, cycle or sheet).
 * It depends on nothing but the ids asked for.
 */
export function sheetNotFound(k: SubmissionKey): HttpProblem {
  return new HttpProblem(404, 'not_found', {
    ja: `計画「${k.planId}」の${k.fy}年度に、担当課「${k.departmentId}」のシートは見つかりません。`,
    en: `No sheet of department "${k.departmentId}" was found in the FY${k.fy} cycle of plan "${k.planId}".`,
  });
}

/** The 404 of an indicator that does not exist, or that belongs to no project of a department caller. */
export function indicatorNotFound(planId: string, indicatorId: string): HttpProblem {
  return new HttpProblem(404, 'not_found', {
    ja: `計画「${planId}」に指標「${indicatorId}」はありません。`,
    en: `Plan "${planId}" has no indicator "${indicatorId}".`,
  });
}

/** Department staff see a plan only when one of its projects is theirs; others see every plan. */
export async function canSeePlan(db: D1Database, p: Principal, planId: string): Promise<boolean> {
  if (p.role !== 'department') return true;
  return planHoldsDepartments(db, planId, p.departmentIds);
}

/**
 * An action on a whole plan (its file, versions, cycles, status, exports): a plan outside a
 * department's reach is a 404 before the role is judged, so 403 says only "visible, not for you".
 * Whether the plan exists at all is left to the route's own read (the same 404).
 */
export async function requirePlanAction(
  db: D1Database,
  p: Principal,
  planId: string,
  action: Action,
): Promise<void> {
  if (!(await canSeePlan(db, p, planId))) throw planNotFound(planId);
  requireAction(p, action);
}

/** Whether the sheet's department is the caller's (coordinators and admins: every department). */
export function canReachSheet(p: Principal, k: SubmissionKey): boolean {
  return canAccessDepartment(p, k.departmentId);
}

/**
 * The action on one department's sheet. Another department's sheet is a 404 (the same as a sheet
 * that does not exist); a role that may not do this on a sheet it can see is a 403. A department
 * asking for an action of another role on its own department in a plan it has no project in gets
 * the 404 too (one more query, only on that refused path).
 */
export async function requireSheetAction(
  db: D1Database,
  p: Principal,
  action: Action,
  k: SubmissionKey,
): Promise<void> {
  if (!canReachSheet(p, k)) throw sheetNotFound(k);
  if (can(p, action)) return;
  if (p.role === 'department' && !(await planHoldsDepartments(db, k.planId, [k.departmentId])))
    throw sheetNotFound(k);
  requireAction(p, action);
}

/**
 * Runs a read or write of a sheet; for department staff every 404 it ends in (no such plan, cycle
 * or sheet) becomes the one `sheetNotFound`, so the answer never tells which of them is missing.
 */
export async function asSeenBy<T>(p: Principal, k: SubmissionKey, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (p.role === 'department' && err instanceof HttpProblem && err.status === 404) throw sheetNotFound(k);
    throw err;
  }
}
