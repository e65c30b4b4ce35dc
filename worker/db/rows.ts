import type { BudgetEntry, Goal, Indicator, PlanHeader, Project, Target } from '../../shared/schema/index.ts';
import { type SqlValue, toJson } from './sql.ts';

/**
 * Row ↔ object mapping of the plan tables. Columns hold what SQL filters or joins on and every
 * decimal (as text); the remaining fields of an object go into its `attrs` JSON, so fields added
 * to the interchange format later round-trip without a migration.
 */

export function rest<T extends object>(obj: T, taken: readonly (keyof T)[]): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v !== undefined && !taken.includes(k as keyof T)) out[k] = v;
  }
  return toJson(out);
}

export function attrsOf(text: string | null): Record<string, unknown> {
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

export const opt = <K extends string, V>(key: K, value: V | null | undefined): Partial<Record<K, V>> =>
  value === null || value === undefined ? {} : ({ [key]: value } as Record<K, V>);

// --- plan header ---
export const PLAN_COLUMNS = ['title', 'start_fy', 'end_fy', 'current_version', 'attrs'] as const;
export function planRow(p: PlanHeader): SqlValue[] {
  return [
    p.title,
    p.period.startFy,
    p.period.endFy,
    p.version,
    rest(p, ['id', 'title', 'period', 'version']),
  ];
}
export interface PlanRecord {
  id: string;
  title: string;
  start_fy: number;
  end_fy: number;
  current_version: number;
  attrs: string;
  created_at: string;
}
export function planFromRow(r: PlanRecord, version = r.current_version): PlanHeader {
  return {
    id: r.id,
    title: r.title,
    period: { startFy: r.start_fy, endFy: r.end_fy },
    version,
    ...attrsOf(r.attrs),
  } as PlanHeader;
}

// --- goals ---
export const GOAL_COLUMNS = ['id', 'position', 'number', 'title', 'attrs'] as const;
export function goalRow(g: Goal, position: number): SqlValue[] {
  return [g.id, position, g.number, g.title, rest(g, ['id', 'number', 'title', 'indicators'])];
}
export interface GoalRecord {
  id: string;
  number: number;
  title: string;
  attrs: string;
}
export function goalFromRow(r: GoalRecord, indicators: Indicator[]): Goal {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    directions: [],
    ...attrsOf(r.attrs),
    indicators,
  } as Goal;
}

// --- projects ---
export const PROJECT_COLUMNS = ['id', 'position', 'number', 'name', 'start_fy', 'end_fy', 'attrs'] as const;
export function projectRow(p: Project, position: number): SqlValue[] {
  return [
    p.id,
    position,
    p.number,
    p.name,
    p.period.startFy,
    p.period.endFy,
    rest(p, ['id', 'number', 'name', 'period', 'departmentIds', 'indicators']),
  ];
}
export interface ProjectRecord {
  id: string;
  number: number;
  name: string;
  start_fy: number;
  end_fy: number;
  attrs: string;
}
export function projectFromRow(r: ProjectRecord, departmentIds: string[], indicators: Indicator[]): Project {
  return {
    id: r.id,
    number: r.number,
    name: r.name,
    period: { startFy: r.start_fy, endFy: r.end_fy },
    departmentIds,
    footnotes: [],
    ...attrsOf(r.attrs),
    indicators,
  } as Project;
}

// --- indicators ---
export const INDICATOR_COLUMNS = [
  'id',
  'owner_kind',
  'owner_id',
  'position',
  'number',
  'name',
  'unit',
  'kind',
  'direction',
  'has_baseline',
  'baseline_value',
  'baseline_period',
  'attrs',
] as const;
export function indicatorRow(
  i: Indicator,
  owner: 'goal' | 'project',
  ownerId: string,
  position: number,
): SqlValue[] {
  return [
    i.id,
    owner,
    ownerId,
    position,
    i.number,
    i.name,
    i.unit,
    i.kind,
    i.direction,
    i.baseline ? 1 : 0,
    i.baseline?.value ?? null,
    i.baseline?.period ?? null,
    rest(i, ['id', 'number', 'name', 'unit', 'kind', 'direction', 'baseline', 'targets']),
  ];
}
export interface IndicatorRecord {
  id: string;
  owner_kind: 'goal' | 'project';
  owner_id: string;
  number: number;
  name: string;
  unit: string;
  kind: string;
  direction: string;
  has_baseline: number;
  baseline_value: string | null;
  baseline_period: string | null;
  attrs: string;
}
export function indicatorFromRow(r: IndicatorRecord, targets: Target[]): Indicator {
  return {
    id: r.id,
    number: r.number,
    name: r.name,
    unit: r.unit,
    kind: r.kind,
    direction: r.direction,
    baseline: r.has_baseline ? { value: r.baseline_value, ...opt('period', r.baseline_period) } : null,
    footnotes: [],
    ...attrsOf(r.attrs),
    targets,
  } as Indicator;
}

// --- targets ---
export const TARGET_COLUMNS = ['indicator_id', 'fiscal_year', 'value', 'period'] as const;
export const targetRow = (indicatorId: string, t: Target): SqlValue[] => [
  indicatorId,
  t.fiscalYear,
  t.value,
  t.period ?? null,
];
export interface TargetRecord {
  indicator_id: string;
  version: number;
  fiscal_year: number;
  value: string;
  period: string | null;
}
export const targetFromRow = (r: TargetRecord): Target => ({
  fiscalYear: r.fiscal_year,
  value: r.value,
  ...opt('period', r.period),
});

// --- budgets ---
export const BUDGET_COLUMNS = [
  'id',
  'position',
  'fiscal_year',
  'section',
  'name',
  'project_id',
  'initial_budget',
  'settlement',
  'description',
  'department',
  'is_reprint',
  'attrs',
] as const;
export function budgetRow(b: BudgetEntry, position: number): SqlValue[] {
  const taken = ['id', 'fiscalYear', 'section', 'name', 'projectId', 'initialBudget', 'settlement'] as const;
  return [
    b.id,
    position,
    b.fiscalYear,
    b.section,
    b.name,
    b.projectId ?? null,
    b.initialBudget,
    b.settlement,
    b.description,
    b.department,
    b.isReprint ? 1 : 0,
    rest(b, [...taken, 'description', 'department', 'isReprint']),
  ];
}
export interface BudgetRecord {
  id: string;
  fiscal_year: number;
  section: string;
  name: string;
  project_id: string | null;
  initial_budget: string;
  settlement: string | null;
  description: string;
  department: string;
  is_reprint: number;
  attrs: string;
}
export function budgetFromRow(r: BudgetRecord): BudgetEntry {
  return {
    id: r.id,
    fiscalYear: r.fiscal_year,
    section: r.section,
    name: r.name,
    ...opt('projectId', r.project_id),
    initialBudget: r.initial_budget,
    settlement: r.settlement,
    description: r.description,
    department: r.department,
    isReprint: r.is_reprint === 1,
    ...attrsOf(r.attrs),
  } as BudgetEntry;
}
