import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { problemsFromIssues } from '../shared/validation/schema-issues.ts';
import type { AppEnv } from './env.ts';
import {
  badJson,
  HttpProblem,
  httpError,
  internalError,
  invalidBody,
  notFound,
  THING,
  tooLarge,
} from './refusals.ts';

/** The one error type mapped to HTTP: an HttpProblem (refusals.ts) becomes an RFC 9457 problem document. */

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The problem document of an HttpProblem: `type` names the code so clients can branch on it. */
export function problemBody(p: HttpProblem): Record<string, unknown> {
  return {
    type: `https://shinchoku.dev/problems/${p.code}`,
    title: TITLES[p.status] ?? 'Error',
    status: p.status,
    detail: p.messages.ja,
    code: p.code,
    messages: { ja: p.messages.ja, en: p.messages.en },
    ...p.extra,
  };
}

export function problemResponse(p: HttpProblem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problemBody(p)), {
    status: p.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });
}

/** Maps anything thrown in a request to a problem response; internals never reach the client. */
export function onError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof HttpProblem) return problemResponse(err);
  if (err instanceof z.ZodError) return problemResponse(invalidBody(problemsFromIssues(err.issues)));
  if (err instanceof SyntaxError) return problemResponse(badJson());
  if (err instanceof HTTPException) {
    if (err.status === 413) return problemResponse(tooLarge());
    if (err.status >= 400 && err.status < 500) return problemResponse(httpError(err.status, err.message));
  }
  const requestId = c.get('requestId') ?? 'unknown';
  console.error(`[${requestId}] unexpected error`, err);
  return problemResponse(internalError(requestId));
}

/** Unknown routes. */
export function notFoundHandler(_c: Context<AppEnv>): Response {
  return problemResponse(notFound(THING.resource));
}
