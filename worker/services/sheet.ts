import type { SheetResponse } from '../../shared/api.ts';
import type { Activity, Actual, Department, Project } from '../../shared/schema/index.ts';
import { actualFromRow } from '../db/actual-rows.ts';
import type { CycleRow } from '../db/cycles.ts';
import { type LoadedPlan, loadPlanWith } from '../db/plan-read.ts';
import {
  EDITABLE,
  type SubmissionKey,
  type SubmissionRow,
  submissionStateQueries,
} from '../db/submissions.ts';
import { HttpProblem } from '../errors.ts';

/**
 * A department's sheet for one cycle: the projects it works on (a project shared by several
 * departments appears on each of their sheets), their KPIs with the current targets, and the
 * values stored so far. Built from the same loaded plan the save path validates against, whose
 * cycles hold only this sheet's values (see SheetScope).
 */

export interface SheetState {
  loaded: LoadedPlan;
  cycle: CycleRow;
  department: Department;
  submission: SubmissionRow;
  projects: Project[];
  /** indicator id → the project it belongs to, for this sheet's indicators only */
  indicatorProject: Map<string, string>;
  projectIds: Set<string>;
}

const notFound = (ja: string, en: string) => new HttpProblem(404, 'not_found', { ja, en });

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

export async function loadSheetState(
  db: D1Database,
  k: SubmissionKey,
  namedIndicators: readonly string[] = [],
): Promise<SheetState> {
  return sheetOrThrow((await readSheetState(db, k, namedIndicators)).value);
}

export function sheetOrThrow(value: SheetState | HttpProblem): SheetState {
  if (value instanceof HttpProblem) throw value;
  return value;
}

function sheetStateOf(
  loaded: LoadedPlan | null,
  extra: readonly D1Result[],
  k: SubmissionKey,
): SheetState | HttpProblem {
  if (!loaded) return notFound(`計画「${k.planId}」が見つかりません。`, `Plan "${k.planId}" was not found.`);
  const submission = extra[0]?.results?.[0] as SubmissionRow | undefined;
  const cycle = extra[1]?.results?.[0] as CycleRow | undefined;
  const department = extra[2]?.results?.[0] as Department | undefined;
  if (!cycle) {
    return notFound(
      `計画「${k.planId}」に${k.fy}年度の報告年度がありません。`,
      `Plan "${k.planId}" has no report cycle for FY${k.fy}.`,
    );
  }
  if (!department || !submission) {
    return notFound(
      `${k.fy}年度の報告に担当課「${k.departmentId}」のシートはありません。`,
      `The FY${k.fy} cycle has no sheet for department "${k.departmentId}".`,
    );
  }
  const projects = loaded.file.projects.filter((p) => p.departmentIds.includes(k.departmentId));
  const indicatorProject = new Map(projects.flatMap((p) => p.indicators.map((i) => [i.id, p.id] as const)));
  return {
    loaded,
    cycle,
    department: { id: department.id, name: department.name },
    submission,
    projects,
    indicatorProject,
    projectIds: new Set(projects.map((p) => p.id)),
  };
}

export function sheetValues(s: SheetState): { actuals: Actual[]; activities: Activity[] } {
  const fy = s.cycle.fiscal_year;
  const order = new Map([...s.indicatorProject.keys()].map((id, i) => [id, i]));
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
 * The sheet's indicators' actuals of the plan's earlier cycles, oldest first: the add-in needs them
 * for 累計実績 and a multi-year 達成度. They come from the rows the plan read already fetched
 * (every cycle's actuals in one statement), so no query is added, and none per cycle.
 */
export function earlierCycles(s: SheetState): SheetResponse['earlierCycles'] {
  const fy = s.cycle.fiscal_year;
  const order = new Map([...s.indicatorProject.keys()].map((id, i) => [id, i]));
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

export function submissionInfo(s: SheetState): SheetResponse['submission'] {
  const sub = s.submission;
  return {
    departmentId: sub.department_id,
    status: sub.status,
    revision: sub.revision,
    comment: sub.comment,
    submittedAt: sub.submitted_at,
    updatedAt: sub.updated_at,
    updatedBy: sub.updated_by,
    editable: s.cycle.locked === 0 && EDITABLE.includes(sub.status),
  };
}

export function sheetResponse(s: SheetState): SheetResponse {
  const plan = s.loaded.file.plan;
  return {
    plan: { id: plan.id, title: plan.title, version: s.loaded.currentVersion, period: plan.period },
    cycle: { fiscalYear: s.cycle.fiscal_year, label: s.cycle.label, locked: s.cycle.locked === 1 },
    department: s.department,
    submission: submissionInfo(s),
    projects: s.projects.map((p) => ({ ...p, isLead: p.departmentIds[0] === s.department.id })),
    ...sheetValues(s),
    earlierCycles: earlierCycles(s),
  };
}
