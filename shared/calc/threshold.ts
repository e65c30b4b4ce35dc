/**
 * Threshold KPIs (`50％超`, `40社以上を維持`, `累計 3件以上`): met or not met by the comparator.
 * The bound is not a 100% mark: 50.0 against `50％超` is not met. Their ratio is informative only.
 */
import { cmp, type Decimal, div } from '../decimal.ts';
import type { Comparator, Indicator } from '../schema/index.ts';
import type { ActualsByYear } from './actuals.ts';
import { cumulativeToDate, targetFor } from './cumulative.ts';
import {
  type Achievement,
  judgedAchievement,
  MISSING_ACTUAL,
  NO_TARGET,
  notComputable,
  withMissingActual,
} from './result.ts';
import { decimalOf } from './values.ts';

export function holds(value: Decimal, bound: Decimal, comparator: Comparator): boolean {
  const c = cmp(value, bound);
  switch (comparator) {
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '<':
      return c < 0;
    default:
      return c >= 0;
  }
}

/** The comparator of the indicator; without one, the direction decides (以上 / 以下). */
export function comparatorOf(indicator: Indicator): Comparator {
  return indicator.threshold?.comparator ?? (indicator.direction === 'lower_is_better' ? '<=' : '>=');
}

export function evaluateThreshold(
  indicator: Indicator,
  actuals: ActualsByYear,
  fiscalYear: number,
): Achievement {
  const comparator = comparatorOf(indicator);
  const maintain = indicator.threshold?.maintain === true;
  const window = indicator.window;
  if (window && fiscalYear < window.startFy) return notComputable(NO_TARGET, null);
  const boundRow = targetFor(indicator, fiscalYear);
  const bound = boundRow ? decimalOf(boundRow.value) : null;
  // Over a window without 維持 the bound applies to the running total (累計 3件以上).
  const value =
    window && !maintain
      ? cumulativeToDate(indicator, actuals, fiscalYear)
      : decimalOf(actuals.get(fiscalYear)?.value);
  const interim =
    (window !== undefined && fiscalYear < window.endFy) ||
    (boundRow !== null && boundRow.fiscalYear > fiscalYear);
  if (value === null)
    return notComputable(withMissingActual(bound === null ? NO_TARGET : null), null, interim);
  if (bound === null) return notComputable(NO_TARGET, null, interim);

  const ratio = comparator === '>=' || comparator === '>' ? div(value, bound, 6) : div(bound, value, 6);
  if (!holds(value, bound, comparator))
    return judgedAchievement(interim && !maintain ? null : false, ratio, interim);
  if (!maintain) return judgedAchievement(true, ratio, interim);
  const before = heldEveryEarlierYear(indicator, actuals, fiscalYear, comparator, bound);
  if (before === null) return notComputable(MISSING_ACTUAL, null, interim);
  return judgedAchievement(before, ratio, interim);
}

/**
 * を維持: did the bound hold in every earlier year of the plan? The years are the window's, else
 * every year reported. false as soon as one year failed (final, whatever is missing); null when a
 * year has no value and none failed.
 */
function heldEveryEarlierYear(
  indicator: Indicator,
  actuals: ActualsByYear,
  fiscalYear: number,
  comparator: Comparator,
  fallbackBound: Decimal,
): boolean | null {
  let missing = false;
  const check = (year: number): boolean => {
    const value = decimalOf(actuals.get(year)?.value);
    if (value === null) {
      missing = true;
      return true;
    }
    const row = targetFor(indicator, year);
    const bound = (row ? decimalOf(row.value) : null) ?? fallbackBound;
    return holds(value, bound, comparator);
  };
  if (indicator.window) {
    for (let year = indicator.window.startFy; year < fiscalYear; year++) if (!check(year)) return false;
  } else {
    for (const year of actuals.keys()) if (year < fiscalYear && !check(year)) return false;
  }
  return missing ? null : true;
}
