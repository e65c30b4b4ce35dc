import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { Message } from '../shared/problem.ts';
import type { AppEnv } from './env.ts';

/**
 * An error a client can act on. Thrown anywhere in a request; `onError` turns it into an
 * RFC 9457 problem document with the message in Japanese and English.
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: Message;
  readonly extra: Record<string, unknown>;

  constructor(status: number, code: string, message: Message, extra: Record<string, unknown> = {}) {
    super(message.en);
    this.name = 'HttpProblem';
    this.status = status;
    this.code = code;
    this.messages = message;
    this.extra = extra;
  }
}

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

export const problems = {
  badJson: () =>
    new HttpProblem(400, 'invalid_json', {
      ja: '送信されたデータがJSONとして読めません。形式を確認してください。',
      en: 'The request body is not valid JSON.',
    }),
  tooLarge: (limit?: number) =>
    new HttpProblem(
      413,
      'body_too_large',
      {
        ja: `送信データが大きすぎます${limit ? `（上限 ${Math.round(limit / 1048576)} MB）` : ''}。分けて送信してください。`,
        en: `The request body is too large${limit ? ` (limit ${Math.round(limit / 1048576)} MB)` : ''}. Send it in smaller parts.`,
      },
      limit ? { limit } : {},
    ),
  notFound: (what: Message = { ja: '指定されたページ', en: 'The requested resource' }) =>
    new HttpProblem(404, 'not_found', {
      ja: `${what.ja}が見つかりません。`,
      en: `${what.en} was not found.`,
    }),
  forbidden: (reason?: Message) =>
    new HttpProblem(
      403,
      'forbidden',
      reason ?? {
        ja: 'この操作を行う権限がありません。',
        en: 'You are not allowed to do this.',
      },
    ),
};

/** zod issues as field-level entries, path in JSON-path form ("values[3].value"). */
export function zodIssues(error: z.ZodError): { path: string; message: string; code: string }[] {
  return error.issues.slice(0, 100).map((issue) => ({
    path: issue.path
      .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`))
      .join(''),
    message: issue.message,
    code: issue.code,
  }));
}

export function validationProblem(error: z.ZodError, where: string): HttpProblem {
  const issues = zodIssues(error);
  const first = issues[0];
  const at = first?.path ? `${where}.${first.path}` : where;
  return new HttpProblem(
    400,
    'invalid_request',
    {
      ja: `送信データの形式が正しくありません（${at}: ${first?.message ?? '不明'}）。`,
      en: `The request is not in the expected shape (${at}: ${first?.message ?? 'unknown'}).`,
    },
    { issues },
  );
}

/** Maps anything thrown in a request to a problem response; internals never reach the client. */
export function onError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof HttpProblem) return problemResponse(err);
  if (err instanceof z.ZodError) return problemResponse(validationProblem(err, 'body'));
  if (err instanceof SyntaxError) return problemResponse(problems.badJson());
  if (err instanceof HTTPException) {
    if (err.status === 413) return problemResponse(problems.tooLarge());
    const status = err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status < 500) {
      return problemResponse(
        new HttpProblem(status, 'http_error', {
          ja: 'リクエストを処理できません。',
          en: err.message || 'Bad request.',
        }),
      );
    }
  }
  const requestId = c.get('requestId') ?? 'unknown';
  console.error(`[${requestId}] unexpected error`, err);
  return problemResponse(
    new HttpProblem(
      500,
      'internal_error',
      {
        ja: `サーバーで予期しないエラーが発生しました。時間をおいて再度お試しください（受付番号 ${requestId}）。`,
        en: `An unexpected error occurred on the server. Please try again later (request id ${requestId}).`,
      },
      { requestId },
    ),
  );
}

export function notFound(_c: Context<AppEnv>): Response {
  return problemResponse(problems.notFound());
}
