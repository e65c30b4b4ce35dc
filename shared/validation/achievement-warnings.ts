import { type ActualsByYear, evaluateIndicator, type NotComputableReason } from '../calc/index.ts';
import type { CellRef, Problem } from '../problem.ts';
import type { Indicator } from '../schema/index.ts';
import { formatPath, type PathSegment } from './path.ts';
import type { IndicatorEntry } from './plan-index.ts';
import { report } from './report.ts';

/**
 * Warnings about a 達成度 that will not be computable. Whether it is computable is calc's rule
 * (evaluateIndicator); this file only turns its reasons into messages at the right field.
 */

/** A reason that points at the plan's definition, worth a warning wherever the figure is entered. */
function warningFor(
  reason: NotComputableReason,
  indicator: Indicator,
  fiscalYear: number,
  path: string,
  cell?: CellRef,
): Problem | null {
  switch (reason) {
    case 'zero_target':
      return report('achievement.zero_target', path, [], cell);
    case 'no_target':
      return report('achievement.no_target', path, [indicator.name, fiscalYear], cell);
    case 'no_baseline':
      return report('achievement.no_baseline', path, [indicator.name], cell);
    default:
      // missing_actual has its own rule; qualitative and not_set KPIs have no figure by design.
      return null;
  }
}

/**
 * The warnings for one reported actual: why its 達成度 will show `—%` although a value was entered.
 * `only` limits them to the reasons the caller does not report elsewhere.
 */
export function actualAchievementWarnings(
  indicator: Indicator,
  actuals: ActualsByYear,
  fiscalYear: number,
  only: readonly NotComputableReason[],
  path: string,
  cell?: CellRef,
): Problem[] {
  const actual = actuals.get(fiscalYear);
  if (!actual || actual.value === null) return [];
  const out: Problem[] = [];
  for (const reason of evaluateIndicator(indicator, actuals, fiscalYear).reasons) {
    if (!only.includes(reason)) continue;
    const p = warningFor(reason, indicator, fiscalYear, path, cell);
    if (p) out.push(p);
  }
  return out;
}

/**
 * A target whose 達成度 can never be computed (target increment 0; a reduction target equal to its
 * baseline), reported at the target itself so it is fixed in the plan, before any actual arrives.
 */
export function targetAchievementWarnings(entry: IndicatorEntry, actuals: ActualsByYear): Problem[] {
  const { indicator } = entry;
  const out: Problem[] = [];
  const reported = new Set<NotComputableReason>();
  indicator.targets.forEach((target, t) => {
    const reasons = evaluateIndicator(indicator, actuals, target.fiscalYear).reasons;
    const at = (...rest: PathSegment[]) => formatPath([...entry.path, ...rest]);
    if (reasons.includes('zero_target'))
      out.push(report('achievement.zero_target', at('targets', t, 'value'), []));
    // A missing baseline concerns the indicator, not each target: say it once.
    if (reasons.includes('no_baseline') && !reported.has('no_baseline')) {
      reported.add('no_baseline');
      out.push(report('achievement.no_baseline', at('baseline'), [indicator.name]));
    }
  });
  return out;
}
