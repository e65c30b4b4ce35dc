import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { canAccessDepartment, type Principal } from '../auth/principal.ts';
import {
  createApiToken,
  findTokenByHash,
  findUserByEntraOid,
  listApiTokens,
  parseTimestamp,
  revokeApiToken,
} from '../auth/store.ts';
import {
  constantTimeEqual,
  generateToken,
  hashToken,
  looksLikeApiToken,
  looksLikeJwt,
} from '../auth/token-crypto.ts';
import { HttpProblem } from '../refusals.ts';

const testEnv = env as unknown as { DB: D1Database };
const db = testEnv.DB;

beforeAll(async () => {
  await db.batch([
    db.prepare(
      `INSERT INTO users (id, display_name, role, entra_oid) VALUES
        ('u-coord', '政策企画課 取りまとめ', 'coordinator', NULL),
        ('u-dept', '長町 花子', 'department', 'aaaaaaaa-0000-4000-8000-000000000001'),
        ('u-none', '部署なし', 'department', NULL)`,
    ),
    db.prepare(
      `INSERT INTO user_departments (user_id, department_id) VALUES
        ('u-dept', 'nagamachi'), ('u-dept', 'kamome')`,
    ),
  ]);
});

describe('token secrets', () => {
  it('hashes with SHA-256 as lowercase hex', async () => {
    expect(await hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('generates 256-bit base64url tokens with the shk_ prefix, never twice the same', () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateToken));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) {
      expect(t).toMatch(/^shk_[A-Za-z0-9_-]{43}$/);
      expect(looksLikeApiToken(t)).toBe(true);
      expect(looksLikeJwt(t)).toBe(false);
    }
    expect(looksLikeJwt('eyJh.eyJi.')).toBe(true);
    expect(looksLikeJwt('a.b')).toBe(false);
  });

  it('compares in constant time without false positives', () => {
    expect(constantTimeEqual('abcd', 'abcd')).toBe(true);
    expect(constantTimeEqual('abcd', 'abce')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });

  it('reads ISO and SQLite timestamps as UTC', () => {
    expect(parseTimestamp('2026-11-21T09:00:00.000Z')).toBe(Date.UTC(2026, 10, 21, 9));
    expect(parseTimestamp('2026-11-21 09:00:00')).toBe(Date.UTC(2026, 10, 21, 9));
    expect(parseTimestamp('nonsense')).toBeNaN();
  });
});

describe('API token storage', () => {
  it('stores only the hash and finds the user with departments in one lookup', async () => {
    const { id, token } = await createApiToken(db, 'u-dept', 'Excel (長町)');
    const rows = await db.prepare('SELECT * FROM api_tokens WHERE id = ?').bind(id).all();
    expect(rows.results).toHaveLength(1);
    const row = rows.results[0] as Record<string, unknown>;
    expect(row.token_hash).toBe(await hashToken(token));
    expect(Object.values(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token.slice(4));

    const found = await findTokenByHash(db, await hashToken(token));
    expect(found).toMatchObject({ tokenId: id, revokedAt: null, expiresAt: null, lastUsedAt: null });
    expect(found?.principal).toEqual({
      userId: 'u-dept',
      role: 'department',
      departmentIds: ['kamome', 'nagamachi'],
      displayName: '長町 花子',
      via: 'token',
    });
    expect(await findTokenByHash(db, await hashToken(`${token}x`))).toBeNull();
  });

  it('gives a user without departments an empty list', async () => {
    const { token } = await createApiToken(db, 'u-none', 'empty');
    expect((await findTokenByHash(db, await hashToken(token)))?.principal.departmentIds).toEqual([]);
  });

  it('maps an Entra object id to its user', async () => {
    expect(await findUserByEntraOid(db, 'aaaaaaaa-0000-4000-8000-000000000001')).toMatchObject({
      userId: 'u-dept',
      departmentIds: ['kamome', 'nagamachi'],
      via: 'entra',
    });
    expect(await findUserByEntraOid(db, 'bbbbbbbb-0000-4000-8000-000000000001')).toBeNull();
  });

  it('refuses an unknown user or a past expiry, storing nothing', async () => {
    const before = await db.prepare('SELECT count(*) AS n FROM api_tokens').first<{ n: number }>();
    const unknown = await createApiToken(db, 'u-ghost', 'x').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(HttpProblem);
    expect((unknown as HttpProblem).status).toBe(404);
    for (const bad of ['2020-01-01T00:00:00Z', 'next week', new Date(0)]) {
      const err = await createApiToken(db, 'u-dept', 'x', bad).catch((e: unknown) => e);
      expect((err as HttpProblem).status).toBe(400);
      expect((err as HttpProblem).code).toBe('invalid_token_expiry');
    }
    const after = await db.prepare('SELECT count(*) AS n FROM api_tokens').first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });

  it('stores a future expiry normalised to ISO 8601', async () => {
    const { id } = await createApiToken(db, 'u-coord', 'ci', '2099-03-31T23:59:59+09:00');
    const row = await db.prepare('SELECT expires_at FROM api_tokens WHERE id = ?').bind(id).first();
    expect(row?.expires_at).toBe('2099-03-31T14:59:59.000Z');
  });

  it('revokes once and lists tokens without secrets or hashes', async () => {
    const { id, token } = await createApiToken(db, 'u-coord', 'to revoke');
    expect(await revokeApiToken(db, id)).toBe(true);
    expect(await revokeApiToken(db, id)).toBe(false);
    expect(await revokeApiToken(db, 'tok_missing')).toBe(false);
    const found = await findTokenByHash(db, await hashToken(token));
    expect(found?.revokedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const mine = await listApiTokens(db, 'u-coord');
    expect(mine.map((t) => t.label)).toContain('to revoke');
    expect(mine.every((t) => t.userId === 'u-coord' && t.userDisplayName === '政策企画課 取りまとめ')).toBe(
      true,
    );
    const all = await listApiTokens(db);
    expect(all.length).toBeGreaterThan(mine.length);
    const text = JSON.stringify(all);
    expect(text).not.toContain(await hashToken(token));
    expect(text).not.toContain(token);
    expect(Object.keys(all[0] ?? {}).sort()).toEqual(
      [
        'createdAt',
        'expiresAt',
        'id',
        'label',
        'lastUsedAt',
        'revokedAt',
        'userDisplayName',
        'userId',
      ].sort(),
    );
  });
});

describe('canAccessDepartment', () => {
  const person = (role: Principal['role'], departmentIds: string[]): Principal => ({
    userId: 'u',
    role,
    departmentIds,
    displayName: 'x',
    via: 'token',
  });
  it('lets department staff reach only their own departments; coordinators and admins all', () => {
    expect(canAccessDepartment(person('department', ['nagamachi', 'kamome']), 'kamome')).toBe(true);
    expect(canAccessDepartment(person('department', ['nagamachi']), 'kamome')).toBe(false);
    expect(canAccessDepartment(person('department', []), 'kamome')).toBe(false);
    expect(canAccessDepartment(person('coordinator', []), 'kamome')).toBe(true);
    expect(canAccessDepartment(person('admin', []), 'kamome')).toBe(true);
  });
});
