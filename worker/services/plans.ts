import type { z } from 'zod';
import type { PlanSummary, ReviseTargetsRequest, TargetDiff } from '../../shared/api.ts';
import { targetsDiffer } from '../../shared/calc/targets.ts';
import { reachesEveryDepartment } from '../../shared/roles.ts';
import type { Indicator, PlanFile } from '../../shared/schema/index.ts';
import { buildRevisionTable } from '../../shared/tables/revision.ts';
import { validatePlanFile } from '../../shared/validation/index.ts';
import type { Principal } from '../auth/principal.ts';
import { listCycles } from '../db/cycles.ts';
import { toD1 } from '../db/d1.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../db/directory.ts';
import { type LoadedPlan, loadPlan, planAtVersion } from '../db/plan-read.ts';
import {
  buildPlanImport,
  buildTargetRevision,
  indicatorsOf,
  type TargetChangeRow,
} from '../db/plan-write.ts';
import { listPlanRows, planIdsOfDepartments } from '../db/plans.ts';
import {
  invalidBody,
  planExists,
  planNotFound,
  unknownReference,
  versionConflict,
  versionNotFound,
} from '../refusals.ts';
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

export async function listPlans(db: D1Database, p: Principal): Promise<PlanSummary[]> {
  const visible = reachesEveryDepartment(p.role) ? null : await planIdsOfDepartments(db, p.departmentIds);
  const rows = (await listPlanRows(db)).filter((r) => visible === null || visible.has(r.id));
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
  }));
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
  const loaded = await requirePlan(db, planId);
  const current = loaded.currentVersion;
  const next = Math.max(...loaded.versions.map((v) => v.version)) + 1;
  const stale = () => versionConflict(current, req.baseVersion);
  if (req.baseVersion !== current) throw stale();
  const existing = targetsOf(loaded.file);
  const changes: TargetChangeRow[] = req.changes.map((c) => ({
    ...c,
    before: existing.get(targetKey(c.indicatorId, c.fiscalYear)) ?? null,
  }));
  const result = validatePlanFile(revisedFile(loaded.file, changes, next));
  if (!result.ok) throw invalidBody(result.problems, 422);
  // A concurrent revision moved the version first: its guard (or the version's key) fails this batch.
  const done = await commitGuarded(
    db,
    buildTargetRevision(planId, current, next, req.label ?? null, changes, m),
    stale,
    {
      guards: isUniqueViolation,
    },
  );
  if (done.kind === 'refused') throw done.problem;
  return { planId, version: next, changed: changes.length, warnings: result.problems };
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
  const ta = targetsOf(a);
  const tb = targetsOf(b);
  const changes: TargetDiff[] = [];
  for (const key of new Set([...ta.keys(), ...tb.keys()])) {
    const x = ta.get(key) ?? null;
    const y = tb.get(key) ?? null;
    // Changed by figure, as the 新旧対照表 below underlines (shared/calc/targets.ts).
    if (!targetsDiffer(x, y)) continue;
    const [indicatorId = '', fy = '0'] = key.split('\u0000');
    changes.push({ indicatorId, fiscalYear: Number(fy), before: x, after: y });
  }
  changes.sort((l, r) => l.indicatorId.localeCompare(r.indicatorId) || l.fiscalYear - r.fiscalYear);
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

function labelOf(loaded: LoadedPlan, version: number): { label?: string } {
  const label = loaded.versions.find((v) => v.version === version)?.label;
  return label ? { label } : {};
}
