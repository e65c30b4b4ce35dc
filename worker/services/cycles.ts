import type { z } from 'zod';
import type { CycleStatusResponse, RemindersResponse, UpdateCycleRequest } from '../../shared/api.ts';
import type { SubmissionStatus } from '../../shared/schema/index.ts';
import {
  allowedActions,
  filledCount,
  SUBMISSION_STATUSES,
  sheetCompleteness,
} from '../../shared/workflow/index.ts';
import { canAccessDepartment, type Principal } from '../auth/principal.ts';
import {
  createCycle,
  cycleStatus,
  cycleSummary,
  departmentContacts,
  getCycle,
  listCycles,
  setCycleLock,
  updateCycle,
} from '../db/cycles.ts';
import { isUniqueViolation } from '../db/directory.ts';
import { loadPlan } from '../db/plan-read.ts';
import { cycleExists, cycleNotFound, cycleOutsidePlan, planNotFound } from '../refusals.ts';
import { requirePlanHeader } from './plan-header.ts';
import type { RequestMeta } from './write.ts';

/** Report cycles: open one for a fiscal year, lock it against changes, see every department's state. */

export async function openCycle(
  db: D1Database,
  planId: string,
  fy: number,
  label: string | null,
  m: RequestMeta,
  deadline: string | null = null,
) {
  const plan = await requirePlanHeader(db, planId);
  if (fy < plan.start_fy || fy > plan.end_fy) throw cycleOutsidePlan(fy, plan);
  try {
    await createCycle(db, planId, fy, label, m, deadline);
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

/** A cycle's label or deadline changed (recorded in the admin history); what is left out stays. */
export async function changeCycle(
  db: D1Database,
  planId: string,
  fy: number,
  req: z.output<typeof UpdateCycleRequest>,
  m: RequestMeta,
) {
  const before = await getCycle(db, planId, fy);
  if (!before) throw cycleNotFound(planId, fy);
  await updateCycle(
    db,
    before,
    {
      label: req.label === undefined ? before.label : req.label,
      deadline: req.deadline === undefined ? (before.deadline ?? null) : req.deadline,
    },
    m,
  );
  return cycleSummary((await getCycle(db, planId, fy))!);
}

/**
 * Whom to remind: every department of the cycle that has not submitted (draft, returned) or whose
 * submitted sheet is incomplete, with what it still lacks (shared/workflow sheetCompleteness: the
 * KPIs without a value, reason or status, the projects without 主な取組) and its active users.
 */
export async function remindersOf(db: D1Database, planId: string, fy: number): Promise<RemindersResponse> {
  const loaded = await loadPlan(db, planId);
  if (!loaded) throw planNotFound(planId);
  const plan = loaded.file;
  const cycle = plan.cycles.find((c) => c.fiscalYear === fy);
  const row = await getCycle(db, planId, fy);
  if (!cycle || !row) throw cycleNotFound(planId, fy);
  const { departments } = await cycleStatus(db, planId, fy);
  const contacts = await departmentContacts(
    db,
    departments.map((d) => d.departmentId),
  );
  const out: RemindersResponse['departments'] = [];
  for (const d of departments) {
    if (d.status === 'approved') continue;
    const projects = plan.projects.filter((p) => p.departmentIds.includes(d.departmentId));
    const ids = new Set(projects.map((p) => p.id));
    const indicatorIds = new Set(projects.flatMap((p) => p.indicators.map((i) => i.id)));
    const completeness = sheetCompleteness(projects, fy, {
      actuals: cycle.actuals.filter((a) => indicatorIds.has(a.indicatorId)),
      activities: cycle.activities.filter((a) => ids.has(a.projectId)),
    });
    if (d.status === 'submitted' && completeness.missing.length === 0) continue;
    const byId = new Map(projects.map((p) => [p.id, p]));
    out.push({
      departmentId: d.departmentId,
      departmentName: d.departmentName,
      status: d.status,
      comment: d.comment,
      filledCount: completeness.indicators.filled,
      indicatorCount: completeness.indicators.total,
      activitiesFilled: completeness.activities.filled,
      projectCount: completeness.activities.total,
      missing: completeness.missing.map((cell) => {
        const p = byId.get(cell.projectId);
        const i = cell.indicatorId ? p?.indicators.find((x) => x.id === cell.indicatorId) : undefined;
        return {
          projectId: cell.projectId,
          projectNumber: p?.number ?? 0,
          projectName: p?.name ?? cell.projectId,
          indicatorId: cell.indicatorId ?? null,
          indicatorNumber: i?.number ?? null,
          indicatorName: i?.name ?? null,
          field: cell.field,
        };
      }),
      contacts: contacts.get(d.departmentId) ?? [],
    });
  }
  return {
    planId,
    planTitle: plan.plan.title,
    fiscalYear: fy,
    cycleLabel: cycle.label ?? null,
    deadline: row.deadline ?? null,
    locked: row.locked === 1,
    departments: out,
  };
}
