import type {
  Activity,
  Cycle,
  Department,
  Goal,
  PlanFile,
  SubmissionState,
} from '../../shared/schema/index.ts';
import { Indicator, PLAN_FORMAT, ShortfallSetting } from '../../shared/schema/index.ts';
import { type ActualRecord, actualFromRow } from './actual-rows.ts';
import {
  assembleStructure,
  cachedStructure,
  jsonList,
  listOf,
  type PlanStructure,
  rememberStructure,
  STRUCTURE_QUERY_COUNT,
  structureKey,
  structureQueries,
  type VersionRecord,
} from './plan-structure.ts';
import { type CycleRecord, cycleFromRow, ordered, type PlanRecord, planFromRow } from './rows.ts';
import { fromJson, type SqlValue, toJson } from './sql.ts';

/**
 * Reads a whole plan back into the interchange format in one round trip: the values of its cycles
 * always (all of them, or one sheet's: SheetScope), its structure (plan-structure.ts) only when this
 * isolate has not read that version yet.
 */

interface SubmissionRecord {
  fiscal_year: number;
  department_id: string;
  status: SubmissionState['status'];
  comment: string | null;
}
export interface ActivityRecord {
  fiscal_year: number;
  project_id: string;
  text: string;
  seq: number;
}

export interface LoadedPlan {
  /**
   * The plan in the interchange format. Read with a SheetScope, its cycles hold only that scope's
   * values (and its department's submissions); goals, projects and targets are always complete.
   */
  file: PlanFile;
  currentVersion: number;
  versions: VersionRecord[];
  createdAt: string;
  /** Every indicator and project id of the plan (current version), whatever the scope. */
  indicatorIds: ReadonlySet<string>;
  projectIds: ReadonlySet<string>;
  /** The stored cells with the change counter that last wrote each (for conflicts). */
  actualRows: (ActualRecord & { fiscal_year: number })[];
  activityRows: ActivityRecord[];
}

/**
 * One department's sheet: the actuals of its projects' KPIs and of the goal indicators it reports, and
 * its projects' 主な取組, in every cycle of the plan, plus the actuals of `indicatorIds` (what a request names, on the sheet or not).
 * A save or a sheet read needs no more, and reading every department's cells made each request's
 * cost grow with the whole plan.
 */
export interface SheetScope {
  departmentId: string;
  indicatorIds: readonly string[];
}

const ACTUAL_FIELDS =
  'fiscal_year, indicator_id, value, missing_reason, marker, period, basis, status, text, footnotes, attrs, seq';

// The department's projects in this plan. `+plan_id` keeps SQLite on the department index (a few
// rows) instead of scanning every project of the plan through the primary key.
const DEPARTMENT_PROJECTS =
  'SELECT project_id FROM project_departments WHERE department_id = ?2 AND +plan_id = ?1';
// The goal indicators the department reports (docs/domain.md §10.5): on its sheet like its KPIs.
const DEPARTMENT_GOAL_INDICATORS =
  'SELECT indicator_id FROM goal_indicator_departments WHERE plan_id = ?1 AND department_id = ?2';
// Keyed lookups on the primary keys (plan_id, fiscal_year, …): every cycle × each id.
const PLAN_CYCLES = 'SELECT fiscal_year FROM cycles WHERE plan_id = ?1';
const SCOPED_ACTUALS = `(SELECT * FROM actuals WHERE plan_id = ?1 AND fiscal_year IN (${PLAN_CYCLES})
  AND indicator_id IN (
    SELECT id FROM indicators WHERE plan_id = ?1 AND owner_kind = 'project' AND owner_id IN (${DEPARTMENT_PROJECTS})
    UNION ALL ${DEPARTMENT_GOAL_INDICATORS}
    UNION ALL SELECT value FROM json_each(?3)))`;
const SCOPED_ACTIVITIES = `(SELECT * FROM activities WHERE plan_id = ?1 AND fiscal_year IN (${PLAN_CYCLES})
  AND project_id IN (${DEPARTMENT_PROJECTS}))`;

function valueQueries(db: D1Database, planId: string, scope?: SheetScope): D1PreparedStatement[] {
  const list = (columns: string, from: string, order: string, params: SqlValue[] = [planId]) =>
    jsonList(db, params, columns, from, order);
  const submissionsOf = scope ? 'WHERE s.plan_id = ?1 AND s.department_id = ?2' : 'WHERE s.plan_id = ?1';
  const scoped = scope ? [planId, scope.departmentId] : [planId];
  return [
    // With the goal indicators' departments (migration 0002): an administrator may reassign one
    // without a new plan version, so they are read every time, like the departments.
    db
      .prepare(
        `SELECT p.*, (SELECT json_group_array(json_array(a.indicator_id, a.department_id))
            FROM goal_indicator_departments a WHERE a.plan_id = p.id) AS goal_departments
           FROM plans p WHERE p.id = ?`,
      )
      .bind(planId),
    // Departments are read every time: an admin may rename one without a new plan version.
    list(
      'id, name, position',
      '(SELECT d.id, d.name, pd.position FROM plan_departments pd JOIN departments d ON d.id = pd.department_id WHERE pd.plan_id = ?)',
      'position',
    ),
    list('fiscal_year, label, locked, attrs', 'cycles WHERE plan_id = ?', 'fiscal_year'),
    list(
      'fiscal_year, department_id, status, comment, position',
      `(SELECT s.fiscal_year, s.department_id, s.status, s.comment, COALESCE(pd.position, 1e9) AS position
          FROM submissions s LEFT JOIN plan_departments pd ON pd.plan_id = s.plan_id AND pd.department_id = s.department_id
         ${submissionsOf})`,
      'fiscal_year, position, department_id',
      scoped,
    ),
    scope
      ? list(ACTUAL_FIELDS, SCOPED_ACTUALS, 'fiscal_year, indicator_id', [
          planId,
          scope.departmentId,
          toJson(scope.indicatorIds),
        ])
      : list(ACTUAL_FIELDS, 'actuals WHERE plan_id = ?', 'fiscal_year, indicator_id'),
    scope
      ? list('fiscal_year, project_id, text, seq', SCOPED_ACTIVITIES, 'fiscal_year, project_id', scoped)
      : list('fiscal_year, project_id, text, seq', 'activities WHERE plan_id = ?', 'fiscal_year, project_id'),
  ];
}
const VALUE_QUERY_COUNT = 6;

export async function loadPlan(db: D1Database, planId: string): Promise<LoadedPlan | null> {
  return (await loadPlanWith(db, planId, [])).plan;
}

/**
 * The plan (its values limited to `scope` if given), plus the results of `extra` statements read in
 * the same round trip.
 */
export async function loadPlanWith(
  db: D1Database,
  planId: string,
  extra: readonly D1PreparedStatement[],
  scope?: SheetScope,
): Promise<{ plan: LoadedPlan | null; extra: D1Result[] }> {
  const cached = cachedStructure(planId);
  const structure = cached ? [] : structureQueries(db, planId);
  const all = await db.batch([...valueQueries(db, planId, scope), ...structure, ...extra]);
  const extraResults = all.slice(VALUE_QUERY_COUNT + structure.length);
  const plan = all[0]?.results?.[0] as PlanRecord | undefined;
  if (!plan) return { plan: null, extra: extraResults };

  const key = structureKey(plan.created_at, plan.current_version);
  let shape: PlanStructure;
  if (cached?.key === key) shape = cached.structure;
  else {
    // Not cached, or cached for an older version: read it (a second round trip only after a revision).
    const results = structure.length
      ? all.slice(VALUE_QUERY_COUNT, VALUE_QUERY_COUNT + STRUCTURE_QUERY_COUNT)
      : await db.batch(structureQueries(db, planId));
    shape = assembleStructure(results, plan.current_version);
    rememberStructure(planId, key, shape);
  }
  return { plan: assemble(plan, shape, all), extra: extraResults };
}

function assemble(plan: PlanRecord, shape: PlanStructure, all: readonly D1Result[]): LoadedPlan {
  const departments = listOf<Department>(all[1]).map((d) => ({ id: d.id, name: d.name }));
  const actualRows = listOf<ActualRecord & { fiscal_year: number }>(all[4]);
  const activityRows = listOf<ActivityRecord>(all[5]);
  const indicatorOrder = (id: string) => shape.indicatorOrder.get(id) ?? Number.MAX_SAFE_INTEGER;
  const projectOrder = (id: string) => shape.projectOrder.get(id) ?? Number.MAX_SAFE_INTEGER;
  const cycles: Cycle[] = listOf<CycleRecord>(all[2]).map((c) =>
    cycleFromRow(c, {
      actuals: actualRows
        .filter((a) => a.fiscal_year === c.fiscal_year)
        .sort((a, b) => indicatorOrder(a.indicator_id) - indicatorOrder(b.indicator_id))
        .map(actualFromRow),
      activities: activityRows
        .filter((a) => a.fiscal_year === c.fiscal_year)
        .sort((a, b) => projectOrder(a.project_id) - projectOrder(b.project_id))
        .map((a): Activity => ({ projectId: a.project_id, text: a.text })),
      submissions: listOf<SubmissionRecord>(all[3])
        .filter((s) => s.fiscal_year === c.fiscal_year)
        .map((s) => ({
          departmentId: s.department_id,
          status: s.status,
          ...(s.comment !== null ? { comment: s.comment } : {}),
        })),
    }),
  );
  const assign = goalDepartments(plan);
  // A version built from the stored rows (not an imported snapshot) shows the current assignment, as
  // it shows the indicators' current names.
  const built = new Set(shape.versions.filter((v) => v.snapshot === null).map((v) => v.version));
  const file: PlanFile = {
    format: PLAN_FORMAT,
    plan: planFromRow(plan),
    departments,
    goals: assign(shape.goals),
    projects: shape.projects,
    cycles,
    budgets: shape.budgets,
    previousVersions: shape.previousVersions.map((v) =>
      built.has(v.version) ? { ...v, goals: assign(v.goals) } : v,
    ),
  };
  return {
    file,
    currentVersion: plan.current_version,
    versions: shape.versions,
    createdAt: plan.created_at,
    indicatorIds: shape.indicatorIds,
    projectIds: shape.projectIds,
    actualRows,
    activityRows,
  };
}

/** The goals with each indicator's reporting department (the plan file's `departmentId`) set. */
function goalDepartments(plan: PlanRecord): (goals: Goal[]) => Goal[] {
  const assigned = new Map(fromJson<[string, string][]>(plan.goal_departments, []));
  if (!assigned.size) return (goals) => goals;
  return (goals) =>
    goals.map((g) => ({
      ...g,
      indicators: g.indicators.map((i) => {
        const departmentId = assigned.get(i.id);
        return departmentId === undefined ? i : ordered<Indicator>(Indicator, { ...i, departmentId });
      }),
    }));
}

/** The plan as it stood at `version`: that version's targets become the plan's, for the 新旧対照表. */
export function planAtVersion(
  loaded: LoadedPlan,
  version: number,
): Pick<PlanFile, 'goals' | 'projects'> | null {
  if (version === loaded.currentVersion) return { goals: loaded.file.goals, projects: loaded.file.projects };
  const v = loaded.file.previousVersions.find((p) => p.version === version);
  return v ? { goals: v.goals, projects: v.projects } : null;
}

/** The plan's 未達成の理由 setting as stored in its attrs (null: never set, i.e. off), or undefined: no plan. */
export async function readShortfallSetting(
  db: D1Database,
  planId: string,
): Promise<ShortfallSetting | null | undefined> {
  const row = await db
    .prepare(`SELECT json_extract(attrs, '$.shortfallReason') AS s FROM plans WHERE id = ?`)
    .bind(planId)
    .first<{ s: string | null }>();
  if (!row) return undefined;
  if (row.s === null) return null;
  const parsed = ShortfallSetting.safeParse(fromJson<unknown>(row.s, null));
  return parsed.success ? parsed.data : null;
}
