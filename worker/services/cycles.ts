import type { CycleStatusResponse } from '../../shared/api.ts';
import type { SubmissionStatus } from '../../shared/schema/index.ts';
import { allowedActions, filledCount, SUBMISSION_STATUSES } from '../../shared/workflow/index.ts';
import { canAccessDepartment, type Principal } from '../auth/principal.ts';
import { createCycle, cycleStatus, cycleSummary, getCycle, listCycles, setCycleLock } from '../db/cycles.ts';
import { isUniqueViolation } from '../db/directory.ts';
import { cycleExists, cycleNotFound, cycleOutsidePlan } from '../refusals.ts';
import { requirePlanHeader } from './plan-header.ts';
import type { RequestMeta } from './write.ts';

/** Report cycles: open one for a fiscal year, lock it against changes, see every department's state. */

export async function openCycle(
  db: D1Database,
  planId: string,
  fy: number,
  label: string | null,
  m: RequestMeta,
) {
  const plan = await requirePlanHeader(db, planId);
  if (fy < plan.start_fy || fy > plan.end_fy) throw cycleOutsidePlan(fy, plan);
  try {
    await createCycle(db, planId, fy, label, m);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw cycleExists(fy);
  }
  return cycleSummary((await getCycle(db, planId, fy))!);
}

export async function cyclesOf(db: D1Database, planId: string) {
  await requirePlanHeader(db, planId);
  return { planId, cycles: (await listCycles(db, [planId])).get(planId) ?? [] };
}

export async function lockCycle(
  db: D1Database,
  planId: string,
  fy: number,
  locked: boolean,
  m: RequestMeta,
  comment: string | null,
) {
  const before = await getCycle(db, planId, fy);
  if (!before) throw cycleNotFound(planId, fy);
  await setCycleLock(db, planId, fy, locked, m, comment);
  // Locking a locked cycle is not an error: the state asked for is the state it is in.
  return cycleSummary((await getCycle(db, planId, fy))!);
}

/**
 * Every department's submission in the cycle as `viewer` sees the board: how far each is filled
 * (shared/workflow's rule, applied to the stored values) and which workflow steps they may take on it.
 */
export async function statusOf(
  db: D1Database,
  planId: string,
  fy: number,
  viewer: Principal,
): Promise<CycleStatusResponse> {
  const { cycle, departments } = await cycleStatus(db, planId, fy);
  if (!cycle) throw cycleNotFound(planId, fy);
  const locked = cycle.locked === 1;
  const counts = Object.fromEntries(SUBMISSION_STATUSES.map((s) => [s, 0])) as Record<
    SubmissionStatus,
    number
  >;
  for (const d of departments) counts[d.status]++;
  return {
    planId,
    fiscalYear: fy,
    locked,
    counts,
    departments: departments.map(({ actuals, ...d }) => ({
      ...d,
      filledCount: filledCount(actuals),
      allowedActions: allowedActions(viewer.role, d.status, {
        locked,
        ownDepartment: canAccessDepartment(viewer, d.departmentId),
      }),
    })),
  };
}
