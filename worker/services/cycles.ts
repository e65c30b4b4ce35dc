import type { z } from 'zod';
import type {
  CycleStatusResponse,
  RemindersResponse,
  SheetGoal,
  UpdateCycleRequest,
} from '../../shared/api.ts';
import type { Project, SubmissionStatus } from '../../shared/schema/index.ts';
import { normalizeActivities } from '../../shared/text/activities.ts';
import {
  allowedActions,
  filledCount,
  type MissingCell,
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
import { goalsReportedBy } from './sheet.ts';
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
    departments: departments.map(({ actuals, activities, ...d }) => ({
      ...d,
      filledCount: filledCount(actuals),
      // One stored 主な取組 per project at most; it counts when its stored form holds text, as
      // shared/workflow's completeness counts it (blanks only are no 主な取組).
      activitiesFilled: activities.filter((text) => normalizeActivities(text) !== '').length,
      activitiesTotal: d.projectCount,
      goalFilledCount: filledCount(actuals.filter((a) => a.goal)),
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
 * submitted sheet is incomplete, with what it still lacks and its active users. What it lacks is the
 * one rule the pane, the submit and the status board apply (shared/workflow sheetCompleteness) to
 * the sheet the department sees: its active projects (KPIs without a value, reason or status,
 * projects without 主な取組) and the goal indicators (数値目標) assigned to it (docs/domain.md §10.5),
 * so a blank goal indicator is named and counted here as the board counts it.
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
    const goals = goalsReportedBy(plan, d.departmentId);
    const ids = new Set(projects.map((p) => p.id));
    const indicatorIds = new Set([
      ...projects.flatMap((p) => p.indicators.map((i) => i.id)),
      ...goals.flatMap((g) => g.indicators.map((i) => i.id)),
    ]);
    const completeness = sheetCompleteness(
      projects,
      fy,
      {
        actuals: cycle.actuals.filter((a) => indicatorIds.has(a.indicatorId)),
        activities: cycle.activities.filter((a) => ids.has(a.projectId)),
      },
      goals,
    );
    if (d.status === 'submitted' && completeness.missing.length === 0) continue;
    out.push({
      departmentId: d.departmentId,
      departmentName: d.departmentName,
      status: d.status,
      comment: d.comment,
      filledCount: completeness.indicators.filled,
      indicatorCount: completeness.indicators.total,
      activitiesFilled: completeness.activities.filled,
      projectCount: completeness.activities.total,
      missing: completeness.missing.map((cell) => reminderCell(cell, projects, goals)),
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

/**
 * A missing cell as the reminder names it: a project's 主な取組 or KPI by its project, a goal
 * indicator by its goal (the cell carries `goalId` instead of `projectId`). The cell comes from the
 * completeness of these very projects and goals, so its project or goal is among them.
 */
function reminderCell(
  cell: MissingCell,
  projects: readonly Project[],
  goals: readonly SheetGoal[],
): RemindersResponse['departments'][number]['missing'][number] {
  if (cell.goalId !== undefined) {
    const g = goals.find((x) => x.id === cell.goalId);
    const i = g?.indicators.find((x) => x.id === cell.indicatorId);
    if (!g || !i || cell.field === 'activities')
      throw new Error(`reminders: goal indicator ${cell.indicatorId} of ${cell.goalId} is not on the sheet`);
    return {
      goalId: g.id,
      goalNumber: g.number,
      goalTitle: g.title,
      indicatorId: i.id,
      indicatorNumber: i.number,
      indicatorName: i.name,
      field: cell.field,
    };
  }
  const p = projects.find((x) => x.id === cell.projectId);
  if (!p) throw new Error(`reminders: project ${cell.projectId} is not on the sheet`);
  const i = cell.indicatorId ? p.indicators.find((x) => x.id === cell.indicatorId) : undefined;
  return {
    projectId: p.id,
    projectNumber: p.number,
    projectName: p.name,
    indicatorId: i?.id ?? null,
    indicatorNumber: i?.number ?? null,
    indicatorName: i?.name ?? null,
    field: cell.field,
  };
}
