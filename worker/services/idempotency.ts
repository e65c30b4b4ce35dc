import { findStoredResponse, type IdempotencyRecord } from '../db/idempotency.ts';
import { HttpProblem } from '../errors.ts';
import type { Ctx } from '../http.ts';

/**
 * Idempotency-Key handling: the first successful response to a key is stored in the same batch
 * as the write it reports, and every retry with the same key and the same request gets it back
 * (marked Idempotency-Replayed) without writing anything again.
 */

const KEY = /^[\x21-\x7e]{1,200}$/;

export type Idempotency = { replay: Response } | { record: Omit<IdempotencyRecord, 'status'> } | null;

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

async function lookup(c: Ctx, record: Omit<IdempotencyRecord, 'status'>): Promise<Response | null> {
  const stored = await findStoredResponse(c.env.DB, record.userId, record.key);
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

/** Reads the key; a stored response for it is returned for replay. */
export async function beginIdempotent(c: Ctx, bodyText: string): Promise<Idempotency> {
  const key = c.req.header('Idempotency-Key');
  if (key === undefined) return null;
  if (!KEY.test(key)) {
    throw new HttpProblem(400, 'invalid_idempotency_key', {
      ja: 'Idempotency-Key は1～200文字の半角英数記号で指定してください（例: UUID）。',
      en: 'The Idempotency-Key must be 1-200 printable ASCII characters (e.g. a UUID).',
    });
  }
  const path = new URL(c.req.url).pathname;
  const record = {
    userId: c.get('principal').userId,
    key,
    method: c.req.method,
    path,
    requestHash: await sha256(`${c.req.method} ${path}\n${c.req.header('If-Match') ?? ''}\n${bodyText}`),
    now: new Date().toISOString(),
  };
  const replay = await lookup(c, record);
  return replay ? { replay } : { record };
}

/** After a refused batch: a concurrent twin of this request may have stored its response meanwhile. */
export async function replayIfStored(c: Ctx, idem: Idempotency): Promise<Response | null> {
  if (!idem || 'replay' in idem) return null;
  return lookup(c, idem.record);
}
