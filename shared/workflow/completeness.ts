import type { Actual } from '../schema/index.ts';

/**
 * How far a sheet is filled in (the cycle status's `filledCount`): a KPI counts as filled when it
 * has a value, a reason why the value is missing, or (a qualitative KPI) a status. A blank KPI is not
 * filled (docs/domain.md §8.5).
 */
export interface FilledFields {
  value: Actual['value'];
  missingReason?: string | null | undefined;
  status?: Actual['status'] | null;
}

const present = (text: string | null | undefined) => text != null && text.trim() !== '';

export function isFilled(actual: FilledFields): boolean {
  return actual.value != null || present(actual.missingReason) || actual.status != null;
}

/** The number of filled KPIs among a sheet's actuals (one per KPI). */
export function filledCount(actuals: readonly FilledFields[]): number {
  return actuals.filter(isFilled).length;
}
