import type { Actual, Cycle } from '../schema/index.ts';

/** One indicator's actuals keyed by the fiscal year of the report cycle they were reported in. */
export type ActualsByYear = ReadonlyMap<number, Actual>;

export const NO_ACTUALS: ActualsByYear = new Map();

/** The actuals of one indicator across report cycles. For many indicators use {@link actualsIndex}. */
export function actualsByYear(cycles: readonly Cycle[], indicatorId: string): ActualsByYear {
  const byYear = new Map<number, Actual>();
  for (const cycle of cycles) {
    for (const actual of cycle.actuals) {
      if (actual.indicatorId === indicatorId) byYear.set(cycle.fiscalYear, actual);
    }
  }
  return byYear;
}

/** Every indicator's actuals in one pass over the cycles (indicator id → fiscal year → actual). */
export function actualsIndex(cycles: readonly Cycle[]): ReadonlyMap<string, ActualsByYear> {
  const index = new Map<string, Map<number, Actual>>();
  for (const cycle of cycles) {
    for (const actual of cycle.actuals) {
      let byYear = index.get(actual.indicatorId);
      if (!byYear) {
        byYear = new Map();
        index.set(actual.indicatorId, byYear);
      }
      byYear.set(cycle.fiscalYear, actual);
    }
  }
  return index;
}

/** The earliest fiscal year with an actual, or null when there is none. */
export function firstActualYear(actuals: ActualsByYear): number | null {
  let first: number | null = null;
  for (const year of actuals.keys()) if (first === null || year < first) first = year;
  return first;
}
