import type {
  BudgetEntry,
  Goal,
  Indicator,
  PlanVersion,
  Project,
  Target,
} from '../../shared/schema/index.ts';
import {
  type BudgetRecord,
  budgetFromRow,
  type GoalRecord,
  goalFromRow,
  type IndicatorRecord,
  indicatorFromRow,
  type ProjectRecord,
  projectFromRow,
  type TargetRecord,
  targetFromRow,
} from './rows.ts';
import { fromJson, type SqlValue } from './sql.ts';

/**
 * A plan's structure: goals, projects, indicators, every version's targets, budgets. It is written
 * only by an import (a new plan) or a revision (a new version), so for one plan, creation time and
 * version it never changes: each isolate keeps the last few it read and a save reads only values.
 * Cached objects are shared between requests, so they are frozen: a mutation fails loudly instead of
 * changing another request's plan.
 */

export interface VersionRecord {
  version: number;
  label: string | null;
  snapshot: string | null;
  created_at: string;
  created_by: string | null;
}

export interface PlanStructure {
  versions: VersionRecord[];
  goals: Goal[];
  projects: Project[];
  budgets: BudgetEntry[];
  previousVersions: PlanVersion[];
  /** Display order of indicators and projects, for values read back. */
  indicatorOrder: Map<string, number>;
  projectOrder: Map<string, number>;
  /** Every indicator (goals' and projects') and project of the current version, for membership checks. */
  indicatorIds: ReadonlySet<string>;
  projectIds: ReadonlySet<string>;
}

const INDICATOR_FIELDS =
  'id, owner_kind, owner_id, position, number, name, unit, kind, direction, has_baseline, baseline_value, baseline_period, attrs';
const BUDGET_FIELDS =
  'id, position, fiscal_year, section, name, project_id, initial_budget, settlement, description, department, is_reprint, attrs';

/**
 * A list as one JSON cell: D1's cost is per row and cell returned, not per byte. D1 allows 32 arguments
 * per SQL function, so json_object takes at most 16 columns.
 */
export function jsonList(
  db: D1Database,
  params: readonly SqlValue[],
  columns: string,
  from: string,
  order: string,
): D1PreparedStatement {
  const pairs = columns
    .split(',')
    .map((c) => `'${c.trim()}', ${c.trim()}`)
    .join(', ');
  return db
    .prepare(`SELECT json_group_array(json_object(${pairs}) ORDER BY ${order}) AS rows FROM ${from}`)
    .bind(...params);
}

export function listOf<T>(result: D1Result | undefined): T[] {
  return fromJson<T[]>((result?.results?.[0] as { rows?: string } | undefined)?.rows, []);
}

export function structureQueries(db: D1Database, planId: string): D1PreparedStatement[] {
  const list = (columns: string, from: string, order: string) => jsonList(db, [planId], columns, from, order);
  return [
    list('version, label, snapshot, created_at, created_by', 'plan_versions WHERE plan_id = ?', 'version'),
    list('id, number, title, attrs, position', 'goals WHERE plan_id = ?', 'position'),
    list('id, number, name, start_fy, end_fy, attrs, position', 'projects WHERE plan_id = ?', 'position'),
    list(
      'project_id, department_id, position',
      'project_departments WHERE plan_id = ?',
      'project_id, position',
    ),
    list(INDICATOR_FIELDS, 'indicators WHERE plan_id = ?', 'owner_kind, owner_id, position'),
    list(
      'indicator_id, version, fiscal_year, value, period, attrs',
      'targets WHERE plan_id = ?',
      'indicator_id, version, fiscal_year',
    ),
    list(BUDGET_FIELDS, 'budgets WHERE plan_id = ?', 'position'),
  ];
}
export const STRUCTURE_QUERY_COUNT = 7;

function byKey<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export function assembleStructure(
  results: readonly (D1Result | undefined)[],
  currentVersion: number,
): PlanStructure {
  const versions = listOf<VersionRecord>(results[0]);
  const goalRows = listOf<GoalRecord>(results[1]);
  const projectRows = listOf<ProjectRecord>(results[2]);
  const deptsOf = byKey(
    listOf<{ project_id: string; department_id: string }>(results[3]),
    (r) => r.project_id,
  );
  const indicators = listOf<IndicatorRecord>(results[4]);
  const indicatorsOf = byKey(indicators, (r) => `${r.owner_kind}:${r.owner_id}`);
  const targetsOf = byKey(listOf<TargetRecord>(results[5]), (r) => `${r.version}:${r.indicator_id}`);
  const targetsAt = (version: number, id: string): Target[] =>
    (targetsOf.get(`${version}:${id}`) ?? []).map(targetFromRow);

  const build = (version: number) => {
    const inds = (kind: string, id: string): Indicator[] =>
      (indicatorsOf.get(`${kind}:${id}`) ?? []).map((r) => indicatorFromRow(r, targetsAt(version, r.id)));
    return {
      goals: goalRows.map((g) => goalFromRow(g, inds('goal', g.id))),
      projects: projectRows.map((p) =>
        projectFromRow(
          p,
          (deptsOf.get(p.id) ?? []).map((d) => d.department_id),
          inds('project', p.id),
        ),
      ),
    };
  };
  const { goals, projects } = build(currentVersion);
  const previousVersions: PlanVersion[] = versions
    .filter((v) => v.version !== currentVersion)
    .map((v) => {
      const body = v.snapshot
        ? fromJson<{ goals: Goal[]; projects: Project[] }>(v.snapshot, { goals: [], projects: [] })
        : build(v.version);
      return {
        version: v.version,
        ...(v.label !== null ? { label: v.label } : {}),
        goals: body.goals,
        projects: body.projects,
      };
    });
  return {
    versions,
    goals,
    projects,
    budgets: listOf<BudgetRecord>(results[6]).map(budgetFromRow),
    previousVersions,
    // As displayed: the goals' indicators, then the projects', each owner's in its order.
    indicatorOrder: new Map([...goals, ...projects].flatMap((o) => o.indicators).map((i, n) => [i.id, n])),
    projectOrder: new Map(projectRows.map((p, i) => [p.id, i])),
    indicatorIds: new Set([...goals, ...projects].flatMap((o) => o.indicators.map((i) => i.id))),
    projectIds: new Set(projects.map((p) => p.id)),
  };
}

// --- the per-isolate cache ---
const MAX_CACHED = 8;
const cache = new Map<string, { key: string; structure: PlanStructure }>();

export const structureKey = (createdAt: string, version: number) => `${createdAt}#${version}`;

export function cachedStructure(planId: string): { key: string; structure: PlanStructure } | undefined {
  return cache.get(planId);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function rememberStructure(planId: string, key: string, structure: PlanStructure): void {
  for (const part of [
    structure.versions,
    structure.goals,
    structure.projects,
    structure.budgets,
    structure.previousVersions,
  ]) {
    deepFreeze(part);
  }
  cache.delete(planId);
  cache.set(planId, { key, structure });
  while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
}
