import { attrsOf } from './rows.ts';
import { toJson } from './sql.ts';

/** Data access for plan headers (the whole plan is read by plan-read.ts, written by plan-write.ts). */

export interface PlanListRow {
  id: string;
  title: string;
  start_fy: number;
  end_fy: number;
  current_version: number;
  created_at: string;
  issuer?: string;
}

export async function listPlanRows(db: D1Database): Promise<PlanListRow[]> {
  const { results } = await db
    .prepare('SELECT id, title, start_fy, end_fy, current_version, created_at, attrs FROM plans ORDER BY id')
    .all<PlanListRow & { attrs: string }>();
  return results.map(({ attrs, ...r }) => {
    const issuer = attrsOf(attrs).issuer;
    return typeof issuer === 'string' ? { ...r, issuer } : r;
  });
}

/** Plans in which any of the departments works on a project. */
export async function planIdsOfDepartments(
  db: D1Database,
  departmentIds: readonly string[],
): Promise<Set<string>> {
  const { results } = await db
    .prepare(
      `SELECT DISTINCT plan_id FROM project_departments
        WHERE department_id IN (SELECT value FROM json_each(?))`,
    )
    .bind(toJson(departmentIds))
    .all<{ plan_id: string }>();
  return new Set(results.map((r) => r.plan_id));
}

/** The departments of the projects an indicator belongs to (empty for a goal's indicator). */
export async function departmentsOfIndicator(
  db: D1Database,
  planId: string,
  indicatorId: string,
): Promise<string[] | null> {
  const { results } = await db
    .prepare(
      `SELECT i.owner_kind, pd.department_id FROM indicators i
         LEFT JOIN project_departments pd ON i.owner_kind = 'project' AND pd.plan_id = i.plan_id AND pd.project_id = i.owner_id
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
      `SELECT 1 AS ok FROM project_departments
        WHERE plan_id = ? AND department_id IN (SELECT value FROM json_each(?)) LIMIT 1`,
    )
    .bind(planId, toJson(departmentIds))
    .first<{ ok: number }>();
  return row !== null;
}
