import type { AuditEntry } from '../../shared/api.ts';
import { fromJson, type SqlValue } from './sql.ts';

/** Reading the history of administrative actions (written by audit.ts's statements). */

interface AuditRow {
  id: number;
  at: string;
  action: string;
  target_kind: string;
  target_id: string;
  plan_id: string | null;
  fiscal_year: number | null;
  before: string | null;
  after: string | null;
  user_id: string | null;
  user_name: string | null;
  request_id: string;
}

/** Newest first; `nextBefore` pages further back. */
export async function readAudit(
  db: D1Database,
  f: { limit: number; before?: number | undefined; planId?: string | undefined },
): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (f.planId !== undefined) {
    where.push('a.plan_id = ?');
    params.push(f.planId);
  }
  if (f.before !== undefined) {
    where.push('a.id < ?');
    params.push(f.before);
  }
  params.push(f.limit + 1);
  const { results } = await db
    .prepare(
      `SELECT a.*, u.display_name AS user_name FROM admin_history a LEFT JOIN users u ON u.id = a.user_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC LIMIT ?`,
    )
    .bind(...params)
    .all<AuditRow>();
  const page = results.slice(0, f.limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      targetKind: r.target_kind,
      targetId: r.target_id,
      planId: r.plan_id,
      fiscalYear: r.fiscal_year,
      before: fromJson<unknown>(r.before, null),
      after: fromJson<unknown>(r.after, null),
      userId: r.user_id,
      userName: r.user_name,
      requestId: r.request_id,
    })),
    nextBefore: results.length > f.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}
