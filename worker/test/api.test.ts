import { createExecutionContext, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import budget from '../../data/miyagi-budget-r4.plan.json';
import revision from '../../data/revision-sample.plan.json';
import demo from '../../data/sendai-2023.plan.json';
import { PlanFile } from '../../shared/schema/index.ts';
import { createApp } from '../app.ts';
import { buildPlanImport } from '../db/plan-write.ts';
import { MAX_PARAMS } from '../db/sql.ts';
import { buildSave } from '../db/submissions.ts';
import type { Bindings } from '../env.ts';
import worker from '../index.ts';
import { OPERATIONS } from '../operations.ts';
import { addUser, BASE, call, dump, type TestUser } from './helpers.ts';
import { makeActuals, makePlan } from './plan-factory.ts';

/** The API surface: public routes, errors, CORS, plans (import, read back, versions, 新旧対照表), admin. */

let admin: TestUser;
let coord: TestUser;
let staff: TestUser;

beforeAll(async () => {
  admin = await addUser('admin', 'admin');
  coord = await addUser('coord', 'coordinator');
  staff = await addUser('staff', 'department', []);
});

describe('public routes and errors', () => {
  it('health and the OpenAPI document need no token; everything else does', async () => {
    expect((await call(null, 'GET', '/api/health')).body).toMatchObject({ status: 'ok', database: 'ok' });
    const doc = await call<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    }>(null, 'GET', '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(doc.body.components.schemas.SheetResponse).toBeDefined();
    const me = await call(null, 'GET', '/api/me');
    expect(me.status).toBe(401);
    expect(me.headers.get('content-type')).toContain('application/problem+json');
    expect(me.body).toMatchObject({
      status: 401,
      messages: { ja: expect.any(String), en: expect.any(String) },
    });
  });

  it('the OpenAPI document describes exactly the routes the app serves', () => {
    const served = createApp()
      .routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const described = OPERATIONS.map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect([...new Set(served)].sort()).toEqual([...described].sort());
  });

  it('the benchmark’s routes do not exist unless BENCH_ROUTES is "1"', async () => {
    const bench = [
      ['POST', '/api/bench/save', {}],
      ['GET', '/api/bench/plans/test-plan/cycles/2021/status', undefined],
      ['POST', '/api/bench/plans', {}],
    ] as const;
    const unknown = await call(coord.token, 'GET', '/api/nothing-here');
    for (const [method, path, body] of bench) {
      const res = await call(coord.token, method, path, body);
      expect(res.status, path).toBe(404);
      expect(res.body, path).toEqual(unknown.body);
    }
    // The same worker with the variable set (as `wrangler dev --var BENCH_ROUTES:1` runs it) has them.
    const ctx = createExecutionContext();
    const withBench = { ...(env as unknown as Bindings), BENCH_ROUTES: '1' };
    const res = await worker.fetch(
      new Request(`${BASE}/api/bench/plans/test-plan/cycles/2021/status`, {
        headers: { Authorization: `Bearer ${coord.token}` },
      }),
      withBench,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rows: expect.any(Array) });
  });

  it('unknown routes are 404 problems; oversized bodies 413; broken JSON 400; wrong media type 415', async () => {
    const missing = await call(admin.token, 'GET', '/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not_found');
    expect((await call(null, 'GET', '/elsewhere')).status).toBe(404);
    const big = await call(admin.token, 'POST', '/api/plans', `{"x":"${'a'.repeat(9 * 1024 * 1024)}"}`);
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('body_too_large');
    expect((await call(admin.token, 'POST', '/api/plans', '{"format":')).body.code).toBe('invalid_json');
    const text = await call(admin.token, 'POST', '/api/plans', '{}', { 'Content-Type': 'text/plain' });
    expect(text.status).toBe(415);
  });

  it('CORS answers only the configured origins', async () => {
    const ask = (origin: string) =>
      SELF.fetch(`${BASE}/api/health`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'PATCH',
          'Access-Control-Request-Headers': 'if-match',
        },
      });
    const ok = await ask('https://localhost:3000');
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe('https://localhost:3000');
    expect(ok.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain('if-match');
    expect((await ask('https://evil.example')).headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});

type File = ReturnType<typeof PlanFile.parse>;
/** The same plan regardless of row order; submissions listed in the file must be among those read back. */
function comparable(f: File) {
  return {
    ...f,
    cycles: f.cycles.map((c) => ({
      ...c,
      actuals: [...c.actuals].sort((a, b) => a.indicatorId.localeCompare(b.indicatorId)),
      activities: [...c.activities].sort((a, b) => a.projectId.localeCompare(b.projectId)),
      submissions: [],
    })),
  };
}

describe('plans', () => {
  it('imports the demo plan and reads back the same plan, decimals exactly as entered', async () => {
    const res = await call(coord.token, 'POST', '/api/plans', demo);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ planId: 'sendai-2023', version: 1, counts: { projects: 3 } });
    const back = await call<File>(coord.token, 'GET', '/api/plans/sendai-2023');
    const input = PlanFile.parse(demo);
    expect(comparable(back.body)).toEqual(comparable(input));
    for (const cycle of input.cycles) {
      const read = back.body.cycles.find((c) => c.fiscalYear === cycle.fiscalYear);
      for (const s of cycle.submissions) expect(read?.submissions).toContainEqual(s);
    }
    expect((await call(coord.token, 'POST', '/api/plans', demo)).status).toBe(409);
  });

  it('reads back the budget sample and the revision sample (earlier versions kept as they were)', async () => {
    for (const file of [budget, revision]) {
      const input = PlanFile.parse(file);
      expect((await call(admin.token, 'POST', '/api/plans', file)).status).toBe(201);
      const back = await call<File>(admin.token, 'GET', `/api/plans/${input.plan.id}`);
      expect(comparable(back.body)).toEqual(comparable(input));
    }
    const before = PlanFile.parse(revision).previousVersions[0]?.version;
    const diff = await call<{ changes: unknown[]; table: { kind: string; problems: unknown[] } }>(
      admin.token,
      'GET',
      `/api/plans/sendai-pro-jinzai-2018/diff?before=${before}`,
    );
    expect(diff.status).toBe(200);
    expect(diff.body.changes.length).toBeGreaterThan(0);
    expect(diff.body.table).toMatchObject({ kind: 'revision', problems: [] });
  });

  it('an invalid plan file gets 422 with problems naming the fields, and stores nothing', async () => {
    const before = await dump();
    const bad = makePlan({ id: 'bad', projects: 2, kpis: 1, years: 2, departments: 1 });
    (bad.projects?.[1] as { departmentIds: string[] }).departmentIds = ['nobody'];
    (bad.projects?.[0]?.indicators?.[0]?.targets?.[0] as { value: string }).value = '1,000';
    const res = await call<{ problems: { path: string; message: { ja: string } }[] }>(
      admin.token,
      'POST',
      '/api/plans',
      bad,
    );
    expect(res.status).toBe(422);
    expect(res.body.problems.map((p) => p.path)).toContain('projects[0].indicators[0].targets[0].value');
    expect(await dump()).toBe(before);
  });

  it('lists plans; department staff see only plans with their projects and cannot export', async () => {
    const all = await call<{ plans: { id: string }[] }>(coord.token, 'GET', '/api/plans');
    expect(all.body.plans.map((p) => p.id)).toEqual([
      'miyagi-monozukuri-r4',
      'sendai-2023',
      'sendai-pro-jinzai-2018',
    ]);
    expect((await call<{ plans: unknown[] }>(staff.token, 'GET', '/api/plans')).body.plans).toEqual([]);
    // A plan none of their projects belongs to is answered as one that does not exist.
    expect((await call(staff.token, 'GET', '/api/plans/sendai-2023')).status).toBe(404);
  });

  it('revises targets as a new version and compares any two versions (新旧対照表)', async () => {
    const plan = makePlan({ id: 'rev', projects: 2, kpis: 2, years: 3, departments: 1 });
    expect((await call(admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
    const change = {
      baseVersion: 1,
      label: '令和4年3月変更',
      changes: [{ indicatorId: 'p-0001-k1', fiscalYear: 2022, value: '25' }],
    };
    const revised = await call(coord.token, 'POST', '/api/plans/rev/versions', change);
    expect(revised.status).toBe(201);
    expect(revised.body).toMatchObject({ version: 2, changed: 1 });
    expect((await call(coord.token, 'POST', '/api/plans/rev/versions', change)).status).toBe(409);
    const bad = { baseVersion: 2, changes: [{ indicatorId: 'p-0001-k1', fiscalYear: 2022, value: '△3' }] };
    expect((await call(coord.token, 'POST', '/api/plans/rev/versions', bad)).status).toBe(400);

    const diff = await call<{
      changes: unknown[];
      table: { kind: string; blocks: { rows: { text: string; underline?: boolean }[][] }[] };
    }>(coord.token, 'GET', '/api/plans/rev/diff?before=1&after=2');
    expect(diff.status).toBe(200);
    expect(diff.body.changes).toEqual([
      {
        indicatorId: 'p-0001-k1',
        fiscalYear: 2022,
        before: { value: '11', period: null },
        after: { value: '25', period: null },
      },
    ]);
    expect(diff.body.table.kind).toBe('revision');
    const underlined = diff.body.table.blocks.flatMap((b) => b.rows.flat()).filter((c) => c.underline);
    expect(underlined.map((c) => c.text)).toEqual(
      expect.arrayContaining([expect.stringContaining('25'), expect.stringContaining('11')]),
    );

    const versions = await call<{
      currentVersion: number;
      versions: { version: number; label: string | null }[];
    }>(coord.token, 'GET', '/api/plans/rev/versions');
    expect(versions.body.currentVersion).toBe(2);
    expect(versions.body.versions.map((v) => [v.version, v.label])).toEqual([
      [1, null],
      [2, '令和4年3月変更'],
    ]);
    const exported = await call<File>(admin.token, 'GET', '/api/plans/rev');
    expect(exported.body.plan.version).toBe(2);
    expect(exported.body.previousVersions.map((v) => v.version)).toEqual([1]);
    expect(exported.body.previousVersions[0]?.projects[0]?.indicators[0]?.targets[1]?.value).toBe('11');
    expect(exported.body.projects[0]?.indicators[0]?.targets[1]?.value).toBe('25');
  });

  it('a target re-entered with the same figure (20 → 20.0) is no change, in the list as in the 新旧対照表', async () => {
    const plan = makePlan({ id: 'rev-figures', projects: 2, kpis: 2, years: 3, departments: 1 });
    expect((await call(admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
    const changes = [
      { indicatorId: 'p-0001-k2', fiscalYear: 2021, value: '20.0' },
      { indicatorId: 'p-0002-k1', fiscalYear: 2023, value: '13' },
    ];
    expect(
      (await call(coord.token, 'POST', '/api/plans/rev-figures/versions', { baseVersion: 1, changes }))
        .status,
    ).toBe(201);
    const diff = await call<{
      changes: { indicatorId: string }[];
      table: {
        blocks: { rows: { text: string; underline?: boolean; ref?: { indicatorId?: string } }[][] }[];
      };
    }>(coord.token, 'GET', '/api/plans/rev-figures/diff?before=1&after=2');
    expect(diff.body.changes.map((c) => c.indicatorId)).toEqual(['p-0002-k1']);
    const underlined = diff.body.table.blocks.flatMap((b) => b.rows.flat()).filter((c) => c.underline);
    expect(underlined.length).toBeGreaterThan(0);
    expect(underlined.every((c) => c.ref?.indicatorId === 'p-0002-k1')).toBe(true);
  });

  it('opens a cycle once, inside the plan period', async () => {
    expect((await call(coord.token, 'POST', '/api/plans/rev/cycles', { fiscalYear: 2030 })).status).toBe(422);
    expect((await call(coord.token, 'POST', '/api/plans/rev/cycles', { fiscalYear: 2021 })).status).toBe(201);
    expect((await call(coord.token, 'POST', '/api/plans/rev/cycles', { fiscalYear: 2021 })).status).toBe(409);
    const cycles = await call<{ cycles: { fiscalYear: number; locked: boolean }[] }>(
      coord.token,
      'GET',
      '/api/plans/rev/cycles',
    );
    expect(cycles.body.cycles).toMatchObject([{ fiscalYear: 2021, locked: false }]);
    // Department staff with no project in the plan: as if it did not exist.
    expect((await call(staff.token, 'GET', '/api/plans/rev/cycles')).status).toBe(404);
  });
});

describe('batches', () => {
  it('no statement of a large import or save binds more than 100 parameters', () => {
    const plan = PlanFile.parse(makePlan({ id: 'big', projects: 200, kpis: 5, years: 5, departments: 20 }));
    const meta = { userId: 'u', requestId: 'r', now: new Date().toISOString() };
    const imported = buildPlanImport(plan, meta);
    const actuals = makeActuals(
      Array.from({ length: 200 }, (_, p) => p),
      5,
    );
    const saved = buildSave(
      { planId: 'big', fy: 2021, departmentId: 'dept-001', ...meta },
      {
        baseRevision: 0,
        actuals,
        activities: [],
        history: actuals.map((a) => ({
          indicatorId: a.indicatorId,
          projectId: null,
          field: 'value',
          before: null,
          after: a.value,
        })),
        sharingDepartments: ['dept-002'],
      },
    );
    for (const s of [...imported, ...saved]) {
      expect(s.params.length).toBeLessThanOrEqual(MAX_PARAMS);
    }
    // 5,000 targets in multi-row statements, not one statement per row.
    expect(imported.filter((s) => s.sql.startsWith('INSERT INTO targets')).length).toBeLessThan(5000 / 20);
  });
});

describe('administration', () => {
  it('departments, users with departments and Entra oid, tokens shown once, revoked at once', async () => {
    expect(
      (await call(admin.token, 'POST', '/api/admin/departments', { id: 'kikaku', name: '政策企画課' }))
        .status,
    ).toBe(201);
    expect(
      (await call(admin.token, 'POST', '/api/admin/departments', { id: 'kikaku', name: 'x' })).status,
    ).toBe(409);
    expect(
      (await call(admin.token, 'PATCH', '/api/admin/departments/kikaku', { name: '政策企画部' })).body,
    ).toEqual({ id: 'kikaku', name: '政策企画部', active: true });
    const oid = '0f0e0d0c-0b0a-4908-8706-050403020100';
    const user = {
      id: 'sato',
      displayName: '佐藤',
      role: 'department',
      departmentIds: ['kikaku'],
      entraOid: oid,
    };
    expect((await call(admin.token, 'POST', '/api/admin/users', user)).body).toMatchObject({
      id: 'sato',
      entraOid: oid,
    });
    expect(
      (await call(admin.token, 'POST', '/api/admin/users', { ...user, id: 'x', departmentIds: ['nowhere'] }))
        .status,
    ).toBe(422);
    expect((await call(admin.token, 'POST', '/api/admin/users', { ...user, id: 'dup' })).status).toBe(409);
    const created = await call<{ id: string; token: string }>(
      admin.token,
      'POST',
      '/api/admin/users/sato/tokens',
      { label: 'Excel' },
    );
    expect(created.status).toBe(201);
    const me = await call(created.body.token, 'GET', '/api/me');
    expect(me.body).toMatchObject({
      userId: 'sato',
      role: 'department',
      departments: [{ id: 'kikaku', name: '政策企画部' }],
    });
    const list = await call(admin.token, 'GET', '/api/admin/tokens?userId=sato');
    expect(list.text).not.toContain(created.body.token);
    expect(list.body.tokens).toMatchObject([{ id: created.body.id, label: 'Excel', revokedAt: null }]);
    expect((await call(admin.token, 'DELETE', `/api/admin/tokens/${created.body.id}`)).status).toBe(204);
    expect((await call(created.body.token, 'GET', '/api/me')).status).toBe(401);
    const moved = await call(admin.token, 'PATCH', '/api/admin/users/sato', {
      role: 'coordinator',
      departmentIds: [],
    });
    expect(moved.body).toMatchObject({ role: 'coordinator', departmentIds: [] });
    expect((await call(admin.token, 'GET', '/api/admin/users')).body.users).toHaveLength(4);
    expect((await call(admin.token, 'POST', '/api/admin/users/nobody/tokens', {})).status).toBe(404);
  });
});
