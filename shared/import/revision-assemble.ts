import { add, cmp, decimal, toDecimalString, ZERO } from '../decimal.ts';
import type { Goal, Indicator, PlanVersion, Project, RevisionFrame, Target } from '../schema/index.ts';
import { CSV_CHANGED_NOTE } from '../tables/csv.ts';
import { REVISION_SECTIONS_AFTER, REVISION_SECTIONS_BEFORE } from '../tables/frames.ts';
import type { ParsedGoal } from './goal-block.ts';
import type { IdentityIndex, OwnerIdentity } from './identity.ts';
import { DERIVED, LAYOUT, to } from './paths.ts';
import type { ParsedProject } from './project-block.ts';
import type { Cell, RevisionBlock, RevisionHalf, RevisionTable } from './revision-table.ts';
import type { ImportLog } from './sheet.ts';
import { loose } from './values.ts';

/**
 * The 新旧対照表 read into the plan. Each block is a project or a goal, matched by the name it
 * prints (its heading; none for the one named like the plan) to the projects of the file's project
 * table and the goals of its goal table, else to the identity an xlsx of ours carries; a block the
 * file has nowhere else is a project of its own — or a goal, after a block printed on the 変更前 side
 * only (the table prints projects, then projects only the earlier version has, then goals). The
 * 変更後 half gives the targets of every year (and, for a block of its own, the indicators), the
 * 変更前 half the earlier version (`previousVersions`).
 */

export interface NewProject {
  project: Project;
  departmentNames: string[];
}

export interface RevisionResult {
  /** Projects only the 新旧対照表 prints. */
  projects: NewProject[];
  /** Goals only the 新旧対照表 prints. */
  goals: Goal[];
  version: PlanVersion;
  frame: RevisionFrame | undefined;
  title: string | null;
  /** The first year of the plan period (`1年目`), and the last year a target is printed for. */
  startFy: number | null;
  endFy: number | null;
}

export interface RevisionContext {
  log: ImportLog;
  identity: IdentityIndex | null;
  blocks: ParsedProject[];
  goals: ParsedGoal[];
  /** The plan's version numbers: the current one and the one compared with. */
  versions: { after: number; before: number };
}

const same = (a: string, b: string) => loose(a) === loose(b);

function take(t: RevisionTable, cell: Cell | null, path: string): void {
  if (cell) t.sheet.take(cell.row, cell.col, path);
}

/**
 * The labels the header rows print. A year's column prints the label of the first target of that
 * year that has one (a project's before a goal's), the baseline column the first baseline's: the
 * targets of a year all take the year's label, the baselines the column's — but a goal keeps the
 * labels its own table printed (its target of the report year, its baseline).
 */
export interface Labels {
  target: (fiscalYear: number) => string | undefined;
  baseline: () => string | undefined;
}

function labelsOf(t: RevisionTable): Labels {
  return {
    target: (fy) => t.years.find((y) => y.fiscalYear === fy)?.label,
    baseline: () => t.baselineLabel ?? undefined,
  };
}

/** The indicator a half prints, as a new one (its kind from what is printed: a bound, a 累計, else a level). */
function indicatorOf(half: RevisionHalf, id: string, number: number, labels: Labels): Indicator {
  const bound = half.targets.find((x) => x.figure.bound)?.figure.bound ?? null;
  const kind = bound ? 'threshold' : half.total ? 'increment' : 'level';
  return {
    id,
    number,
    name: half.name,
    unit: half.unit,
    kind,
    direction: bound?.comparator.startsWith('<') ? 'lower_is_better' : 'higher_is_better',
    baseline: half.baseline ? baselineOf(half, labels) : null,
    targets: targetsOf(half, labels, []),
    ...(bound ? { threshold: { comparator: bound.comparator, maintain: bound.maintain } } : {}),
    footnotes: [],
  };
}

function baselineOf(half: RevisionHalf, labels: Labels): Indicator['baseline'] {
  const period = labels.baseline();
  return { value: half.baseline!.value, ...(period !== undefined ? { period } : {}) };
}

/** The targets of every year printed, each with the year's label; a marker the project table printed is kept. */
function targetsOf(half: RevisionHalf, labels: Labels, held: readonly Target[]): Target[] {
  return half.targets.map(({ fiscalYear, figure }) => {
    const label = labels.target(fiscalYear);
    const marker = held.find((h) => h.fiscalYear === fiscalYear)?.marker;
    return {
      fiscalYear,
      value: figure.value,
      ...(label !== undefined ? { period: label } : {}),
      ...(marker !== undefined ? { marker } : {}),
    };
  });
}

/** The printed 累計 must be the sum of the years (it is derived, never imported). */
function checkTotal(t: RevisionTable, half: RevisionHalf, id: string): void {
  if (!half.total || !half.totalCell) return;
  const sum = half.targets.reduce((s, x) => add(s, decimal(x.figure.value)), ZERO);
  t.sheet.take(half.totalCell.row, half.totalCell.col, DERIVED);
  if (cmp(sum, decimal(half.total.value)) === 0) return;
  t.sheet.flag(half.totalCell.row, half.totalCell.col, {
    code: 'total_mismatch',
    field: 'cumulative',
    severity: 'warning',
    ref: { indicatorId: id },
    message: {
      ja: `KPI増加分の累計「${t.sheet.text(half.totalCell.row, half.totalCell.col)}」は各年度の合計（${toDecimalString(sum)}）と一致しません（書き出しでは合計になります）。`,
      en: `The cumulative total does not equal the sum of the years (${toDecimalString(sum)}); exports print the sum.`,
    },
  });
}

/** Takes a half's cells for the indicator at `path` (a function of the field). */
function takeHalf(t: RevisionTable, half: RevisionHalf, path: (field: string) => string): void {
  take(t, half.nameCell, path('name'));
  take(t, half.baselineCell, path('baseline'));
  for (const x of half.targets) take(t, x.cell, path('targets'));
}

/** A project or goal the merge matched; its indicators, the earlier version's, and where they go. */
interface Matched {
  indicators: Indicator[];
  path: (id: string, field: string) => string;
  beforePath: (id: string, field: string) => string;
  ownerId: string;
  known: OwnerIdentity | undefined;
  knownBefore: OwnerIdentity | undefined;
  /** The project's own indicators merge targets into existing ones (read from the project table). */
  existing: boolean;
  /** Baselines of a goal keep the label the goal table printed. */
  goal: boolean;
  labels: Labels;
}

function mergeRows(ctx: RevisionContext, t: RevisionTable, block: RevisionBlock, m: Matched): Indicator[] {
  const { log } = ctx;
  const before: Indicator[] = [];
  const beforeOnly =
    m.knownBefore?.indicators.filter((k) => !m.known?.indicators.some((a) => a.id === k.id)) ?? [];
  let afterIndex = 0;
  let onlyIndex = 0;
  for (const row of block.rows) {
    let id: string;
    let number: number;
    if (row.after) {
      const i = afterIndex++;
      let ind = m.existing ? m.indicators[i] : undefined;
      if (ind && !same(ind.name, row.after.name))
        ind = m.indicators.find((x) => same(x.name, row.after!.name));
      if (ind) {
        for (const fy of mergeInto(ind, row.after, m.labels, m.goal))
          reportTargetMismatch(t, row.after.targets.find((x) => x.fiscalYear === fy)!.cell, ind.id);
      } else {
        const known = m.known?.indicators[i];
        number = known?.number ?? m.indicators.reduce((n, x) => Math.max(n, x.number), 0) + 1;
        id = log.uniqueId(known?.id ?? `${m.ownerId}-${number}`);
        ind = indicatorOf(row.after, id, number, m.labels);
        m.indicators.push(ind);
      }
      id = ind.id;
      number = ind.number;
      takeHalf(t, row.after, (field) => m.path(id, field));
      checkTotal(t, row.after, id);
    } else {
      const known = beforeOnly[onlyIndex++];
      const taken = [...m.indicators, ...before].reduce((n, x) => Math.max(n, x.number), 0);
      number = known?.number ?? taken + 1;
      id = log.uniqueId(known?.id ?? `${m.ownerId}-${number}`);
    }
    if (row.before) {
      const now = row.after ? m.indicators.find((x) => x.id === id) : undefined;
      const old = now ? earlierOf(now, row.before, m.labels) : indicatorOf(row.before, id, number, m.labels);
      before.push(old);
      takeHalf(t, row.before, (field) => m.beforePath(id, field));
      checkTotal(t, row.before, id);
    }
  }
  return before;
}

/**
 * The earlier version of an indicator both halves print: the current one with the figures of the
 * 変更前 half (name, unit, baseline, targets; the kind where the figures say another). What the
 * 新旧対照表 does not print (labels, markers, notes) is taken as it is now.
 */
function earlierOf(now: Indicator, half: RevisionHalf, labels: Labels): Indicator {
  const printed = indicatorOf(half, now.id, now.number, labels);
  const old = structuredClone(now);
  old.name = printed.name;
  if (printed.unit !== '') old.unit = printed.unit;
  // A baseline the 新旧対照表 prints on neither side (unknown now and then) stays as it is now.
  old.baseline =
    printed.baseline === null
      ? now.baseline?.value === null
        ? structuredClone(now.baseline)
        : null
      : { ...(now.baseline ?? {}), value: printed.baseline.value };
  if (old.baseline && printed.baseline?.period !== undefined && now.baseline?.period === undefined)
    old.baseline.period = printed.baseline.period;
  old.targets = printed.targets.map((t) => {
    const same = now.targets.find((x) => x.fiscalYear === t.fiscalYear);
    const { period, marker } = same ?? t;
    return {
      fiscalYear: t.fiscalYear,
      value: t.value,
      ...(period !== undefined ? { period } : {}),
      ...(marker !== undefined ? { marker } : {}),
    };
  });
  const looks = (i: Indicator) =>
    i.kind === 'threshold' ? 'bound' : i.kind === 'increment' ? 'increment' : 'other';
  if (looks(printed) !== looks(now)) {
    old.kind = printed.kind;
    old.direction = printed.direction;
    if (printed.threshold) old.threshold = printed.threshold;
    else delete old.threshold;
  } else if (printed.threshold) old.threshold = printed.threshold;
  return old;
}

/** The 変更後 half into an indicator read from the project or goal table: the targets of every year. */
function mergeInto(ind: Indicator, half: RevisionHalf, labels: Labels, goal: boolean): number[] {
  const held = ind.targets;
  const printed = targetsOf(half, labels, held);
  // The year the progress table printed must be the same figure here; the years it differs in.
  const differ = printed
    .filter((x) => {
      const own = held.find((h) => h.fiscalYear === x.fiscalYear);
      return own !== undefined && cmp(decimal(own.value), decimal(x.value)) !== 0;
    })
    .map((x) => x.fiscalYear);
  if (goal) {
    // The goal table printed one target with its own label: it keeps it; the other years take the column's.
    for (const x of printed) {
      const own = held.find((h) => h.fiscalYear === x.fiscalYear);
      if (!own) continue;
      if (own.period !== undefined) x.period = own.period;
      else delete x.period;
    }
  }
  ind.targets = printed.length > 0 ? printed : held;
  if (ind.unit === '') ind.unit = half.unit;
  const period = labels.baseline();
  if (!goal && ind.baseline && ind.baseline.value !== null && period !== undefined)
    ind.baseline.period = period;
  return differ;
}

function reportTargetMismatch(t: RevisionTable, cell: Cell, indicatorId: string): void {
  t.sheet.flag(cell.row, cell.col, {
    code: 'revision_mismatch',
    field: 'target',
    severity: 'warning',
    ref: { indicatorId },
    message: {
      ja: `目標値「${t.sheet.text(cell.row, cell.col)}」が進捗状況の表の目標値と異なります（新旧対照表の値を読み込みました）。`,
      en: `The target "${t.sheet.text(cell.row, cell.col)}" differs from the one the progress table prints (the 新旧対照表's is imported).`,
    },
  });
}

function newProject(
  ctx: RevisionContext,
  name: string,
  known: OwnerIdentity | undefined,
  numbers: Set<number>,
  period: { startFy: number; endFy: number },
): Project {
  let number = known?.number ?? 1;
  if (!known) while (numbers.has(number)) number++;
  numbers.add(number);
  const id = ctx.log.uniqueId(known?.id ?? `p${number}`);
  return {
    id,
    number,
    name,
    period: known?.period ? { ...known.period } : { ...period },
    departmentIds: [],
    indicators: [],
    footnotes: [],
  };
}

function frameOf(t: RevisionTable): RevisionFrame | undefined {
  const frame: RevisionFrame = {};
  if (!t.defaultLines && t.head.lines.length > 0) {
    const lines = t.head.lines.map((l) => l.text);
    const [first = ''] = lines;
    lines[0] = first.endsWith(CSV_CHANGED_NOTE) ? first.slice(0, -CSV_CHANGED_NOTE.length) : first;
    frame.lines = lines;
  }
  // The section rows print around the blocks: a table with none prints none.
  if (t.blocks.length > 0 && t.sectionsBefore.join('\n') !== REVISION_SECTIONS_BEFORE.join('\n'))
    frame.sectionsBefore = t.sectionsBefore;
  if (t.blocks.length > 0 && t.sectionsAfter.join('\n') !== REVISION_SECTIONS_AFTER.join('\n'))
    frame.sectionsAfter = t.sectionsAfter;
  return Object.keys(frame).length > 0 ? frame : undefined;
}

/** The head lines and section rows: the plan's title, the earlier version's label, the frame. */
function takeFrame(t: RevisionTable, frame: RevisionFrame | undefined, version: number): void {
  const { sheet } = t;
  for (const l of t.head.lines) {
    const path = frame?.lines
      ? 'plan.revisionFrame.lines'
      : l.text.startsWith('○')
        ? 'plan.title'
        : /^\[.*\]$/u.test(l.text)
          ? to.version(version, 'label')
          : DERIVED;
    sheet.take(l.row, l.col, path);
  }
  if (t.head.asOf)
    sheet.take(t.head.asOf.row, t.head.asOf.col, frame?.lines ? 'plan.revisionFrame.lines' : DERIVED);
  if (t.head.frameLabel) sheet.take(t.head.frameLabel.row, t.head.frameLabel.col, LAYOUT);
  for (const c of t.sectionCells.before)
    sheet.take(c.row, c.col, frame?.sectionsBefore ? 'plan.revisionFrame.sectionsBefore' : DERIVED);
  for (const c of t.sectionCells.after)
    sheet.take(c.row, c.col, frame?.sectionsAfter ? 'plan.revisionFrame.sectionsAfter' : DERIVED);
}

function findOwner(
  ctx: RevisionContext,
  name: string,
  beforeOnly: boolean,
  afterBeforeOnly: boolean,
  used: Set<unknown>,
): {
  kind: 'project' | 'goal' | 'before-only';
  parsed?: ParsedProject;
  goal?: ParsedGoal;
  known?: OwnerIdentity;
} {
  const id = ctx.identity?.identity;
  const free = <T>(list: readonly T[], match: (x: T) => boolean) =>
    list.find((x) => !used.has(x) && match(x));
  const parsed = free(ctx.blocks, (b) => same(b.project.name, name));
  const goal = free(ctx.goals, (g) => same(g.goal.title, name));
  const knownProject = free(id?.projects ?? [], (p) => same(p.name, name));
  const knownGoal = free(id?.goals ?? [], (g) => same(g.name, name));
  if (beforeOnly && !parsed && !goal) {
    const knownOld = free(id?.previousVersions.flatMap((v) => v.projects) ?? [], (p) => same(p.name, name));
    if (knownOld) used.add(knownOld);
    return { kind: 'before-only', ...(knownOld ? { known: knownOld } : {}) };
  }
  if (parsed || (knownProject && !goal)) {
    if (parsed) used.add(parsed);
    if (knownProject) used.add(knownProject);
    return {
      kind: 'project',
      ...(parsed ? { parsed } : {}),
      ...(knownProject ? { known: knownProject } : {}),
    };
  }
  if (goal || knownGoal || afterBeforeOnly) {
    if (goal) used.add(goal);
    if (knownGoal) used.add(knownGoal);
    return { kind: 'goal', ...(goal ? { goal } : {}), ...(knownGoal ? { known: knownGoal } : {}) };
  }
  return { kind: 'project' };
}

export function mergeRevision(ctx: RevisionContext, t: RevisionTable, planTitle: string): RevisionResult {
  const { log } = ctx;
  const frame = frameOf(t);
  const version: PlanVersion = {
    version: ctx.versions.before,
    ...(t.beforeLabel !== null ? { label: t.beforeLabel } : {}),
    goals: [],
    projects: [],
  };
  const years = t.years.map((y) => y.fiscalYear);
  const startFy = t.startFy ?? (years.length > 0 ? Math.min(...years) : null);
  const endFy = years.length > 0 ? Math.max(...years) : null;
  const period = { startFy: startFy ?? endFy ?? 2000, endFy: endFy ?? startFy ?? 2000 };
  const numbers = new Set(ctx.blocks.map((b) => b.project.number));
  const goalNumbers = new Set(ctx.goals.map((g) => g.goal.number));
  const result: RevisionResult = {
    projects: [],
    goals: [],
    version,
    frame,
    title: t.planTitle,
    startFy,
    endFy,
  };
  const used = new Set<unknown>();
  const labels = labelsOf(t);
  let seenBeforeOnly = false;
  const knownVersion = ctx.identity?.identity.previousVersions.find((v) => v.version === ctx.versions.before);
  for (const block of t.blocks) {
    const name = block.heading?.text ?? t.planTitle ?? planTitle;
    const beforeOnly = block.rows.every((r) => r.after === null);
    const found = findOwner(ctx, name, beforeOnly, seenBeforeOnly, used);
    if (beforeOnly) seenBeforeOnly = true;
    // The earlier version of the block, as the identity has it: by the id it now has, else its name.
    const knownBefore = (list: readonly OwnerIdentity[] | undefined, id: string) =>
      list?.find((o) => o.id === id) ?? list?.find((o) => same(o.name, name));
    if (found.kind === 'goal') {
      const goal =
        found.goal?.goal ??
        (() => {
          let number = found.known?.number ?? 1;
          if (!found.known) while (goalNumbers.has(number)) number++;
          goalNumbers.add(number);
          const g: Goal = {
            id: log.uniqueId(found.known?.id ?? `goal-${number}`),
            number,
            title: name,
            directions: [],
            indicators: [],
          };
          result.goals.push(g);
          return g;
        })();
      if (block.heading)
        t.sheet.take(block.heading.cell.row, block.heading.cell.col, to.goal(goal.id, 'title'));
      const before = mergeRows(ctx, t, block, {
        indicators: goal.indicators,
        path: (id, field) => to.goalIndicator(goal.id, id, field),
        beforePath: (id, field) => to.version(version.version, to.goalIndicator(goal.id, id, field)),
        ownerId: goal.id,
        known: found.known,
        knownBefore: knownBefore(knownVersion?.goals, goal.id),
        existing: found.goal !== undefined,
        goal: true,
        labels,
      });
      if (before.length > 0)
        version.goals.push({ ...structuredClone({ ...goal, indicators: [] }), indicators: before });
      continue;
    }
    const project =
      found.parsed?.project ??
      (() => {
        const p = newProject(ctx, name, found.known, numbers, period);
        const names =
          found.known?.departmentIds?.map(
            (id) => ctx.identity?.identity.departments.find((d) => d.id === id)?.name ?? id,
          ) ?? [];
        if (found.kind === 'project') result.projects.push({ project: p, departmentNames: names });
        return p;
      })();
    const path = (id: string, field: string) =>
      found.kind === 'before-only'
        ? to.version(version.version, to.kpi(project.id, id, field))
        : to.kpi(project.id, id, field);
    if (block.heading)
      t.sheet.take(
        block.heading.cell.row,
        block.heading.cell.col,
        found.kind === 'before-only'
          ? to.version(version.version, to.project(project.id, 'name'))
          : to.project(project.id, 'name'),
      );
    const before = mergeRows(ctx, t, block, {
      indicators: found.kind === 'before-only' ? [] : project.indicators,
      path,
      beforePath: (id, field) => to.version(version.version, to.kpi(project.id, id, field)),
      ownerId: project.id,
      known: found.kind === 'before-only' ? undefined : found.known,
      knownBefore:
        found.kind === 'before-only' ? found.known : knownBefore(knownVersion?.projects, project.id),
      existing: found.parsed !== undefined,
      goal: false,
      labels,
    });
    if (found.kind === 'before-only' || before.length > 0)
      version.projects.push({ ...structuredClone({ ...project, indicators: [] }), indicators: before });
  }
  takeFrame(t, frame, version.version);
  return result;
}
