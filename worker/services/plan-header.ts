import { getPlanHeader, type PlanHeaderRow } from '../db/plans.ts';
import { planNotFound } from '../refusals.ts';

/** A plan's header row, or a 404 naming the plan. */
export async function requirePlanHeader(db: D1Database, planId: string): Promise<PlanHeaderRow> {
  const row = await getPlanHeader(db, planId);
  if (!row) throw planNotFound(planId);
  return row;
}
