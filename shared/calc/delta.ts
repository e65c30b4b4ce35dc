/**
 * 前年度比 of the goal table (docs/domain.md §6). The sign is the direction of the change, whatever the
 * target: a reduction KPI's `△29万t-CO2` is good news, a met goal can print `△1.6pt`.
 */
import { type Decimal, round, sign, sub } from '../decimal.ts';
import { deltaUnit, formatNumber, isPercentUnit } from '../notation/index.ts';
import type { Actual, Indicator } from '../schema/index.ts';
import { decimalOf } from './values.ts';

export interface YearOverYear {
  /** The change (in points for a rate, one decimal); null when it cannot be derived. */
  readonly value: Decimal | null;
  /** The unit of the change: `pt` for a `%` indicator, else the indicator's unit. */
  readonly unit: string;
  /** `+13社`, `△1.4pt`, `±0社`; '' when there is no value. */
  readonly printed: string;
}

/**
 * The change since the previous report. Cumulative (and windowed threshold) KPIs: the year's
 * increase — the running totals subtracted, or the year's own amount when it is reported per year.
 * Level, rate, reduction and threshold: the difference of the values. Increment KPIs (already an
 * increase), qualitative and not-set KPIs have none.
 */
export function yearOverYear(
  indicator: Indicator,
  current: Actual | undefined,
  previous: Actual | undefined,
): YearOverYear {
  const unit = deltaUnit(indicator.unit);
  const value = changeOf(indicator, current, previous);
  if (value === null) return { value: null, unit, printed: '' };
  const rounded = isPercentUnit(indicator.unit) ? round(value, 1) : value;
  return { value: rounded, unit, printed: formatChange(rounded, unit) };
}

function changeOf(
  indicator: Indicator,
  current: Actual | undefined,
  previous: Actual | undefined,
): Decimal | null {
  const now = decimalOf(current?.value);
  if (now === null) return null;
  const summed =
    indicator.kind === 'cumulative' ||
    (indicator.kind === 'threshold' && indicator.window && !indicator.threshold?.maintain);
  if (summed && current!.basis !== 'to_date') return now;
  if (indicator.kind === 'increment' || indicator.kind === 'qualitative' || indicator.kind === 'not_set')
    return null;
  // A running total minus a yearly amount means nothing: both must be totals to date.
  if (summed && previous?.basis !== 'to_date') return null;
  const before = decimalOf(previous?.value);
  return before === null ? null : sub(now, before);
}

/**
 * A change with its sign always shown: `+13社`, `△1.4pt`. No change prints `±0社` (`±0.0pt`),
 * the form Japanese statistical tables use, so a reader never wonders whether the sign was dropped.
 */
export function formatChange(value: Decimal, unit: string): string {
  if (sign(value) === 0) return `±${formatNumber(value)}${unit}`;
  return `${formatNumber(value, { plusSign: true })}${unit}`;
}

/** The 前年度比 as printed after the figure in the goal table: `(+13社)`; '' when there is none. */
export function formatDeltaCell(delta: YearOverYear): string {
  return delta.printed === '' ? '' : `(${delta.printed})`;
}
