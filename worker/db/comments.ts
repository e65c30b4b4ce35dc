import type { CommentTargetKind, ThreadComment } from '../../shared/conversation/api.ts';
import { type SqlValue, type Stmt, stmt, toJson } from './sql.ts';

/**
 * Data access for comments (docs/conversation.md §1): a thread per (plan, cycle, department, indicator
 * or project); comments and their versions are only ever inserted (triggers refuse the rest); a read
 * marker per user and thread. Every write goes in one batch with its history entries.
 */

export interface ThreadKey {
  planId: string;
  fy: number;
  departmentId: string;
  kind: CommentTargetKind;
  targetId: string;
}

const THREAD_WHERE = `plan_id = ? AND fiscal_year = ? AND department_id = ? AND target_kind = ? AND target_id = ?`;
const threadParams = (t: ThreadKey): SqlValue[] => [t.planId, t.fy, t.departmentId, t.kind, t.targetId];

/**
 * The departments whose sheets hold a thread's target: a project's departments, or for an indicator
 * those of its project (a KPI) or the department its goal indicator is assigned to (数値目標).
 */
export function targetDepartmentsQuery(
  db: D1Database,
  planId: string,
  kind: CommentTargetKind,
  targetId: string,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT pd.department_id FROM project_departments pd
        WHERE pd.plan_id = ?1 AND pd.project_id = CASE WHEN ?2 = 'project' THEN ?3
          ELSE (SELECT owner_id FROM indicators WHERE plan_id = ?1 AND id = ?3 AND owner_kind = 'project') END
       UNION
       SELECT g.department_id FROM goal_indicator_departments g
        WHERE g.plan_id = ?1 AND ?2 = 'indicator' AND g.indicator_id = ?3`,
    )
    .bind(planId, kind, targetId);
}

export const departmentsIn = (r: D1Result | undefined): string[] =>
  ((r?.results ?? []) as { department_id: string }[]).map((x) => x.department_id);

/** The sheet a thread or file hangs on: whether it exists, and whether its cycle is locked. */
export function sheetOfQuery(
  db: D1Database,
  planId: string,
  fy: number,
  departmentId: string,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT c.locked FROM submissions s JOIN cycles c ON c.plan_id = s.plan_id AND c.fiscal_year = s.fiscal_year
        WHERE s.plan_id = ? AND s.fiscal_year = ? AND s.department_id = ?`,
    )
    .bind(planId, fy, departmentId);
}

export const sheetIn = (r: D1Result | undefined): { locked: boolean } | null => {
  const row = r?.results?.[0] as { locked: number } | undefined;
  return row ? { locked: row.locked === 1 } : null;
};

interface VersionRow {
  comment_id: string;
  created_at: string;
  created_by: string;
  created_by_name: string | null;
  version: number;
  text: string;
  at: string;
  user_id: string;
  user_name: string | null;
  seq: number;
}

const VERSIONS_SQL = `SELECT c.id AS comment_id, c.created_at, c.created_by, cu.display_name AS created_by_name,
    v.version, v.text, v.at, v.user_id, vu.display_name AS user_name, v.seq
  FROM comments c JOIN comment_versions v ON v.comment_id = c.id
  LEFT JOIN users cu ON cu.id = c.created_by LEFT JOIN users vu ON vu.id = v.user_id`;

/** A thread's comments with every version, and the caller's read marker: one round trip. */
export function threadQueries(db: D1Database, t: ThreadKey, userId: string): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `${VERSIONS_SQL} WHERE c.plan_id = ? AND c.fiscal_year = ? AND c.department_id = ? AND c.target_kind = ?
          AND c.target_id = ? ORDER BY v.seq`,
      )
      .bind(...threadParams(t)),
    db
      .prepare(`SELECT last_seq FROM comment_reads WHERE user_id = ? AND ${THREAD_WHERE}`)
      .bind(userId, ...threadParams(t)),
  ];
}

export interface ThreadRead {
  comments: ThreadComment[];
  unread: number;
  lastSeq: number;
}

/** Comments in the order they were first posted, each with its versions oldest first. */
export function commentsOf(rows: readonly VersionRow[]): ThreadComment[] {
  const byId = new Map<string, ThreadComment>();
  for (const r of rows) {
    let c = byId.get(r.comment_id);
    if (!c) {
      c = {
        id: r.comment_id,
        createdAt: r.created_at,
        createdBy: r.created_by,
        createdByName: r.created_by_name,
        text: r.text,
        edited: false,
        versions: [],
      };
      byId.set(r.comment_id, c);
    }
    c.versions.push({ version: r.version, text: r.text, at: r.at, userId: r.user_id, userName: r.user_name });
    c.text = r.text;
    c.edited = c.versions.length > 1;
  }
  return [...byId.values()];
}

export function threadIn(results: readonly D1Result[], userId: string): ThreadRead {
  const rows = (results[0]?.results ?? []) as VersionRow[];
  const marker = (results[1]?.results?.[0] as { last_seq: number } | undefined)?.last_seq ?? 0;
  return {
    comments: commentsOf(rows),
    unread: rows.filter((r) => r.seq > marker && r.user_id !== userId).length,
    lastSeq: rows.reduce((m, r) => Math.max(m, r.seq), 0),
  };
}

/** The comments (every version) of every thread on an indicator, for the story of a figure. */
export async function readIndicatorComments(
  db: D1Database,
  planId: string,
  indicatorId: string,
  fy: number | null,
): Promise<(ThreadComment & { fiscalYear: number; departmentId: string; targetKind: CommentTargetKind })[]> {
  const { results } = await db
    .prepare(
      `SELECT c.fiscal_year, c.department_id, x.* FROM comments c JOIN (${VERSIONS_SQL}) x ON x.comment_id = c.id
        WHERE c.plan_id = ? AND c.target_kind = 'indicator' AND c.target_id = ? AND (? IS NULL OR c.fiscal_year = ?)
        ORDER BY x.seq`,
    )
    .bind(planId, indicatorId, fy, fy)
    .all<VersionRow & { fiscal_year: number; department_id: string }>();
  const where = new Map(results.map((r) => [r.comment_id, r]));
  return commentsOf(results).map((c) => ({
    ...c,
    fiscalYear: where.get(c.id)?.fiscal_year as number,
    departmentId: where.get(c.id)?.department_id as string,
    targetKind: 'indicator' as const,
  }));
}

export interface CommentMeta {
  userId: string;
  requestId: string;
  now: string;
}

/** A new comment: its row and its first version. */
export function postStatements(t: ThreadKey, commentId: string, text: string, m: CommentMeta): Stmt[] {
  return [
    stmt(
      `INSERT INTO comments (id, plan_id, fiscal_year, department_id, target_kind, target_id, created_at, created_by, request_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      commentId,
      ...threadParams(t),
      m.now,
      m.userId,
      m.requestId,
    ),
    stmt(
      'INSERT INTO comment_versions (comment_id, version, text, at, user_id, request_id) VALUES (?, 1, ?, ?, ?, ?)',
      commentId,
      text,
      m.now,
      m.userId,
      m.requestId,
    ),
  ];
}

/** An edit: the next version, numbered in the batch (two edits at once get two numbers). */
export function editStatements(commentId: string, text: string, m: CommentMeta): Stmt[] {
  return [
    stmt(
      `INSERT INTO comment_versions (comment_id, version, text, at, user_id, request_id)
       SELECT ?, MAX(version) + 1, ?, ?, ?, ? FROM comment_versions WHERE comment_id = ?`,
      commentId,
      text,
      m.now,
      m.userId,
      m.requestId,
      commentId,
    ),
  ];
}

export interface CommentRow {
  id: string;
  plan_id: string;
  fiscal_year: number;
  department_id: string;
  target_kind: CommentTargetKind;
  target_id: string;
  created_by: string;
  text: string;
}

/** One comment of a thread with its latest text, or no row. */
export function commentQuery(db: D1Database, t: ThreadKey, commentId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT c.*, (SELECT text FROM comment_versions WHERE comment_id = c.id ORDER BY version DESC LIMIT 1) AS text
         FROM comments c WHERE c.id = ? AND c.${THREAD_WHERE.replaceAll(' AND ', ' AND c.')}`,
    )
    .bind(commentId, ...threadParams(t));
}

/** Marks the thread read up to its newest post or edit (never moves a marker back). */
export function markReadStatements(t: ThreadKey, userId: string, now: string): Stmt[] {
  return [
    stmt(
      `INSERT INTO comment_reads (user_id, plan_id, fiscal_year, department_id, target_kind, target_id, last_seq, read_at)
       SELECT ?, ?, ?, ?, ?, ?, COALESCE(MAX(v.seq), 0), ? FROM comments c JOIN comment_versions v ON v.comment_id = c.id
        WHERE c.plan_id = ? AND c.fiscal_year = ? AND c.department_id = ? AND c.target_kind = ? AND c.target_id = ?
       ON CONFLICT (user_id, plan_id, fiscal_year, department_id, target_kind, target_id)
       DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq), read_at = excluded.read_at`,
      userId,
      ...threadParams(t),
      now,
      ...threadParams(t),
    ),
    stmt(
      `SELECT last_seq FROM comment_reads WHERE user_id = ? AND ${THREAD_WHERE}`,
      userId,
      ...threadParams(t),
    ),
  ];
}

export interface UnreadRow {
  department_id: string;
  target_kind: CommentTargetKind;
  target_id: string;
  unread: number;
  last_at: string;
}

/**
 * Unread posts and edits by others per thread of a cycle, for one user. `departments` null: every
 * thread (coordinators); else only threads whose target is on one of those departments' sheets.
 */
export function unreadQuery(
  db: D1Database,
  planId: string,
  fy: number,
  userId: string,
  departments: readonly string[] | null,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT c.department_id, c.target_kind, c.target_id, COUNT(*) AS unread, MAX(v.at) AS last_at
         FROM comments c JOIN comment_versions v ON v.comment_id = c.id
         LEFT JOIN comment_reads r ON r.user_id = ?3 AND r.plan_id = c.plan_id AND r.fiscal_year = c.fiscal_year
           AND r.department_id = c.department_id AND r.target_kind = c.target_kind AND r.target_id = c.target_id
        WHERE c.plan_id = ?1 AND c.fiscal_year = ?2 AND v.user_id <> ?3 AND v.seq > COALESCE(r.last_seq, 0)
          AND (?4 IS NULL OR EXISTS (
            SELECT 1 FROM project_departments pd WHERE pd.plan_id = ?1
               AND pd.department_id IN (SELECT value FROM json_each(?4))
               AND pd.project_id = CASE WHEN c.target_kind = 'project' THEN c.target_id
                 ELSE (SELECT owner_id FROM indicators WHERE plan_id = ?1 AND id = c.target_id AND owner_kind = 'project') END)
            OR EXISTS (SELECT 1 FROM goal_indicator_departments g WHERE g.plan_id = ?1 AND c.target_kind = 'indicator'
               AND g.indicator_id = c.target_id AND g.department_id IN (SELECT value FROM json_each(?4))))
        GROUP BY c.department_id, c.target_kind, c.target_id
        ORDER BY c.department_id, c.target_kind, c.target_id`,
    )
    .bind(planId, fy, userId, departments === null ? null : toJson(departments));
}

export function cycleExistsQuery(db: D1Database, planId: string, fy: number): D1PreparedStatement {
  return db.prepare('SELECT 1 AS ok FROM cycles WHERE plan_id = ? AND fiscal_year = ?').bind(planId, fy);
}
