import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { Problem } from '../shared/problem.ts';
import { problemsFromIssues } from '../shared/validation/schema-issues.ts';
import type { AppEnv } from './env.ts';
import { badJson, invalidBody, invalidUtf8, unsupportedMediaType } from './refusals.ts';

/**
 * Request bodies, validated as route middleware: `jsonBody(schema)` reads the body as UTF-8 (bytes that
 * are not UTF-8 are refused, never replaced with U+FFFD), parses it as JSON and with the zod schema,
 * and hands the route `c.req.valid('json')` typed as the schema's output — the shape of Hono's
 * `validator('json', …)` — plus the raw text in `c.var.rawBody` (what an Idempotency-Key is matched on).
 */

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

/** The body as text; bytes that are not UTF-8 are a problem naming where they are. */
async function bodyText(c: Context): Promise<string> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  try {
    // ignoreBOM false: a leading BOM is dropped, as Response.text() did.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw invalidUtf8(firstInvalidByte(bytes), fieldsOfBrokenBytes(bytes));
  }
}

const isJsonType = (type: string) => /^application\/(?:[\w.+-]+\+)?json\b/i.test(type);

/**
 * The raw body and its JSON. `optional`: an empty body stands for `{}` whatever its media type (a
 * workflow step's comment may be left out); anything sent must be JSON.
 */
async function readJson(c: Context, optional: boolean): Promise<{ text: string; json: unknown }> {
  const type = c.req.header('content-type') ?? '';
  if (!optional && !isJsonType(type)) throw unsupportedMediaType(type);
  const text = await bodyText(c);
  if (optional && text.trim() === '') return { text, json: {} };
  if (!isJsonType(type)) throw unsupportedMediaType(type);
  try {
    return { text, json: JSON.parse(text) as unknown };
  } catch {
    throw badJson();
  }
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

export interface RawBody {
  Variables: { rawBody: string };
}
type Validated<S extends z.ZodType> = { in: { json: z.input<S> }; out: { json: z.output<S> } };

/** The body validated with `schema`: `c.req.valid('json')` in the route, the raw text in `c.var.rawBody`. */
export function jsonBody<S extends z.ZodType>(
  schema: S,
  options: { optional?: boolean } = {},
): MiddlewareHandler<AppEnv & RawBody, string, Validated<S>> {
  return async (c, next) => {
    const { text, json } = await readJson(c, options.optional === true);
    const value = parseBody(schema, json);
    c.set('rawBody', text);
    c.req.addValidatedData('json', value as object);
    await next();
  };
}
