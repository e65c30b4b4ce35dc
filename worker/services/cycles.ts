import type { CycleStatusResponse } from '../../shared/api.ts';
import type { SubmissionStatus } from '../../shared/schema/index.ts';
import { createCycle, cycleStatus, cycleSummary, getCycle, listCycles, setCycleLock } from '../db/cycles.ts';
import { isUniqueViolation } from '../db/directory.ts';
import { HttpProblem } from '../errors.ts';
import type { RequestMeta } from '../http.ts';
import { requirePlanHeader } from './plan-header.ts';

/** Report cycles: open one for a fiscal year, lock it against changes, see every department's state. */

const cycleNotFound = (planId: string, fy: number) =>
  new HttpProblem(404, 'not_found', {
    ja: `計画「${planId}」に${fy}年度の報告年度がありません。`,
    en: `Plan "${planId}" has no report cycle for FY${fy}.`,
  });

export async function openCycle(
  db: D1Database,
  planId: string,
  fy: number,
  label: string | null,
  m: RequestMeta,
) {
  const plan = await requirePlanHeader(db, planId);
  if (fy < plan.start_fy || fy > plan.end_fy) {
    throw new HttpProblem(
      422,
      'cycle_outside_plan',
      {
        ja: `${fy}年度は計画期間（${plan.start_fy}～${plan.end_fy}年度）の外です。`,
        en: `FY${fy} is outside the plan period (FY${plan.start_fy}-FY${plan.end_fy}).`,
      },
      { fiscalYear: fy },
    );
  }
  try {
    await createCycle(db, planId, fy, label, m);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new HttpProblem(409, 'cycle_exists', {
      ja: `${fy}年度の報告年度はすでにあります。`,
      en: `The FY${fy} cycle already exists.`,
    });
  }
  return cycleSummary((await getCycle(db, planId, fy))!);
}

export async function cyclesOf(db: D1Database, planId: string) {
  await requirePlanHeader(db, planId);
  return { planId, cycles: (await listCycles(db, [planId])).get(planId) ?? [] };
}

export async function lockCycle(
  db: D1Database,
  planId: string,
  fy: number,
  locked: boolean,
  m: RequestMeta,
  comment: string | null,
) {
  const before = await getCycle(db, planId, fy);
  if (!before) throw cycleNotFound(planId, fy);
  await setCycleLock(db, planId, fy, locked, m, comment);
  // Locking a locked cycle is not an error: the state asked for is the state it is in.
  return cycleSummary((await getCycle(db, planId, fy))!);
}

export async function statusOf(db: D1Database, planId: string, fy: number): Promise<CycleStatusResponse> {
  const { cycle, departments } = await cycleStatus(db, planId, fy);
  if (!cycle) throw cycleNotFound(planId, fy);
  const counts: Record<SubmissionStatus, number> = { draft: 0, submitted: 0, approved: 0, returned: 0 };
  for (const d of departments) counts[d.status]++;
  return { planId, fiscalYear: fy, locked: cycle.locked === 1, counts, departments };
}
