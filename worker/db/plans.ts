import type { GoalAssignment } from '../../shared/api.ts';
import { type AuditMeta, auditStmt } from './audit.ts';
import { toD1 } from './d1.ts';
import { attrsOf } from './rows.ts';
import { insertRows, type Stmt, stmt, toJson } from './sql.ts';

/** Data access for plan headers (the whole plan is read by plan-read.ts, written by plan-write.ts). */

export interface PlanListRow {
  id: string;
  title: string;
  start_fy: number;
  end_fy: number;
  current_version: number;
  created_at: string;
  archived_at: string | null;
  issuer?: string;
  /** The 未達成の理由 setting kept in the plan's attrs (plan-write.ts buildShortfallSetting). */
  shortfallReason?: unknown;
}

export async function listPlanRows(db: D1Database): Promise<PlanListRow[]> {
  const { results } = await db
    .prepare(
      'SELECT id, title, start_fy, end_fy, current_version, created_at, archived_at, attrs FROM plans ORDER BY id',
    )
    .all<PlanListRow & { attrs: string }>();
  return results.map(({ attrs, ...r }) => {
    const { issuer, shortfallReason } = attrsOf(attrs);
    return {
      ...r,
      ...(typeof issuer === 'string' ? { issuer } : {}),
      ...(shortfallReason !== undefined ? { shortfallReason } : {}),
    };
  });
}

/** Plans in which any of the departments works on a project or reports a goal indicator. */
export async function planIdsOfDepartments(
  db: D1Database,
  departmentIds: readonly string[],
): Promise<Set<string>> {
  const { results } = await db
    .prepare(
      `SELECT plan_id FROM project_departments WHERE department_id IN (SELECT value FROM json_each(?1))
       UNION SELECT plan_id FROM goal_indicator_departments WHERE department_id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(toJson(departmentIds))
    .all<{ plan_id: string }>();
  return new Set(results.map((r) => r.plan_id));
}

/**
 * The departments of the projects a KPI belongs to, or the department reporting a goal indicator
 * (none when unassigned); null when the plan has no such indicator.
 */
export async function departmentsOfIndicator(
  db: D1Database,
  planId: string,
  indicatorId: string,
): Promise<string[] | null> {
  const { results } = await db
    .prepare(
      // A KPI's departments are its project's; a goal indicator's the one that reports it (§10.5).
      `SELECT i.owner_kind, COALESCE(pd.department_id, gd.department_id) AS department_id FROM indicators i
         LEFT JOIN project_departments pd ON i.owner_kind = 'project' AND pd.plan_id = i.plan_id AND pd.project_id = i.owner_id
         LEFT JOIN goal_indicator_departments gd ON i.owner_kind = 'goal' AND gd.plan_id = i.plan_id AND gd.indicator_id = i.id
        WHERE i.plan_id = ? AND i.id = ?`,
    )
    .bind(planId, indicatorId)
    .all<{ owner_kind: string; department_id: string | null }>();
  if (results.length === 0) return null;
  return results.flatMap((r) => (r.department_id ? [r.department_id] : []));
}

export interface PlanHeaderRow {
  id: string;
  title: string;
  start_fy: number;
  end_fy: number;
  current_version: number;
}

export function getPlanHeader(db: D1Database, planId: string): Promise<PlanHeaderRow | null> {
  return db
    .prepare('SELECT id, title, start_fy, end_fy, current_version FROM plans WHERE id = ?')
    .bind(planId)
    .first<PlanHeaderRow>();
}

/** Whether any of the departments works on a project of the plan (what department staff may see of it). */
export async function planHoldsDepartments(
  db: D1Database,
  planId: string,
  departmentIds: readonly string[],
): Promise<boolean> {
  if (departmentIds.length === 0) return false;
  const row = await db
    .prepare(
      // A department reporting a goal indicator (docs/domain.md §10.5) works on the plan too.
      `SELECT 1 AS ok FROM project_departments
        WHERE plan_id = ?1 AND department_id IN (SELECT value FROM json_each(?2))
       UNION ALL SELECT 1 FROM goal_indicator_departments
        WHERE plan_id = ?1 AND department_id IN (SELECT value FROM json_each(?2)) LIMIT 1`,
    )
    .bind(planId, toJson(departmentIds))
    .first<{ ok: number }>();
  return row !== null;
}

// --- the console: archive, delete, goal indicators' departments -----------------------------------

/**
 * The cycles in which departments worked on the plan (saved, submitted, or were approved or returned:
 * history rows of a sheet), with whether each is locked. Values that came with an imported file are
 * not work: a plan imported by mistake can be deleted.
 */
export async function cyclesWithWork(
  db: D1Database,
  planId: string,
): Promise<{ fiscalYear: number; locked: boolean }[]> {
  const { results } = await db
    .prepare(
      `SELECT c.fiscal_year, c.locked FROM cycles c
        WHERE c.plan_id = ?1 AND EXISTS (SELECT 1 FROM history h WHERE h.plan_id = ?1
          AND h.fiscal_year = c.fiscal_year AND h.department_id IS NOT NULL)
        ORDER BY c.fiscal_year`,
    )
    .bind(planId)
    .all<{ fiscal_year: number; locked: number }>();
  return results.map((r) => ({ fiscalYear: r.fiscal_year, locked: r.locked === 1 }));
}

export async function setPlanArchived(
  db: D1Database,
  planId: string,
  archived: boolean,
  m: AuditMeta,
): Promise<boolean> {
  const [r] = await db.batch(
    toD1(db, [
      stmt(
        `UPDATE plans SET archived_at = ?, archived_by = ? WHERE id = ? AND (archived_at IS NULL) = ?`,
        archived ? m.now : null,
        archived ? m.userId : null,
        planId,
        archived ? 1 : 0,
      ),
      auditStmt(
        { action: archived ? 'plan.archive' : 'plan.restore', targetKind: 'plan', targetId: planId, planId },
        m,
        stmt('changes() = 1'),
      ),
    ]),
  );
  return r?.meta.changes === 1;
}

/** Every table holding the plan's rows, children first (the foreign keys). The history stays. */
const PLAN_TABLES = [
  'actuals',
  'activities',
  'submissions',
  'cycles',
  'goal_indicator_departments',
  'targets',
  'indicators',
  'project_departments',
  'projects',
  'goals',
  'budgets',
  'plan_departments',
  'plan_versions',
] as const;

/**
 * Deletes a plan and everything of it, in one batch whose guard fails it when a department has
 * worked on the plan (a history row of a sheet): checked inside the batch, so a save racing the
 * deletion either comes first and refuses it, or finds no plan. The history rows stay (append-only).
 */
export function buildPlanDeletion(planId: string, title: string, m: AuditMeta): Stmt[] {
  return [
    stmt(
      `INSERT INTO write_guard (ok) SELECT NOT EXISTS
         (SELECT 1 FROM history WHERE plan_id = ? AND department_id IS NOT NULL)`,
      planId,
    ),
    stmt('DELETE FROM write_guard'),
    ...PLAN_TABLES.map((t) => stmt(`DELETE FROM ${t} WHERE plan_id = ?`, planId)),
    stmt('DELETE FROM plans WHERE id = ?', planId),
    auditStmt({ action: 'plan.delete', targetKind: 'plan', targetId: planId, planId, before: { title } }, m),
  ];
}

interface AssignmentRow {
  goal_id: string;
  goal_number: number;
  goal_title: string;
  indicator_id: string;
  indicator_number: number;
  indicator_name: string;
  department_id: string | null;
}

/** The plan's goal indicators in order, each with the department that reports it (or null). */
export async function listGoalAssignments(db: D1Database, planId: string): Promise<GoalAssignment[]> {
  const { results } = await db
    .prepare(
      `SELECT g.id AS goal_id, g.number AS goal_number, g.title AS goal_title, i.id AS indicator_id,
              i.number AS indicator_number, i.name AS indicator_name, a.department_id
         FROM indicators i
         JOIN goals g ON g.plan_id = i.plan_id AND g.id = i.owner_id
         LEFT JOIN goal_indicator_departments a ON a.plan_id = i.plan_id AND a.indicator_id = i.id
        WHERE i.plan_id = ? AND i.owner_kind = 'goal'
        ORDER BY g.position, i.position`,
    )
    .bind(planId)
    .all<AssignmentRow>();
  return results.map((r) => ({
    goalId: r.goal_id,
    goalNumber: r.goal_number,
    goalTitle: r.goal_title,
    indicatorId: r.indicator_id,
    indicatorNumber: r.indicator_number,
    indicatorName: r.indicator_name,
    departmentId: r.department_id,
  }));
}

/** Rows for goal indicators assigned to departments (the plan file's `departmentId`). */
export function goalAssignmentRows(planId: string, pairs: readonly (readonly [string, string])[]): Stmt[] {
  return insertRows({
    table: 'goal_indicator_departments',
    columns: ['indicator_id', 'department_id'],
    constants: { plan_id: planId },
    rows: pairs.map(([i, d]) => [i, d]),
  });
}

/** Assigns (or, with null, unassigns) goal indicators, one batch with a history row each. */
export function buildGoalAssignments(
  planId: string,
  changes: readonly { indicatorId: string; before: string | null; after: string | null }[],
  m: AuditMeta,
): Stmt[] {
  const out: Stmt[] = [];
  for (const c of changes) {
    out.push(
      stmt(
        'DELETE FROM goal_indicator_departments WHERE plan_id = ? AND indicator_id = ?',
        planId,
        c.indicatorId,
      ),
    );
    if (c.after !== null)
      out.push(
        ...goalAssignmentRows(planId, [[c.indicatorId, c.after]]),
        // The department now reports this goal indicator (docs/domain.md §10.5): it needs a sheet in
        // every cycle of the plan, which a department without a project of the plan has none of yet.
        stmt(
          `INSERT OR IGNORE INTO submissions (plan_id, fiscal_year, department_id, updated_at, updated_by)
           SELECT plan_id, fiscal_year, ?, ?, ? FROM cycles WHERE plan_id = ?`,
          c.after,
          m.now,
          m.userId,
          planId,
        ),
      );
    out.push(
      auditStmt(
        {
          action: 'goal.assign',
          targetKind: 'goal_indicator',
          targetId: c.indicatorId,
          planId,
          before: { departmentId: c.before },
          after: { departmentId: c.after },
        },
        m,
      ),
    );
  }
  return out;
}
