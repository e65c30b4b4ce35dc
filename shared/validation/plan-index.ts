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
  indicators: Map<string, IndicatorEntry>;
  projects: Map<string, Project>;
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

export function indexPlan(plan: PlanFile): PlanIndex {
  const indicators = new Map<string, IndicatorEntry>();
  for (const entry of allIndicators(plan)) {
    if (!indicators.has(entry.indicator.id)) indicators.set(entry.indicator.id, entry);
  }
  const projects = new Map<string, Project>();
  for (const project of plan.projects) if (!projects.has(project.id)) projects.set(project.id, project);
  return { plan, indicators, projects, departmentIds: new Set(plan.departments.map((d) => d.id)) };
}
