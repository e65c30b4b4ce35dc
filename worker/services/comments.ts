import type { CommentThread, ThreadComment, UnreadResponse } from '../../shared/conversation/api.ts';
import { commentTextProblem } from '../../shared/conversation/rules.ts';
import { reachesEveryDepartment } from '../../shared/roles.ts';
import type { Principal } from '../auth/principal.ts';
import {
  type CommentMeta,
  type CommentRow,
  commentQuery,
  cycleExistsQuery,
  editStatements,
  markReadStatements,
  postStatements,
  type ThreadKey,
  threadIn,
  threadQueries,
  type UnreadRow,
  unreadQuery,
} from '../db/comments.ts';
import { toD1 } from '../db/d1.ts';
import { historyEntry, submissionHistory } from '../db/history.ts';
import { storeResponse } from '../db/idempotency.ts';
import type { Stmt } from '../db/sql.ts';
import { stmt } from '../db/sql.ts';
import {
  CONVERSATION_THING,
  chainBusy,
  commentNotYours,
  commentRefused,
  cycleNotFound,
  type HttpProblem,
  notFound,
} from '../refusals.ts';
import { readWithIdempotency } from './idempotency.ts';
import { commitGuarded, refused, type WriteOutcome, type WriteRequest } from './write.ts';

/**
 * Comments on a KPI or a project's 主な取組 (docs/conversation.md §1). Append-only: a post is a
 * comment with its first version, an edit is the next version and the earlier text stays. Each post
 * and edit is a history entry of the thread's submission, hashed into its chain in the same batch.
 * Comments change no cell: the sheet's revision stays, so nobody's save is refused because of one.
 */

const chainKey = (t: ThreadKey) => ({ planId: t.planId, fy: t.fy, departmentId: t.departmentId });
const field = (t: ThreadKey) =>
  t.kind === 'indicator'
    ? { indicatorId: t.targetId, projectId: null }
    : { indicatorId: null, projectId: t.targetId };

/**
 * A racing twin of this request (same Idempotency-Key) stored its answer first: this batch fails on
 * the key's row, and commitGuarded replays the twin's answer instead.
 */
export const isKeyTaken = (err: unknown): boolean =>
  err instanceof Error && /UNIQUE constraint failed: idempotency_keys/.test(err.message);

/** The text as it may be stored, or the 422 naming the field and the limit. */
export function checkedText(text: string, fieldName = 'text'): string | HttpProblem {
  const why = commentTextProblem(text);
  return why ? commentRefused(why, fieldName) : text;
}

/** A comment post's statements with its history entry (chained by commitGuarded). */
export function postWithHistory(t: ThreadKey, commentId: string, text: string, m: CommentMeta): Stmt[] {
  return [
    ...postStatements(t, commentId, text, m),
    ...submissionHistory(
      chainKey(t),
      [
        historyEntry(chainKey(t), m, {
          action: 'comment',
          ...field(t),
          field: 'comment',
          after: { commentId, text },
        }),
      ],
      null,
    ),
  ];
}

export async function readThread(db: D1Database, t: ThreadKey, userId: string): Promise<CommentThread> {
  const read = threadIn(await db.batch(threadQueries(db, t, userId)), userId);
  return {
    planId: t.planId,
    fiscalYear: t.fy,
    departmentId: t.departmentId,
    targetKind: t.kind,
    targetId: t.targetId,
    comments: read.comments,
    unread: read.unread,
  };
}

/** A new comment in the thread; with an Idempotency-Key a retry gets the first answer and stores nothing. */
export async function postComment(
  db: D1Database,
  t: ThreadKey,
  text: string,
  w: WriteRequest,
): Promise<WriteOutcome<ThreadComment>> {
  const checked = checkedText(text);
  if (typeof checked !== 'string') return refused(checked);
  const got = await readWithIdempotency(db, w.idempotency, async (also) => ({
    value: null,
    also: also.length ? await db.batch(also) : [],
  }));
  if ('replay' in got) return 'kind' in got.replay ? got.replay : refused(got.replay);
  const m = w.meta;
  const commentId = crypto.randomUUID();
  const comment: ThreadComment = {
    id: commentId,
    createdAt: m.now,
    createdBy: m.userId,
    createdByName: w.principal.displayName,
    text,
    edited: false,
    versions: [{ version: 1, text, at: m.now, userId: m.userId, userName: w.principal.displayName }],
  };
  const store = w.idempotency ? storeResponse({ ...w.idempotency, status: 201 }, comment, stmt('NULL')) : [];
  const done = await commitGuarded(db, [...postWithHistory(t, commentId, text, m), ...store], chainBusy, {
    idempotency: w.idempotency,
    guards: isKeyTaken,
  });
  if (done.kind !== 'committed') return done;
  return { kind: 'written', body: comment, revision: 0 };
}

/** The next version of the caller's own comment; the same text again changes nothing. */
export async function editComment(
  db: D1Database,
  t: ThreadKey,
  commentId: string,
  text: string,
  w: WriteRequest,
): Promise<ThreadComment> {
  const checked = checkedText(text);
  if (typeof checked !== 'string') throw checked;
  const row = await commentQuery(db, t, commentId).first<CommentRow>();
  if (!row) throw notFound(CONVERSATION_THING.comment, commentId);
  if (row.created_by !== w.principal.userId) throw commentNotYours(commentId);
  if (row.text !== text) {
    const entry = historyEntry(chainKey(t), w.meta, {
      action: 'comment_edit',
      ...field(t),
      field: 'comment',
      before: { commentId, text: row.text },
      after: { commentId, text },
    });
    const done = await commitGuarded(
      db,
      [...editStatements(commentId, text, w.meta), ...submissionHistory(chainKey(t), [entry], null)],
      chainBusy,
    );
    if (done.kind !== 'committed') throw done.kind === 'refused' ? done.problem : chainBusy();
  }
  const thread = await readThread(db, t, w.principal.userId);
  return thread.comments.find((c) => c.id === commentId) as ThreadComment;
}

/** Marks the thread read up to its newest post or edit. */
export async function markThreadRead(
  db: D1Database,
  t: ThreadKey,
  userId: string,
  now: string,
): Promise<{ unread: 0; lastSeq: number }> {
  const rows = await db.batch(toD1(db, markReadStatements(t, userId, now)));
  return { unread: 0, lastSeq: (rows[1]?.results?.[0] as { last_seq: number } | undefined)?.last_seq ?? 0 };
}

/** The dashboard's unread counts of a cycle: per thread and per department, only what the caller reaches. */
export async function unreadCounts(
  db: D1Database,
  planId: string,
  fy: number,
  p: Principal,
): Promise<UnreadResponse> {
  const [cycle, found] = await db.batch([
    cycleExistsQuery(db, planId, fy),
    unreadQuery(db, planId, fy, p.userId, reachesEveryDepartment(p.role) ? null : p.departmentIds),
  ]);
  if (!cycle?.results?.length) throw cycleNotFound(planId, fy);
  const rows = (found?.results ?? []) as UnreadRow[];
  const perDepartment = new Map<string, number>();
  for (const r of rows)
    perDepartment.set(r.department_id, (perDepartment.get(r.department_id) ?? 0) + r.unread);
  return {
    planId,
    fiscalYear: fy,
    total: rows.reduce((n, r) => n + r.unread, 0),
    departments: [...perDepartment].map(([departmentId, unread]) => ({ departmentId, unread })),
    threads: rows.map((r) => ({
      departmentId: r.department_id,
      targetKind: r.target_kind,
      targetId: r.target_id,
      unread: r.unread,
      lastAt: r.last_at,
    })),
  };
}
