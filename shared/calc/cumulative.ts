import { add, type Decimal, ZERO } from '../decimal.ts';
import type { Indicator, Target } from '../schema/index.ts';
import { type ActualsByYear, firstActualYear } from './actuals.ts';
import { decimalOf } from './values.ts';

/** The target set for exactly this fiscal year (the yearly increment of an increment KPI). */
export function targetOfYear(indicator: Indicator, fiscalYear: number): Target | null {
  const targets = indicator.targets ?? [];
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    if (t.fiscalYear === fiscalYear) return t;
  }
  return null;
}

/**
 * The target a figure of this fiscal year is measured against. Increment KPIs: the year's own
 * target. Otherwise the year's target, else the nearest later one (the end of a cumulative window,
 * a goal set for R12年度), else the last one (the plan has run past its final target).
 */
export function targetFor(indicator: Indicator, fiscalYear: number): Target | null {
  const targets = indicator.targets ?? [];
  if (indicator.kind === 'increment') return targetOfYear(indicator, fiscalYear);
  let later: Target | null = null;
  let last: Target | null = null;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    if (t.fiscalYear === fiscalYear) return t;
    if (t.fiscalYear > fiscalYear && (later === null || t.fiscalYear < later.fiscalYear)) later = t;
    if (last === null || t.fiscalYear > last.fiscalYear) last = t;
  }
  return later ?? last;
}

/** The fiscal year a cumulative sum starts in: the window's start, else the first year reported. */
function windowStart(indicator: Indicator, actuals: ActualsByYear): number | null {
  return indicator.window ? indicator.window.startFy : firstActualYear(actuals);
}

/**
 * The running total of a cumulative figure at the end of this fiscal year: the latest `to_date`
 * total plus the yearly amounts reported after it, within the window. Null when a year the sum needs
 * has no value (an incomplete sum is no figure) or when the year lies before the window.
 * Increment KPIs: the sum of the yearly increments since the first report; a threshold over a
 * window (`累計 3件以上`) sums like a cumulative KPI.
 */
export function cumulativeToDate(
  indicator: Indicator,
  actuals: ActualsByYear,
  fiscalYear: number,
): Decimal | null {
  const kind = indicator.kind;
  if (kind !== 'cumulative' && kind !== 'increment' && !(kind === 'threshold' && indicator.window))
    return null;
  const start = windowStart(indicator, actuals);
  if (start === null || fiscalYear < start) return null;
  const end = indicator.window && indicator.window.endFy < fiscalYear ? indicator.window.endFy : fiscalYear;
  let total: Decimal | null = null;
  for (let year = end; year >= start; year--) {
    const actual = actuals.get(year);
    const value = decimalOf(actual?.value);
    if (value === null) return null;
    total = total === null ? value : add(total, value);
    if (actual!.basis === 'to_date') return total;
  }
  return total;
}

/**
 * The target a cumulative figure is compared with. Increment KPIs: the yearly target increments
 * summed from the first target year up to this year (null if that year has no target). Others:
 * the target of {@link targetFor} (for a cumulative KPI, its window's total).
 */
export function cumulativeTarget(indicator: Indicator, fiscalYear: number): Decimal | null {
  if (indicator.kind !== 'increment') {
    const target = targetFor(indicator, fiscalYear);
    return target ? decimalOf(target.value) : null;
  }
  if (targetOfYear(indicator, fiscalYear) === null) return null;
  let total: Decimal = ZERO;
  for (const t of indicator.targets ?? []) {
    if (t.fiscalYear > fiscalYear) continue;
    const value = decimalOf(t.value);
    if (value === null) return null;
    total = add(total, value);
  }
  return total;
}
