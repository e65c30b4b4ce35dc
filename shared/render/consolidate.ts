import type { PlanFile } from '../schema/index.ts';

/**
 * Which values an export of a cycle uses. `approved` (the default): only the values of projects
 * whose lead department's submission is approved; the others print as not yet available. `all`:
 * submitted, draft and returned values too. Either way the project table marks every block whose
 * submission is not approved (tables/projects.ts: a 未確定 footnote naming the state).
 */
export type IncludeValues = 'approved' | 'all';

export const INCLUDE_VALUES: readonly IncludeValues[] = ['approved', 'all'];

/** The subtitle suffix of a table that includes values not yet approved. */
export const UNAPPROVED_NOTE = '（未承認の値を含む）';

/**
 * The plan as the export of cycle `fiscalYear` sees it: with `approved`, the cycle's actuals and
 * activities of projects whose lead department (the first, docs/domain.md §1.2) has no approved submission
 * are left out, and so are the cycle's actuals of goal indicators whose reporting department
 * (`Indicator.departmentId`, docs/domain.md §10.5) has none: a value entered on a department's sheet
 * counts once that sheet is approved, whether it is a KPI's or a goal indicator's. Other cycles and
 * the values of goal indicators no department reports (the coordinator's) are kept as they are.
 */
export function consolidatePlan(plan: PlanFile, fiscalYear: number, include: IncludeValues): PlanFile {
  if (include === 'all') return plan;
  const cycle = plan.cycles.find((c) => c.fiscalYear === fiscalYear);
  if (!cycle) return plan;
  const approved = new Set(
    cycle.submissions.filter((s) => s.status === 'approved').map((s) => s.departmentId),
  );
  const withheld = plan.projects.filter((p) => !approved.has(p.departmentIds[0] ?? ''));
  const withheldGoals = plan.goals
    .flatMap((g) => g.indicators)
    .filter((i) => i.departmentId !== undefined && !approved.has(i.departmentId));
  if (withheld.length === 0 && withheldGoals.length === 0) return plan;
  const projects = new Set(withheld.map((p) => p.id));
  const indicators = new Set([
    ...withheld.flatMap((p) => p.indicators.map((i) => i.id)),
    ...withheldGoals.map((i) => i.id),
  ]);
  return {
    ...plan,
    cycles: plan.cycles.map((c) =>
      c !== cycle
        ? c
        : {
            ...c,
            actuals: c.actuals.filter((a) => !indicators.has(a.indicatorId)),
            activities: c.activities.filter((a) => !projects.has(a.projectId)),
          },
    ),
  };
}

/** True when some project of the cycle shows values whose submission is not approved. */
export function hasUnapprovedValues(plan: PlanFile, fiscalYear: number): boolean {
  const cycle = plan.cycles.find((c) => c.fiscalYear === fiscalYear);
  if (!cycle) return false;
  const approved = new Set(
    cycle.submissions.filter((s) => s.status === 'approved').map((s) => s.departmentId),
  );
  const reported = new Set([...cycle.actuals.map((a) => a.indicatorId)]);
  return plan.projects.some(
    (p) => !approved.has(p.departmentIds[0] ?? '') && p.indicators.some((i) => reported.has(i.id)),
  );
}
