import { actualsIndex, NO_ACTUALS } from '../calc/index.ts';
import { hasErrors, type Problem } from '../problem.ts';
import { PlanFile } from '../schema/index.ts';
import { actualAchievementWarnings, targetAchievementWarnings } from './achievement-warnings.ts';
import { activitiesProblems, actualsProblems } from './cycle-rules.ts';
import { formatPath } from './path.ts';
import { allIndicators, indexPlan, type PlanIndex } from './plan-index.ts';
import { planStructureProblems } from './plan-rules.ts';
import { report } from './report.ts';
import { problemsFromIssues } from './schema-issues.ts';

export type PlanFileResult =
  | { ok: true; plan: PlanFile /** Warnings only. */; problems: Problem[] }
  | { ok: false; problems: Problem[] };

function cycleProblems(plan: PlanFile, index: PlanIndex): Problem[] {
  const out: Problem[] = [];
  plan.cycles.forEach((cycle, c) => {
    out.push(...actualsProblems(cycle.actuals, cycle.fiscalYear, index, ['cycles', c, 'actuals']));
    out.push(...activitiesProblems(cycle.activities, index, ['cycles', c, 'activities']));
  });
  return out;
}

/** 達成度 that will not be computable: zero targets at the target, a missing target at the actual. */
function achievementProblems(plan: PlanFile, index: PlanIndex): Problem[] {
  const byIndicator = actualsIndex(plan.cycles);
  const out: Problem[] = [];
  for (const entry of allIndicators(plan)) {
    out.push(...targetAchievementWarnings(entry, byIndicator.get(entry.indicator.id) ?? NO_ACTUALS));
  }
  plan.cycles.forEach((cycle, c) => {
    cycle.actuals.forEach((actual, a) => {
      const entry = index.indicators.get(actual.indicatorId);
      const actuals = byIndicator.get(actual.indicatorId);
      if (!entry || !actuals || actuals.get(cycle.fiscalYear) !== actual) return;
      const path = formatPath(['cycles', c, 'actuals', a, 'value']);
      const cell = { indicatorId: actual.indicatorId, field: 'value' };
      out.push(
        ...actualAchievementWarnings(entry.indicator, actuals, cycle.fiscalYear, ['no_target'], path, cell),
      );
    });
  });
  return out;
}

/**
 * Validates a plan file (the JSON interchange format) of unknown origin: its shape, then the references
 * between its parts, then what the calculations will make of it. Returns every problem found; never
 * throws. `ok` is true when there are at most warnings, and then `plan` is the parsed plan.
 */
export function validatePlanFile(input: unknown): PlanFileResult {
  try {
    const parsed = PlanFile.safeParse(input, { reportInput: true });
    if (!parsed.success) return { ok: false, problems: problemsFromIssues(parsed.error.issues) };
    const plan = parsed.data;
    const index = indexPlan(plan);
    const problems = [
      ...planStructureProblems(plan, index),
      ...cycleProblems(plan, index),
      ...achievementProblems(plan, index),
    ];
    return hasErrors(problems) ? { ok: false, problems } : { ok: true, plan, problems };
  } catch {
    // Only hostile input gets here (a getter that throws, a Proxy): say so instead of crashing.
    return { ok: false, problems: [report('internal.unexpected', '', [])] };
  }
}
