import { invalidTokenExpiry, notFound, THING } from '../refusals.ts';
import { isRole, type Principal } from './principal.ts';
import { generateToken, hashToken } from './token-crypto.ts';

/** Data access for users-as-principals and api_tokens. One statement per lookup: token → user → departments. */

export interface ApiTokenInfo {
  id: string;
  userId: string;
  userDisplayName: string;
  label: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface TokenLookup {
  tokenId: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  principal: Principal;
}

interface PrincipalRow {
  user_id: string;
  display_name: string;
  role: string;
  department_ids: string | null;
}

// Departments as one JSON array per user, so the lookup stays a single round trip.
const DEPARTMENTS_OF_USER = `(SELECT json_group_array(department_id) FROM
  (SELECT department_id FROM user_departments WHERE user_id = u.id ORDER BY department_id)) AS department_ids`;

function toPrincipal(row: PrincipalRow, via: Principal['via']): Principal {
  if (!isRole(row.role)) throw new Error(`users.role holds an unknown role for user ${row.user_id}`);
  const ids: unknown = JSON.parse(row.department_ids ?? '[]');
  const departmentIds = Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  return { userId: row.user_id, role: row.role, departmentIds, displayName: row.display_name, via };
}

/** Reads a timestamp written either as ISO 8601 or as SQLite's `YYYY-MM-DD HH:MM:SS` (UTC). */
export function parseTimestamp(value: string): number {
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  return Date.parse(iso);
}

export async function findTokenByHash(db: D1Database, tokenHash: string): Promise<TokenLookup | null> {
  const row = await db
    .prepare(
      `SELECT t.id AS token_id, t.expires_at, t.revoked_at, t.last_used_at,
              u.id AS user_id, u.display_name, u.role, ${DEPARTMENTS_OF_USER}
         FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = ? AND u.active = 1`,
    )
    .bind(tokenHash)
    .first<
      PrincipalRow & {
        token_id: string;
        expires_at: string | null;
        revoked_at: string | null;
        last_used_at: string | null;
      }
    >();
  if (!row) return null;
  return {
    tokenId: row.token_id,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    principal: toPrincipal(row, 'token'),
  };
}

export async function findUserByEntraOid(db: D1Database, oid: string): Promise<Principal | null> {
  const row = await db
    .prepare(
      `SELECT u.id AS user_id, u.display_name, u.role, ${DEPARTMENTS_OF_USER}
         FROM users u WHERE u.entra_oid = ? AND u.active = 1`,
    )
    .bind(oid)
    .first<PrincipalRow>();
  return row ? toPrincipal(row, 'entra') : null;
}

/** The statement that records a token's use; the caller decides whether to await it. */
export function touchToken(db: D1Database, tokenId: string, at: Date): Promise<unknown> {
  return db
    .prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?')
    .bind(at.toISOString(), tokenId)
    .run();
}

function normaliseExpiry(expiresAt: Date | string | null | undefined, now: Date): string | null {
  if (expiresAt === undefined || expiresAt === null) return null;
  const ms = expiresAt instanceof Date ? expiresAt.getTime() : parseTimestamp(expiresAt);
  if (Number.isNaN(ms) || ms <= now.getTime()) {
    throw invalidTokenExpiry(expiresAt);
  }
  return new Date(ms).toISOString();
}

/**
 * Creates a token for an existing (active) user and returns the secret once; only its hash is stored.
 * The user check is inside the INSERT, so a missing user costs no extra round trip. `also(tokenId)`:
 * statements for the same batch (the admin history), run after the INSERT.
 */
export async function createApiToken(
  db: D1Database,
  userId: string,
  label: string,
  expiresAt?: Date | string | null,
  also: (tokenId: string) => D1PreparedStatement[] = () => [],
): Promise<{ id: string; token: string }> {
  const now = new Date();
  const expiry = normaliseExpiry(expiresAt, now);
  const id = `tok_${crypto.randomUUID().replace(/-/g, '')}`;
  const token = generateToken();
  const [result] = await db.batch([
    db
      .prepare(
        `INSERT INTO api_tokens (id, user_id, token_hash, label, created_at, expires_at)
       SELECT ?, id, ?, ?, ?, ? FROM users WHERE id = ? AND active = 1`,
      )
      .bind(id, await hashToken(token), label, now.toISOString(), expiry, userId),
    ...also(id),
  ]);
  if (result?.meta.changes !== 1) throw notFound(THING.user, userId);
  return { id, token };
}

/**
 * Revokes a token at once; true if it was active, false if unknown or already revoked. `also`:
 * statements for the same batch, run after the UPDATE (they may test `changes()`).
 */
export async function revokeApiToken(
  db: D1Database,
  id: string,
  also: D1PreparedStatement[] = [],
): Promise<boolean> {
  const [result] = await db.batch([
    db
      .prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .bind(new Date().toISOString(), id),
    ...also,
  ]);
  return result?.meta.changes === 1;
}

/** Token metadata for the admin screen, newest first; never the hashes. */
export async function listApiTokens(db: D1Database, userId?: string): Promise<ApiTokenInfo[]> {
  const select = `SELECT t.id, t.user_id, u.display_name, t.label, t.created_at, t.expires_at, t.revoked_at,
                         t.last_used_at
                    FROM api_tokens t JOIN users u ON u.id = t.user_id`;
  const stmt =
    userId === undefined
      ? db.prepare(`${select} ORDER BY t.created_at DESC, t.id`)
      : db.prepare(`${select} WHERE t.user_id = ? ORDER BY t.created_at DESC, t.id`).bind(userId);
  const { results } = await stmt.all<{
    id: string;
    user_id: string;
    display_name: string;
    label: string | null;
    created_at: string;
    expires_at: string | null;
    revoked_at: string | null;
    last_used_at: string | null;
  }>();
  return results.map((r) => ({
    id: r.id,
    userId: r.user_id,
    userDisplayName: r.display_name,
    label: r.label ?? '',
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  }));
}
