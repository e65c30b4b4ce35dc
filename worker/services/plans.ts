import type { z } from 'zod';
import type {
  GoalAssignment,
  PlanSummary,
  ReviseTargetsRequest,
  SetGoalAssignmentsRequest,
  TargetDiff,
  UpdatePlanRequest,
} from '../../shared/api.ts';
import { targetsDiffer } from '../../shared/calc/targets.ts';
import { reachesEveryDepartment } from '../../shared/roles.ts';
import { type Indicator, type PlanFile, ShortfallSetting } from '../../shared/schema/index.ts';
import { buildRevisionTable } from '../../shared/tables/revision.ts';
import { validatePlanFile } from '../../shared/validation/index.ts';
import type { Principal } from '../auth/principal.ts';
import { auditStmt } from '../db/audit.ts';
import { listCycles } from '../db/cycles.ts';
import { toD1 } from '../db/d1.ts';
import {
  inactiveDepartments,
  isForeignKeyViolation,
  isUniqueViolation,
  unknownDepartments,
} from '../db/directory.ts';
import { type LoadedPlan, loadPlan, planAtVersion, readShortfallSetting } from '../db/plan-read.ts';
import {
  buildPlanImport,
  buildShortfallSetting,
  buildTargetRevision,
  indicatorsOf,
  type TargetChangeRow,
} from '../db/plan-write.ts';
import {
  buildGoalAssignments,
  buildPlanDeletion,
  cyclesWithWork,
  listGoalAssignments,
  listPlanRows,
  planIdsOfDepartments,
  setPlanArchived,
} from '../db/plans.ts';
import {
  confirmRequired,
  inactiveDepartments as inactiveDepartmentsRefusal,
  invalidBody,
  notGoalIndicators,
  planExists,
  planHasValues,
  planInUse,
  planNotFound,
  unknownDepartments as unknownDepartmentsRefusal,
  unknownReference,
  versionConflict,
  versionNotFound,
} from '../refusals.ts';
import { requirePlanHeader } from './plan-header.ts';
import { commitGuarded, type RequestMeta } from './write.ts';

/** Plans: import a whole interchange file, read it back, list, revise targets as a new version, compare. */

export async function requirePlan(db: D1Database, planId: string): Promise<LoadedPlan> {
  const loaded = await loadPlan(db, planId);
  if (!loaded) throw planNotFound(planId);
  return loaded;
}

export async function importPlan(db: D1Database, input: unknown, m: RequestMeta) {
  const result = validatePlanFile(input);
  if (!result.ok) throw invalidBody(result.problems, 422);
  const plan = result.plan;
  try {
    await db.batch(toD1(db, buildPlanImport(plan, m)));
  } catch (err) {
    if (isUniqueViolation(err)) throw planExists(plan.plan.id);
    if (isForeignKeyViolation(err)) throw unknownReference();
    throw err;
  }
  const indicators = indicatorsOf([...plan.goals, ...plan.projects]);
  return {
    planId: plan.plan.id,
    version: plan.plan.version,
    counts: {
      departments: plan.departments.length,
      goals: plan.goals.length,
      projects: plan.projects.length,
      indicators: indicators.length,
      targets: indicators.reduce((n, i) => n + i.targets.length, 0),
      cycles: plan.cycles.length,
      actuals: plan.cycles.reduce((n, c) => n + c.actuals.length, 0),
      previousVersions: plan.previousVersions.length,
    },
    warnings: result.problems,
  };
}

/** The plans the caller sees; archived ones only when asked for (the console lists them to restore). */
export async function listPlans(
  db: D1Database,
  p: Principal,
  options: { includeArchived?: boolean } = {},
): Promise<PlanSummary[]> {
  const visible = reachesEveryDepartment(p.role) ? null : await planIdsOfDepartments(db, p.departmentIds);
  const rows = (await listPlanRows(db)).filter(
    (r) => (visible === null || visible.has(r.id)) && (options.includeArchived || r.archived_at === null),
  );
  const cycles = await listCycles(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    period: { startFy: r.start_fy, endFy: r.end_fy },
    issuer: r.issuer ?? null,
    currentVersion: r.current_version,
    createdAt: r.created_at,
    cycles: cycles.get(r.id) ?? [],
    archived: r.archived_at !== null,
    ...shortfallOf(r.shortfallReason),
  }));
}

/** The stored 未達成の理由 setting as the list shows it; anything unreadable is left out (off). */
function shortfallOf(stored: unknown): { shortfallReason?: ShortfallSetting } {
  const parsed = ShortfallSetting.safeParse(stored);
  return stored !== undefined && parsed.success ? { shortfallReason: parsed.data } : {};
}

function targetKey(indicatorId: string, fy: number) {
  return `${indicatorId}\u0000${fy}`;
}

function targetsOf(plan: Pick<PlanFile, 'goals' | 'projects'>) {
  const out = new Map<string, { value: string; period: string | null }>();
  for (const i of indicatorsOf([...plan.goals, ...plan.projects])) {
    for (const t of i.targets)
      out.set(targetKey(i.id, t.fiscalYear), { value: t.value, period: t.period ?? null });
  }
  return out;
}

/** The plan with the changes applied, as a file: shared validation judges it like an import. */
function revisedFile(file: PlanFile, changes: readonly TargetChangeRow[], version: number): PlanFile {
  const byIndicator = new Map<string, TargetChangeRow[]>();
  for (const c of changes) byIndicator.set(c.indicatorId, [...(byIndicator.get(c.indicatorId) ?? []), c]);
  const revise = (i: Indicator): Indicator => {
    const mine = byIndicator.get(i.id);
    if (!mine) return i;
    const kept = i.targets.filter((t) => !mine.some((c) => c.fiscalYear === t.fiscalYear));
    const added = mine.flatMap((c) =>
      c.value === null
        ? []
        : [{ fiscalYear: c.fiscalYear, value: c.value, ...(c.period ? { period: c.period } : {}) }],
    );
    return { ...i, targets: [...kept, ...added].sort((a, b) => a.fiscalYear - b.fiscalYear) };
  };
  return {
    ...file,
    plan: { ...file.plan, version },
    goals: file.goals.map((g) => ({ ...g, indicators: g.indicators.map(revise) })),
    projects: file.projects.map((p) => ({ ...p, indicators: p.indicators.map(revise) })),
  };
}

export async function reviseTargets(
  db: D1Database,
  planId: string,
  req: z.output<typeof ReviseTargetsRequest>,
  m: RequestMeta,
) {
  const { current, next, changes, result } = await revision(db, planId, req);
  const stale = () => versionConflict(current, req.baseVersion);
  // A concurrent revision moved the version first: its guard (or the version's key) fails this batch.
  const done = await commitGuarded(
    db,
    [
      ...buildTargetRevision(planId, current, next, req.label ?? null, changes, m),
      auditStmt(
        {
          action: 'targets.revise',
          targetKind: 'plan',
          targetId: planId,
          planId,
          before: { version: current },
          after: { version: next, label: req.label ?? null, changed: changes.length },
        },
        m,
      ),
    ],
    stale,
    {
      guards: isUniqueViolation,
    },
  );
  if (done.kind === 'refused') throw done.problem;
  return { planId, version: next, changed: changes.length, warnings: result.problems };
}

/** The revision as it would be stored: checked like the real one (version, shared validation). */
async function revision(db: D1Database, planId: string, req: z.output<typeof ReviseTargetsRequest>) {
  const loaded = await requirePlan(db, planId);
  const current = loaded.currentVersion;
  const next = Math.max(...loaded.versions.map((v) => v.version)) + 1;
  if (req.baseVersion !== current) throw versionConflict(current, req.baseVersion);
  const existing = targetsOf(loaded.file);
  const changes: TargetChangeRow[] = req.changes.map((c) => ({
    ...c,
    before: existing.get(targetKey(c.indicatorId, c.fiscalYear)) ?? null,
  }));
  const revised = revisedFile(loaded.file, changes, next);
  const result = validatePlanFile(revised);
  if (!result.ok) throw invalidBody(result.problems, 422);
  return { loaded, current, next, changes, result, revised };
}

/**
 * A revision not stored (dryRun): the changed targets and the 新旧対照表 the new version would have
 * against the current one, the answer GET /diff gives once it is stored.
 */
export async function previewRevision(
  db: D1Database,
  planId: string,
  req: z.output<typeof ReviseTargetsRequest>,
) {
  const { loaded, current, next, revised } = await revision(db, planId, req);
  const a = loaded.file;
  const ta = targetsOf(a);
  const tb = targetsOf(revised);
  const changes = changedTargets(ta, tb);
  const file: PlanFile = {
    ...loaded.file,
    plan: { ...loaded.file.plan, version: next },
    goals: revised.goals,
    projects: revised.projects,
    previousVersions: [
      { version: current, goals: a.goals, projects: a.projects, ...labelOf(loaded, current) },
    ],
  };
  const table = buildRevisionTable(file, { beforeVersion: current });
  return { planId, before: current, after: next, changes, table };
}

export function versionList(loaded: LoadedPlan) {
  const counts = new Map<number, number>();
  for (const v of loaded.versions) {
    const plan = planAtVersion(loaded, v.version);
    counts.set(
      v.version,
      plan ? indicatorsOf([...plan.goals, ...plan.projects]).reduce((n, i) => n + i.targets.length, 0) : 0,
    );
  }
  return loaded.versions.map((v) => ({
    version: v.version,
    label: v.label,
    createdAt: v.created_at,
    createdBy: v.created_by,
    targetCount: counts.get(v.version) ?? 0,
  }));
}

/** The 新旧対照表 of two versions: the changed targets, and the table model shared/tables builds. */
export function diffVersions(loaded: LoadedPlan, before: number, after: number) {
  const a = planAtVersion(loaded, before);
  const b = planAtVersion(loaded, after);
  if (!a || !b) throw versionNotFound(loaded.file.plan.id, a ? after : before);
  const changes = changedTargets(targetsOf(a), targetsOf(b));
  const file: PlanFile = {
    ...loaded.file,
    plan: { ...loaded.file.plan, version: after },
    goals: b.goals,
    projects: b.projects,
    previousVersions: [{ version: before, goals: a.goals, projects: a.projects, ...labelOf(loaded, before) }],
  };
  const table = buildRevisionTable(file, { beforeVersion: before });
  return { planId: loaded.file.plan.id, before, after, changes, table };
}

type TargetMap = ReturnType<typeof targetsOf>;

function changedTargets(ta: TargetMap, tb: TargetMap): TargetDiff[] {
  const changes: TargetDiff[] = [];
  for (const key of new Set([...ta.keys(), ...tb.keys()])) {
    const x = ta.get(key) ?? null;
    const y = tb.get(key) ?? null;
    // Changed by figure, as the 新旧対照表 underlines (shared/calc/targets.ts).
    if (!targetsDiffer(x, y)) continue;
    const [indicatorId = '', fy = '0'] = key.split('\u0000');
    changes.push({ indicatorId, fiscalYear: Number(fy), before: x, after: y });
  }
  return changes.sort((l, r) => l.indicatorId.localeCompare(r.indicatorId) || l.fiscalYear - r.fiscalYear);
}

function labelOf(loaded: LoadedPlan, version: number): { label?: string } {
  const label = loaded.versions.find((v) => v.version === version)?.label;
  return label ? { label } : {};
}

// --- the console: archive, delete, goal indicators' departments -----------------------------------

/**
 * Archives (hides from every selector) or restores a plan. Refused while a cycle that is not locked
 * holds departments' work: lock it first, so nobody's open sheet disappears from their list.
 */
export async function archivePlan(db: D1Database, planId: string, archived: boolean, m: RequestMeta) {
  await requirePlanHeader(db, planId);
  if (archived) {
    const open = (await cyclesWithWork(db, planId)).filter((c) => !c.locked).map((c) => c.fiscalYear);
    if (open.length) throw planInUse(planId, open);
  }
  await setPlanArchived(db, planId, archived, m);
  return { planId, archived };
}

/**
 * PATCH /api/plans/:id: archive or restore, and the 未達成の理由 setting (docs/domain.md §8.6). The
 * setting is written first: a refused archive (a cycle still open) then leaves it set, as sent.
 */
export async function updatePlan(
  db: D1Database,
  planId: string,
  req: z.output<typeof UpdatePlanRequest>,
  m: RequestMeta,
) {
  const out: { planId: string; archived?: boolean; shortfallReason?: ShortfallSetting } = { planId };
  if (req.shortfallReason !== undefined)
    out.shortfallReason = await setShortfallSetting(db, planId, req.shortfallReason, m);
  if (req.archived !== undefined) out.archived = (await archivePlan(db, planId, req.archived, m)).archived;
  return out;
}

/** Sets whether a KPI that falls short needs a reason; an unchanged setting writes no history row. */
export async function setShortfallSetting(
  db: D1Database,
  planId: string,
  setting: ShortfallSetting,
  m: RequestMeta,
): Promise<ShortfallSetting> {
  const before = await readShortfallSetting(db, planId);
  if (before === undefined) throw planNotFound(planId);
  if (before && before.required === setting.required && before.below === setting.below) return setting;
  await db.batch(toD1(db, buildShortfallSetting(planId, before, setting, m)));
  return setting;
}

/**
 * Deletes a plan no department has worked on (a plan imported by mistake), everything of it in one
 * batch; `confirm` must repeat its id. Refused (409, nothing deleted) once any department saved,
 * submitted or was approved or returned in any of its cycles.
 */
export async function deletePlan(
  db: D1Database,
  planId: string,
  confirm: string | undefined,
  m: RequestMeta,
) {
  const header = await requirePlanHeader(db, planId);
  if (confirm !== planId) throw confirmRequired(planId);
  if ((await cyclesWithWork(db, planId)).length > 0) throw planHasValues(planId);
  const done = await commitGuarded(db, buildPlanDeletion(planId, header.title, m), () =>
    planHasValues(planId),
  );
  if (done.kind === 'refused') throw done.problem;
}

export async function goalAssignments(db: D1Database, planId: string) {
  await requirePlanHeader(db, planId);
  return { planId, assignments: await listGoalAssignments(db, planId) };
}

/** Assigns goal indicators to the departments that report them (null: none); each change recorded. */
export async function assignGoalIndicators(
  db: D1Database,
  planId: string,
  req: z.output<typeof SetGoalAssignmentsRequest>,
  m: RequestMeta,
) {
  await requirePlanHeader(db, planId);
  const current = new Map((await listGoalAssignments(db, planId)).map((a) => [a.indicatorId, a]));
  const notGoals = req.assignments.filter((a) => !current.has(a.indicatorId)).map((a) => a.indicatorId);
  if (notGoals.length) throw notGoalIndicators(notGoals);
  const departments = [...new Set(req.assignments.flatMap((a) => (a.departmentId ? [a.departmentId] : [])))];
  const unknown = await unknownDepartments(db, departments);
  if (unknown.length) throw unknownDepartmentsRefusal(unknown);
  const inactive = await inactiveDepartments(db, departments);
  if (inactive.length) throw inactiveDepartmentsRefusal(inactive);
  const changes = req.assignments
    .map((a) => ({
      indicatorId: a.indicatorId,
      before: current.get(a.indicatorId)?.departmentId ?? null,
      after: a.departmentId,
    }))
    .filter((c) => c.before !== c.after);
  if (changes.length) await db.batch(toD1(db, buildGoalAssignments(planId, changes, m)));
  return { planId, assignments: await listGoalAssignments(db, planId) };
}

/** The plan file as exported, its goal indicators carrying the department that reports them. */
export async function planFileOf(db: D1Database, planId: string): Promise<PlanFile> {
  const loaded = await requirePlan(db, planId);
  const assigned = new Map(
    (await listGoalAssignments(db, planId)).flatMap((a: GoalAssignment) =>
      a.departmentId ? [[a.indicatorId, a.departmentId] as const] : [],
    ),
  );
  if (assigned.size === 0) return loaded.file;
  return {
    ...loaded.file,
    goals: loaded.file.goals.map((g) => ({
      ...g,
      indicators: g.indicators.map((i) => {
        const departmentId = assigned.get(i.id);
        return departmentId ? { ...i, departmentId } : i;
      }),
    })),
  };
}
