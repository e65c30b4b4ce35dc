import {
  type Actual,
  type BudgetEntry,
  type Cycle,
  type Department,
  type Footnote,
  type Indicator,
  PLAN_FORMAT,
  type PlanFile,
  type PlanVersion,
  type Project,
  type ReportFrame,
  type SubmissionState,
} from '../schema/index.ts';
import type { BudgetTable } from './budget-table.ts';
import { DepartmentIds } from './departments.ts';
import { cycleLabelOf, framesOf, planTitleOf } from './frames.ts';
import type { GoalTable } from './goal-table.ts';
import type { IdentityIndex, IndicatorIdentity, OwnerIdentity, PlanIdentity } from './identity.ts';
import { NO_DEPARTMENT, NO_TITLE } from './paths.ts';
import type { ParsedProject } from './project-block.ts';
import type { ProjectTable } from './project-table.ts';
import type { TableHead } from './regions.ts';
import { mergeRevision, type NewProject, type RevisionResult } from './revision-assemble.ts';
import type { RevisionTable } from './revision-table.ts';
import type { ImportLog, ImportSheet } from './sheet.ts';
import { loose } from './values.ts';

/**
 * Builds one plan file from the tables read: the projects and their departments, the goals, the
 * report cycle (and the previous one, from the goal table's 前年度比), the targets of every year
 * and the earlier version (新旧対照表), the budget rows, the plan's notes; then what the identity
 * of an xlsx of ours adds (ids, the plan's header, kinds, submission states).
 */

export interface ReadTables {
  projects: ProjectTable[];
  goals: GoalTable[];
  revisions: RevisionTable[];
  budgets: BudgetTable[];
}

type YearTable = { sheet: ImportSheet; head: TableHead; fiscalYear: number };

function yearTables(read: ReadTables): YearTable[] {
  return [...read.projects, ...read.goals];
}

/** Every table must report the same year; one that does not is reported and left out. */
export function sameYear(read: ReadTables): ReadTables {
  const fy = yearTables(read)[0]?.fiscalYear;
  const keep = (t: YearTable) => {
    if (t.fiscalYear === fy) return true;
    const at = t.head.asOf ?? t.head.lines[0] ?? { row: 0, col: 0 };
    t.sheet.report(at.row, at.col, {
      code: 'year_mismatch',
      field: 'cycle',
      message: {
        ja: `この表の報告年度（${t.fiscalYear}年度）が先に読んだ表（${fy}年度）と異なります。1つの報告年度の表だけを読み込めます。`,
        en: `This table reports FY${t.fiscalYear}, the one read before FY${fy}: only tables of one report year can be imported together.`,
      },
    });
    return false;
  };
  return { ...read, projects: read.projects.filter(keep), goals: read.goals.filter(keep) };
}

export interface AssembleOptions {
  /** The plan's id when asked for (else the identity's, else `imported`). */
  id?: string | undefined;
  /** The plan's title when asked for (else as printed, else the identity's). */
  title?: string | undefined;
  /** Department name → id, as the caller has them (the worker's departments, the CLI's map). */
  departmentIds?: Readonly<Record<string, string>> | undefined;
  identity: IdentityIndex | null;
  log: ImportLog;
}

interface Departments {
  list: Department[];
  idOf: (name: string) => string;
  /** An identity department's id → the id it has in this plan (the caller's map may rename it). */
  fromIdentity: (id: string) => string | undefined;
}

function departmentsOf(
  projects: { project: Project; departmentNames: string[] }[],
  options: AssembleOptions,
  identity: PlanIdentity | undefined,
): Departments {
  for (const p of projects) if (p.departmentNames.length === 0) p.departmentNames = [NO_DEPARTMENT];
  const known = identity ? Object.fromEntries(identity.departments.map((d) => [d.name, d.id])) : undefined;
  const given = new DepartmentIds(options.departmentIds, known);
  const taken = new Map<string, string>();
  const list: Department[] = [];
  const byName = new Map<string, string>();
  const add = (name: string) => {
    const key = loose(name);
    if (byName.has(key)) return byName.get(key)!;
    const id = given.idOf(name, taken);
    byName.set(key, id);
    if (!taken.has(id)) {
      taken.set(id, key);
      list.push({ id, name });
    }
    return id;
  };
  for (const p of projects) p.project.departmentIds = [...new Set(p.departmentNames.map(add))];
  // Departments the identity names that no project printed (the coordinating office of the goals),
  // and the order it has them in.
  for (const d of identity?.departments ?? []) add(d.name);
  if (identity) {
    const rank = (d: Department) => {
      const i = identity.departments.findIndex((x) => loose(x.name) === loose(d.name));
      return i < 0 ? identity.departments.length : i;
    };
    list.sort((a, b) => rank(a) - rank(b));
  }
  const fromIdentity = (id: string) => {
    const d = identity?.departments.find((x) => x.id === id);
    return d ? byName.get(loose(d.name)) : undefined;
  };
  return { list, idOf: add, fromIdentity };
}

/** Published values were approved; a block the export marked 未確定 keeps the state it printed. */
function submissionsOf(
  blocks: ParsedProject[],
  departments: Departments,
  known: PlanIdentity['cycles'][number] | undefined,
): SubmissionState[] {
  const printed = new Map<string, ParsedProject['status']>();
  for (const b of blocks) {
    const lead = b.project.departmentIds[0];
    if (lead && b.status !== null) printed.set(lead, b.status);
  }
  if (known) {
    const out: SubmissionState[] = [];
    const seen = new Set<string>();
    for (const s of known.submissions) {
      const id = departments.fromIdentity(s.departmentId);
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      const status = printed.get(id) ?? s.status;
      if (status !== 'none' && status !== null) out.push({ departmentId: id, status });
    }
    for (const [id, status] of printed)
      if (!seen.has(id) && status !== 'none' && status !== null) out.push({ departmentId: id, status });
    return out;
  }
  return departments.list.flatMap((d) => {
    const status = printed.get(d.id) ?? 'approved';
    return status === 'none' || status === null ? [] : [{ departmentId: d.id, status }];
  });
}

function uniqueNotes(notes: Footnote[]): Footnote[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const key = `${n.marker}\u0000${n.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The report cycle, and the one before it when the goal table's 前年度比 gave its values. */
function cyclesOf(
  read: ReadTables,
  fy: number,
  departments: Departments,
  identity: PlanIdentity | undefined,
): Cycle[] {
  const blocks = read.projects.flatMap((t) => t.blocks);
  const goals = read.goals.flatMap((t) => t.goals);
  const label = cycleLabelOf(read.projects, read.goals);
  const knownNow = identity?.cycles.find((c) => c.fiscalYear === fy);
  const knownBefore = identity?.cycles.find((c) => c.fiscalYear < fy);
  const cycle: Cycle = {
    fiscalYear: fy,
    ...(label !== undefined ? { label } : {}),
    locked: knownNow?.locked ?? false,
    // The goals' first, as the plan files of data/ list them.
    actuals: [...goals.flatMap((g) => g.actuals), ...blocks.flatMap((b) => b.actuals)],
    activities: blocks
      .filter((b) => b.activities !== '')
      .map((b) => ({ projectId: b.project.id, text: b.activities })),
    submissions: submissionsOf(blocks, departments, knownNow),
  };
  const previous: Actual[] = goals.flatMap((g) => g.previous);
  if (previous.length === 0 && !knownBefore) return [cycle];
  const before: Cycle = {
    fiscalYear: knownBefore?.fiscalYear ?? fy - 1,
    locked: knownBefore?.locked ?? false,
    actuals: previous,
    activities: [],
    submissions: (knownBefore?.submissions ?? []).flatMap((s) => {
      const id = departments.fromIdentity(s.departmentId);
      return id === undefined ? [] : [{ departmentId: id, status: s.status }];
    }),
  };
  return [before, cycle];
}

// --- the identity: kinds the cells cannot tell apart ---

type PrintClass = 'bound' | 'none' | 'cumulative' | 'increment' | 'figure';
type Where = 'project' | 'goal' | 'revision';

/** What a kind looks like in print: two kinds of one class print alike, so the identity may choose. */
function printClass(kind: Indicator['kind'], where: Where): PrintClass {
  if (kind === 'threshold') return 'bound';
  if (kind === 'not_set' || kind === 'qualitative') return 'none';
  if (where === 'goal' && kind === 'cumulative') return 'cumulative';
  if (where === 'revision' && kind === 'increment') return 'increment';
  return 'figure';
}

function applyKind(ind: Indicator, known: IndicatorIdentity | undefined, where: Where): void {
  if (!known || printClass(ind.kind, where) !== printClass(known.kind, where)) return;
  ind.kind = known.kind;
  ind.direction = known.direction;
  if (known.window) ind.window = { ...known.window };
  else delete ind.window;
  if (ind.kind === 'threshold') ind.threshold ??= known.threshold;
  else delete ind.threshold;
}

function applyKinds(
  owners: { id: string; indicators: Indicator[] }[],
  known: readonly OwnerIdentity[] | undefined,
  where: (ownerId: string) => Where,
): void {
  for (const o of owners) {
    const k = known?.find((x) => x.id === o.id);
    for (const ind of o.indicators)
      applyKind(
        ind,
        k?.indicators.find((x) => x.id === ind.id),
        where(o.id),
      );
  }
}

// --- budgets ---

function budgetsOf(
  read: ReadTables,
  fy: number | null,
  projects: readonly Project[],
  identity: PlanIdentity | undefined,
): BudgetEntry[] {
  const out: BudgetEntry[] = [];
  const projectIds = new Set(projects.map((p) => p.id));
  for (const t of read.budgets) {
    const year = identity?.budgetYear ?? fy ?? t.titleYear;
    if (year === null) {
      const at = t.head.lines[0] ?? { row: 0, col: 0 };
      t.sheet.report(at.row, at.col, {
        code: 'fiscal_year',
        field: 'budget',
        message: {
          ja: '予算の年度を読み取れません。表題に「令和4年度」のように年度を書くか、進捗状況の表と一緒に読み込んでください。',
          en: 'Cannot tell the budget year: name it in the title (令和4年度…), or import the budget table with the progress tables.',
        },
      });
      continue;
    }
    const entries = t.entries.map((e) => ({ ...e, fiscalYear: year }) as BudgetEntry);
    entries.forEach((e, i) => {
      const known = identity?.budgets.find((b) => b.id === e.id);
      const sameName = projects.filter((p) => loose(p.name) === loose(e.name));
      const projectId = known ? known.projectId : sameName.length === 1 ? sameName[0]!.id : undefined;
      if (projectId !== undefined && projectIds.has(projectId)) e.projectId = projectId;
      if (!e.isReprint) return;
      const reprinted = known?.reprintOf
        ? entries.find((x) => x.id === known.reprintOf)
        : [...entries.slice(0, i), ...entries.slice(i + 1)].find((x) => !x.isReprint && x.name === e.name);
      if (reprinted) e.reprintOf = reprinted.id;
    });
    out.push(...entries);
  }
  return out;
}

// --- the plan's header and frames ---

function versionsOf(
  identity: PlanIdentity | undefined,
  revision: boolean,
): { after: number; before: number } {
  const after = identity?.plan.version ?? (revision ? 2 : 1);
  const earlier = (identity?.previousVersions ?? []).map((v) => v.version).filter((v) => v < after);
  return { after, before: earlier.length > 0 ? Math.max(...earlier) : Math.max(1, after - 1) };
}

/** The years the plan covers when the identity does not say: the cycles, projects, targets and budgets read. */
function periodOf(plan: PlanFile, revision: RevisionResult | null): { startFy: number; endFy: number } {
  const starts = [
    ...plan.cycles.map((c) => c.fiscalYear),
    ...plan.projects.map((p) => p.period.startFy),
    ...plan.budgets.map((b) => b.fiscalYear),
  ];
  const ends = [
    ...plan.cycles.map((c) => c.fiscalYear),
    ...plan.projects.map((p) => p.period.endFy),
    ...plan.budgets.map((b) => b.fiscalYear),
  ];
  if (revision?.endFy != null) ends.push(revision.endFy);
  // `1年目` above a year of the 新旧対照表 says where the plan starts.
  const start = revision?.startFy ?? (starts.length > 0 ? Math.min(...starts) : Math.min(...ends));
  return { startFy: start, endFy: Math.max(start, ...ends) };
}

/** The frames printed (cells) over the identity's frames of the plan's reports. */
function reportsOf(
  read: ReadTables,
  plan: PlanFile,
  fy: number | null,
  identity: PlanIdentity | undefined,
): ReportFrame[] | undefined {
  const reports = structuredClone(identity?.plan.reports ?? []);
  if (fy !== null) {
    let report = reports.find((r) => r.fiscalYear === fy);
    if (!report) {
      report = { fiscalYear: fy };
      reports.push(report);
    }
    if (read.projects.length > 0) {
      delete report.projects;
      delete report.cohortNotes;
    }
    if (read.goals.length > 0) delete report.goals;
    const frames = framesOf(read.projects, read.goals, plan, fy);
    if (frames?.projects) report.projects = frames.projects;
    if (frames?.goals) report.goals = frames.goals;
  }
  const kept = reports.filter((r) => Object.keys(r).length > 1);
  return kept.length > 0 ? kept : undefined;
}

export function assemblePlan(read: ReadTables, options: AssembleOptions): PlanFile {
  const identity = options.identity?.identity;
  const fy = yearTables(read)[0]?.fiscalYear ?? null;
  const blocks = read.projects.flatMap((t) => t.blocks);
  const goals = read.goals.flatMap((t) => t.goals);
  const versions = versionsOf(identity, read.revisions.length > 0);
  const asked = planTitleOf(read, options.title);
  const revision = read.revisions[0]
    ? mergeRevision(
        { log: options.log, identity: options.identity, blocks, goals, versions },
        read.revisions[0],
        asked ?? identity?.plan.title ?? NO_TITLE,
      )
    : null;
  for (const extra of read.revisions.slice(1)) reportExtraRevision(extra);
  const newProjects: NewProject[] = revision?.projects ?? [];
  if (newProjects.some((p) => p.departmentNames.length === 0)) reportNoDepartment(read.revisions[0]!);
  const projectsRead = [
    ...blocks.map((b) => ({ project: b.project, departmentNames: b.departmentNames })),
    ...newProjects,
  ];
  const departments = departmentsOf(projectsRead, options, identity);
  const projects = projectsRead.map((p) => p.project);
  const cycles = fy === null ? [] : cyclesOf(read, fy, departments, identity);
  const notes = uniqueNotes([...read.projects, ...read.goals, ...read.budgets].flatMap((t) => t.notes));
  const previousVersions: PlanVersion[] = [];
  if (revision) {
    // A project (goal) the 新旧対照表 does not print — it has no indicator — was as it is now.
    const goalsNow = [...goals.map((g) => g.goal), ...revision.goals];
    revision.version.projects = sameAsNow(projects, revision.version.projects);
    revision.version.goals = sameAsNow(goalsNow, revision.version.goals);
    for (const p of revision.version.projects) {
      const now = projects.find((x) => x.id === p.id);
      const known = identity?.previousVersions
        .flatMap((v) => v.projects)
        .find((x) => x.id === p.id)?.departmentIds;
      p.departmentIds = now
        ? [...now.departmentIds]
        : (known ?? []).flatMap((id) => departments.fromIdentity(id) ?? []);
      if (p.departmentIds.length === 0) p.departmentIds = [departments.idOf(NO_DEPARTMENT)];
    }
    previousVersions.push(revision.version);
  }
  const plan: PlanFile = {
    format: PLAN_FORMAT,
    plan: {
      id: options.id ?? identity?.plan.id ?? 'imported',
      title: asked ?? revision?.title ?? identity?.plan.title ?? '（表題なし）',
      period: { startFy: 2000, endFy: 2000 },
      version: versions.after,
      ...(identity?.plan.issuer !== undefined ? { issuer: identity.plan.issuer } : {}),
      ...(identity?.plan.periodLabel !== undefined ? { periodLabel: identity.plan.periodLabel } : {}),
      ...(notes.length > 0 ? { footnotes: notes } : {}),
    },
    departments: departments.list,
    goals: [...goals.map((g) => g.goal), ...(revision?.goals ?? [])],
    projects,
    cycles,
    budgets: budgetsOf(read, fy, projects, identity),
    previousVersions,
  };
  plan.plan.period = identity ? { ...identity.plan.period } : periodOf(plan, revision);
  const reports = reportsOf(read, plan, fy, identity);
  if (reports) plan.plan.reports = reports;
  const revisionFrame = revision ? revision.frame : identity?.plan.revisionFrame;
  if (revisionFrame) plan.plan.revisionFrame = structuredClone(revisionFrame);
  // Kinds the cells cannot tell apart, as the identity has them.
  const revisionOnly = new Set([
    ...newProjects.map((p) => p.project.id),
    ...(revision?.goals ?? []).map((g) => g.id),
  ]);
  const where = (goal: boolean) => (id: string) =>
    revisionOnly.has(id) ? 'revision' : goal ? ('goal' as const) : ('project' as const);
  applyKinds(plan.projects, identity?.projects, where(false));
  applyKinds(plan.goals, identity?.goals, where(true));
  const knownVersion = identity?.previousVersions.find((v) => v.version === versions.before);
  for (const v of previousVersions) {
    applyKinds(v.projects, knownVersion?.projects, () => 'revision');
    applyKinds(v.goals, knownVersion?.goals, () => 'revision');
  }
  return plan;
}

/** An earlier version's list: the current ones in their order (printed, or unchanged), then those only it has. */
function sameAsNow<T extends { id: string; indicators: unknown[] }>(now: readonly T[], printed: T[]): T[] {
  const byId = new Map(printed.map((x) => [x.id, x]));
  return [
    ...now.flatMap((x) => {
      const old = byId.get(x.id);
      if (old) return [old];
      return x.indicators.length === 0 ? [structuredClone(x)] : [];
    }),
    ...printed.filter((x) => !now.some((n) => n.id === x.id)),
  ];
}

function reportExtraRevision(t: RevisionTable): void {
  const at = t.head.lines[0] ?? { row: 0, col: 0 };
  t.sheet.report(at.row, at.col, {
    code: 'revision_extra',
    field: 'revision',
    message: {
      ja: '新旧対照表は1つだけ読み込めます。この表は読み込みません。',
      en: 'Only one 新旧対照表 can be imported: this one is not read.',
    },
  });
}

/** A project the 新旧対照表 alone prints: its departments are printed nowhere (a warning, not an error). */
function reportNoDepartment(t: RevisionTable): void {
  const at = t.head.lines[0] ?? { row: 0, col: 0 };
  t.sheet.flag(at.row, at.col, {
    code: 'not_printed',
    field: 'departments',
    severity: 'warning',
    message: {
      ja: `新旧対照表は事業の担当課・事業規模・事業概要を印刷しないため、事業の担当課を「${NO_DEPARTMENT}」としました。進捗状況の表と一緒に読み込むか、計画ファイルで直してください。`,
      en: `The 新旧対照表 prints no department, budget or overview of a project: its department is ${NO_DEPARTMENT}. Import it with the project table, or correct the plan file.`,
    },
  });
}
