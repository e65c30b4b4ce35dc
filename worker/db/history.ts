import type { HistoryEntry } from '../../shared/api.ts';
import { fromJson, type SqlValue } from './sql.ts';

/** Data access for the append-only history (rows are only ever inserted; triggers refuse the rest). */

interface HistoryRow {
  id: number;
  at: string;
  fiscal_year: number | null;
  department_id: string | null;
  indicator_id: string | null;
  project_id: string | null;
  action: string;
  field: string | null;
  before: string | null;
  after: string | null;
  revision: number | null;
  user_id: string | null;
  user_name: string | null;
  request_id: string;
}

export interface HistoryFilter {
  planId: string;
  fiscalYear?: number;
  departmentId?: string;
  indicatorId?: string;
  before?: number | undefined;
  limit: number;
}

/** Newest first; `nextBefore` pages further back. */
export async function readHistory(
  db: D1Database,
  f: HistoryFilter,
): Promise<{ entries: HistoryEntry[]; nextBefore: number | null }> {
  const where = ['h.plan_id = ?'];
  const params: SqlValue[] = [f.planId];
  if (f.fiscalYear !== undefined) {
    where.push('h.fiscal_year = ?');
    params.push(f.fiscalYear);
  }
  if (f.departmentId !== undefined) {
    where.push('h.department_id = ?');
    params.push(f.departmentId);
  }
  if (f.indicatorId !== undefined) {
    where.push('h.indicator_id = ?');
    params.push(f.indicatorId);
  }
  if (f.before !== undefined) {
    where.push('h.id < ?');
    params.push(f.before);
  }
  params.push(f.limit + 1);
  const { results } = await db
    .prepare(
      `SELECT h.*, u.display_name AS user_name FROM history h LEFT JOIN users u ON u.id = h.user_id
        WHERE ${where.join(' AND ')} ORDER BY h.id DESC LIMIT ?`,
    )
    .bind(...params)
    .all<HistoryRow>();
  const page = results.slice(0, f.limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at,
      fiscalYear: r.fiscal_year,
      departmentId: r.department_id,
      indicatorId: r.indicator_id,
      projectId: r.project_id,
      action: r.action,
      field: r.field,
      before: fromJson<unknown>(r.before, null),
      after: fromJson<unknown>(r.after, null),
      revision: r.revision,
      userId: r.user_id,
      userName: r.user_name,
      requestId: r.request_id,
    })),
    nextBefore: results.length > f.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/**
 * The revision of the last save that changed each of `indicatorIds` in a cycle, from the history:
 * a cleared cell has no stored row left to carry its change count. One statement (ids bound as one
 * JSON array), read in the save's own batch.
 */
export function lastSavedQuery(
  db: D1Database,
  planId: string,
  fy: number,
  indicatorIds: readonly string[],
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT indicator_id, MAX(revision) AS revision FROM history
        WHERE plan_id = ? AND fiscal_year = ? AND action = 'save'
          AND indicator_id IN (SELECT value FROM json_each(?)) GROUP BY indicator_id`,
    )
    .bind(planId, fy, JSON.stringify(indicatorIds));
}

export function lastSavedIn(result: D1Result | undefined): Map<string, number> {
  const rows = (result?.results ?? []) as { indicator_id: string; revision: number | null }[];
  return new Map(rows.map((r) => [r.indicator_id, r.revision ?? 0]));
}
