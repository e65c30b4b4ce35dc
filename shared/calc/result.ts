import { type Decimal, quotientUnits, round } from '../decimal.ts';
import { glossary } from '../glossary.ts';

/**
 * Why a row has no 達成度. A not-computable row counts as neither achieved nor failed.
 * - missing_actual: the actual is not (yet) published (the cell shows `(※)`)
 * - zero_target: the denominator is 0 (target increment 0, reduction target equal to the baseline)
 * - zero_actual: a lower-is-better level whose actual is 0 (target ÷ actual is undefined)
 * - no_target: no target covers the year (or the year lies before a cumulative window)
 * - no_baseline: a reduction KPI without a baseline value
 * - qualitative: judged by the department's chosen status, not by a figure
 * - not_set: the target is not set yet (`※今後の趨勢を見極めて改めて設定`)
 */
export type NotComputableReason =
  | 'missing_actual'
  | 'zero_target'
  | 'zero_actual'
  | 'no_target'
  | 'no_baseline'
  | 'qualitative'
  | 'not_set';

export interface Achievement {
  /** A figure could be judged: a 達成度 was computed, or a threshold could be checked. */
  readonly computable: boolean;
  /** 達成度 in percent, half up to one decimal (scale 1); null when there is no such figure. */
  readonly percent: Decimal | null;
  /**
   * Thresholds only: the informative quotient (actual ÷ bound, or bound ÷ actual for 以下/未満) as a
   * fraction to 6 decimals (1 = 100%). Null for the other kinds, whose figure is `percent`: computing
   * a second quotient for every row would cost a quarter of the evaluation time for nothing printed.
   */
  readonly ratio: Decimal | null;
  /** true met, false not met, null neither (not computable, in progress, or interim and not yet met). */
  readonly met: boolean | null;
  /** The target's window or year has not ended at this fiscal year: the figure is interim. */
  readonly interim: boolean;
  readonly reasons: readonly NotComputableReason[];
  /** The 達成度 cell: `481.6%`, or `—%` when there is no figure. */
  readonly printed: string;
}

/** The placeholder this project exports for a missing 達成度 (U+2014 EM DASH). */
export const ACHIEVEMENT_PLACEHOLDER = '—%';

const HUNDRED_PERCENT = 1000n; // 100.0% at scale 1
const NO_REASONS: readonly NotComputableReason[] = Object.freeze([]);

// 0.0%–9999.9% has 100,000 printed forms; each is built once and shared, so evaluating a million
// rows does not build a million strings (the figures are exact either way).
const PRINTED_CACHE_LIMIT = 100_000n;
const printedCache: (string | undefined)[] = new Array(Number(PRINTED_CACHE_LIMIT)).fill(undefined);

/** 達成度 as printed: one decimal, no thousands separator, ASCII `%`, `△` for a negative figure. */
export function formatAchievement(percent: Decimal | null): string {
  if (percent === null) return ACHIEVEMENT_PLACEHOLDER;
  const units = percent.scale === 1 ? percent.units : round(percent, 1).units;
  if (units >= 0n && units < PRINTED_CACHE_LIMIT) {
    const index = Number(units);
    let printed = printedCache[index];
    if (printed === undefined) {
      printed = printAchievement(units);
      printedCache[index] = printed;
    }
    return printed;
  }
  return printAchievement(units);
}

function printAchievement(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const digits = abs < 10n ? `0${abs}` : abs.toString();
  const cut = digits.length - 1;
  return `${negative ? glossary.negativeSign : ''}${digits.slice(0, cut)}.${digits.slice(cut)}%`;
}

/**
 * `num ÷ den` as a 達成度. `met` follows the printed figure (≥ 100.0%, so 99.96% printed as
 * 100.0% counts), so a table never shows 100.0% next to 未達成. An interim figure never fails:
 * below the target it is neither met nor failed yet.
 */
export function quotientAchievement(num: Decimal, den: Decimal, interim: boolean): Achievement {
  // percent × 10 = ratio × 1000: the units of a ÷ b at 3 decimals are the percent at 1 decimal.
  const units = quotientUnits(num, den, 3);
  if (units === null) return notComputable(ZERO_TARGET, null);
  const percent: Decimal = { units, scale: 1 };
  const reached = units >= HUNDRED_PERCENT;
  return {
    computable: true,
    percent,
    ratio: null,
    met: reached ? true : interim ? null : false,
    interim,
    reasons: NO_REASONS,
    printed: formatAchievement(percent),
  };
}

/** A judged row without a 達成度 figure (a threshold): met or not, with an informative ratio. */
export function judgedAchievement(met: boolean | null, ratio: Decimal | null, interim: boolean): Achievement {
  return {
    computable: true,
    percent: null,
    ratio,
    met,
    interim,
    reasons: NO_REASONS,
    printed: ACHIEVEMENT_PLACEHOLDER,
  };
}

export function notComputable(
  reasons: readonly NotComputableReason[],
  met: boolean | null,
  interim = false,
): Achievement {
  return {
    computable: false,
    percent: null,
    ratio: null,
    met,
    interim,
    reasons,
    printed: ACHIEVEMENT_PLACEHOLDER,
  };
}

// Shared, frozen reason lists: evaluating a million rows allocates no arrays for the usual cases.
const frozen = (...reasons: NotComputableReason[]) => Object.freeze(reasons);
export const MISSING_ACTUAL = frozen('missing_actual');
export const ZERO_TARGET = frozen('zero_target');
export const ZERO_ACTUAL = frozen('zero_actual');
export const NO_TARGET = frozen('no_target');
export const NO_BASELINE = frozen('no_baseline');
export const QUALITATIVE = frozen('qualitative');
export const QUALITATIVE_MISSING = frozen('qualitative', 'missing_actual');
export const NOT_SET = frozen('not_set');
const MISSING_AND: Record<string, readonly NotComputableReason[]> = {
  zero_target: frozen('missing_actual', 'zero_target'),
  no_target: frozen('missing_actual', 'no_target'),
  no_baseline: frozen('missing_actual', 'no_baseline'),
};

/** The reasons for a row missing its actual and, possibly, one other thing. */
export function withMissingActual(
  other: readonly NotComputableReason[] | null,
): readonly NotComputableReason[] {
  if (other === null || other.length === 0) return MISSING_ACTUAL;
  return (other.length === 1 && MISSING_AND[other[0]!]) || Object.freeze(['missing_actual', ...other]);
}
