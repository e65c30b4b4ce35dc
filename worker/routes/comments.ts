import { type Context, Hono, type MiddlewareHandler } from 'hono';
import {
  CommentTargetQuery,
  EditCommentRequest,
  MarkReadRequest,
  PostCommentRequest,
} from '../../shared/conversation/api.ts';
import { COMMENT_PERMISSION } from '../../shared/conversation/rules.ts';
import type { Permission } from '../../shared/roles.ts';
import { jsonBody, parseBody } from '../body.ts';
import type { ThreadKey } from '../db/comments.ts';
import type { AppEnv } from '../env.ts';
import { baseRevision, fyParam, meta, planAccess, sheetKey, writeRequest } from '../http.ts';
import { HttpProblem } from '../refusals.ts';
import { editComment, markThreadRead, postComment, readThread, unreadCounts } from '../services/comments.ts';
import { requireTargetAccess, type TargetRef } from '../services/thread-access.ts';

/**
 * Comments on a KPI (`?indicatorId=`) or a project's 主な取組 (`?projectId=`) of one department's
 * sheet, and the unread counts of a cycle (docs/conversation.md §1). Reach first — the department's
 * staff, a shared project's other departments, coordinators; anyone else the 404 of a missing sheet —
 * then the role, then the query and the body.
 */
export const commentRoutes = new Hono<AppEnv>();
const SUB = '/plans/:planId/cycles/:fy/submissions/:departmentId';

export interface ThreadVar {
  Variables: { thread: ThreadKey };
}

/** The target named by the query, or the 400 naming what is wrong with it (answered after reach and role). */
export function targetOfQuery(c: Context): TargetRef | HttpProblem {
  try {
    const q = parseBody(CommentTargetQuery, c.req.query());
    return q.indicatorId !== undefined
      ? { kind: 'indicator', id: q.indicatorId }
      : { kind: 'project', id: q.projectId as string };
  } catch (e) {
    if (e instanceof HttpProblem) return e;
    throw e;
  }
}

function threadAccess(permission: Permission): MiddlewareHandler<AppEnv & ThreadVar> {
  return async (c, next) => {
    const k = sheetKey(c);
    const target = targetOfQuery(c);
    await requireTargetAccess(c.env.DB, c.get('principal'), permission, k, target);
    const t = target as TargetRef;
    c.set('thread', { ...k, kind: t.kind, targetId: t.id });
    await next();
  };
}

commentRoutes.get(`${SUB}/comments`, threadAccess(COMMENT_PERMISSION), async (c) =>
  c.json(await readThread(c.env.DB, c.var.thread, c.get('principal').userId)),
);

commentRoutes.post(
  `${SUB}/comments`,
  threadAccess(COMMENT_PERMISSION),
  baseRevision(null),
  jsonBody(PostCommentRequest),
  async (c) => {
    const outcome = await postComment(
      c.env.DB,
      c.var.thread,
      c.req.valid('json').text,
      await writeRequest(c),
    );
    switch (outcome.kind) {
      case 'written':
        return c.json(outcome.body, 201);
      case 'replayed':
        return new Response(outcome.body, {
          status: outcome.status,
          headers: { 'content-type': 'application/json; charset=utf-8', 'Idempotency-Replayed': 'true' },
        });
      case 'refused':
        throw outcome.problem;
    }
  },
);

commentRoutes.patch(
  `${SUB}/comments`,
  threadAccess(COMMENT_PERMISSION),
  baseRevision(null),
  jsonBody(EditCommentRequest),
  async (c) => {
    const body = c.req.valid('json');
    return c.json(
      await editComment(c.env.DB, c.var.thread, body.commentId, body.text, await writeRequest(c)),
    );
  },
);

commentRoutes.post(
  `${SUB}/comments/read`,
  threadAccess(COMMENT_PERMISSION),
  jsonBody(MarkReadRequest, { optional: true }),
  async (c) => {
    const m = meta(c);
    return c.json(await markThreadRead(c.env.DB, c.var.thread, m.userId, m.now));
  },
);

commentRoutes.get('/plans/:planId/cycles/:fy/comments/unread', planAccess(COMMENT_PERMISSION), async (c) =>
  c.json(await unreadCounts(c.env.DB, c.var.planId, fyParam(c), c.get('principal'))),
);
