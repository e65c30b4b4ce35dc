import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../worker/operations.ts';
import { call, type Reply, sheetPath } from './harness/http.ts';
import { type LocalWorker, startLocalWorker } from './harness/local-worker.ts';
import { label, type RouteCall, routeCalls } from './harness/routes.ts';

/**
 * Security through real HTTP against `wrangler dev` started as `npm start` starts it: every route
 * without a token, with another department's token, with an expired or forged token; oversized and
 * deeply nested bodies; CORS from a foreign origin.
 */
const VICTIM = 'tohoku-renkei';
const INTRUDER = 'demo-nagamachi';
let w: LocalWorker;
let routes: RouteCall[];
/** Texts only the victim department's sheet holds: none may appear in an answer to anyone else. */
let secrets: string[];
let victimRevision: number;

const send = (r: RouteCall, authorization: string | null) =>
  call(w.baseUrl, r.method, r.path, {
    ...(authorization === null ? {} : { authorization }),
    headers: r.headers,
    ...(r.body !== undefined ? { body: r.body } : {}),
  });

function expectProblem(res: Reply, status: number, what: string): void {
  expect(res.status, `${what}: ${res.text.slice(0, 300)}`).toBe(status);
  expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
  const body = res.body as { code?: string; messages?: { ja?: string; en?: string } };
  expect(body.messages?.ja, what).toBeTruthy();
  expect(body.messages?.en, what).toBeTruthy();
  for (const s of secrets) expect(res.text, `${what} leaks "${s}"`).not.toContain(s);
}

beforeAll(async () => {
  w = await startLocalWorker();
  const coord = w.user('demo-coordinator');
  const sheet = await call<{
    submission: { revision: number };
    department: { name: string };
    projects: { name: string; indicators: { name: string }[] }[];
    actuals: { value: string | null }[];
  }>(w.baseUrl, 'GET', sheetPath(w.planId, w.fiscalYear, VICTIM), { token: coord.token });
  expect(sheet.status).toBe(200);
  victimRevision = sheet.body.submission.revision;
  secrets = [
    sheet.body.department.name,
    ...sheet.body.projects.flatMap((p) => [p.name, ...p.indicators.map((i) => i.name)]),
    ...sheet.body.actuals.flatMap((a) => (a.value && a.value.length >= 4 ? [a.value] : [])),
  ];
  expect(secrets.length).toBeGreaterThan(4);
  routes = routeCalls({
    planId: w.planId,
    fy: w.fiscalYear,
    departmentId: VICTIM,
    indicatorId: 'tohoku-renkei-kouryu-kpi1',
    userId: 'demo-admin',
    tokenId: 'tok_00000000000000000000000000000000',
  });
});

afterAll(async () => {
  await w?.stop();
});

describe('authentication on every route', () => {
  it('covers every route of worker/operations.ts; the public ones answer without a token', async () => {
    expect(routes.length).toBe(OPERATIONS.filter((o) => o.roles !== 'public').length);
    expect(routes.length).toBeGreaterThan(25);
    for (const op of OPERATIONS.filter((o) => o.roles === 'public'))
      expect((await call(w.baseUrl, 'GET', op.path)).status, op.path).toBe(200);
  });

  it('refuses every route without a token: 401, a Bearer challenge, a problem document', async () => {
    for (const r of routes) {
      const res = await send(r, null);
      expectProblem(res, 401, label(r));
      expect((res.body as { code: string }).code).toBe('auth_required');
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="shinchoku"');
    }
  });

  it('refuses every route with a forged or garbage token', async () => {
    const valid = w.user(INTRUDER).token;
    const flipped = `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`;
    const noneJwt = [
      Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url'),
      Buffer.from('{"oid":"x","roles":["admin"],"exp":9999999999}').toString('base64url'),
      '',
    ].join('.');
    const forged = [
      `Bearer shk_${'A'.repeat(43)}`,
      `Bearer ${flipped}`,
      `Bearer ${valid}${valid}`,
      `Bearer ${noneJwt}`,
      'Bearer <script>alert(1)</script>',
      'Bearer ',
      `Basic ${Buffer.from('admin:admin').toString('base64')}`,
      "Bearer ' OR 1=1 --",
    ];
    for (const authorization of forged)
      for (const r of routes) {
        const res = await send(r, authorization);
        expectProblem(res, 401, `${label(r)} with ${authorization.slice(0, 24)}`);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="shinchoku"/);
      }
  });

  it('refuses every route with an expired token (token_expired), though it was valid before', async () => {
    const admin = w.user('demo-admin');
    const expiresAt = new Date(Date.now() + 3000).toISOString();
    const created = await call<{ token: string }>(
      w.baseUrl,
      'POST',
      '/api/admin/users/demo-nagamachi/tokens',
      {
        token: admin.token,
        body: { label: 'short-lived', expiresAt },
      },
    );
    expect(created.status, created.text).toBe(201);
    const authorization = `Bearer ${created.body.token}`;
    expect((await call(w.baseUrl, 'GET', '/api/me', { authorization })).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(expiresAt) - Date.now()) + 500));
    for (const r of routes) {
      const res = await send(r, authorization);
      expectProblem(res, 401, `${label(r)} with an expired token`);
      expect((res.body as { code: string }).code).toBe('token_expired');
    }
  });
});

describe('another department’s token', () => {
  it('gets 403 on every route that reaches the other department or needs another role, and sees no data', async () => {
    const intruder = `Bearer ${w.user(INTRUDER).token}`;
    let refused = 0;
    for (const r of routes) {
      const roles = r.op.roles as readonly string[];
      const res = await send(r, intruder);
      const reachesVictim = r.departmentParam !== null || r.op.path.includes('{indicatorId}');
      if (!roles.includes('department') || reachesVictim) {
        expectProblem(res, 403, `${label(r)} as ${INTRUDER}`);
        refused++;
      } else {
        // Routes for everyone that name no department: only the caller's own data.
        expect(res.status, `${label(r)}: ${res.text.slice(0, 200)}`).toBe(200);
        for (const s of secrets) expect(res.text, `${label(r)} leaks "${s}"`).not.toContain(s);
      }
    }
    expect(refused).toBeGreaterThan(20);
  });

  it('left the other department’s sheet exactly as it was', async () => {
    const coord = w.user('demo-coordinator');
    const after = await call<{ submission: { revision: number } }>(
      w.baseUrl,
      'GET',
      sheetPath(w.planId, w.fiscalYear, VICTIM),
      { token: coord.token },
    );
    expect(after.body.submission.revision).toBe(victimRevision);
    const me = await call<{ departments: { id: string }[] }>(w.baseUrl, 'GET', '/api/me', {
      token: w.user(INTRUDER).token,
    });
    expect(me.body.departments.map((d) => d.id)).toEqual(['nagamachi']);
  });
});

describe('hostile bodies', () => {
  it('refuses a body over 8 MB with 413, with and without a Content-Length, and keeps serving', async () => {
    const admin = w.user('demo-admin').token;
    const big = JSON.stringify({ format: 'shinchoku/plan@1', padding: 'x'.repeat(9 * 1024 * 1024) });
    const sized = await call(w.baseUrl, 'POST', '/api/plans', { token: admin, body: big });
    expectProblem(sized, 413, 'a 9 MB plan');
    expect((sized.body as { code: string }).code).toBe('body_too_large');
    const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const chunked = await fetch(`${w.baseUrl}/api/plans`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await call(w.baseUrl, 'GET', '/api/health')).status).toBe(200);
  });

  it('answers deeply nested bodies with a 4xx problem, never a 5xx', async () => {
    const coord = w.user('demo-coordinator').token;
    const admin = w.user('demo-admin').token;
    const arrays = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const objects = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    const targets: [string, string, string, Record<string, string>][] = [
      ['PATCH', sheetPath(w.planId, w.fiscalYear, VICTIM), coord, { 'If-Match': '"1"' }],
      ['POST', '/api/plans', admin, {}],
      ['POST', `/api/plans/${w.planId}/cycles/${w.fiscalYear}/lock`, coord, {}],
      ['POST', sheetPath(w.planId, w.fiscalYear, VICTIM, '/return'), coord, {}],
      ['POST', '/api/admin/users', admin, {}],
    ];
    for (const [method, path, token, headers] of targets)
      for (const body of [
        `{"actuals":${arrays(100_000)}}`,
        objects(50_000),
        `{"actuals":[${objects(10_000)}]}`,
      ]) {
        const res = await call(w.baseUrl, method, path, { token, body, headers });
        expect(res.status, `${method} ${path}: ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${method} ${path}`).toBeLessThan(500);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    const status = await call<{ locked: boolean }>(
      w.baseUrl,
      'GET',
      `/api/plans/${w.planId}/cycles/${w.fiscalYear}/status`,
      { token: coord },
    );
    expect(status.body.locked).toBe(false);
  });
});

describe('CORS', () => {
  const path = () => sheetPath(w.planId, w.fiscalYear, VICTIM);
  const preflight = (origin: string) =>
    fetch(`${w.baseUrl}${path()}`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'authorization,content-type,if-match,idempotency-key',
      },
    });

  it('answers a preflight from the add-in’s origin and not from a foreign one', async () => {
    const allowed = await preflight('https://localhost:3000');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://localhost:3000');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-match');
    for (const origin of [
      'https://evil.example',
      'null',
      'https://localhost:3000.evil.example',
      'http://localhost:3000',
    ]) {
      const res = await preflight(origin);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(res.headers.get('access-control-allow-credentials'), origin).toBeNull();
    }
  });

  it('gives a foreign origin no Access-Control-Allow-Origin on a simple request, even with a token', async () => {
    const token = w.user('demo-coordinator').token;
    const get = (origin: string) =>
      fetch(`${w.baseUrl}${path()}`, { headers: { Origin: origin, Authorization: `Bearer ${token}` } });
    const foreign = await get('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const own = await get('https://localhost:3000');
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBe('https://localhost:3000');
    expect(own.headers.get('vary')?.toLowerCase()).toContain('origin');
    expect(own.headers.get('access-control-expose-headers')).toContain('ETag');
  });
});
