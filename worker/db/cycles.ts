import type { CycleSummary } from '../../shared/api.ts';
import type { SubmissionStatus } from '../../shared/schema/index.ts';
import type { FilledFields } from '../../shared/workflow/completeness.ts';
import { type AuditMeta, auditStmt } from './audit.ts';
import { toD1 } from './d1.ts';
import { type Stmt, stmt, toJson } from './sql.ts';

/** Data access for cycles (報告年度) and the state of their submissions. */

export interface CycleRow {
  plan_id: string;
  fiscal_year: number;
  label: string | null;
  locked: number;
  locked_at: string | null;
  locked_by: string | null;
  change_seq: number;
  deadline: string | null;
}

export const cycleSummary = (r: CycleRow): CycleSummary => ({
  fiscalYear: r.fiscal_year,
  label: r.label,
  locked: r.locked === 1,
  lockedAt: r.locked_at,
  lockedBy: r.locked_by,
  revision: r.change_seq,
  deadline: r.deadline ?? null,
});

export async function listCycles(
  db: D1Database,
  planIds: readonly string[],
): Promise<Map<string, CycleSummary[]>> {
  const { results } = await db
    .prepare(
      'SELECT * FROM cycles WHERE plan_id IN (SELECT value FROM json_each(?)) ORDER BY plan_id, fiscal_year',
    )
    .bind(toJson(planIds))
    .all<CycleRow>();
  const out = new Map<string, CycleSummary[]>();
  for (const r of results) out.set(r.plan_id, [...(out.get(r.plan_id) ?? []), cycleSummary(r)]);
  return out;
}

export function getCycle(db: D1Database, planId: string, fy: number): Promise<CycleRow | null> {
  return db
    .prepare('SELECT * FROM cycles WHERE plan_id = ? AND fiscal_year = ?')
    .bind(planId, fy)
    .first<CycleRow>();
}

/** The cycle and a draft submission for every department with a project in the plan, in one batch. */
export async function createCycle(
  db: D1Database,
  planId: string,
  fy: number,
  label: string | null,
  meta: { userId: string; requestId: string; now: string },
  deadline: string | null = null,
): Promise<void> {
  const statements: Stmt[] = [
    stmt(
      'INSERT INTO cycles (plan_id, fiscal_year, label, created_at, created_by, deadline) VALUES (?, ?, ?, ?, ?, ?)',
      planId,
      fy,
      label,
      meta.now,
      meta.userId,
      deadline,
    ),
    // A sheet for every department with a project of the plan or a goal indicator to report (§10.5).
    stmt(
      `INSERT INTO submissions (plan_id, fiscal_year, department_id, updated_at, updated_by)
       SELECT DISTINCT ?1, ?2, department_id, ?3, ?4 FROM (
         SELECT department_id FROM project_departments WHERE plan_id = ?1
         UNION SELECT department_id FROM goal_indicator_departments WHERE plan_id = ?1)`,
      planId,
      fy,
      meta.now,
      meta.userId,
    ),
    stmt(
      `INSERT INTO history (at, plan_id, fiscal_year, action, field, after, user_id, request_id)
       VALUES (?, ?, ?, 'open', 'cycle', ?, ?, ?)`,
      meta.now,
      planId,
      fy,
      toJson({ label }),
      meta.userId,
      meta.requestId,
    ),
    auditStmt(
      {
        action: 'cycle.open',
        targetKind: 'cycle',
        targetId: `${planId}/${fy}`,
        planId,
        fiscalYear: fy,
        after: { label, deadline },
      },
      meta,
    ),
  ];
  await db.batch(toD1(db, statements));
}

/** Changes a cycle's label and deadline, with its row in the admin history; false when nothing changed. */
export async function updateCycle(
  db: D1Database,
  before: CycleRow,
  after: { label: string | null; deadline: string | null },
  meta: AuditMeta,
): Promise<boolean> {
  if (after.label === before.label && after.deadline === (before.deadline ?? null)) return false;
  const what = after.deadline !== (before.deadline ?? null) ? 'cycle.deadline' : 'cycle.label';
  await db.batch(
    toD1(db, [
      stmt(
        'UPDATE cycles SET label = ?, deadline = ? WHERE plan_id = ? AND fiscal_year = ?',
        after.label,
        after.deadline,
        before.plan_id,
        before.fiscal_year,
      ),
      auditStmt(
        {
          action: what,
          targetKind: 'cycle',
          targetId: `${before.plan_id}/${before.fiscal_year}`,
          planId: before.plan_id,
          fiscalYear: before.fiscal_year,
          before: { label: before.label, deadline: before.deadline ?? null },
          after,
        },
        meta,
      ),
    ]),
  );
  return true;
}

/** Locks or unlocks; false when the cycle was already in that state (nothing written). */
export async function setCycleLock(
  db: D1Database,
  planId: string,
  fy: number,
  locked: boolean,
  meta: { userId: string; requestId: string; now: string },
  comment: string | null = null,
): Promise<boolean> {
  const [update] = await db.batch(
    toD1(db, [
      stmt(
        `UPDATE cycles SET locked = ?, locked_at = ?, locked_by = ?, change_seq = change_seq + 1
          WHERE plan_id = ? AND fiscal_year = ? AND locked = ?`,
        locked ? 1 : 0,
        locked ? meta.now : null,
        locked ? meta.userId : null,
        planId,
        fy,
        locked ? 0 : 1,
      ),
      // Recorded only when the UPDATE above changed the row (changes() is that statement's count).
      stmt(
        `INSERT INTO history (at, plan_id, fiscal_year, action, field, before, after, user_id, request_id)
         SELECT ?, ?, ?, ?, 'locked', ?, ?, ?, ? WHERE changes() = 1`,
        meta.now,
        planId,
        fy,
        locked ? 'lock' : 'unlock',
        toJson({ locked: !locked }),
        toJson({ locked, comment }),
        meta.userId,
        meta.requestId,
      ),
      // The history row above exists only when the lock changed: so does this one.
      auditStmt(
        {
          action: locked ? 'cycle.lock' : 'cycle.unlock',
          targetKind: 'cycle',
          targetId: `${planId}/${fy}`,
          planId,
          fiscalYear: fy,
          after: { locked, comment },
        },
        meta,
        stmt('changes() = 1'),
      ),
    ]),
  );
  return (update?.meta.changes ?? 0) === 1;
}

/** One department's submission in a cycle as the status board shows it, before any rule is applied. */
export interface DepartmentStatusRow {
  departmentId: string;
  departmentName: string;
  status: SubmissionStatus;
  revision: number;
  comment: string | null;
  submittedAt: string | null;
  updatedAt: string;
  updatedBy: string | null;
  updatedByName: string | null;
  projectCount: number;
  /** KPIs of its projects on the sheet and the goal indicators it reports. */
  indicatorCount: number;
  /** The goal indicators (数値目標) assigned to it (docs/domain.md §10.5), counted in indicatorCount too. */
  goalIndicatorCount: number;
  /**
   * The cycle's stored actuals of the department's indicators (the fields that say whether one is
   * filled), each marked whether it is a goal indicator's.
   */
  actuals: (FilledFields & { goal: boolean })[];
  /** The cycle's stored 主な取組 of its projects on the sheet, as stored (one per project at most). */
  activities: string[];
}

interface StatusRow {
  department_id: string;
  department_name: string;
  status: SubmissionStatus;
  revision: number;
  comment: string | null;
  submitted_at: string | null;
  updated_at: string;
  updated_by: string | null;
  updated_by_name: string | null;
  project_count: number;
  indicator_count: number;
  goal_indicator_count: number;
  /** JSON array of {value, missingReason, status, goal}: one cell per department (D1 cost is per row). */
  actuals: string;
  /** JSON array of the 主な取組 texts: one cell per department, as the actuals. */
  activities: string;
}

/**
 * The cycle and every submission of it with who changed it last, its projects and indicators (those
 * on its sheet: plan period covering the fiscal year, as shared/workflow `isActiveIn`, and the goal
 * indicators it reports), and the cycle's stored actuals of those indicators and 主な取組 of those
 * projects: one round trip, a row per department. Each list is one grouped pass over the plan,
 * joined once per department. Whether a value or a text counts as filled is left to shared/workflow.
 */
export async function cycleStatus(
  db: D1Database,
  planId: string,
  fy: number,
): Promise<{ cycle: CycleRow | null; departments: DepartmentStatusRow[] }> {
  const [cycle, status] = await db.batch([
    db.prepare('SELECT * FROM cycles WHERE plan_id = ? AND fiscal_year = ?').bind(planId, fy),
    db
      .prepare(
        `WITH dept_projects AS (
         SELECT pd.department_id, pd.project_id FROM project_departments pd
           JOIN projects p ON p.plan_id = pd.plan_id AND p.id = pd.project_id
          WHERE pd.plan_id = ?1 AND p.start_fy <= ?2 AND p.end_fy >= ?2),
       dept_indicators AS (
         SELECT dp.department_id, i.id AS indicator_id, 0 AS goal FROM dept_projects dp
           JOIN indicators i ON i.plan_id = ?1 AND i.owner_kind = 'project' AND i.owner_id = dp.project_id
         -- the goal indicators a department reports count like its KPIs (shared/workflow completeness)
         UNION ALL SELECT department_id, indicator_id, 1 AS goal FROM goal_indicator_departments WHERE plan_id = ?1)
       SELECT s.department_id, d.name AS department_name, s.status, s.revision, s.comment, s.submitted_at,
              s.updated_at, s.updated_by, u.display_name AS updated_by_name,
              COALESCE(pc.n, 0) AS project_count, COALESCE(ic.n, 0) AS indicator_count,
              COALESCE(ic.goals, 0) AS goal_indicator_count,
              COALESCE(av.list, '[]') AS actuals, COALESCE(tv.list, '[]') AS activities
         FROM submissions s
         JOIN departments d ON d.id = s.department_id
         LEFT JOIN users u ON u.id = s.updated_by
         LEFT JOIN (SELECT department_id, COUNT(*) AS n FROM dept_projects
                     GROUP BY department_id) pc ON pc.department_id = s.department_id
         LEFT JOIN (SELECT department_id, COUNT(*) AS n, SUM(goal) AS goals FROM dept_indicators
                     GROUP BY department_id) ic ON ic.department_id = s.department_id
         LEFT JOIN (SELECT di.department_id,
                           json_group_array(json_object('value', a.value, 'missingReason', a.missing_reason,
                                                        'status', a.status, 'goal', di.goal)) AS list
                      FROM dept_indicators di
                      JOIN actuals a ON a.plan_id = ?1 AND a.fiscal_year = ?2 AND a.indicator_id = di.indicator_id
                     GROUP BY di.department_id) av ON av.department_id = s.department_id
         LEFT JOIN (SELECT dp.department_id, json_group_array(t.text) AS list
                      FROM dept_projects dp
                      JOIN activities t ON t.plan_id = ?1 AND t.fiscal_year = ?2 AND t.project_id = dp.project_id
                     GROUP BY dp.department_id) tv ON tv.department_id = s.department_id
        WHERE s.plan_id = ?1 AND s.fiscal_year = ?2
        ORDER BY d.id`,
      )
      .bind(planId, fy),
  ]);
  const rows = (status?.results ?? []) as StatusRow[];
  const departments = rows.map((r) => ({
    departmentId: r.department_id,
    departmentName: r.department_name,
    status: r.status,
    revision: r.revision,
    comment: r.comment,
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    updatedByName: r.updated_by_name,
    projectCount: r.project_count,
    indicatorCount: r.indicator_count,
    goalIndicatorCount: r.goal_indicator_count,
    actuals: (JSON.parse(r.actuals) as (FilledFields & { goal: 0 | 1 })[]).map((a) => ({
      ...a,
      goal: a.goal === 1,
    })),
    activities: JSON.parse(r.activities) as string[],
  }));
  return { cycle: (cycle?.results?.[0] as CycleRow | undefined) ?? null, departments };
}

/** The active department users of each department, for reminders (name and e-mail). */
export async function departmentContacts(
  db: D1Database,
  departmentIds: readonly string[],
): Promise<Map<string, { userId: string; displayName: string; email: string | null }[]>> {
  const { results } = await db
    .prepare(
      `SELECT ud.department_id, u.id, u.display_name, u.email FROM user_departments ud
         JOIN users u ON u.id = ud.user_id
        WHERE ud.department_id IN (SELECT value FROM json_each(?)) AND u.active = 1 AND u.role = 'department'
        ORDER BY ud.department_id, u.id`,
    )
    .bind(toJson(departmentIds))
    .all<{ department_id: string; id: string; display_name: string; email: string | null }>();
  const out = new Map<string, { userId: string; displayName: string; email: string | null }[]>();
  for (const r of results)
    out.set(r.department_id, [
      ...(out.get(r.department_id) ?? []),
      { userId: r.id, displayName: r.display_name, email: r.email },
    ]);
  return out;
}
