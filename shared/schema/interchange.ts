import { z } from 'zod';
import { Id, Text } from './common.ts';
import { BudgetEntry, Department, Goal, PlanHeader, Project } from './plan.ts';
import { Cycle } from './submission.ts';

export const PLAN_FORMAT = 'shinchoku/plan@1';

/** An earlier version of the plan's targets, kept for the 新旧対照表. */
export const PlanVersion = z
  .object({
    version: z.number().int().min(1),
    label: Text(200).optional(),
    goals: z.array(Goal).max(100).default([]),
    projects: z.array(Project).max(2000).default([]),
  })
  .strict();
export type PlanVersion = z.infer<typeof PlanVersion>;

/** The JSON interchange format: a whole plan with its values, one file. */
export const PlanFile = z
  .object({
    format: z.literal(PLAN_FORMAT),
    plan: PlanHeader,
    departments: z.array(Department).max(1000).default([]),
    goals: z.array(Goal).max(100).default([]),
    projects: z.array(Project).max(2000).default([]),
    cycles: z.array(Cycle).max(50).default([]),
    budgets: z.array(BudgetEntry).max(5000).default([]),
    previousVersions: z.array(PlanVersion).max(50).default([]),
  })
  .strict();
export type PlanFile = z.infer<typeof PlanFile>;
export type PlanFileInput = z.input<typeof PlanFile>;

export { Id };
