import type { z } from 'zod';
import { actualsIndex, NO_ACTUALS } from '../calc/index.ts';
import type { CellRef, Problem } from '../problem.ts';
import { Activity, Actual, FiscalYear, type PlanFile } from '../schema/index.ts';
import { actualAchievementWarnings } from './achievement-warnings.ts';
import { type ActualField, activitiesProblems, actualsProblems } from './cycle-rules.ts';
import { fieldLabel } from './field-labels.ts';
import { formatPath, type PathSegment } from './path.ts';
import { indexPlan } from './plan-index.ts';
import { report } from './report.ts';
import { problemsFromIssues } from './schema-issues.ts';

const ACTUAL_FIELDS: ReadonlySet<string> = new Set<ActualField>([
  'value',
  'missingReason',
  'marker',
  'status',
  'text',
  'footnotes',
]);

/** The sheet cell a shape problem of `actuals[i]…` or `activities[i]…` belongs to. */
function cellOf(item: unknown, segments: readonly PathSegment[]): CellRef {
  const ref = (key: string) =>
    item !== null && typeof item === 'object' && typeof (item as Record<string, unknown>)[key] === 'string'
      ? ((item as Record<string, unknown>)[key] as string)
      : undefined;
  if (segments[0] === 'activities') {
    const projectId = ref('projectId');
    return { ...(projectId ? { projectId } : {}), field: 'activities' };
  }
  const key = segments[2];
  const field = typeof key === 'string' && ACTUAL_FIELDS.has(key) ? key : 'value';
  const indicatorId = ref('indicatorId');
  return { ...(indicatorId ? { indicatorId } : {}), field };
}

/** Parses each element on its own, so one bad row does not hide the problems of the others. */
function parseEach<T>(
  list: unknown,
  key: 'actuals' | 'activities',
  schema: z.ZodType<T>,
  problems: Problem[],
): (T | undefined)[] {
  if (!Array.isArray(list)) {
    problems.push(
      report('schema.wrong_type', key, [fieldLabel([key]), { ja: '[ ] で囲んだ一覧', en: 'a list ([ ])' }]),
    );
    return [];
  }
  return list.map((item, i) => {
    const parsed = schema.safeParse(item, { reportInput: true });
    if (parsed.success) return parsed.data;
    problems.push(...problemsFromIssues(parsed.error.issues, [key, i], (segments) => cellOf(item, segments)));
    return undefined;
  });
}

/**
 * Validates what a department saves for one cycle: its actuals and 主な取組, against the plan.
 * Paths are relative to the payload (`actuals[3].value`); every problem names its sheet cell.
 * Accepts data straight from a request body: anything that is not an Actual is reported, not thrown.
 */
export function validateCycleValues(
  plan: PlanFile,
  fiscalYear: number,
  actuals: readonly Actual[],
  activities: readonly Activity[],
): Problem[] {
  try {
    const problems: Problem[] = [];
    if (!FiscalYear.safeParse(fiscalYear).success) return [report('cycle.fiscal_year', 'fiscalYear', [])];
    const parsedActuals = parseEach<Actual>(actuals, 'actuals', Actual, problems);
    const parsedActivities = parseEach<Activity>(activities, 'activities', Activity, problems);
    const index = indexPlan(plan);
    problems.push(...actualsProblems(parsedActuals, fiscalYear, index, ['actuals']));
    problems.push(...activitiesProblems(parsedActivities, index, ['activities']));

    // 達成度 warnings see this cycle's new values together with the plan's other cycles.
    const others = actualsIndex(plan.cycles.filter((c) => c.fiscalYear !== fiscalYear));
    const seen = new Set<string>();
    parsedActuals.forEach((actual, i) => {
      if (!actual || seen.has(actual.indicatorId)) return;
      seen.add(actual.indicatorId);
      const entry = index.indicators.get(actual.indicatorId);
      if (!entry) return;
      const byYear = new Map(others.get(actual.indicatorId) ?? NO_ACTUALS);
      byYear.set(fiscalYear, actual);
      const path = formatPath(['actuals', i, 'value']);
      const cell = { indicatorId: actual.indicatorId, field: 'value' };
      problems.push(
        ...actualAchievementWarnings(
          entry.indicator,
          byYear,
          fiscalYear,
          ['zero_target', 'no_target', 'no_baseline'],
          path,
          cell,
        ),
      );
    });
    return problems;
  } catch {
    return [report('internal.unexpected', '', [])];
  }
}
