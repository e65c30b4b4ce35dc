import type { Context, MiddlewareHandler } from 'hono';
import { validator } from 'hono/validator';
import type { Message } from '../shared/problem.ts';
import type { Permission } from '../shared/roles.ts';
import { FiscalYear, Id } from '../shared/schema/index.ts';
import type { RawBody } from './body.ts';
import type { SubmissionKey } from './db/submissions.ts';
import type { AppEnv } from './env.ts';
import { type HttpProblem, invalidIfMatch, notFound, THING } from './refusals.ts';
import { requirePlanAction, requireSheetAction } from './services/access.ts';
import { idempotentRequest } from './services/idempotency.ts';
import type { RequestMeta, WriteOutcome, WriteRequest } from './services/write.ts';

/**
 * What only routes do: read parameters and headers (If-Match, Idempotency-Key) and write responses.
 * Services get plain data (a key, a typed body, a WriteRequest) and return data or a refusal.
 */

export function meta<E extends AppEnv>(c: Context<E, string, object>): RequestMeta {
  return { userId: c.get('principal').userId, requestId: c.get('requestId'), now: new Date().toISOString() };
}

/** A path parameter that must be an id: anything else names nothing, the 404 of a missing one. */
export function idParam(c: Context, name: string, what: { ja: string; en: string }): string {
  const value = c.req.param(name) ?? '';
  if (!Id.safeParse(value).success) throw notFound(what, value);
  return value;
}

/** Path ids as route middleware (`c.req.valid('param')`): one that is not an id is the 404 of a missing one. */
export function idParams<K extends string>(things: Record<K, Message>) {
  return validator('param', (params: Record<string, string>) => {
    for (const name of Object.keys(things) as K[]) {
      if (!Id.safeParse(params[name]).success) throw notFound(things[name], params[name] ?? '');
    }
    return params as Record<K, string>;
  });
}

export function fyParam(c: Context): number {
  const raw = c.req.param('fy') ?? '';
  const fy = /^\d{4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!FiscalYear.safeParse(fy).success) throw notFound(THING.cycle, raw);
  return fy;
}

/** The sheet a route under /plans/:planId/cycles/:fy/submissions/:departmentId is about. */
export function sheetKey(c: Context): SubmissionKey {
  return {
    planId: idParam(c, 'planId', THING.plan),
    fy: fyParam(c),
    departmentId: idParam(c, 'departmentId', THING.department),
  };
}

export interface SheetVar {
  Variables: { sheet: SubmissionKey };
}

/**
 * Reach, then role, for an action on one department's sheet, as route middleware before anything
 * else is read (services/access.ts requireSheetAction); the sheet's key in `c.var.sheet`.
 */
export function sheetAccess(permission: Permission): MiddlewareHandler<AppEnv & SheetVar> {
  return async (c, next) => {
    const k = sheetKey(c);
    await requireSheetAction(c.env.DB, c.get('principal'), permission, k);
    c.set('sheet', k);
    await next();
  };
}

export interface PlanVar {
  Variables: { planId: string };
}

/** Reach, then role, for an action on a whole plan (services/access.ts requirePlanAction); its id in `c.var.planId`. */
export function planAccess(permission: Permission): MiddlewareHandler<AppEnv & PlanVar> {
  return async (c, next) => {
    const planId = idParam(c, 'planId', THING.plan);
    await requirePlanAction(c.env.DB, c.get('principal'), planId, permission);
    if (c.req.param('fy') !== undefined) fyParam(c); // a cycle's route: its year before its body
    c.set('planId', planId);
    await next();
  };
}

/** `If-Match: "12"` (or bare 12, or W/"12"): the revision the client's copy was based on, or null. */
function ifMatch(c: Context): number | null {
  const raw = c.req.header('If-Match');
  if (raw === undefined) return null;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(raw);
  if (!m) throw invalidIfMatch();
  return Number(m[1]);
}

export interface BaseRevision {
  Variables: { base: number | null };
}

/**
 * If-Match as route middleware: the base revision in `c.var.base`. `whenMissing`, when the write needs
 * it, is the 428 to answer without it (before the body is read).
 */
export function baseRevision(
  whenMissing: (() => HttpProblem) | null,
): MiddlewareHandler<AppEnv & BaseRevision> {
  return async (c, next) => {
    const base = ifMatch(c);
    if (base === null && whenMissing) throw whenMissing();
    c.set('base', base);
    await next();
  };
}

export const etag = (revision: number): string => `"${revision}"`;

/** Who writes, when, on which revision, under which Idempotency-Key: everything a write takes from the request but its body. */
export async function writeRequest<E extends AppEnv & BaseRevision & RawBody>(
  c: Context<E, string, object>,
): Promise<WriteRequest> {
  const path = new URL(c.req.url).pathname;
  const m = meta(c);
  const idempotency = await idempotentRequest({
    key: c.req.header('Idempotency-Key'),
    userId: m.userId,
    method: c.req.method,
    path,
    ifMatch: c.req.header('If-Match') ?? '',
    body: c.var.rawBody,
    now: m.now,
  });
  return { principal: c.get('principal'), meta: m, base: c.var.base, idempotency };
}

/**
 * The response to a write: its body with the new revision as ETag; a replay of a stored first response
 * marked `Idempotency-Replayed`; a refusal thrown for onError to render.
 */
export function answer<E extends AppEnv, T>(
  c: Context<E, string, object>,
  outcome: WriteOutcome<T>,
): Response {
  switch (outcome.kind) {
    case 'written':
      return c.json(outcome.body as object, 200, { ETag: etag(outcome.revision) });
    case 'replayed': {
      const headers: Record<string, string> = {
        'content-type': 'application/json; charset=utf-8',
        'Idempotency-Replayed': 'true',
      };
      if (outcome.revision !== null) headers.ETag = etag(outcome.revision);
      return new Response(outcome.body, { status: outcome.status, headers });
    }
    case 'refused':
      throw outcome.problem;
  }
}
