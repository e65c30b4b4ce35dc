import { type Stmt, stmt } from './sql.ts';

/** Data access for stored first responses of requests that carried an Idempotency-Key. */

export interface StoredResponse {
  method: string;
  path: string;
  request_hash: string;
  status: number;
  body: string;
}

/** Keys are kept this long; a retry after that is a new request. */
export const IDEMPOTENCY_TTL_HOURS = 24;

/** The stored response to a key, as a statement: a write reads it in the same batch as its sheet. */
export function storedResponseQuery(db: D1Database, userId: string, key: string): D1PreparedStatement {
  return db
    .prepare(
      'SELECT method, path, request_hash, status, body FROM idempotency_keys WHERE user_id = ? AND key = ?',
    )
    .bind(userId, key);
}

export function findStoredResponse(
  db: D1Database,
  userId: string,
  key: string,
): Promise<StoredResponse | null> {
  return storedResponseQuery(db, userId, key).first<StoredResponse>();
}

/** The stored response in a batch's result for storedResponseQuery. */
export const storedResponseIn = (result: D1Result | undefined): StoredResponse | null =>
  (result?.results?.[0] as StoredResponse | undefined) ?? null;

export interface IdempotencyRecord {
  userId: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
  status: number;
  now: string;
}

/**
 * Stores the response inside the write's own batch, so it exists exactly when the write does.
 * `revision` is SQL for the revision the batch produced, patched into the body's `revision`.
 */
export function storeResponse(r: IdempotencyRecord, body: unknown, revision: Stmt): Stmt[] {
  const expiry = new Date(Date.parse(r.now) - IDEMPOTENCY_TTL_HOURS * 3600_000).toISOString();
  return [
    stmt('DELETE FROM idempotency_keys WHERE created_at < ?', expiry),
    {
      sql: `INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, status, body, created_at)
            VALUES (?, ?, ?, ?, ?, ?, json_set(?, '$.revision', ${revision.sql}), ?)`,
      params: [
        r.userId,
        r.key,
        r.method,
        r.path,
        r.requestHash,
        r.status,
        JSON.stringify(body),
        ...revision.params,
        r.now,
      ],
    },
  ];
}
