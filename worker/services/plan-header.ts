import { getPlanHeader, type PlanHeaderRow } from '../db/plans.ts';
import { HttpProblem } from '../errors.ts';

/** A plan's header row, or a 404 naming the plan. */
export async function requirePlanHeader(db: D1Database, planId: string): Promise<PlanHeaderRow> {
  const row = await getPlanHeader(db, planId);
  if (!row) {
    throw new HttpProblem(404, 'not_found', {
      ja: `計画「${planId}」が見つかりません。`,
      en: `Plan "${planId}" was not found.`,
    });
  }
  return row;
}
