import type { CommentTargetKind } from '../../shared/conversation/api.ts';
import type { Permission } from '../../shared/roles.ts';
import { canAccessDepartment, type Principal } from '../auth/principal.ts';
import { departmentsIn, sheetIn, sheetOfQuery, targetDepartmentsQuery } from '../db/comments.ts';
import type { SubmissionKey } from '../db/submissions.ts';
import { CONVERSATION_THING, HttpProblem, notFound, sheetNotFound, THING } from '../refusals.ts';
import { canReachSheet, requireAction } from './access.ts';

/**
 * Who reaches a thread or an evidence file (docs/conversation.md §1–2). Both hang on a target — an
 * indicator or a project — on one department's sheet. Department staff reach it through that
 * department, or through another department of the same shared project (the conversation about a
 * shared KPI is one); coordinators and administrators reach every sheet. Anything else is the 404 of
 * a sheet that does not exist, judged before the role (403) and before the request's own parameters.
 */

export interface TargetRef {
  kind: CommentTargetKind;
  id: string;
}

export interface TargetAccess {
  locked: boolean;
  /** The departments whose sheets hold the target. */
  departments: string[];
}

const thingOf = (kind: CommentTargetKind) =>
  kind === 'indicator' ? THING.indicator : CONVERSATION_THING.project;

/**
 * Reach, then role, then the target: throws the 404 or 403, or the refusal of an unreadable target
 * (`target` as an HttpProblem: a missing or malformed ?indicatorId=), once reach and role are judged.
 */
export async function requireTargetAccess(
  db: D1Database,
  p: Principal,
  permission: Permission,
  k: SubmissionKey,
  target: TargetRef | HttpProblem,
): Promise<TargetAccess> {
  const known = target instanceof HttpProblem ? null : target;
  const rows = await db.batch([
    sheetOfQuery(db, k.planId, k.fy, k.departmentId),
    ...(known ? [targetDepartmentsQuery(db, k.planId, known.kind, known.id)] : []),
  ]);
  const sheet = sheetIn(rows[0]);
  if (!sheet) throw sheetNotFound(k);
  const departments = known ? departmentsIn(rows[1]) : [];
  const onSheet = departments.includes(k.departmentId);
  const throughShared = onSheet && departments.some((d) => canAccessDepartment(p, d));
  if (!canReachSheet(p, k) && !throughShared) throw sheetNotFound(k);
  requireAction(p, permission);
  if (target instanceof HttpProblem) throw target;
  if (!onSheet) throw notFound(thingOf(target.kind), target.id);
  return { locked: sheet.locked, departments };
}
