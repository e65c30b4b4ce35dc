import { type SqlValue, type Stmt, stmt, toJson } from './sql.ts';

/**
 * The history of administrative actions (`admin_history`, append-only: triggers refuse UPDATE and
 * DELETE): who added, renamed or deactivated a department or user, issued or revoked a token,
 * imported, archived or deleted a plan, revised targets, assigned goal indicators, opened a cycle,
 * set its deadline, locked or unlocked it. Each row is written in the same batch as the change.
 * Pure (no Workers API): `npm start` renders plan-write.ts's statements, these among them, to SQL.
 * Reading it back: audit-read.ts.
 */

export interface AuditRecord {
  action: string;
  targetKind: 'department' | 'user' | 'token' | 'plan' | 'cycle' | 'goal_indicator';
  targetId: string;
  planId?: string | null;
  fiscalYear?: number | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditMeta {
  userId: string | null;
  requestId: string;
  now: string;
}

/**
 * The statement recording one action. `when`: an SQL condition the row is written under (e.g.
 * `changes() = 1`, the previous statement of the batch took effect), else always.
 */
export function auditStmt(r: AuditRecord, m: AuditMeta, when?: Stmt): Stmt {
  const values: SqlValue[] = [
    m.now,
    r.action,
    r.targetKind,
    r.targetId,
    r.planId ?? null,
    r.fiscalYear ?? null,
    r.before === undefined ? null : toJson(r.before),
    r.after === undefined ? null : toJson(r.after),
    m.userId,
    m.requestId,
  ];
  const insert = `INSERT INTO admin_history (at, action, target_kind, target_id, plan_id, fiscal_year, before, after, user_id, request_id)`;
  if (!when) return stmt(`${insert} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ...values);
  return stmt(`${insert} SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ${when.sql}`, ...values, ...when.params);
}
