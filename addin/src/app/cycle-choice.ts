import type { PlanSummary } from '../../../shared/api.ts';
import { type KeyValueStorage, readJson, writeJson } from './storage.ts';

/**
 * Which report cycle the pane opens. The year never changes behind the person's back: the pane opens
 * the cycle they last picked (while it still exists, locked or not — a locked cycle opens read-only
 * and says so), else the latest cycle of the first plan; it changes year only when they pick another.
 */
export interface CycleChoice {
  plan: PlanSummary;
  fiscalYear: number;
}

const KEY = 'cycle-choice';

interface Remembered {
  planId: string;
  fiscalYear: number;
}

const isRemembered = (x: unknown): x is Remembered =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as Remembered).planId === 'string' &&
  typeof (x as Remembered).fiscalYear === 'number';

export function chooseCycle(
  plans: readonly PlanSummary[],
  remembered: Remembered | null,
): CycleChoice | null {
  if (remembered) {
    const plan = plans.find((p) => p.id === remembered.planId);
    if (plan?.cycles.some((c) => c.fiscalYear === remembered.fiscalYear))
      return { plan, fiscalYear: remembered.fiscalYear };
  }
  for (const plan of plans) {
    const latest = Math.max(...plan.cycles.map((c) => c.fiscalYear));
    if (Number.isFinite(latest)) return { plan, fiscalYear: latest };
  }
  return null;
}

export function rememberedCycle(storage: KeyValueStorage): Remembered | null {
  return readJson(storage, KEY, isRemembered);
}

/** The person picked a cycle: it is the one the pane opens from now on. */
export function rememberCycle(storage: KeyValueStorage, choice: CycleChoice): void {
  writeJson(storage, KEY, { planId: choice.plan.id, fiscalYear: choice.fiscalYear });
}
