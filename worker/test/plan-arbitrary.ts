import fc from 'fast-check';
import { isFootnoteMarker } from '../../shared/notation/index.ts';
import {
  Actual,
  DecimalString,
  Footnote,
  Id,
  PlanFile,
  type PlanFileInput,
} from '../../shared/schema/index.ts';
import { validatePlanFile } from '../../shared/validation/index.ts';

/**
 * Valid plan files that use every field of the interchange format, for storage round trips
 * (plan-storage.test.ts). A walker over the zod schema of `PlanFile` builds the raw file: every
 * optional field and every field with a default is present or left out, every nullable one null or
 * not, so a field the schema gains is generated without a change here. `repair` then makes the raw
 * file valid (ids, references, years, the rules of shared/validation) and puts the lists whose
 * order storage defines in that order; only files shared/validation accepts are kept.
 *
 * The order storage defines: targets by fiscal year, cycles by fiscal year, earlier versions by
 * version, a cycle's actuals as the indicators are displayed (the goals', then the projects'), its
 * 主な取組 as the projects are, its submissions as the departments are, one for every department
 * with a project (an import opens a draft sheet for each).
 */

// --- the zod 4 definitions the walker reads (`schema._zod.def`, zod/v4/core) ---
interface CheckDef {
  check?: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}
interface Def {
  type: string;
  innerType?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  entries?: Record<string, string>;
  values?: readonly unknown[];
  checks?: readonly { _zod: { def: CheckDef } }[];
}
export interface Schema {
  _zod: { def: Def };
  safeParse(value: unknown): { success: boolean };
}
const defOf = (s: unknown): Def => (s as Schema)._zod.def;
const checksOf = (d: Def): CheckDef[] => (d.checks ?? []).map((c) => c._zod.def);
const checkValue = (d: Def, check: string, field: 'minimum' | 'maximum' | 'value') =>
  checksOf(d).find((c) => c.check === check)?.[field];
const patternOf = (d: Def) => checksOf(d).find((c) => c.format === 'regex')?.pattern?.source;

// --- leaves ---
const SINGLE_LINE = [
  ...'あい漢字アｱAz0１△※－-.,%()（）〔〕[]"\'\\<&→・',
  ' ',
  '\u3000', // ideographic space
  '😀', // a surrogate pair
  'e\u0301', // a combining accent: not normalised
  '\u00e9',
  '\u200e', // left-to-right mark: allowed
  '\ufeff',
];
const MULTI_LINE = [...SINGLE_LINE, '\n', '\t', '\n\n', '・'];
export const MARKERS = ['(※)', '(※1)', '(※2)', '〔※〕', '[※]', '（注１）', '※', '※1', '（※）'];
for (const m of MARKERS) if (!isFootnoteMarker(m)) throw new Error(`plan-arbitrary: ${m} is not a marker`);

const marker = fc.constantFrom(...MARKERS);
const ID_SOURCE = patternOf(defOf(Id));
const DECIMAL_SOURCE = patternOf(defOf(DecimalString));

/** Text the schema accepts: `multi` when it takes line breaks (probed, as the refinement is opaque). */
function text(schema: Schema, d: Def): fc.Arbitrary<string> {
  const multi = schema.safeParse('a\nb').success;
  const minLength = checkValue(d, 'min_length', 'minimum') ?? 0;
  const maxLength = Math.min(checkValue(d, 'max_length', 'maximum') ?? 12, minLength + 10);
  return fc
    .string({ unit: fc.constantFrom(...(multi ? MULTI_LINE : SINGLE_LINE)), minLength, maxLength })
    .filter((s) => schema.safeParse(s).success);
}
const nonBlank = (arb: fc.Arbitrary<string>) => arb.map((s) => (s.trim() === '' ? `注${s}` : s));

/** Fields whose values carry a rule the walker cannot read from the schema. */
function byKey(owner: Schema | null, key: string, schema: Schema, d: Def): fc.Arbitrary<unknown> | null {
  if (owner === (Footnote as unknown as Schema)) {
    if (key === 'marker') return fc.constantFrom('', ...MARKERS);
    if (key === 'text') return nonBlank(text(schema, d));
  }
  if (key === 'marker' || key === 'noteMarker') return marker;
  return null;
}

function stringArbitrary(schema: Schema, d: Def, key: string): fc.Arbitrary<string> {
  const source = patternOf(d);
  if (source === undefined) return text(schema, d);
  // Figures as entered: leading zeros and trailing decimals kept; only values may be negative.
  if (source === DECIMAL_SOURCE)
    return fc.stringMatching(key === 'value' ? /^-?\d{1,9}(\.\d{1,4})?$/ : /^\d{1,9}(\.\d{1,4})?$/);
  if (source === ID_SOURCE) return fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,11}$/);
  throw new Error(`plan-arbitrary: no generator for strings matching /${source}/ (${key})`);
}

export const ABSENT: unique symbol = Symbol('absent');

/** A value of `schema`; optional and defaulted fields may be ABSENT (left out of their object). */
export function arbitraryOf(schema: Schema, key = '', owner: Schema | null = null): fc.Arbitrary<unknown> {
  const d = defOf(schema);
  switch (d.type) {
    case 'optional':
    case 'default':
      return fc.option(arbitraryOf(d.innerType as Schema, key, owner), { nil: ABSENT, freq: 3 });
    case 'nullable':
      return fc.option(arbitraryOf(d.innerType as Schema, key, owner), { nil: null, freq: 3 });
    case 'object': {
      const shape = d.shape ?? {};
      const keys = Object.keys(shape);
      if (keys.join() === 'startFy,endFy')
        return fc
          .tuple(fc.integer({ min: 2015, max: 2026 }), fc.integer({ min: 0, max: 4 }))
          .map(([startFy, n]) => ({ startFy, endFy: startFy + n }));
      const arb = fc.tuple(...keys.map((k) => arbitraryOf(shape[k] as Schema, k, schema))).map((values) => {
        const out: Record<string, unknown> = {};
        keys.forEach((k, i) => {
          if (values[i] !== ABSENT) out[k] = values[i];
        });
        return out;
      });
      // An object with a rule of its own (a refinement) keeps only what the schema accepts.
      return d.checks?.length ? arb.filter((v) => schema.safeParse(v).success) : arb;
    }
    case 'array': {
      const minLength = checkValue(d, 'min_length', 'minimum') ?? 0;
      const maxLength = Math.min(checkValue(d, 'max_length', 'maximum') ?? 3, minLength + 3);
      return fc.array(arbitraryOf(d.element as Schema, key, owner), { minLength, maxLength });
    }
    case 'string':
      return byKey(owner, key, schema, d) ?? stringArbitrary(schema, d, key);
    case 'number': {
      const min = checkValue(d, 'greater_than', 'value') ?? 0;
      const max = checkValue(d, 'less_than', 'value') ?? min + 40;
      return fc.integer({ min, max: Math.min(max, min + 40) });
    }
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries ?? {}));
    case 'literal':
      return fc.constantFrom(...(d.values ?? []));
    default:
      throw new Error(`plan-arbitrary: no generator for a zod ${d.type} (${key})`);
  }
}

// --- repair: a raw file made valid and canonical ---
type GoalIn = NonNullable<PlanFileInput['goals']>[number];
type ProjectIn = NonNullable<PlanFileInput['projects']>[number];
type IndicatorIn = NonNullable<GoalIn['indicators']>[number];
type CycleIn = NonNullable<PlanFileInput['cycles']>[number];
type ActualIn = NonNullable<CycleIn['actuals']>[number];
type SubmissionIn = NonNullable<CycleIn['submissions']>[number];
interface Period {
  startFy: number;
  endFy: number;
}

const years = (p: Period) => Array.from({ length: p.endFy - p.startFy + 1 }, (_, i) => p.startFy + i);
const within = (fy: number, p: Period | undefined) => p !== undefined && fy >= p.startFy && fy <= p.endFy;
/** `raw` moved inside `outer`, its length kept where it fits. */
function inside(raw: Period, outer: Period): Period {
  const startFy = outer.startFy + ((raw.startFy - outer.startFy + 100) % (outer.endFy - outer.startFy + 1));
  const endFy = Math.min(outer.endFy, startFy + (raw.endFy - raw.startFy));
  return { startFy, endFy };
}
const isBlank = (s: string | undefined) => s === undefined || s.trim() === '';

function repairIndicator(
  i: IndicatorIn,
  id: string,
  number: number,
  period: Period,
  goal: boolean,
  deps: readonly string[],
): void {
  i.id = id;
  i.number = number;
  // The department that reports a goal indicator: one of the plan's.
  if (i.departmentId !== undefined) {
    if (deps.length) i.departmentId = deps[number % deps.length] as string;
    else delete i.departmentId;
  }
  if (i.kind === 'cumulative' && !i.window) i.window = period;
  if (i.window) i.window = inside(i.window, period);
  if (i.kind === 'threshold' && !i.threshold) i.threshold = { comparator: '>=' };
  // A goal's target may lie past the plan period (R12年度), a project's only within its own.
  const allowed = goal ? years({ startFy: period.startFy, endFy: period.endFy + 3 }) : years(period);
  if (i.targets) {
    i.targets = i.targets.slice(0, allowed.length);
    i.targets.forEach((t, k) => {
      t.fiscalYear = allowed[k] as number;
    });
  }
}

function repairOwners(
  goals: GoalIn[] | undefined,
  projects: ProjectIn[] | undefined,
  plan: Period,
  deps: string[],
) {
  goals?.forEach((g, n) => {
    g.id = `g${n + 1}`;
    g.number = n + 1;
    g.indicators?.forEach((i, k) => {
      repairIndicator(i, `g${n + 1}-k${k + 1}`, k + 1, plan, true, deps);
    });
  });
  projects?.forEach((p, n) => {
    p.id = `p${n + 1}`;
    p.number = n + 1;
    p.period = inside(p.period, plan);
    const count = Math.min(p.departmentIds.length, deps.length);
    p.departmentIds = Array.from({ length: count }, (_, k) => deps[(n + k) % deps.length] as string);
    p.indicators?.forEach((i, k) => {
      repairIndicator(i, `p${n + 1}-k${k + 1}`, k + 1, p.period as Period, false, deps);
    });
  });
}

/** An actual made valid for its indicator (the rules of shared/validation/cycle-rules.ts). */
export function repairActual(
  a: ActualIn,
  indicator: { id: string; kind: string; window?: unknown },
): ActualIn {
  a.indicatorId = indicator.id;
  if (indicator.kind === 'qualitative') {
    if (a.value === null && a.status === undefined && isBlank(a.text) && isBlank(a.missingReason))
      a.status = 'achieved';
  } else {
    if (a.value === null && isBlank(a.missingReason)) a.missingReason = `不明${a.missingReason ?? ''}`;
    delete a.status;
  }
  const toDate = indicator.kind === 'cumulative' || (indicator.kind === 'threshold' && indicator.window);
  if (a.basis === 'to_date' && !toDate) a.basis = 'year';
  return a;
}

export function repair(raw: PlanFileInput): PlanFileInput {
  const f = structuredClone(raw);
  const plan = f.plan.period;
  f.plan.id = 'plan';
  const anyProject = [f, ...(f.previousVersions ?? [])].some((v) => v.projects?.length);
  if (anyProject && !f.departments?.length) f.departments = [{ id: 'x', name: '企画課' }];
  f.departments?.forEach((d, n) => {
    d.id = `d${n + 1}`;
  });
  const deps = (f.departments ?? []).map((d) => d.id);
  repairOwners(f.goals, f.projects, plan, deps);
  const goals = f.goals ?? [];
  const projects = f.projects ?? [];

  // Earlier versions: 1, 2, … below the current one, ids as the current ones' (their targets are stored too).
  const current = f.plan.version ?? 1;
  if (f.previousVersions) {
    f.previousVersions = f.previousVersions.slice(0, current - 1);
    f.previousVersions.forEach((v, n) => {
      v.version = n + 1;
      repairOwners(v.goals, v.projects, plan, deps);
    });
  }

  const budgets = f.budgets ?? [];
  budgets.forEach((b, n) => {
    b.id = `b${n + 1}`;
    if (b.projectId !== undefined) {
      if (projects.length) b.projectId = (projects[n % projects.length] as ProjectIn).id;
      else delete b.projectId;
    }
    if (b.reprintOf !== undefined) {
      if (budgets.length > 1) b.reprintOf = `b${((n + 1) % budgets.length) + 1}`;
      else delete b.reprintOf;
    }
  });

  // Cycles: distinct years of the plan period, in order.
  const planYears = years(plan);
  const seen = new Set<number>();
  if (f.cycles)
    f.cycles = f.cycles
      .filter((c) => {
        c.fiscalYear = planYears[(c.fiscalYear - 1989) % planYears.length] as number;
        if (seen.has(c.fiscalYear)) return false;
        seen.add(c.fiscalYear);
        return true;
      })
      .sort((a, b) => a.fiscalYear - b.fiscalYear);
  const withProject = new Set(projects.flatMap((p) => p.departmentIds));
  f.cycles?.forEach((c, n) => {
    const fy = c.fiscalYear;
    const eligible = [
      ...goals.flatMap((g) => g.indicators ?? []),
      ...projects.filter((p) => within(fy, p.period)).flatMap((p) => p.indicators ?? []),
    ];
    if (c.actuals) {
      const picked = new Set<number>();
      c.actuals = c.actuals
        .map((a, k) => {
          const at = (k + n) % Math.max(eligible.length, 1);
          const indicator = eligible[at];
          if (!indicator || picked.has(at)) return null;
          picked.add(at);
          return { at, actual: repairActual(a, indicator) };
        })
        .filter((x) => x !== null)
        .sort((x, y) => x.at - y.at)
        .map((x) => x.actual as ActualIn);
    }
    if (c.activities) {
      const picked = new Set<number>();
      c.activities = c.activities
        .map((a, k) => {
          const at = (k + n) % Math.max(projects.length, 1);
          const project = projects[at];
          if (!project || picked.has(at)) return null;
          picked.add(at);
          a.projectId = project.id;
          return { at, a };
        })
        .filter((x) => x !== null)
        .sort((x, y) => x.at - y.at)
        .map((x) => x.a);
    }
    // Every department with a project has a sheet; others only when the file lists them.
    const listed = c.submissions ?? [];
    const submissions = (f.departments ?? []).flatMap((d, k): SubmissionIn[] => {
      const given = listed[k];
      if (given) return [{ ...given, departmentId: d.id }];
      return withProject.has(d.id) ? [{ departmentId: d.id, status: 'draft' }] : [];
    });
    if (c.submissions || submissions.length) c.submissions = submissions;
  });
  return f;
}

/**
 * The ids of a file made unique to one test run: the plan's, and its departments' (departments are
 * shared by every plan of the database) wherever a `departmentId` or `departmentIds` names one.
 */
export function withPrefix(file: PlanFileInput, prefix: string): PlanFileInput {
  const dep = (id: unknown) => (typeof id === 'string' ? `${prefix}-${id}` : id);
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const item of v) visit(item);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('departmentId' in o) o.departmentId = dep(o.departmentId);
      if (Array.isArray(o.departmentIds)) o.departmentIds = o.departmentIds.map(dep);
      for (const child of Object.values(o)) visit(child);
    }
  };
  const f = structuredClone(file);
  f.plan.id = prefix;
  for (const d of f.departments ?? []) d.id = `${prefix}-${d.id}`;
  visit(f);
  return f;
}

/** Raw files as the walker builds them, before repair. */
export const rawPlanFile = arbitraryOf(PlanFile as unknown as Schema) as fc.Arbitrary<PlanFileInput>;

/** Valid plan files (PlanFile.parse and shared/validation accept them), in storage's order. */
export const planFile: fc.Arbitrary<PlanFileInput> = rawPlanFile
  .map(repair)
  .filter((f) => validatePlanFile(f).ok);

/** Raw actuals, for saves (repairActual makes one valid for its indicator). */
export const rawActual = arbitraryOf(Actual as unknown as Schema) as fc.Arbitrary<ActualIn>;

// --- coverage: which optional fields the generated files use ---

export interface FieldUse {
  present: boolean;
  absent: boolean;
  null: boolean;
}

/**
 * Every optional, defaulted or nullable field of `schema` by path (`goals[].indicators[].baseline.marker`),
 * `nullable` telling which may be null.
 */
export function optionalFields(schema: Schema, path = '', out = new Map<string, { nullable: boolean }>()) {
  let d = defOf(schema);
  let optional = false;
  let nullable = false;
  while (d.type === 'optional' || d.type === 'default' || d.type === 'nullable') {
    if (d.type === 'nullable') nullable = true;
    else optional = true;
    d = defOf(d.innerType);
  }
  if (path && (optional || nullable)) out.set(path, { nullable });
  if (d.type === 'object')
    for (const [k, s] of Object.entries(d.shape ?? {})) optionalFields(s, path ? `${path}.${k}` : k, out);
  if (d.type === 'array') optionalFields(d.element as Schema, `${path}[]`, out);
  return out;
}

/** Records, for each optional field of `schema` on an object `value` has, whether it is there and null. */
export function fieldUse(schema: Schema, value: unknown, out = new Map<string, FieldUse>(), path = '') {
  const outer = defOf(schema);
  let d = outer;
  while (d.type === 'optional' || d.type === 'default' || d.type === 'nullable') d = defOf(d.innerType);
  if (path && d !== outer) {
    const use = out.get(path) ?? { present: false, absent: false, null: false };
    if (value === undefined) use.absent = true;
    else if (value === null) use.null = true;
    else use.present = true;
    out.set(path, use);
  }
  if (d.type === 'object' && value && typeof value === 'object')
    for (const [k, s] of Object.entries(d.shape ?? {}))
      fieldUse(s, (value as Record<string, unknown>)[k], out, path ? `${path}.${k}` : k);
  if (d.type === 'array' && Array.isArray(value))
    for (const item of value) fieldUse(d.element as Schema, item, out, `${path}[]`);
  return out;
}
