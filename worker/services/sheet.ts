import type { SheetGoal, SheetResponse } from '../../shared/api.ts';
import { actualsIndex, evaluateIndicator, NO_ACTUALS } from '../../shared/calc/index.ts';
import type { Activity, Actual, Department, PlanFile, Project } from '../../shared/schema/index.ts';
import {
  allowedActions,
  type Completeness,
  isActiveIn,
  isEditable,
  type SheetMissingCell,
  sheetCompleteness,
} from '../../shared/workflow/index.ts';
import { canAccessDepartment, type Principal } from '../auth/principal.ts';
import { actualFromRow } from '../db/actual-rows.ts';
import type { CycleRow } from '../db/cycles.ts';
import { type LoadedPlan, loadPlanWith } from '../db/plan-read.ts';
import { type SubmissionKey, type SubmissionRow, submissionStateQueries } from '../db/submissions.ts';
import { cycleNotFound, HttpProblem, planNotFound, sheetNotFound } from '../refusals.ts';

/**
 * A department's sheet for one cycle: the projects it works on whose plan period covers the cycle's
 * fiscal year (shared/workflow `isActiveIn`: a project not yet started or already ended is on no
 * sheet that year, so it is neither shown, saved nor required; a project shared by several
 * departments appears on each of their sheets), their KPIs with the current targets, the goal
 * indicators (数値目標) the department reports (docs/domain.md §10.5: `Indicator.departmentId`, as the
 * coordinator assigns them), and the values stored so far. Built from the same loaded plan the save path validates against, whose
 * cycles hold only this sheet's values (see SheetScope).
 */

export interface SheetState {
  loaded: LoadedPlan;
  cycle: CycleRow;
  department: Department;
  submission: SubmissionRow;
  projects: Project[];
  /** indicator id → the project it belongs to, for this sheet's KPIs only */
  indicatorProject: Map<string, string>;
  projectIds: Set<string>;
  /** The goals with only the indicators this department reports, in plan order. */
  goals: SheetGoal[];
  /** goal indicator id → its goal, for the goal indicators on this sheet only */
  goalIndicators: Map<string, string>;
}

/** Whether an indicator is on the sheet: one of its projects' KPIs or a goal indicator it reports. */
export function onSheet(s: SheetState, indicatorId: string): boolean {
  return s.indicatorProject.has(indicatorId) || s.goalIndicators.has(indicatorId);
}

/** The sheet's indicator ids in sheet order: the projects' KPIs, then the goal indicators. */
function sheetOrder(s: SheetState): Map<string, number> {
  return new Map([...s.indicatorProject.keys(), ...s.goalIndicators.keys()].map((id, i) => [id, i]));
}

/** The plan's goals with only the indicators `departmentId` reports; goals with none are left out. */
export function goalsReportedBy(plan: Pick<PlanFile, 'goals'>, departmentId: string): SheetGoal[] {
  return plan.goals.flatMap((g) => {
    const indicators = g.indicators.filter((i) => i.departmentId === departmentId);
    return indicators.length > 0 ? [{ id: g.id, number: g.number, title: g.title, indicators }] : [];
  });
}

/**
 * The sheet with the plan it is validated against. The plan's values are this sheet's only (every
 * cycle), plus those of `namedIndicators`: what a save names, so its checks see what they would see
 * with the whole plan read. `also` are further statements read in the same round trip; a missing
 * plan, cycle or sheet is returned as its 404 so that the caller may answer something else first.
 */
export async function readSheetState(
  db: D1Database,
  k: SubmissionKey,
  namedIndicators: readonly string[] = [],
  also: readonly D1PreparedStatement[] = [],
): Promise<{ value: SheetState | HttpProblem; also: D1Result[] }> {
  const own = submissionStateQueries(db, k);
  const { plan: loaded, extra } = await loadPlanWith(db, k.planId, [...own, ...also], {
    departmentId: k.departmentId,
    indicatorIds: namedIndicators,
  });
  return { value: sheetStateOf(loaded, extra, k), also: extra.slice(own.length) };
}

/** The sheet with its plan, or the 404 of what is missing. */
export async function loadSheetState(
  db: D1Database,
  k: SubmissionKey,
  namedIndicators: readonly string[] = [],
): Promise<SheetState | HttpProblem> {
  return (await readSheetState(db, k, namedIndicators)).value;
}

function sheetStateOf(
  loaded: LoadedPlan | null,
  extra: readonly D1Result[],
  k: SubmissionKey,
): SheetState | HttpProblem {
  if (!loaded) return planNotFound(k.planId);
  const submission = extra[0]?.results?.[0] as SubmissionRow | undefined;
  const cycle = extra[1]?.results?.[0] as CycleRow | undefined;
  const department = extra[2]?.results?.[0] as Department | undefined;
  if (!cycle) return cycleNotFound(k.planId, k.fy);
  if (!department || !submission) return sheetNotFound(k);
  const projects = loaded.file.projects.filter(
    (p) => p.departmentIds.includes(k.departmentId) && isActiveIn(p, cycle.fiscal_year),
  );
  const indicatorProject = new Map(projects.flatMap((p) => p.indicators.map((i) => [i.id, p.id] as const)));
  const goals = goalsReportedBy(loaded.file, k.departmentId);
  return {
    loaded,
    cycle,
    department: { id: department.id, name: department.name },
    submission,
    projects,
    indicatorProject,
    projectIds: new Set(projects.map((p) => p.id)),
    goals,
    goalIndicators: new Map(goals.flatMap((g) => g.indicators.map((i) => [i.id, g.id] as const))),
  };
}

export function sheetValues(s: SheetState): { actuals: Actual[]; activities: Activity[] } {
  const fy = s.cycle.fiscal_year;
  const order = sheetOrder(s);
  const projectOrder = new Map(s.projects.map((p, i) => [p.id, i]));
  return {
    actuals: s.loaded.actualRows
      .filter((r) => r.fiscal_year === fy && order.has(r.indicator_id))
      .toSorted((a, b) => (order.get(a.indicator_id) ?? 0) - (order.get(b.indicator_id) ?? 0))
      .map(actualFromRow),
    activities: s.loaded.activityRows
      .filter((r) => r.fiscal_year === fy && projectOrder.has(r.project_id))
      .toSorted((a, b) => (projectOrder.get(a.project_id) ?? 0) - (projectOrder.get(b.project_id) ?? 0))
      .map((r) => ({ projectId: r.project_id, text: r.text })),
  };
}

/**
 * How complete the sheet is (shared/workflow's rule): what a submit still needs filled, with the
 * 未達成の理由 the plan asks for (§8.6) judged on each KPI's 達成度 over the sheet's cycles up to this
 * one (the plan read holds this sheet's values of every cycle).
 */
export function completenessOf(s: SheetState): Completeness<SheetMissingCell> {
  const fy = s.cycle.fiscal_year;
  const setting = s.loaded.file.plan.shortfallReason;
  const shortfall = setting?.required ? { setting, achievementOf: achievementsOf(s) } : undefined;
  return sheetCompleteness(s.projects, fy, sheetValues(s), s.goals, { shortfall });
}

function achievementsOf(s: SheetState) {
  const fy = s.cycle.fiscal_year;
  const byYear = actualsIndex(s.loaded.file.cycles.filter((c) => c.fiscalYear <= fy));
  const kpis = new Map(s.projects.flatMap((p) => p.indicators.map((i) => [i.id, i] as const)));
  return (indicatorId: string) => {
    const indicator = kpis.get(indicatorId);
    return indicator ? evaluateIndicator(indicator, byYear.get(indicatorId) ?? NO_ACTUALS, fy) : null;
  };
}

/**
 * The sheet's indicators' actuals of the plan's earlier cycles, oldest first: the add-in needs them
 * for 累計実績 and a multi-year 達成度, and a goal indicator's previous value for its 前年度比. They come from the rows the plan read already fetched
 * (every cycle's actuals in one statement), so no query is added, and none per cycle.
 */
export function earlierCycles(s: SheetState): SheetResponse['earlierCycles'] {
  const fy = s.cycle.fiscal_year;
  const order = sheetOrder(s);
  return s.loaded.file.cycles
    .filter((c) => c.fiscalYear < fy)
    .toSorted((a, b) => a.fiscalYear - b.fiscalYear)
    .map((c) => ({
      fiscalYear: c.fiscalYear,
      actuals: c.actuals
        .filter((a) => order.has(a.indicatorId))
        .toSorted((a, b) => (order.get(a.indicatorId) ?? 0) - (order.get(b.indicatorId) ?? 0)),
    }));
}

/** The submission's state, with the workflow steps `viewer` may take on it now (shared/workflow). */
export function submissionInfo(s: SheetState, viewer: Principal): SheetResponse['submission'] {
  const sub = s.submission;
  const locked = s.cycle.locked === 1;
  return {
    departmentId: sub.department_id,
    status: sub.status,
    revision: sub.revision,
    comment: sub.comment,
    submittedAt: sub.submitted_at,
    updatedAt: sub.updated_at,
    updatedBy: sub.updated_by,
    editable: isEditable(sub.status, { locked }),
    allowedActions: allowedActions(viewer.role, sub.status, {
      locked,
      ownDepartment: canAccessDepartment(viewer, sub.department_id),
    }),
  };
}

export function sheetResponse(s: SheetState, viewer: Principal): SheetResponse {
  const plan = s.loaded.file.plan;
  return {
    plan: {
      id: plan.id,
      title: plan.title,
      version: s.loaded.currentVersion,
      period: plan.period,
      // The pane applies the same 未達成の理由 rule (shared/workflow/shortfall.ts); absent: off.
      ...(plan.shortfallReason ? { shortfallReason: plan.shortfallReason } : {}),
    },
    cycle: { fiscalYear: s.cycle.fiscal_year, label: s.cycle.label, locked: s.cycle.locked === 1 },
    department: s.department,
    submission: submissionInfo(s, viewer),
    projects: s.projects.map((p) => ({ ...p, isLead: p.departmentIds[0] === s.department.id })),
    goals: s.goals,
    ...sheetValues(s),
    earlierCycles: earlierCycles(s),
  };
}

/** A department's sheet as `viewer` sees it, or the 404 of what is missing. */
export async function readSheet(
  db: D1Database,
  k: SubmissionKey,
  viewer: Principal,
): Promise<SheetResponse | HttpProblem> {
  const s = await loadSheetState(db, k);
  return s instanceof HttpProblem ? s : sheetResponse(s, viewer);
}
