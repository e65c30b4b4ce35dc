/** What every builder needs to know about the report cycle it prints. */
import type { ActualsByYear } from '../calc/achievement.ts';
import { actualsIndex } from '../calc/achievement.ts';
import { NO_SUBMISSION, SUBMISSION_STATUS_LABELS } from '../glossary.ts';
import type { Actual, Cycle, PlanFile, SubmissionStatus } from '../schema/index.ts';

export interface CycleContext {
  fiscalYear: number;
  cycle: Cycle | undefined;
  previous: Cycle | undefined;
  actuals: ReadonlyMap<string, ActualsByYear>;
}

const EMPTY: ActualsByYear = new Map();

/** The report cycle to print: the one asked for, else the latest of the plan, else the plan's last year. */
export function cycleContext(plan: PlanFile, fiscalYear?: number): CycleContext {
  const cycles = [...plan.cycles].sort((a, b) => a.fiscalYear - b.fiscalYear);
  const fy = fiscalYear ?? cycles[cycles.length - 1]?.fiscalYear ?? plan.plan.period.endFy;
  const cycle = cycles.find((c) => c.fiscalYear === fy);
  const previous = [...cycles].reverse().find((c) => c.fiscalYear < fy);
  return { fiscalYear: fy, cycle, previous, actuals: actualsIndex(cycles) };
}

export function actualsOf(ctx: CycleContext, indicatorId: string): ActualsByYear {
  return ctx.actuals.get(indicatorId) ?? EMPTY;
}

export function actualIn(ctx: CycleContext, indicatorId: string, fiscalYear: number): Actual | undefined {
  return actualsOf(ctx, indicatorId).get(fiscalYear);
}

/** The status of a department's submission in the cycle; undefined when it has none. */
export function submissionStatus(ctx: CycleContext, departmentId: string): SubmissionStatus | undefined {
  return ctx.cycle?.submissions.find((s) => s.departmentId === departmentId)?.status;
}

/** The glossary's words for a submission's state; a submitted sheet says it awaits approval. */
export const SUBMISSION_STATUS_LABEL: Record<SubmissionStatus | 'none', string> = {
  draft: SUBMISSION_STATUS_LABELS.draft.ja,
  submitted: `${SUBMISSION_STATUS_LABELS.submitted.ja}（未承認）`,
  approved: SUBMISSION_STATUS_LABELS.approved.ja,
  returned: SUBMISSION_STATUS_LABELS.returned.ja,
  none: NO_SUBMISSION.ja,
};
