import {
  findStoredResponse,
  type IdempotencyRecord,
  type StoredResponse,
  storedResponseIn,
  storedResponseQuery,
} from '../db/idempotency.ts';
import { HttpProblem } from '../errors.ts';
import type { Ctx } from '../http.ts';

/**
 * Idempotency-Key handling: the first successful response to a key is stored in the same batch
 * as the write it reports, and every retry with the same key and the same request gets it back
 * (marked Idempotency-Replayed) without writing anything again. The stored response is read in
 * the same batch as the sheet the write needs (readWithIdempotency), not in a round trip of its own.
 */

const KEY = /^[\x21-\x7e]{1,200}$/;

export type IdempotentRequest = Omit<IdempotencyRecord, 'status'>;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function replayOf(body: string, status: number): Response {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'Idempotency-Replayed': 'true',
  };
  const revision = (JSON.parse(body) as { revision?: unknown }).revision;
  if (typeof revision === 'number') headers.ETag = `"${revision}"`;
  return new Response(body, { status, headers });
}

/** The stored first response to this key as a replay, or null; a key used for another request is a 422. */
function replayFrom(record: IdempotentRequest, stored: StoredResponse | null): Response | null {
  if (!stored) return null;
  if (
    stored.request_hash !== record.requestHash ||
    stored.method !== record.method ||
    stored.path !== record.path
  ) {
    throw new HttpProblem(
      422,
      'idempotency_key_reused',
      {
        ja: 'この Idempotency-Key は別の内容の送信に使われています。送信ごとに新しいキーを付けてください。',
        en: 'This Idempotency-Key was used for a different request. Use a new key for each distinct request.',
      },
      { idempotencyKey: record.key },
    );
  }
  return replayOf(stored.body, stored.status);
}

/** The request's Idempotency-Key and hash, or null without a key; no database access. */
export async function idempotentRequest(c: Ctx, bodyText: string): Promise<IdempotentRequest | null> {
  const key = c.req.header('Idempotency-Key');
  if (key === undefined) return null;
  if (!KEY.test(key)) {
    throw new HttpProblem(400, 'invalid_idempotency_key', {
      ja: 'Idempotency-Key は1～200文字の半角英数記号で指定してください（例: UUID）。',
      en: 'The Idempotency-Key must be 1-200 printable ASCII characters (e.g. a UUID).',
    });
  }
  const path = new URL(c.req.url).pathname;
  return {
    userId: c.get('principal').userId,
    key,
    method: c.req.method,
    path,
    requestHash: await sha256(`${c.req.method} ${path}\n${c.req.header('If-Match') ?? ''}\n${bodyText}`),
    now: new Date().toISOString(),
  };
}

/**
 * Runs `read` with the statement that finds this key's stored response added to its batch. A stored
 * response is returned as `replay`: answered before anything else about the request is judged.
 */
export async function readWithIdempotency<T>(
  c: Ctx,
  idem: IdempotentRequest | null,
  read: (also: D1PreparedStatement[]) => Promise<{ value: T; also: D1Result[] }>,
): Promise<{ replay: Response } | { value: T }> {
  const { value, also } = await read(idem ? [storedResponseQuery(c.env.DB, idem.userId, idem.key)] : []);
  const replay = idem ? replayFrom(idem, storedResponseIn(also[0])) : null;
  return replay ? { replay } : { value };
}

/** After a refused batch: a concurrent twin of this request may have stored its response meanwhile. */
export async function replayIfStored(c: Ctx, idem: IdempotentRequest | null): Promise<Response | null> {
  if (!idem) return null;
  return replayFrom(idem, await findStoredResponse(c.env.DB, idem.userId, idem.key));
}
