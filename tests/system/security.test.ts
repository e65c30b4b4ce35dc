import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_PANE, buildPane } from '../../scripts/addin-build.ts';
import { AUTH_FAILURE_LIMIT, AUTH_FAILURE_PERIOD_S } from '../../worker/auth/rate-limit-config.ts';
import { OPERATIONS } from '../../worker/operations.ts';
import { call, type Reply, sheetPath } from './harness/http.ts';
import { type LocalWorker, root, startLocalWorker } from './harness/local-worker.ts';
import { label, type RouteCall, routeCalls } from './harness/routes.ts';

/**
 * Security through real HTTP against `wrangler dev` started as `npm start` starts it: every route
 * without a token, with another department's token, with an expired or forged token; oversized and
 * deeply nested bodies; CORS from a foreign origin.
 */
const VICTIM = 'tohoku-renkei';
const VICTIM_KPI = 'tohoku-renkei-kouryu-kpi1';
const INTRUDER = 'demo-nagamachi';
let w: LocalWorker;
let routes: RouteCall[];
/** Texts only the victim department's sheet holds: none may appear in an answer to anyone else. */
let secrets: string[];
let victimRevision: number;

const send = (r: RouteCall, authorization: string | null, headers: Record<string, string> = {}) =>
  call(w.baseUrl, r.method, r.path, {
    ...(authorization === null ? {} : { authorization }),
    headers: { ...r.headers, ...headers },
    ...(r.body !== undefined ? { body: r.body } : {}),
  });

/**
 * Refused tokens are limited per client address (20 a minute, worker/auth/rate-limit.ts). The tests
 * that check what each refusal says send each request as a client of its own, from an address of
 * the benchmarking range: `wrangler dev` keeps a CF-Connecting-IP the request brings (Cloudflare's
 * edge would set it). The limiter itself is tested below with one address.
 */
let clients = 0;
const freshClient = () => {
  clients++;
  return { 'CF-Connecting-IP': `198.18.${Math.floor(clients / 250)}.${(clients % 250) + 1}` };
};

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
    indicatorId: VICTIM_KPI,
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
        const res = await send(r, authorization, freshClient());
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
      const res = await send(r, authorization, freshClient());
      expectProblem(res, 401, `${label(r)} with an expired token`);
      expect((res.body as { code: string }).code).toBe('token_expired');
    }
  });
});

describe('another department’s token', () => {
  it('gets 404 on every route that reaches the other department (as if it did not exist), 403 where it needs another role, and sees no data', async () => {
    const intruder = `Bearer ${w.user(INTRUDER).token}`;
    let refused = 0;
    for (const r of routes) {
      const roles = r.op.roles as readonly string[];
      const res = await send(r, intruder);
      const reachesVictim = r.departmentParam !== null || r.op.path.includes('{indicatorId}');
      if (reachesVictim) {
        expectProblem(res, 404, `${label(r)} as ${INTRUDER}`);
        expect((res.body as { code: string }).code).toBe('not_found');
        // The very answer a department or indicator that does not exist gets.
        const absent = await send(
          {
            ...r,
            path: r.path
              .replace(`/${VICTIM}`, '/no-such-dept')
              .replace(/\/indicators\/[^/]+/, '/indicators/no-such-kpi'),
          },
          intruder,
        );
        const plain = (text: string) =>
          text
            .replaceAll(VICTIM_KPI, '{kpi}')
            .replaceAll('no-such-kpi', '{kpi}')
            .replaceAll(VICTIM, '{id}')
            .replaceAll('no-such-dept', '{id}');
        expect(`${absent.status} ${plain(absent.text)}`, label(r)).toBe(`${res.status} ${plain(res.text)}`);
        refused++;
      } else if (!roles.includes('department')) {
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
      ['POST', sheetPath(w.planId, w.fiscalYear, VICTIM, '/return'), coord, { 'If-Match': '"1"' }],
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
  const sheet = () => sheetPath(w.planId, w.fiscalYear, VICTIM);
  // The origins `npm start` passes (scripts/start.ts): the ones it serves the pane from.
  const own = () => `http://localhost:${w.port}`;
  const preflight = (origin: string) =>
    fetch(`${w.baseUrl}${sheet()}`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'authorization,content-type,if-match,idempotency-key',
      },
    });

  it('answers a preflight from the add-in’s origin and not from a foreign one', async () => {
    const allowed = await preflight(own());
    expect(allowed.headers.get('access-control-allow-origin')).toBe(own());
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-match');
    for (const origin of [
      'https://evil.example',
      'null',
      `${own()}.evil.example`,
      `https://localhost:${w.port}`,
      // Development origins wrangler.toml used to ship to production.
      'https://localhost:3000',
      'http://localhost:8787',
    ]) {
      const res = await preflight(origin);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(res.headers.get('access-control-allow-credentials'), origin).toBeNull();
    }
  });

  it('gives a foreign origin no Access-Control-Allow-Origin on a simple request, even with a token', async () => {
    const token = w.user('demo-coordinator').token;
    const get = (origin: string) =>
      fetch(`${w.baseUrl}${sheet()}`, { headers: { Origin: origin, Authorization: `Bearer ${token}` } });
    const foreign = await get('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const mine = await get(own());
    expect(mine.status).toBe(200);
    expect(mine.headers.get('access-control-allow-origin')).toBe(own());
    expect(mine.headers.get('vary')?.toLowerCase()).toContain('origin');
    expect(mine.headers.get('access-control-expose-headers')).toContain('ETag');
  });

  it('ships no development origin in wrangler.toml', () => {
    const toml = readFileSync(path.join(root, 'wrangler.toml'), 'utf8');
    expect(/^ALLOWED_ORIGINS\s*=\s*"([^"]*)"/m.exec(toml)?.[1]).toBe('');
  });
});

describe('refused tokens are limited per client address', () => {
  const limitIn = (toml: string) => {
    const m =
      /\[\[ratelimits\]\][^[]*?name\s*=\s*"AUTH_FAILURES"[^[]*?limit\s*=\s*(\d+)\s*,\s*period\s*=\s*(\d+)/s.exec(
        toml,
      );
    return m ? { limit: Number(m[1]), period: Number(m[2]) } : null;
  };

  it('answers 429 with Retry-After and a Japanese/English problem after the limit; a valid token from there still works', async () => {
    const configured = limitIn(readFileSync(path.join(root, 'wrangler.toml'), 'utf8'));
    expect(configured).toEqual({ limit: AUTH_FAILURE_LIMIT, period: AUTH_FAILURE_PERIOD_S });
    // wrangler dev counts in fixed windows of the wall clock: begin early in one.
    const into = Date.now() % (AUTH_FAILURE_PERIOD_S * 1000);
    if (into > AUTH_FAILURE_PERIOD_S * 1000 - 15_000)
      await new Promise((r) => setTimeout(r, AUTH_FAILURE_PERIOD_S * 1000 - into + 250));
    const client = { 'CF-Connecting-IP': '203.0.113.50' };
    const forged = `Bearer shk_${'Z'.repeat(43)}`;
    const me = (authorization: string) =>
      call(w.baseUrl, 'GET', '/api/me', { authorization, headers: client });
    for (let i = 1; i <= AUTH_FAILURE_LIMIT; i++)
      expect(`${i}: ${(await me(forged)).status}`).toBe(`${i}: 401`);
    const limited = await me(forged);
    expectProblem(limited, 429, 'the refusal after the limit');
    expect((limited.body as { code: string }).code).toBe('too_many_failed_authentications');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await me(`Bearer ${w.user(INTRUDER).token}`)).status).toBe(200);
    expect((await call(w.baseUrl, 'GET', '/api/me', { authorization: forged })).status).toBe(401);
  });
});

describe('security headers', () => {
  beforeAll(async () => {
    // The pane as `npm run build` makes it (built only when missing: the browser tests build it).
    if (!existsSync(path.join(root, BUILT_PANE))) await buildPane(root);
  }, 240_000);

  const common = (res: Response, what: string) => {
    expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
    expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
    expect(res.headers.get('x-frame-options'), what).toBeNull();
  };

  it('the task pane’s pages: framed by the Office hosts only, scripts from itself and office.js', async () => {
    for (const page of ['/taskpane.html', '/commands.html']) {
      const res = await fetch(`${w.baseUrl}${page}`);
      expect(res.status, page).toBe(200);
      expect(res.headers.get('content-type'), page).toMatch(/^text\/html/);
      common(res, page);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, page).toContain("frame-ancestors 'self' https://*.officeapps.live.com");
      expect(csp, page).toContain('https://*.sharepoint.com');
      expect(csp, page).toContain("script-src 'self' https://appsforoffice.microsoft.com");
      expect(csp, page).not.toMatch(/unsafe-eval/);
      // Every script the page names is its own or office.js.
      const html = await res.text();
      for (const [, src] of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g))
        expect(src, page).toMatch(/^(\/|\.\/|https:\/\/appsforoffice\.microsoft\.com\/)/);
      expect(html, `${page}: an inline script the CSP would block`).not.toMatch(
        /<script(?![^>]*\ssrc=)[^>]*>/,
      );
    }
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(
      await (await fetch(`${w.baseUrl}/taskpane.html`)).text(),
    )?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${w.baseUrl}${asset}`);
    expect(js.status).toBe(200);
    common(js, asset ?? 'js');
  });

  it('the API and what is not there: nosniff, no-referrer and a policy that allows nothing', async () => {
    for (const p of ['/api/health', '/api/openapi.json', '/api/me', '/no-such-file.js', '/']) {
      const res = await fetch(`${w.baseUrl}${p}`);
      common(res, p);
      expect(res.headers.get('content-security-policy'), p).toContain("default-src 'none'");
      await res.arrayBuffer();
    }
  });
});
