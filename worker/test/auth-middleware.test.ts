import { createExecutionContext, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { requireAuth, requirePermission } from '../auth/middleware.ts';
import { createApiToken, revokeApiToken } from '../auth/store.ts';
import type { AppEnv, Bindings } from '../env.ts';
import { entraBindings, type TestTenant, testTenant } from './entra-keys.ts';
import { countingDb } from './helpers.ts';

// Migrations are applied by worker/test/setup.ts.
const testEnv = env as unknown as Bindings;
const TENANT = crypto.randomUUID();
const OID = 'cccccccc-0000-4000-8000-000000000001';
const BOOTSTRAP = 'bootstrap-secret-for-tests-0123456789';

const app = new Hono<AppEnv>();
app.use('/api/*', requireAuth());
app.get('/api/me', (c) => c.json(c.get('principal')));
app.get('/api/admin-only', requirePermission('admin'), (c) => c.json({ ok: true }));
app.get('/api/staff', requirePermission('sheet.write'), (c) => c.json({ ok: true }));

let tenant: TestTenant;
let deptToken: string;
let coordToken: string;

let addresses = 0;
const nextAddress = () => `198.51.100.${++addresses % 250}`;

async function call(path: string, authorization?: string, overrides: Partial<Bindings> = {}) {
  const ctx = createExecutionContext();
  const deferred = vi.spyOn(ctx, 'waitUntil');
  // Each call from an address of its own: these tests are about the answers, not the limiter of
  // refused tokens (worker/test/edges.test.ts), which would count them all against one address.
  const headers: Record<string, string> = { 'CF-Connecting-IP': nextAddress() };
  if (authorization !== undefined) headers.Authorization = authorization;
  const res = await app.fetch(new Request(`http://x${path}`, { headers }), { ...testEnv, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  const body = (await res.json()) as Record<string, unknown>;
  return { res, body, deferred: deferred.mock.calls.length };
}

const entraEnv = entraBindings(TENANT);
const jwt = (overrides: Record<string, unknown> = {}) =>
  tenant.token(Math.floor(Date.now() / 1000), { oid: OID, ...overrides });

beforeAll(async () => {
  const db = testEnv.DB;
  await db.batch([
    db
      .prepare(
        `INSERT INTO users (id, display_name, role, entra_oid) VALUES ('m-dept', '鴎 太郎', 'department', ?),
         ('m-coord', '取りまとめ', 'coordinator', NULL)`,
      )
      .bind(OID),
    db.prepare(`INSERT INTO user_departments (user_id, department_id) VALUES ('m-dept', 'kamome')`),
  ]);
  deptToken = (await createApiToken(db, 'm-dept', 'test')).token;
  coordToken = (await createApiToken(db, 'm-coord', 'test')).token;
  tenant = await testTenant(TENANT, 'mk1');
  vi.stubGlobal('fetch', tenant.jwks.fetch);
});

afterAll(() => vi.unstubAllGlobals());

describe('requireAuth with API tokens', () => {
  it('answers a request without a token with 401, a Bearer challenge and a bilingual problem', async () => {
    const { res, body } = await call('/api/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer realm="shinchoku"');
    expect(body).toMatchObject({ status: 401, code: 'auth_required' });
    expect((body.messages as { ja: string }).ja).toContain('管理者にトークンの発行を依頼');
    expect((body.messages as { en: string }).en).toContain('ask the administrator for a token');
  });

  it('rejects malformed headers and unknown tokens with error="invalid_token"', async () => {
    for (const header of [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer a b',
      'Bearer ✓',
      `Bearer ${'x'.repeat(20_000)}`,
    ]) {
      const { res, body } = await call('/api/me', header);
      expect(res.status, header.slice(0, 20)).toBe(401);
      expect(body.code).toBe('invalid_authorization_header');
      expect(res.headers.get('WWW-Authenticate')).toContain('error="invalid_token"');
    }
    for (const token of ['hello', `shk_${'A'.repeat(43)}`, `${deptToken}x`, deptToken.toUpperCase()]) {
      const { res, body } = await call('/api/me', `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(body.code).toBe('invalid_token');
      expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer realm="shinchoku", error="invalid_token"/);
    }
  });

  it('accepts a valid token (scheme case-insensitive) and sets the principal', async () => {
    const { res, body } = await call('/api/me', `bearer ${deptToken}`);
    expect(res.status).toBe(200);
    expect(body).toEqual({
      userId: 'm-dept',
      role: 'department',
      departmentIds: ['kamome'],
      displayName: '鴎 太郎',
      via: 'token',
    });
  });

  it('needs one statement per request, recording last use after the response at most once a minute', async () => {
    const { token } = await createApiToken(testEnv.DB, 'm-coord', 'counted');
    const { db, counter } = countingDb(testEnv.DB);
    const first = await call('/api/me', `Bearer ${token}`, { DB: db });
    expect([first.res.status, first.deferred]).toEqual([200, 1]);
    expect(counter.statements).toEqual(['SELECT', 'UPDATE']);
    const row = await testEnv.DB.prepare('SELECT last_used_at FROM api_tokens WHERE label = ?')
      .bind('counted')
      .first<{ last_used_at: string | null }>();
    expect(Date.now() - Date.parse(row?.last_used_at ?? '')).toBeLessThan(10_000);
    counter.statements.length = 0;
    const second = await call('/api/me', `Bearer ${token}`, { DB: db });
    expect([second.res.status, second.deferred]).toEqual([200, 0]);
    expect(counter.statements).toEqual(['SELECT']);
  });

  it('rejects a revoked or expired token, saying to ask for a new one', async () => {
    const revoked = await createApiToken(testEnv.DB, 'm-dept', 'revoked');
    await revokeApiToken(testEnv.DB, revoked.id);
    const r = await call('/api/me', `Bearer ${revoked.token}`);
    expect([r.res.status, r.body.code]).toEqual([401, 'token_revoked']);
    expect((r.body.messages as { ja: string }).ja).toContain('新しいトークンの発行を依頼');

    const expiring = await createApiToken(testEnv.DB, 'm-dept', 'expiring', new Date(Date.now() + 60_000));
    expect((await call('/api/me', `Bearer ${expiring.token}`)).res.status).toBe(200);
    await testEnv.DB.prepare('UPDATE api_tokens SET expires_at = ? WHERE id = ?')
      .bind(new Date(Date.now() - 1000).toISOString(), expiring.id)
      .run();
    const e = await call('/api/me', `Bearer ${expiring.token}`);
    expect([e.res.status, e.body.code]).toEqual([401, 'token_expired']);
    expect(e.res.headers.get('WWW-Authenticate')).toContain('error="invalid_token"');
  });

  it('treats BOOTSTRAP_TOKEN as an administrator, only when long enough', async () => {
    const ok = await call('/api/admin-only', `Bearer ${BOOTSTRAP}`, { BOOTSTRAP_TOKEN: BOOTSTRAP });
    expect(ok.res.status).toBe(200);
    const me = await call('/api/me', `Bearer ${BOOTSTRAP}`, { BOOTSTRAP_TOKEN: BOOTSTRAP });
    expect(me.body).toMatchObject({ role: 'admin', via: 'bootstrap' });
    expect((await call('/api/me', `Bearer ${BOOTSTRAP}x`, { BOOTSTRAP_TOKEN: BOOTSTRAP })).res.status).toBe(
      401,
    );
    expect((await call('/api/me', `Bearer ${BOOTSTRAP}`)).res.status).toBe(401);
    expect((await call('/api/me', 'Bearer short', { BOOTSTRAP_TOKEN: 'short' })).res.status).toBe(401);
  });
});

describe('requirePermission', () => {
  it('answers 403 with the roles that have the permission (shared/roles.ts), and lets them through', async () => {
    const denied = await call('/api/admin-only', `Bearer ${deptToken}`);
    expect(denied.res.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 'forbidden', action: 'admin' });
    expect((denied.body.messages as { ja: string }).ja).toContain('管理者だけが行えます');
    expect((await call('/api/admin-only', `Bearer ${coordToken}`)).res.status).toBe(403);
    expect((await call('/api/staff', `Bearer ${coordToken}`)).res.status).toBe(200);
    expect((await call('/api/staff', `Bearer ${deptToken}`)).res.status).toBe(200);
  });
});

describe('requireAuth with Entra ID access tokens', () => {
  it('says Entra sign-in is not configured when the tenant or audience is missing', async () => {
    const { res, body } = await call('/api/me', `Bearer ${await jwt()}`);
    expect([res.status, body.code]).toEqual([401, 'entra_not_configured']);
    const half = await call('/api/me', `Bearer ${await jwt()}`, { ENTRA_TENANT_ID: TENANT });
    expect(half.body.code).toBe('entra_not_configured');
  });

  it('maps a valid token to the registered user with their departments', async () => {
    const { res, body } = await call('/api/me', `Bearer ${await jwt()}`, entraEnv);
    expect(res.status).toBe(200);
    expect(body).toEqual({
      userId: 'm-dept',
      role: 'department',
      departmentIds: ['kamome'],
      displayName: '鴎 太郎',
      via: 'entra',
    });
  });

  it('refuses an unregistered account with 403 and the registration message', async () => {
    const { res, body } = await call(
      '/api/me',
      `Bearer ${await jwt({ oid: crypto.randomUUID() })}`,
      entraEnv,
    );
    expect(res.status).toBe(403);
    expect(body.code).toBe('user_not_registered');
    expect((body.messages as { ja: string }).ja).toBe(
      'このアカウントはShinchokuに登録されていません。管理者に利用者登録を依頼してください。',
    );
  });

  it('answers 401 for expired, foreign, misaddressed and unsigned tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string][] = [
      [await jwt({ exp: now - 600 }), 'entra_token_expired'],
      [
        await jwt({ iss: `https://login.microsoftonline.com/${crypto.randomUUID()}/v2.0` }),
        'entra_wrong_tenant',
      ],
      [await jwt({ aud: 'api://other' }), 'entra_wrong_audience'],
      [`${(await jwt()).split('.').slice(0, 2).join('.')}.`, 'entra_invalid_token'],
    ];
    for (const [token, code] of cases) {
      const { res, body } = await call('/api/me', `Bearer ${token}`, entraEnv);
      expect([res.status, body.code]).toEqual([401, code]);
      expect(res.headers.get('WWW-Authenticate')).toContain('error="invalid_token"');
    }
  });

  it('answers 403 insufficient_scope when the scope is missing', async () => {
    const { res, body } = await call('/api/me', `Bearer ${await jwt({ scp: 'User.Read' })}`, entraEnv);
    expect([res.status, body.code]).toEqual([403, 'insufficient_scope']);
    const challenge = res.headers.get('WWW-Authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer realm="shinchoku", error="insufficient_scope", /);
    expect(challenge).toMatch(/, scope="Shinchoku.Access"$/);
  });

  it('answers 503 when the tenant setting is not a GUID or the keys cannot be fetched', async () => {
    const bad = await call('/api/me', `Bearer ${await jwt()}`, {
      ...entraEnv,
      ENTRA_TENANT_ID: 'contoso.com',
    });
    expect([bad.res.status, bad.body.code]).toEqual([503, 'entra_misconfigured']);
    tenant.jwks.down = true;
    const other = crypto.randomUUID();
    const down = await call('/api/me', `Bearer ${await jwt()}`, { ...entraEnv, ENTRA_TENANT_ID: other });
    tenant.jwks.down = false;
    expect([down.res.status, down.body.code]).toEqual([503, 'entra_keys_unavailable']);
    expect(down.res.headers.get('Retry-After')).toBe('30');
  });
});

describe('the Worker itself (SELF.fetch)', () => {
  const get = (path: string, authorization?: string) =>
    SELF.fetch(`http://shinchoku.test${path}`, {
      headers: {
        'CF-Connecting-IP': nextAddress(),
        ...(authorization ? { Authorization: authorization } : {}),
      },
    });

  it('guards /api/ routes: no token or a bad token is a 401 problem, a good token passes', async () => {
    const none = await get('/api/me');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(none.headers.get('WWW-Authenticate')).toBe('Bearer realm="shinchoku"');
    expect(await none.json()).toMatchObject({ status: 401, code: 'auth_required' });

    const bad = await get('/api/plans', `Bearer shk_${'B'.repeat(43)}`);
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ code: 'invalid_token' });

    const unconfigured = await get('/api/me', `Bearer ${await jwt()}`);
    expect(unconfigured.status).toBe(401);
    expect(await unconfigured.json()).toMatchObject({ code: 'entra_not_configured' });

    const good = await get('/api/me', `Bearer ${deptToken}`);
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ userId: 'm-dept', role: 'department', via: 'token' });
  });
});
