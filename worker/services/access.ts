import { can, type Permission, reachesEveryDepartment, rolesWith } from '../../shared/roles.ts';
import { canAccessDepartment, type Principal } from '../auth/principal.ts';
import { planHoldsDepartments } from '../db/plans.ts';
import type { SubmissionKey } from '../db/submissions.ts';
import { forbidden, type HttpProblem, planNotFound, sheetNotFound } from '../refusals.ts';
import type { WriteOutcome } from './write.ts';

/**
 * Who may do what, checked in one place against the one table (shared/roles.ts). Department staff
 * reach only their own departments' submissions (a shared project is reachable through either
 * department) and the plans holding one of their projects; coordinators reach every department and
 * run the workflow; admins manage plans, departments, users and tokens.
 *
 * What a caller may not see is never told apart from what does not exist: a plan, sheet or
 * indicator outside a department's reach answers exactly the 404 a missing one answers (same
 * status, same body). 403 is kept for what the caller can see but their role may not do (a
 * department approving its own submission, reading the status board of its own plan), and for
 * routes no id of which the role could ever reach (the admin area, importing a plan): there the
 * answer is the same whatever the ids name.
 */

/** The 403 for a permission the caller's role lacks, or null. */
export function roleRefusal(p: Principal, permission: Permission): HttpProblem | null {
  return can(p.role, permission) ? null : forbidden(permission, rolesWith(permission), p.role);
}

export function requireAction(p: Principal, permission: Permission): void {
  const refused = roleRefusal(p, permission);
  if (refused) throw refused;
}

/** Department staff see a plan only when one of its projects is theirs; others see every plan. */
export async function canSeePlan(db: D1Database, p: Principal, planId: string): Promise<boolean> {
  if (reachesEveryDepartment(p.role)) return true;
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
  permission: Permission,
): Promise<void> {
  if (!(await canSeePlan(db, p, planId))) throw planNotFound(planId);
  requireAction(p, permission);
}

/** Whether the sheet's department is the caller's (coordinators and admins: every department). */
export function canReachSheet(p: Principal, k: SubmissionKey): boolean {
  return canAccessDepartment(p, k.departmentId);
}

/** Reach, then role, for an action on one sheet, without the database: the 404 or 403, or null. */
export function sheetActionRefusal(
  p: Principal,
  permission: Permission,
  k: SubmissionKey,
): HttpProblem | null {
  return canReachSheet(p, k) ? roleRefusal(p, permission) : sheetNotFound(k);
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
  permission: Permission,
  k: SubmissionKey,
): Promise<void> {
  if (!canReachSheet(p, k)) throw sheetNotFound(k);
  if (can(p.role, permission)) return;
  if (!reachesEveryDepartment(p.role) && !(await planHoldsDepartments(db, k.planId, [k.departmentId])))
    throw sheetNotFound(k);
  requireAction(p, permission);
}

/**
 * A refusal of a sheet's read or write as the caller may see it: for department staff every 404
 * (no such plan, cycle or sheet) is the one `sheetNotFound`, so the answer never tells which of them
 * is missing; coordinators and admins get the precise one.
 */
export function asSeenBy(p: Principal, k: SubmissionKey, problem: HttpProblem): HttpProblem {
  return problem.status === 404 && !reachesEveryDepartment(p.role) ? sheetNotFound(k) : problem;
}

/** asSeenBy for the outcome of a write. */
export function outcomeSeenBy<T>(p: Principal, k: SubmissionKey, outcome: WriteOutcome<T>): WriteOutcome<T> {
  return outcome.kind === 'refused' ? { kind: 'refused', problem: asSeenBy(p, k, outcome.problem) } : outcome;
}
