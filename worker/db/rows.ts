import {
  Baseline,
  BudgetEntry,
  Cycle,
  Goal,
  Indicator,
  PlanHeader,
  Project,
  Target,
} from '../../shared/schema/index.ts';
import { insertRows, type SqlValue, type Stmt, toJson } from './sql.ts';

/**
 * Row ↔ object mapping of the plan tables. Columns hold what SQL filters or joins on and every
 * decimal (as text); every other field of an object goes into its `attrs` JSON — whatever the
 * schema calls it — so a field added to the interchange format later round-trips without a code
 * change or a migration. Read back, an object's keys come in its schema's order, so a plan reads
 * back as the JSON its import was parsed into (worker/test/plan-storage.test.ts).
 */

/** The fields of `obj` outside `taken` (stored in columns or tables of their own), undefined left out. */
export function extras<T extends object>(obj: T, taken: readonly (keyof T)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v !== undefined && !taken.includes(k as keyof T)) out[k] = v;
  }
  return out;
}

/** `extras` as the JSON of an `attrs` column. */
export function rest<T extends object>(obj: T, taken: readonly (keyof T)[]): string {
  return toJson(extras(obj, taken));
}

export function attrsOf(text: string | null | undefined): Record<string, unknown> {
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

export const opt = <K extends string, V>(key: K, value: V | null | undefined): Partial<Record<K, V>> =>
  value === null || value === undefined ? {} : ({ [key]: value } as Record<K, V>);

type ObjectSchema = { readonly shape: Readonly<Record<string, unknown>> };
const keyOrders = new WeakMap<ObjectSchema, readonly string[]>();

/**
 * The fields as an object of `schema`: its keys first, in the schema's order (the order parsing
 * gives), then any other; undefined values left out.
 */
export function ordered<T>(schema: ObjectSchema, fields: Readonly<Record<string, unknown>>): T {
  let keys = keyOrders.get(schema);
  if (!keys) {
    keys = Object.keys(schema.shape);
    keyOrders.set(schema, keys);
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) if (fields[k] !== undefined) out[k] = fields[k];
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && !(k in out)) out[k] = v;
  return out as T;
}

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
  /** JSON [[indicatorId, departmentId], …] of goal_indicator_departments (plan-read.ts). */
  goal_departments?: string | null;
}
export function planFromRow(r: PlanRecord, version = r.current_version): PlanHeader {
  return ordered(PlanHeader, {
    ...attrsOf(r.attrs),
    id: r.id,
    title: r.title,
    period: { startFy: r.start_fy, endFy: r.end_fy },
    version,
  });
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
  return ordered(Goal, {
    directions: [],
    ...attrsOf(r.attrs),
    id: r.id,
    number: r.number,
    title: r.title,
    indicators,
  });
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
  return ordered(Project, {
    footnotes: [],
    ...attrsOf(r.attrs),
    id: r.id,
    number: r.number,
    name: r.name,
    period: { startFy: r.start_fy, endFy: r.end_fy },
    departmentIds,
    indicators,
  });
}

// --- indicators ---
// The baseline's value and period are columns; its other fields (marker, missingReason, noteMarker,
// any added later) are kept in the indicator's attrs under `baseline`.
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
const BASELINE_TAKEN = ['value', 'period'] as const;
export function indicatorRow(
  i: Indicator,
  owner: 'goal' | 'project',
  ownerId: string,
  position: number,
): SqlValue[] {
  const attrs = extras(i, ['id', 'number', 'name', 'unit', 'kind', 'direction', 'baseline', 'targets']);
  const baseline = i.baseline ? extras(i.baseline, BASELINE_TAKEN) : {};
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
    toJson(Object.keys(baseline).length ? { ...attrs, baseline } : attrs),
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
  const { baseline, ...attrs } = attrsOf(r.attrs);
  return ordered(Indicator, {
    footnotes: [],
    ...attrs,
    id: r.id,
    number: r.number,
    name: r.name,
    unit: r.unit,
    kind: r.kind,
    direction: r.direction,
    baseline: r.has_baseline
      ? ordered<Baseline>(Baseline, {
          ...(baseline && typeof baseline === 'object' ? baseline : {}),
          value: r.baseline_value,
          ...opt('period', r.baseline_period),
        })
      : null,
    targets,
  });
}

// --- targets ---
// A target's fields besides its year, value and period (marker, any added later) are its `attrs`
// (migration 0003). Most targets have none: they are inserted without the column (its default
// '{}'), so an import's statement count stays that of four values a row.
export const TARGET_COLUMNS = ['indicator_id', 'fiscal_year', 'value', 'period'] as const;
export const targetRow = (indicatorId: string, t: Target): SqlValue[] => [
  indicatorId,
  t.fiscalYear,
  t.value,
  t.period ?? null,
];
export const targetAttrs = (t: Target): string => rest(t, ['fiscalYear', 'value', 'period']);
export interface TargetEntry {
  indicatorId: string;
  target: Target;
}
/**
 * INSERTs of targets with `constants` (plan_id, version). `conflict` may read `excluded.attrs`: a row
 * inserted without the column has the default '{}' there.
 */
export function insertTargets(
  constants: Readonly<Record<string, SqlValue>>,
  entries: readonly TargetEntry[],
  conflict?: string,
): Stmt[] {
  const plain: SqlValue[][] = [];
  const withAttrs: SqlValue[][] = [];
  for (const { indicatorId, target } of entries) {
    const attrs = targetAttrs(target);
    if (attrs === '{}') plain.push(targetRow(indicatorId, target));
    else withAttrs.push([...targetRow(indicatorId, target), attrs]);
  }
  const spec = { table: 'targets', constants, ...(conflict ? { conflict } : {}) };
  return [
    ...insertRows({ ...spec, columns: TARGET_COLUMNS, rows: plain }),
    ...insertRows({ ...spec, columns: [...TARGET_COLUMNS, 'attrs'], rows: withAttrs }),
  ];
}
export interface TargetRecord {
  indicator_id: string;
  version: number;
  fiscal_year: number;
  value: string;
  period: string | null;
  attrs?: string | null;
}
export const targetFromRow = (r: TargetRecord): Target =>
  ordered(Target, {
    ...attrsOf(r.attrs),
    fiscalYear: r.fiscal_year,
    value: r.value,
    ...opt('period', r.period),
  });

// --- cycles ---
// A cycle's fiscal year, label and lock are columns, its values are rows of their own tables; any
// other field is its `attrs` (migration 0003).
export const cycleAttrs = (c: Cycle): string =>
  rest(c, ['fiscalYear', 'label', 'locked', 'actuals', 'activities', 'submissions']);
export interface CycleRecord {
  fiscal_year: number;
  label: string | null;
  locked: number;
  attrs?: string | null;
}
export function cycleFromRow(
  r: CycleRecord,
  values: Pick<Cycle, 'actuals' | 'activities' | 'submissions'>,
): Cycle {
  return ordered(Cycle, {
    ...attrsOf(r.attrs),
    fiscalYear: r.fiscal_year,
    ...opt('label', r.label),
    locked: r.locked === 1,
    ...values,
  });
}

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
  return ordered(BudgetEntry, {
    ...attrsOf(r.attrs),
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
  });
}
