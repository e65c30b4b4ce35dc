/**
 * 達成度 (achievement) per indicator kind (docs/domain.md §4, §5). Never throws and never divides by
 * zero: a row that cannot be judged comes back not computable, with its reasons.
 */
import { type Decimal, isZero, sub } from '../decimal.ts';
import type { Indicator, Target } from '../schema/index.ts';
import type { ActualsByYear } from './actuals.ts';
import { cumulativeToDate, targetFor, targetOfYear } from './cumulative.ts';
import {
  type Achievement,
  NO_BASELINE,
  NO_TARGET,
  NOT_SET,
  type NotComputableReason,
  notComputable,
  QUALITATIVE,
  QUALITATIVE_MISSING,
  quotientAchievement,
  withMissingActual,
  ZERO_ACTUAL,
  ZERO_TARGET,
} from './result.ts';
import { evaluateThreshold } from './threshold.ts';
import { decimalOf } from './values.ts';

export { parseAchievementCell } from './achievement-cell.ts';
export type { ActualsByYear } from './actuals.ts';
export { actualsByYear, actualsIndex } from './actuals.ts';
export type { Achievement, NotComputableReason } from './result.ts';
export { ACHIEVEMENT_PLACEHOLDER, formatAchievement } from './result.ts';

export function evaluateIndicator(
  indicator: Indicator,
  actuals: ActualsByYear,
  fiscalYear: number,
): Achievement {
  switch (indicator.kind) {
    case 'increment':
      return evaluateIncrement(indicator, actuals, fiscalYear);
    case 'cumulative':
      return evaluateCumulative(indicator, actuals, fiscalYear);
    case 'level':
    case 'rate':
      return evaluateLevel(indicator, actuals, fiscalYear);
    case 'reduction':
      return evaluateReduction(indicator, actuals, fiscalYear);
    case 'threshold':
      return evaluateThreshold(indicator, actuals, fiscalYear);
    case 'qualitative':
      return evaluateQualitative(actuals, fiscalYear);
    default:
      // 'not_set', and any kind this version does not know: neither met nor failed.
      return notComputable(NOT_SET, null);
  }
}

function targetValue(target: Target | null): Decimal | null {
  return target ? decimalOf(target.value) : null;
}

/** Why a denominator cannot be divided by: absent, or zero. */
function denominatorProblem(value: Decimal | null): readonly NotComputableReason[] | null {
  return value === null ? NO_TARGET : isZero(value) ? ZERO_TARGET : null;
}

/** 実績値(増分) ÷ 目標値(増分) of the year: the increments, never the levels. */
function evaluateIncrement(indicator: Indicator, actuals: ActualsByYear, fiscalYear: number): Achievement {
  const actual = decimalOf(actuals.get(fiscalYear)?.value);
  const target = targetValue(targetOfYear(indicator, fiscalYear));
  const problem = denominatorProblem(target);
  if (actual === null) return notComputable(withMissingActual(problem), null);
  if (target === null || problem !== null) return notComputable(problem ?? NO_TARGET, null);
  return quotientAchievement(actual, target, false);
}

/** Sum over the window up to the year ÷ the window's target; interim until the window ends. */
function evaluateCumulative(indicator: Indicator, actuals: ActualsByYear, fiscalYear: number): Achievement {
  const targetRow = targetFor(indicator, fiscalYear);
  const window = indicator.window;
  if (window && fiscalYear < window.startFy) return notComputable(NO_TARGET, null);
  const endFy = window ? window.endFy : (targetRow?.fiscalYear ?? fiscalYear);
  const total = cumulativeToDate(indicator, actuals, fiscalYear);
  return ratioOf(total, targetValue(targetRow), indicator.direction, fiscalYear < endFy);
}

/** A level or a rate: actual ÷ target; for lower-is-better, target ÷ actual (≥ 100% still means met). */
function evaluateLevel(indicator: Indicator, actuals: ActualsByYear, fiscalYear: number): Achievement {
  const targetRow = targetFor(indicator, fiscalYear);
  const interim = targetRow !== null && targetRow.fiscalYear > fiscalYear;
  const actual = decimalOf(actuals.get(fiscalYear)?.value);
  return ratioOf(actual, targetValue(targetRow), indicator.direction, interim);
}

function ratioOf(
  actual: Decimal | null,
  target: Decimal | null,
  direction: Indicator['direction'],
  interim: boolean,
): Achievement {
  const lowerIsBetter = direction === 'lower_is_better';
  // Lower is better divides by the actual: a target of 0 is then a valid numerator.
  const problem = lowerIsBetter ? (target === null ? NO_TARGET : null) : denominatorProblem(target);
  if (actual === null) return notComputable(withMissingActual(problem), null, interim);
  if (target === null || problem !== null) return notComputable(problem ?? NO_TARGET, null, interim);
  if (!lowerIsBetter) return quotientAchievement(actual, target, interim);
  if (isZero(actual)) return notComputable(ZERO_ACTUAL, null, interim);
  return quotientAchievement(target, actual, interim);
}

/** (baseline − actual) ÷ (baseline − target): the share of the planned fall achieved. */
function evaluateReduction(indicator: Indicator, actuals: ActualsByYear, fiscalYear: number): Achievement {
  const targetRow = targetFor(indicator, fiscalYear);
  const interim = targetRow !== null && targetRow.fiscalYear > fiscalYear;
  const actual = decimalOf(actuals.get(fiscalYear)?.value);
  const baseline = decimalOf(indicator.baseline?.value);
  const target = targetValue(targetRow);
  const planned = baseline !== null && target !== null ? sub(baseline, target) : null;
  const problem = baseline === null ? NO_BASELINE : denominatorProblem(planned);
  if (actual === null) return notComputable(withMissingActual(problem), null, interim);
  if (baseline === null || planned === null || problem !== null) {
    return notComputable(problem ?? NO_TARGET, null, interim);
  }
  return quotientAchievement(sub(baseline, actual), planned, interim);
}

/** The department's chosen status decides; there is no figure. */
function evaluateQualitative(actuals: ActualsByYear, fiscalYear: number): Achievement {
  const actual = actuals.get(fiscalYear);
  const status = actual?.status;
  const met =
    status === 'achieved' ? true : status === 'not_achieved' || status === 'partly_achieved' ? false : null;
  const reported =
    actual !== undefined && (status !== undefined || actual.text !== undefined || actual.value !== null);
  return notComputable(reported ? QUALITATIVE : QUALITATIVE_MISSING, met);
}
