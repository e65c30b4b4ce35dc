import type { Activity, Actual, SubmissionStatus } from '../../shared/schema/index.ts';
import { EDITABLE_STATUSES, STATUS_AFTER_EDIT, type WorkflowAction } from '../../shared/workflow/index.ts';
import { ACTUAL_COLUMNS, actualRow, deleteActualRows } from './actual-rows.ts';
import { historyEntry, submissionHistory } from './history.ts';
import { insertRows, type SqlValue, type Stmt, stmt, toJson } from './sql.ts';

/**
 * Data access for submissions (one per department and cycle) and the cells they write.
 * Every write is one batch whose first statements bump the cycle's change counter and move the
 * submission from the revision the client saw to the new one; a guard row then fails the whole
 * batch unless that conditional UPDATE took effect, so a stale or concurrent write stores nothing.
 */

export interface SubmissionRow {
  department_id: string;
  status: SubmissionStatus;
  revision: number;
  comment: string | null;
  submitted_at: string | null;
  updated_at: string;
  updated_by: string | null;
}

export interface SubmissionKey {
  planId: string;
  fy: number;
  departmentId: string;
}

export interface WriteContext extends SubmissionKey {
  userId: string;
  requestId: string;
  now: string;
}

const NEW_REVISION = 'SELECT change_seq FROM cycles WHERE plan_id = ? AND fiscal_year = ?';
const newRevision = (k: SubmissionKey): Stmt => stmt(`(${NEW_REVISION})`, k.planId, k.fy);

export function submissionStateQueries(db: D1Database, k: SubmissionKey): D1PreparedStatement[] {
  return [
    db
      .prepare('SELECT * FROM submissions WHERE plan_id = ? AND fiscal_year = ? AND department_id = ?')
      .bind(k.planId, k.fy, k.departmentId),
    db.prepare('SELECT * FROM cycles WHERE plan_id = ? AND fiscal_year = ?').bind(k.planId, k.fy),
    db.prepare('SELECT id, name FROM departments WHERE id = ?').bind(k.departmentId),
  ];
}

/** The statements that move a submission from `baseRevision` to a new one, or fail the batch. */
function advance(
  ctx: WriteContext,
  set: { status?: SubmissionStatus; comment?: string | null; submittedAt?: boolean },
  from: readonly SubmissionStatus[],
  baseRevision: number | null,
): Stmt[] {
  const k = ctx;
  const params: SqlValue[] = [k.planId, k.fy, ctx.requestId, ctx.now, ctx.userId];
  let assign = `revision = (${NEW_REVISION}), last_request_id = ?, updated_at = ?, updated_by = ?`;
  if (set.status) {
    assign += ', status = ?';
    params.push(set.status);
  } else {
    // What an edit does to the state (shared/workflow): a returned sheet becomes a draft.
    const moves = Object.entries(STATUS_AFTER_EDIT);
    if (moves.length > 0) {
      assign += `, status = CASE ${moves.map(() => 'WHEN status = ? THEN ?').join(' ')} ELSE status END`;
      for (const [from, to] of moves) params.push(from, to);
    }
  }
  if (set.comment !== undefined) {
    assign += ', comment = ?';
    params.push(set.comment);
  }
  if (set.submittedAt) {
    assign += ', submitted_at = ?';
    params.push(ctx.now);
  }
  let where = `plan_id = ? AND fiscal_year = ? AND department_id = ?
     AND status IN (SELECT value FROM json_each(?))
     AND EXISTS (SELECT 1 FROM cycles WHERE plan_id = ? AND fiscal_year = ? AND locked = 0)`;
  params.push(k.planId, k.fy, k.departmentId, toJson(from), k.planId, k.fy);
  if (baseRevision !== null) {
    where += ' AND revision = ?';
    params.push(baseRevision);
  }
  return [
    stmt(
      'UPDATE cycles SET change_seq = change_seq + 1 WHERE plan_id = ? AND fiscal_year = ? AND locked = 0',
      k.planId,
      k.fy,
    ),
    { sql: `UPDATE submissions SET ${assign} WHERE ${where}`, params },
    stmt(
      `INSERT INTO write_guard (ok) SELECT COUNT(*) FROM submissions
        WHERE plan_id = ? AND fiscal_year = ? AND department_id = ? AND last_request_id = ?`,
      k.planId,
      k.fy,
      k.departmentId,
      ctx.requestId,
    ),
  ];
}

export interface HistoryCell {
  indicatorId: string | null;
  projectId: string | null;
  field: string;
  before: unknown;
  after: unknown;
}

/** A submission's history rows, hashed into its chain when the batch is committed (db/history.ts). */
function historyRows(ctx: WriteContext, action: string, cells: readonly HistoryCell[]): Stmt[] {
  return submissionHistory(
    ctx,
    cells.map((c) => historyEntry(ctx, ctx, { action, ...c })),
    newRevision(ctx),
  );
}

export interface SaveWrite {
  baseRevision: number;
  actuals: readonly Actual[];
  activities: readonly Activity[];
  /** Indicators whose stored actual of this cycle is removed. */
  cleared?: readonly string[];
  history: readonly HistoryCell[];
  /** Other departments whose sheets show a changed cell (a shared project): their revision moves too. */
  sharingDepartments: readonly string[];
  idempotency?: readonly Stmt[];
}

export function buildSave(ctx: WriteContext, w: SaveWrite): Stmt[] {
  const k = ctx;
  const C = { plan_id: k.planId, fiscal_year: k.fy, updated_at: ctx.now, updated_by: ctx.userId };
  const stamp = { seq: newRevision(ctx) };
  const others = toJson(w.sharingDepartments);
  const set = (cols: readonly string[]) => cols.map((c) => `${c} = excluded.${c}`).join(', ');
  const actualCols = ACTUAL_COLUMNS.filter((c) => c !== 'indicator_id');
  return [
    ...advance(ctx, {}, EDITABLE_STATUSES, w.baseRevision),
    // A shared cell must not change under a department whose sheet is already approved.
    ...(w.sharingDepartments.length
      ? [
          stmt(
            `INSERT INTO write_guard (ok) SELECT NOT EXISTS (SELECT 1 FROM submissions WHERE plan_id = ? AND fiscal_year = ?
               AND status = 'approved' AND department_id IN (SELECT value FROM json_each(?)))`,
            k.planId,
            k.fy,
            others,
          ),
        ]
      : []),
    stmt('DELETE FROM write_guard'),
    ...deleteActualRows(k.planId, k.fy, w.cleared ?? []),
    ...insertRows({
      table: 'actuals',
      columns: ACTUAL_COLUMNS,
      constants: C,
      expressions: stamp,
      rows: w.actuals.map(actualRow),
      conflict: `ON CONFLICT (plan_id, fiscal_year, indicator_id) DO UPDATE SET ${set(actualCols)},
        seq = excluded.seq, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    }),
    ...insertRows({
      table: 'activities',
      columns: ['project_id', 'text'],
      constants: C,
      expressions: stamp,
      rows: w.activities.map((a) => [a.projectId, a.text]),
      conflict: `ON CONFLICT (plan_id, fiscal_year, project_id) DO UPDATE SET text = excluded.text,
        seq = excluded.seq, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    }),
    ...historyRows(ctx, 'save', w.history),
    ...(w.sharingDepartments.length
      ? [
          stmt(
            `UPDATE submissions SET revision = (${NEW_REVISION}), updated_at = ?, updated_by = ?
              WHERE plan_id = ? AND fiscal_year = ? AND department_id IN (SELECT value FROM json_each(?))`,
            k.planId,
            k.fy,
            ctx.now,
            ctx.userId,
            k.planId,
            k.fy,
            others,
          ),
        ]
      : []),
    ...(w.idempotency ?? []),
    ...resultQuery(k),
  ];
}

export interface TransitionWrite {
  action: WorkflowAction;
  from: readonly SubmissionStatus[];
  to: SubmissionStatus;
  before: SubmissionStatus;
  comment: string | null;
  baseRevision: number | null;
  idempotency?: readonly Stmt[];
}

export function buildTransition(ctx: WriteContext, t: TransitionWrite): Stmt[] {
  return [
    ...advance(
      ctx,
      { status: t.to, comment: t.comment, submittedAt: t.to === 'submitted' },
      t.from,
      t.baseRevision,
    ),
    stmt('DELETE FROM write_guard'),
    ...historyRows(ctx, t.action, [
      {
        indicatorId: null,
        projectId: null,
        field: 'status',
        before: t.before,
        after: { status: t.to, comment: t.comment },
      },
    ]),
    ...(t.idempotency ?? []),
    ...resultQuery(ctx),
  ];
}

function resultQuery(k: SubmissionKey): Stmt[] {
  return [
    stmt(
      'SELECT status, revision, comment FROM submissions WHERE plan_id = ? AND fiscal_year = ? AND department_id = ?',
      k.planId,
      k.fy,
      k.departmentId,
    ),
  ];
}

/** The submission as a write's batch leaves it: its last statement (resultQuery). */
export interface SubmissionResult {
  status: SubmissionStatus;
  revision: number;
  comment: string | null;
}

export function submissionResultIn(rows: readonly D1Result[]): SubmissionResult {
  return rows[rows.length - 1]?.results?.[0] as SubmissionResult;
}

/** SQL for the revision this batch gives the submission, for a stored idempotent response. */
export function revisionOf(k: SubmissionKey): Stmt {
  return stmt(
    '(SELECT revision FROM submissions WHERE plan_id = ? AND fiscal_year = ? AND department_id = ?)',
    k.planId,
    k.fy,
    k.departmentId,
  );
}

/** True when a D1 error is the batch's own guard refusing a stale or concurrent write. */
export function isGuardFailure(err: unknown): boolean {
  return err instanceof Error && /revision_guard|CHECK constraint failed/i.test(err.message);
}
