import type { Goal, Indicator, PlanFile, Project } from '../schema/index.ts';
import type { PathSegment } from './path.ts';

export interface IndicatorEntry {
  indicator: Indicator;
  /** JSON path of the indicator in the plan file. */
  path: PathSegment[];
  /** The project it measures; undefined for a goal's 数値目標. */
  project?: Project;
  goal?: Goal;
}

/** Lookups over a parsed plan, built once per validation so no check searches the plan in a loop. */
export interface PlanIndex {
  plan: PlanFile;
  /** The first indicator with each id (a duplicate id is reported, not indexed). */
  indicators: ReadonlyMap<string, IndicatorEntry>;
  projects: ReadonlyMap<string, Project>;
  departmentIds: Set<string>;
}

/** Every indicator of the plan with its path, goals' first, duplicates included. */
export function allIndicators(plan: PlanFile): IndicatorEntry[] {
  const out: IndicatorEntry[] = [];
  plan.goals.forEach((goal, g) => {
    goal.indicators.forEach((indicator, i) => {
      out.push({ indicator, goal, path: ['goals', g, 'indicators', i] });
    });
  });
  plan.projects.forEach((project, p) => {
    project.indicators.forEach((indicator, i) => {
      out.push({ indicator, project, path: ['projects', p, 'indicators', i] });
    });
  });
  return out;
}

type StructureLookups = Pick<PlanIndex, 'indicators' | 'projects'>;

/**
 * Lookups of deep-frozen goals and projects (the worker's per-isolate plan cache freezes them), by
 * their projects array: they cannot change, so a server validating save after save against the same
 * plan builds them once instead of walking every indicator of the plan per save.
 */
const frozenLookups = new WeakMap<readonly Project[], { goals: readonly Goal[] } & StructureLookups>();

function deepFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Object.isFrozen(value) && Object.values(value).every(deepFrozen);
}

function buildLookups(plan: PlanFile): StructureLookups {
  const indicators = new Map<string, IndicatorEntry>();
  for (const entry of allIndicators(plan)) {
    if (!indicators.has(entry.indicator.id)) indicators.set(entry.indicator.id, entry);
  }
  const projects = new Map<string, Project>();
  for (const project of plan.projects) if (!projects.has(project.id)) projects.set(project.id, project);
  return { indicators, projects };
}

function structureLookups(plan: PlanFile): StructureLookups {
  const hit = frozenLookups.get(plan.projects);
  if (hit && hit.goals === plan.goals) return hit;
  const built = buildLookups(plan);
  // Frozen for good: checked once here, a later hit needs only the identity of the two arrays.
  if (deepFrozen(plan.goals) && deepFrozen(plan.projects)) {
    frozenLookups.set(plan.projects, { goals: plan.goals, ...built });
  }
  return built;
}

export function indexPlan(plan: PlanFile): PlanIndex {
  return { plan, ...structureLookups(plan), departmentIds: new Set(plan.departments.map((d) => d.id)) };
}
