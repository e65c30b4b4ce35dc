import {
  findStoredResponse,
  type IdempotencyRecord,
  type StoredResponse,
  storedResponseIn,
  storedResponseQuery,
} from '../db/idempotency.ts';
import { type HttpProblem, idempotencyKeyReused, invalidIdempotencyKey } from '../refusals.ts';

/**
 * Idempotency-Key handling: the first successful response to a key is stored in the same batch
 * as the write it reports, and every retry with the same key and the same request gets it back
 * (marked Idempotency-Replayed) without writing anything again. The stored response is read in
 * the same batch as the sheet the write needs (readWithIdempotency), not in a round trip of its own.
 */

const KEY = /^[\x21-\x7e]{1,200}$/;

export type IdempotentRequest = Omit<IdempotencyRecord, 'status'>;

/** A stored first response, to send again. */
export interface Replayed {
  kind: 'replayed';
  status: number;
  body: string;
  revision: number | null;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The request's Idempotency-Key and the hash of what it asks (method, path, If-Match, body), or null
 * without a key; a malformed key is refused. No database access.
 */
export async function idempotentRequest(r: {
  key: string | undefined;
  userId: string;
  method: string;
  path: string;
  ifMatch: string;
  body: string;
  now: string;
}): Promise<IdempotentRequest | null> {
  if (r.key === undefined) return null;
  if (!KEY.test(r.key)) throw invalidIdempotencyKey();
  return {
    userId: r.userId,
    key: r.key,
    method: r.method,
    path: r.path,
    requestHash: await sha256(`${r.method} ${r.path}\n${r.ifMatch}\n${r.body}`),
    now: r.now,
  };
}

/** The stored first response to this key, or null; a key used for another request is refused. */
function replayFrom(record: IdempotentRequest, stored: StoredResponse | null): Replayed | HttpProblem | null {
  if (!stored) return null;
  if (
    stored.request_hash !== record.requestHash ||
    stored.method !== record.method ||
    stored.path !== record.path
  ) {
    return idempotencyKeyReused(record.key);
  }
  const revision = (JSON.parse(stored.body) as { revision?: unknown }).revision;
  return {
    kind: 'replayed',
    status: stored.status,
    body: stored.body,
    revision: typeof revision === 'number' ? revision : null,
  };
}

/**
 * Runs `read` with the statement that finds this key's stored response added to its batch. A stored
 * response (or the refusal of a reused key) comes back instead of the value: it is answered before
 * anything else about the request is judged.
 */
export async function readWithIdempotency<T>(
  db: D1Database,
  idem: IdempotentRequest | null,
  read: (also: D1PreparedStatement[]) => Promise<{ value: T; also: D1Result[] }>,
): Promise<{ replay: Replayed | HttpProblem } | { value: T }> {
  const { value, also } = await read(idem ? [storedResponseQuery(db, idem.userId, idem.key)] : []);
  const replay = idem ? replayFrom(idem, storedResponseIn(also[0])) : null;
  return replay ? { replay } : { value };
}

/** After a refused batch: a concurrent twin of this request may have stored its response meanwhile. */
export async function replayIfStored(
  db: D1Database,
  idem: IdempotentRequest | null,
): Promise<Replayed | HttpProblem | null> {
  if (!idem) return null;
  return replayFrom(idem, await findStoredResponse(db, idem.userId, idem.key));
}
