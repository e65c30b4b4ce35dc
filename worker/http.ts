import type { Context } from 'hono';
import type { z } from 'zod';
import type { Problem } from '../shared/problem.ts';
import { FiscalYear, Id } from '../shared/schema/index.ts';
import { problemsFromIssues } from '../shared/validation/schema-issues.ts';
import type { Principal } from './auth/principal.ts';
import type { AppEnv } from './env.ts';
import { HttpProblem, problems } from './errors.ts';

/** Request plumbing shared by the routes: bodies, parameters, preconditions, the caller. */

export type Ctx = Context<AppEnv>;

export interface RequestMeta {
  userId: string;
  requestId: string;
  now: string;
}

export function meta(c: Ctx): RequestMeta {
  return { userId: c.get('principal').userId, requestId: c.get('requestId'), now: new Date().toISOString() };
}

export const principalOf = (c: Ctx): Principal => c.get('principal');

function unsupportedMediaType(type: string): HttpProblem {
  return new HttpProblem(
    415,
    'unsupported_media_type',
    {
      ja: '送信データは JSON（Content-Type: application/json）で送ってください。',
      en: 'Send the body as JSON (Content-Type: application/json).',
    },
    { received: type.slice(0, 100) },
  );
}

/** `offset`: where the first broken sequence starts, counted in bytes from 0. */
function invalidUtf8(offset: number, fields: readonly string[]): HttpProblem {
  const where = fields.length > 0 ? `（${fields.join('、')}）` : '';
  const whereEn = fields.length > 0 ? ` (${fields.join(', ')})` : '';
  // Bytes that are not UTF-8 inside a JSON string are content the client meant to send: 422 naming
  // the field, as for any other refused text. Elsewhere the body is not even JSON: 400.
  return new HttpProblem(
    fields.length > 0 ? 422 : 400,
    'invalid_utf8',
    {
      ja: `送信データに UTF-8 として読めないバイトがあります${where}（${offset + 1} バイト目）。文字コードを UTF-8 にして送り直してください。`,
      en: `The request body is not valid UTF-8${whereEn} (at byte offset ${offset}). Send it encoded as UTF-8.`,
    },
    { offset, ...(fields.length > 0 ? { fields } : {}) },
  );
}

/** JSON paths (`activities[0].text`) of the strings that hold a replaced byte, keys included. */
function replacedFields(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return value.includes('\uFFFD') ? [path || '(body)'] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => replacedFields(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const at = path ? `${path}.${k}` : k;
    return k.includes('\uFFFD') ? [at] : replacedFields(v, at);
  });
}

/** Where the broken bytes sit, when the body is JSON once they are replaced. */
function fieldsOfBrokenBytes(bytes: Uint8Array): string[] {
  try {
    return replacedFields(JSON.parse(new TextDecoder('utf-8').decode(bytes))).slice(0, 20);
  } catch {
    return [];
  }
}

const decodes = (bytes: Uint8Array, stream: boolean): boolean => {
  try {
    // A fresh decoder each time: a streaming one keeps the bytes of an unfinished character.
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
};

/**
 * Where the first broken sequence starts: the longest prefix that decodes (a character cut at its
 * end allowed) is found by halving, then the unfinished character it ends with is given back.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (decodes(bytes.subarray(0, mid), true)) good = mid;
    else bad = mid;
  }
  while (good > 0 && !decodes(bytes.subarray(0, good), false)) good--;
  return good;
}

/**
 * The body as text, refusing bytes that are not UTF-8 instead of replacing them with U+FFFD: a
 * replaced character would be stored as something the client never sent.
 */
async function bodyText(c: Ctx): Promise<string> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  try {
    // ignoreBOM false: a leading BOM is dropped, as Response.text() did.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw invalidUtf8(firstInvalidByte(bytes), fieldsOfBrokenBytes(bytes));
  }
}

/** The raw body and its JSON; broken JSON or bytes that are not UTF-8 are a 400 problem, never an exception. */
export async function readJson(c: Ctx): Promise<{ text: string; json: unknown }> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) throw unsupportedMediaType(type);
  const text = await bodyText(c);
  try {
    return { text, json: JSON.parse(text) as unknown };
  } catch {
    throw problems.badJson();
  }
}

export function invalidBody(list: Problem[], status = 400): HttpProblem {
  const first = list[0];
  return new HttpProblem(
    status,
    status === 422 ? 'validation_failed' : 'invalid_request',
    {
      ja: `送信データに誤りがあります（${list.length}件）。${first ? `${first.path ? `${first.path}: ` : ''}${first.message.ja}` : ''}`,
      en: `The request has ${list.length} problem(s). ${first ? `${first.path ? `${first.path}: ` : ''}${first.message.en}` : ''}`,
    },
    { problems: list.slice(0, 500) },
  );
}

/** A body of the right shape whose only fault is a refused character is content, not form: 422. */
const statusFor = (list: readonly Problem[], status: number) =>
  list.length > 0 && list.every((p) => p.code === 'text.refused_char') ? 422 : status;

/** Parses with a zod schema; every issue becomes a Problem naming its field, in Japanese and English. */
export function parseBody<S extends z.ZodType>(schema: S, value: unknown, status = 400): z.output<S> {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const list = problemsFromIssues(parsed.error.issues);
  throw invalidBody(list, statusFor(list, status));
}

export async function jsonBody<S extends z.ZodType>(c: Ctx, schema: S): Promise<z.output<S>> {
  return parseBody(schema, (await readJson(c)).json);
}

const notFoundIn = (what: { ja: string; en: string }, value: string) =>
  new HttpProblem(404, 'not_found', {
    ja: `${what.ja}「${value.slice(0, 80)}」が見つかりません。`,
    en: `${what.en} "${value.slice(0, 80)}" was not found.`,
  });

export function idParam(c: Ctx, name: string, what: { ja: string; en: string }): string {
  const value = c.req.param(name) ?? '';
  if (!Id.safeParse(value).success) throw notFoundIn(what, value);
  return value;
}

export function fyParam(c: Ctx): number {
  const raw = c.req.param('fy') ?? '';
  const fy = /^\d{4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!FiscalYear.safeParse(fy).success) throw notFoundIn({ ja: '報告年度', en: 'Report cycle' }, raw);
  return fy;
}

/** `If-Match: "12"` (or bare 12, or W/"12"): the revision the client's copy was based on. */
export function ifMatch(c: Ctx, required: boolean): number | null {
  const raw = c.req.header('If-Match');
  if (raw === undefined) {
    if (!required) return null;
    throw new HttpProblem(428, 'if_match_required', {
      ja: '保存するには、読み込んだときの版（If-Match ヘッダー）を付けてください。最新のシートを読み込み直してから保存してください。',
      en: 'Saving needs the revision you loaded (If-Match header). Reload the sheet and save again.',
    });
  }
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(raw);
  if (!m) {
    throw new HttpProblem(400, 'invalid_if_match', {
      ja: 'If-Match ヘッダーの形式が正しくありません（例: "12"）。',
      en: 'The If-Match header is malformed (expected e.g. "12").',
    });
  }
  return Number(m[1]);
}

export const etag = (revision: number): string => `"${revision}"`;

/** A body that may be left out entirely (e.g. a comment on a workflow step); if sent, it must be valid. */
export async function optionalJsonBody<S extends z.ZodType>(
  c: Ctx,
  schema: S,
): Promise<{ text: string; value: z.output<S> }> {
  const text = await bodyText(c);
  if (text.trim() === '') return { text, value: parseBody(schema, {}) };
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) throw unsupportedMediaType(type);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw problems.badJson();
  }
  return { text, value: parseBody(schema, json) };
}
