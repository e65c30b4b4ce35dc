import type { EvidenceItem } from '../../shared/conversation/api.ts';
import { type Stmt, stmt } from './sql.ts';

/**
 * Evidence files' metadata (docs/conversation.md §2): one row per file of a KPI value in a cycle,
 * append-only; the bytes are the R2 object `r2_key`.
 */

export interface EvidenceRow {
  id: string;
  plan_id: string;
  fiscal_year: number;
  department_id: string;
  indicator_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  r2_key: string;
  uploaded_at: string;
  uploaded_by: string;
  uploaded_by_name: string | null;
}

const SELECT = `SELECT e.*, u.display_name AS uploaded_by_name FROM evidence e LEFT JOIN users u ON u.id = e.uploaded_by`;

export function itemOf(r: EvidenceRow): EvidenceItem {
  return {
    id: r.id,
    fiscalYear: r.fiscal_year,
    indicatorId: r.indicator_id,
    departmentId: r.department_id,
    fileName: r.file_name,
    contentType: r.content_type,
    size: r.size,
    sha256: r.sha256,
    uploadedAt: r.uploaded_at,
    uploadedBy: r.uploaded_by,
    uploadedByName: r.uploaded_by_name,
  };
}

/** The files of a value (every department's, for a shared KPI), oldest first. */
export function evidenceListQuery(
  db: D1Database,
  planId: string,
  fy: number,
  indicatorId: string,
): D1PreparedStatement {
  return db
    .prepare(
      `${SELECT} WHERE e.plan_id = ? AND e.fiscal_year = ? AND e.indicator_id = ? ORDER BY e.uploaded_at, e.id`,
    )
    .bind(planId, fy, indicatorId);
}

/** One file of a value, or no row: an id of another value (or none) is the same 404. */
export function evidenceQuery(
  db: D1Database,
  planId: string,
  fy: number,
  indicatorId: string,
  id: string,
): D1PreparedStatement {
  return db
    .prepare(`${SELECT} WHERE e.id = ? AND e.plan_id = ? AND e.fiscal_year = ? AND e.indicator_id = ?`)
    .bind(id, planId, fy, indicatorId);
}

/** Every file of an indicator (all cycles, or one), for the story of a figure. */
export async function readIndicatorEvidence(
  db: D1Database,
  planId: string,
  indicatorId: string,
  fy: number | null,
): Promise<EvidenceItem[]> {
  const { results } = await db
    .prepare(
      `${SELECT} WHERE e.plan_id = ? AND e.indicator_id = ? AND (? IS NULL OR e.fiscal_year = ?) ORDER BY e.uploaded_at, e.id`,
    )
    .bind(planId, indicatorId, fy, fy)
    .all<EvidenceRow>();
  return results.map(itemOf);
}

export interface NewEvidence {
  id: string;
  planId: string;
  fy: number;
  departmentId: string;
  indicatorId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  r2Key: string;
  at: string;
  userId: string;
  requestId: string;
}

/**
 * The file's row, written only while the value holds fewer than `max` files: the count is judged in
 * the statement itself, and the CHECK of write_guard fails the batch when it was not written.
 */
export function insertEvidence(e: NewEvidence, max: number): Stmt[] {
  return [
    stmt(
      `INSERT INTO evidence (id, plan_id, fiscal_year, department_id, indicator_id, file_name, content_type, size,
         sha256, r2_key, uploaded_at, uploaded_by, request_id)
       SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
        WHERE (SELECT COUNT(*) FROM evidence WHERE plan_id = ? AND fiscal_year = ? AND indicator_id = ?) < ?`,
      e.id,
      e.planId,
      e.fy,
      e.departmentId,
      e.indicatorId,
      e.fileName,
      e.contentType,
      e.size,
      e.sha256,
      e.r2Key,
      e.at,
      e.userId,
      e.requestId,
      e.planId,
      e.fy,
      e.indicatorId,
      max,
    ),
    stmt('INSERT INTO write_guard (ok) SELECT COUNT(*) FROM evidence WHERE id = ?', e.id),
    stmt('DELETE FROM write_guard'),
  ];
}
