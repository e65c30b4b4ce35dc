import { createExecutionContext, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Params, type RouteCall, routeCalls } from '../../tests/system/harness/routes.ts';
import { createApp } from '../app.ts';
import { AUTH_FAILURE_LIMIT, AUTH_FAILURE_PERIOD_S, clientKey, memoryLimiter } from '../auth/rate-limit.ts';
import type { Bindings } from '../env.ts';
import { OPERATIONS } from '../operations.ts';
import { OFFICE_FRAME_ANCESTORS, PANE_CSP, STRICT_CSP } from '../security-headers.ts';
import { addUser, BASE, call, dump, sheetPath, type TestUser } from './helpers.ts';
import { indicatorId, makeActuals, makePlan } from './plan-factory.ts';

/**
 * The edges of the API a security review looks at:
 * - nothing tells department staff what they may not see: for every route of operations.ts, another
 *   department's or another plan's id answers exactly as an id that does not exist (status and body,
 *   the ids asked for aside), and 403 only where they can see the thing but their role may not act;
 * - the headers every response carries (nosniff, Referrer-Policy, CSP; the pane's frame-ancestors);
 * - refused tokens limited per client address (the AUTH_FAILURES binding, which workerd simulates,
 *   and the in-isolate stand-in used without it), valid tokens never.
 */

const A = 'edge-a';
const B = 'edge-b';
const FY = 2021;
let coord: TestUser;
let staff: TestUser;
let otherStaff: TestUser;
let otherTokenId = '';

const planA = makePlan({ id: A, projects: 3, kpis: 2, years: 3, departments: 3 });
// Another plan whose departments are none of the caller's (ids prefixed so they are distinct).
const planB = JSON.parse(
  JSON.stringify(makePlan({ id: B, projects: 2, kpis: 2, years: 3, departments: 2 })).replaceAll(
    '"dept-',
    '"bdept-',
  ),
) as typeof planA;

beforeAll(async () => {
  const admin = await addUser('edge-admin', 'admin');
  expect((await call(admin.token, 'POST', '/api/plans', planA)).status).toBe(201);
  expect((await call(admin.token, 'POST', '/api/plans', planB)).status).toBe(201);
  coord = await addUser('edge-coord', 'coordinator');
  staff = await addUser('edge-u1', 'department', ['dept-001']);
  otherStaff = await addUser('edge-u2', 'department', ['dept-002']);
  const bStaff = await addUser('edge-b1', 'department', ['bdept-001']);
  for (const plan of [A, B])
    expect((await call(coord.token, 'POST', `/api/plans/${plan}/cycles`, { fiscalYear: FY })).status).toBe(
      201,
    );
  // Something to hide on each side: values on dept-002's sheet and on plan B's.
  for (const [user, plan, dept, project] of [
    [otherStaff, A, 'dept-002', 1],
    [bStaff, B, 'bdept-001', 0],
  ] as const) {
    const sheet = await call<{ submission: { revision: number } }>(
      user.token,
      'GET',
      sheetPath(plan, FY, dept),
    );
    const saved = await call(
      user.token,
      'PATCH',
      sheetPath(plan, FY, dept),
      { actuals: makeActuals([project], 2, 4000) },
      { 'If-Match': `"${sheet.body.submission.revision}"` },
    );
    expect(saved.status).toBe(200);
  }
  const tokens = await call<{ tokens: { id: string }[] }>(
    admin.token,
    'GET',
    '/api/admin/tokens?userId=edge-u2',
  );
  otherTokenId = tokens.body.tokens[0]?.id ?? '';
});

/** What only the hidden sheets hold: their saved values and dept-002's name. */
const SECRETS = [
  ...makeActuals([1], 2, 4000).map((a) => a.value as string),
  ...makeActuals([0], 2, 4000).map((a) => a.value as string),
  '第2課',
];

/** The answer with every id the request named replaced by its name, and nothing per-request. */
function normalised(status: number, text: string, p: Params): string {
  const ids = Object.entries({ ...p, fy: String(p.fy) }).sort((x, y) => y[1].length - x[1].length);
  let out = text;
  for (const [name, value] of ids) if (value) out = out.replaceAll(value, `{${name}}`);
  return `${status} ${out.replace(/"requestId":"[^"]*"/g, '"requestId":"…"')}`;
}

async function send(token: string, r: RouteCall) {
  return call(token, r.method, r.path, r.body, { ...r.headers });
}

const missing = (over: Partial<Params> = {}): Params => ({
  planId: 'no-such-plan',
  fy: FY,
  departmentId: 'no-such-dept',
  indicatorId: 'no-such-kpi',
  userId: 'no-such-user',
  tokenId: 'tok_00000000000000000000000000000000',
  ...over,
});

describe('department staff learn nothing of what they may not see', () => {
  const cases: { name: string; hidden: () => Params; absent: () => Params; plan: 'visible' | 'hidden' }[] = [
    {
      name: 'another department of their own plan',
      plan: 'visible',
      hidden: () => ({
        planId: A,
        fy: FY,
        departmentId: 'dept-002',
        indicatorId: indicatorId(1, 0),
        userId: 'edge-u2',
        tokenId: otherTokenId,
      }),
      absent: () => missing({ planId: A }),
    },
    {
      name: 'another plan and its department',
      plan: 'hidden',
      hidden: () => ({
        planId: B,
        fy: FY,
        departmentId: 'bdept-001',
        indicatorId: indicatorId(0, 0),
        userId: 'edge-b1',
        tokenId: otherTokenId,
      }),
      absent: () => missing({ tokenId: otherTokenId }),
    },
    {
      name: 'another plan, their own department id',
      plan: 'hidden',
      hidden: () => ({
        planId: B,
        fy: FY,
        departmentId: 'dept-001',
        indicatorId: indicatorId(0, 0),
        userId: 'edge-u2',
        tokenId: otherTokenId,
      }),
      absent: () => missing({ departmentId: 'dept-001', userId: 'edge-u2', tokenId: otherTokenId }),
    },
  ];

  for (const c of cases) {
    it(`${c.name}: every route answers as for ids that do not exist`, async () => {
      const before = await dump();
      const hidden = routeCalls(c.hidden());
      const absent = routeCalls(c.absent());
      expect(hidden.length).toBe(OPERATIONS.filter((o) => o.roles !== 'public').length);
      for (const [i, h] of hidden.entries()) {
        const m = absent[i]!;
        const seen = await send(staff.token, h);
        const none = await send(staff.token, m);
        const what = `${h.method} ${h.op.path}`;
        expect(normalised(seen.status, seen.text, c.hidden()), what).toBe(
          normalised(none.status, none.text, c.absent()),
        );
        const reachesSomethingHidden =
          h.op.path.includes('{departmentId}') && !h.op.path.startsWith('/api/admin/')
            ? true
            : h.op.path.includes('{indicatorId}') || (c.plan === 'hidden' && h.op.path.includes('{planId}'));
        if (reachesSomethingHidden) {
          expect(`${what} ${seen.status} ${String(seen.body.code)}`).toBe(`${what} 404 not_found`);
          expect(seen.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        }
        // Never a value or name of theirs beyond the ids asked for.
        for (const secret of SECRETS) expect(seen.text, `${what} leaks ${secret}`).not.toContain(secret);
      }
      expect(await dump()).toBe(before);
    });
  }

  it('GET /api/plans/{planId}/cycles of a plan without their projects is a 404, like a missing plan', async () => {
    const other = await call(staff.token, 'GET', `/api/plans/${B}/cycles`);
    const none = await call(staff.token, 'GET', '/api/plans/no-such-plan/cycles');
    expect(other.status).toBe(404);
    expect(other.text.replaceAll(B, '{id}')).toBe(none.text.replaceAll('no-such-plan', '{id}'));
    expect((await call(staff.token, 'GET', `/api/plans/${A}/cycles`)).status).toBe(200);
    expect((await call(coord.token, 'GET', `/api/plans/${B}/cycles`)).status).toBe(200);
  });

  it('keeps 403 for what they see but may not do: approving their own sheet, the status board, exports', async () => {
    const own = sheetPath(A, FY, 'dept-001');
    const rev = (await call<{ submission: { revision: number } }>(staff.token, 'GET', own)).body.submission
      .revision;
    for (const [method, path, headers] of [
      ['POST', `${own}/approve`, { 'If-Match': `"${rev}"` }],
      ['POST', `${own}/return`, { 'If-Match': `"${rev}"` }],
      ['GET', `/api/plans/${A}/cycles/${FY}/status`, {}],
      ['GET', `/api/plans/${A}/cycles/${FY}/export?format=csv`, {}],
      ['GET', `/api/plans/${A}`, {}],
      ['POST', `/api/plans/${A}/cycles/${FY}/lock`, {}],
    ] as const) {
      const res = await call(staff.token, method, path, undefined, headers);
      expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 403`);
      expect(res.body.code).toBe('forbidden');
    }
    // Coordinators see everything: a missing sheet is named precisely for them.
    const noSheet = await call(coord.token, 'GET', sheetPath(A, FY, 'no-such-dept'));
    expect(noSheet.status).toBe(404);
    expect((noSheet.body.messages as { en: string }).en).toContain('The sheet of department "no-such-dept"');
  });
});

describe('security headers on every response', () => {
  const expectCommon = (res: Response | { headers: Headers }, what: string) => {
    expect(res.headers.get('X-Content-Type-Options'), what).toBe('nosniff');
    expect(res.headers.get('Referrer-Policy'), what).toBe('no-referrer');
    expect(res.headers.get('X-Frame-Options'), what).toBeNull();
  };

  it('the API, its problems, unknown routes and preflights: nosniff, no-referrer, a CSP that allows nothing', async () => {
    const answers = [
      ['health', await call(null, 'GET', '/api/health')],
      ['a sheet', await call(staff.token, 'GET', sheetPath(A, FY, 'dept-001'))],
      ['401', await call(null, 'GET', '/api/me')],
      ['404 route', await call(staff.token, 'GET', '/api/nope')],
      ['404 path outside /api', await call(null, 'GET', '/no-such-file.js')],
      [
        'preflight',
        await call(null, 'OPTIONS', '/api/me', undefined, {
          Origin: 'https://localhost:3000',
          'Access-Control-Request-Method': 'GET',
        }),
      ],
    ] as const;
    for (const [what, res] of answers) {
      expectCommon(res, what);
      expect(res.headers.get('Content-Security-Policy'), what).toBe(STRICT_CSP);
    }
  });

  it('the HTML export keeps its own policy: inline styles only, no framing', async () => {
    const res = await SELF.fetch(`${BASE}/api/plans/${A}/cycles/${FY}/export?table=projects&format=html`, {
      headers: { Authorization: `Bearer ${coord.token}` },
    });
    expect(res.status).toBe(200);
    expectCommon(res, 'html export');
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src|img-src/);
    const html = await res.text();
    // Styles (the <style> element and the column widths' style attributes) are the only inline
    // content the policy allows; nothing that runs, loads or frames.
    expect(html).not.toMatch(/<script|<img|<iframe|<link|<object|<embed|\son\w+=|javascript:/i);
  });

  it('the add-in’s files: the pane’s pages get its CSP (Office hosts as frame-ancestors), others the strict one', async () => {
    const files: Record<string, { body: string; type: string }> = {
      '/taskpane.html': { body: '<!doctype html><title>pane</title>', type: 'text/html; charset=utf-8' },
      '/commands.html': { body: '<!doctype html>', type: 'text/html' },
      '/assets/taskpane-abc.js': { body: 'export {}', type: 'text/javascript' },
    };
    const assets = {
      async fetch(input: Request | string) {
        const path = new URL(typeof input === 'string' ? input : input.url).pathname;
        // A response whose headers are immutable, as fetch() and service bindings give them.
        if (path === '/moved') return Response.redirect(`${BASE}/taskpane.html`, 301);
        const file = files[path];
        if (!file) return new Response(null, { status: 404 });
        return new Response(file.body, {
          headers: { 'Content-Type': file.type, 'X-Frame-Options': 'SAMEORIGIN', ETag: '"x"' },
        });
      },
    } as unknown as Fetcher;
    const app = createApp();
    const get = async (path: string) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(
        new Request(`${BASE}${path}`),
        { ...(env as unknown as Bindings), ASSETS: assets },
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return res;
    };
    for (const path of ['/taskpane.html', '/commands.html']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expectCommon(res, path);
      expect(res.headers.get('Content-Security-Policy'), path).toBe(PANE_CSP);
      expect(res.headers.get('ETag'), path).toBe('"x"');
    }
    const csp = PANE_CSP;
    expect(csp).toContain(`frame-ancestors ${OFFICE_FRAME_ANCESTORS.join(' ')}`);
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
    expect(csp).toContain("connect-src 'self' https://login.microsoftonline.com");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|frame-ancestors[^;]*\*(?!\.)/);
    const js = await get('/assets/taskpane-abc.js');
    expectCommon(js, 'js');
    expect(js.headers.get('Content-Security-Policy')).toBe(STRICT_CSP);
    const gone = await get('/nothing-here.html');
    expect(gone.status).toBe(404);
    expectCommon(gone, 'missing file');
    const moved = await get('/moved');
    expect(moved.status).toBe(301);
    expectCommon(moved, 'immutable headers');
  });
});

describe('refused tokens are limited per client address', () => {
  const forged = `Bearer shk_${'Q'.repeat(43)}`;
  const from = (ip: string, authorization?: string) =>
    SELF.fetch(`${BASE}/api/me`, {
      headers: { 'CF-Connecting-IP': ip, ...(authorization ? { Authorization: authorization } : {}) },
    });

  /** An address no earlier run in this minute used (the simulated binding may keep its counts). */
  const freshAddress = () => {
    const hex = () => Math.floor(Math.random() * 0xffff).toString(16);
    return `2001:db8:${hex()}:${hex()}::${hex()}`;
  };

  /** The binding counts in fixed windows on the wall clock: start a run early in one. */
  async function atWindowStart(): Promise<void> {
    const into = Date.now() % (AUTH_FAILURE_PERIOD_S * 1000);
    if (into > AUTH_FAILURE_PERIOD_S * 1000 - 15_000)
      await new Promise((r) => setTimeout(r, AUTH_FAILURE_PERIOD_S * 1000 - into + 250));
  }

  it('answers 429 with Retry-After after the limit, from that address only; a valid token still passes', async () => {
    expect((env as unknown as Bindings).AUTH_FAILURES, 'the binding of wrangler.toml').toBeDefined();
    await atWindowStart();
    const ip = freshAddress();
    for (let i = 0; i < AUTH_FAILURE_LIMIT; i++) {
      const res = await from(ip, forged);
      expect(`${i + 1}: ${res.status}`).toBe(`${i + 1}: 401`);
      await res.arrayBuffer();
    }
    const limited = await from(ip, forged);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.headers.get('Retry-After')).toBe(String(AUTH_FAILURE_PERIOD_S));
    const body = (await limited.json()) as { code: string; messages: { ja: string; en: string } };
    expect(body.code).toBe('too_many_failed_authentications');
    expect(body.messages.ja).toContain('秒');
    expect(body.messages.en).toContain('Too many failed sign-in attempts');
    expect(limited.headers.get('X-Content-Type-Options')).toBe('nosniff');
    // Garbage of every kind counts as a refusal too, and stays limited.
    expect((await from(ip, 'Basic YWRtaW46YWRtaW4=')).status).toBe(429);
    // A valid token from the same address is never slowed.
    const good = await from(ip, `Bearer ${staff.token}`);
    expect(good.status).toBe(200);
    // Another address is not affected.
    expect((await from(freshAddress(), forged)).status).toBe(401);
  });

  it('does not count requests without credentials', async () => {
    await atWindowStart();
    const ip = freshAddress();
    for (let i = 0; i < AUTH_FAILURE_LIMIT + 5; i++) {
      const res = await from(ip);
      expect(res.status).toBe(401);
      await res.arrayBuffer();
    }
    expect((await from(ip, forged)).status).toBe(401);
  });

  it('without the binding, the in-isolate limiter does the same', async () => {
    const app = createApp();
    const bindings = { ...(env as unknown as Bindings), AUTH_FAILURES: undefined };
    const get = async (authorization: string) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(
        new Request(`${BASE}/api/me`, {
          headers: { Authorization: authorization, 'CF-Connecting-IP': '192.0.2.44' },
        }),
        bindings,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return res;
    };
    for (let i = 0; i < AUTH_FAILURE_LIMIT; i++) expect((await get(forged)).status).toBe(401);
    const limited = await get(forged);
    expect(limited.status).toBe(429);
    const wait = Number(limited.headers.get('Retry-After'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(AUTH_FAILURE_PERIOD_S);
    expect((await get(`Bearer ${staff.token}`)).status).toBe(200);
  });

  it('the in-isolate limiter: a fixed window per key, reset after the period, bounded memory', async () => {
    let now = 1_000_000;
    const limiter = memoryLimiter(3, 10, () => now);
    for (let i = 0; i < 3; i++) expect((await limiter.limit({ key: 'a' })).success).toBe(true);
    expect((await limiter.limit({ key: 'a' })).success).toBe(false);
    expect((await limiter.limit({ key: 'b' })).success).toBe(true);
    now += 4_000;
    expect(limiter.retryAfter('a')).toBe(6);
    now += 6_000;
    expect((await limiter.limit({ key: 'a' })).success).toBe(true);
    for (let i = 0; i < 20_000; i++) await limiter.limit({ key: `k${i}` });
    expect((await limiter.limit({ key: 'fresh' })).success).toBe(true);
  });

  it('keys by CF-Connecting-IP; an IPv6 client by its /64', () => {
    const key = (ip?: string) => clientKey(new Headers(ip ? { 'CF-Connecting-IP': ip } : {}));
    expect(key('198.51.100.4')).toBe('198.51.100.4');
    expect(key('2001:db8:abcd:12:1:2:3:4')).toBe('2001:db8:abcd:12::/64');
    expect(key('2001:0db8:abcd:0012::9')).toBe('2001:db8:abcd:12::/64');
    expect(key('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(key()).toBe('unknown');
  });
});
