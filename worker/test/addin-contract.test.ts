import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthConfig, SheetResponse } from '../../shared/api.ts';
import { createApp } from '../app.ts';
import { apiResource, authClientConfig } from '../auth/client-config.ts';
import type { Bindings } from '../env.ts';
import { HttpProblem } from '../refusals.ts';
import { readSheet } from '../services/sheet.ts';
import { addUser, BASE, call, countingDb, db, principal, sheetPath, type TestUser } from './helpers.ts';
import { indicatorId, makeActuals, makePlan } from './plan-factory.ts';

/**
 * What the add-in reads besides the cells of the cycle: how to sign in (GET /api/auth/config), and
 * the actuals of the plan's earlier cycles for the sheet's own indicators (累計実績 and multi-year
 * 達成度), read without a query per cycle. Plan: 3 projects × 2 KPIs, FY2021-2023; dept-001 has
 * p-0001 and p-0003, dept-002 has p-0002; FY2021 and FY2022 come with the import, FY2023 is opened
 * afterwards.
 */

const PLAN = 'history-plan';
let coord: TestUser;
let d1: TestUser;

const values2021 = makeActuals([0, 1, 2], 2);
const values2022 = makeActuals([0, 1, 2], 2, 50);
const own = (actuals: typeof values2021) =>
  actuals.filter((a) => a.indicatorId.startsWith('p-0001-') || a.indicatorId.startsWith('p-0003-'));

beforeAll(async () => {
  const admin = await addUser('admin', 'admin');
  const plan = makePlan({ id: PLAN, projects: 3, kpis: 2, years: 3, departments: 2, startFy: 2021 });
  // Listed newest first on purpose: the sheet orders them itself.
  plan.cycles = [
    { fiscalYear: 2022, actuals: values2022 },
    { fiscalYear: 2021, actuals: values2021 },
  ];
  expect((await call(admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
  coord = await addUser('coord', 'coordinator');
  d1 = await addUser('u1', 'department', ['dept-001']);
  expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear: 2023 })).status).toBe(
    201,
  );
});

describe('GET /api/auth/config', () => {
  const TENANT = '8c8f97a7-8598-4ea4-a477-9507767befb7';
  const API_ID = '11111111-2222-4333-8444-555555555555';
  const ADDIN_ID = '99999999-8888-4777-8666-555555555555';

  /** The app under other settings than wrangler.toml's, as the Worker runs it. */
  async function configUnder(vars: Partial<Bindings>) {
    const ctx = createExecutionContext();
    const res = await createApp().fetch(
      new Request(`${BASE}/api/auth/config`),
      { ...(env as unknown as Bindings), ...vars },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return { status: res.status, body: AuthConfig.parse(await res.json()) };
  }

  it('is public and null when Entra ID is not configured (the default)', async () => {
    const res = await call(null, 'GET', '/api/auth/config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ entra: null });
  });

  it('gives the add-in’s client ID, the tenant and the scope derived from the audience', async () => {
    const configured = {
      ENTRA_TENANT_ID: TENANT,
      ENTRA_AUDIENCE: `api://shinchoku.example.jp/api/, ${API_ID}`,
      ENTRA_REQUIRED_SCOPE: 'Shinchoku.Access',
      ENTRA_ADDIN_CLIENT_ID: ` ${ADDIN_ID} `,
    };
    expect(await configUnder(configured)).toEqual({
      status: 200,
      body: {
        entra: {
          clientId: ADDIN_ID,
          tenantId: TENANT,
          scopes: ['api://shinchoku.example.jp/api/Shinchoku.Access'],
        },
      },
    });
    // Each of the three settings is needed: without one the pane falls back to API tokens.
    for (const missing of ['ENTRA_TENANT_ID', 'ENTRA_AUDIENCE', 'ENTRA_ADDIN_CLIENT_ID'] as const)
      expect((await configUnder({ ...configured, [missing]: ' ' })).body, missing).toEqual({ entra: null });
  });

  it('derives the API resource from the audience: the URI first, else api://<client id>', () => {
    expect(apiResource(`${API_ID}, api://shinchoku`)).toBe('api://shinchoku');
    expect(apiResource('https://contoso.onmicrosoft.com/shinchoku/')).toBe(
      'https://contoso.onmicrosoft.com/shinchoku',
    );
    expect(apiResource(API_ID.toUpperCase())).toBe(`api://${API_ID}`);
    expect(apiResource(' , ')).toBeNull();
    const base = { ENTRA_TENANT_ID: TENANT, ENTRA_AUDIENCE: API_ID, ENTRA_ADDIN_CLIENT_ID: ADDIN_ID };
    expect(authClientConfig({ ...base, ENTRA_REQUIRED_SCOPE: 'Shinchoku.Access' }).entra?.scopes).toEqual([
      `api://${API_ID}/Shinchoku.Access`,
    ]);
    // No required scope: ask for what the add-in's registration was granted.
    expect(authClientConfig(base).entra?.scopes).toEqual([`api://${API_ID}/.default`]);
  });
});

describe('earlier cycles on the sheet', () => {
  it('carries the actuals of every earlier cycle for the sheet’s own indicators, oldest first', async () => {
    const res = await call<SheetResponse>(d1.token, 'GET', sheetPath(PLAN, 2023, 'dept-001'));
    expect(res.status).toBe(200);
    const sheet = SheetResponse.parse(res.body);
    expect(sheet.actuals).toEqual([]);
    expect(sheet.earlierCycles).toEqual([
      { fiscalYear: 2021, actuals: own(values2021) },
      { fiscalYear: 2022, actuals: own(values2022) },
    ]);
    expect(JSON.stringify(sheet.earlierCycles)).not.toContain('p-0002-');
  });

  it('holds only cycles before the sheet’s own: FY2022 sees FY2021, FY2021 sees none', async () => {
    const y2022 = await call<SheetResponse>(coord.token, 'GET', sheetPath(PLAN, 2022, 'dept-002'));
    expect(y2022.body.actuals.map((a) => a.value)).toEqual(
      values2022.filter((a) => a.indicatorId.startsWith('p-0002-')).map((a) => a.value),
    );
    expect(y2022.body.earlierCycles).toEqual([
      { fiscalYear: 2021, actuals: values2021.filter((a) => a.indicatorId.startsWith('p-0002-')) },
    ]);
    const y2021 = await call<SheetResponse>(coord.token, 'GET', sheetPath(PLAN, 2021, 'dept-001'));
    expect(y2021.body.earlierCycles).toEqual([]);
  });

  it('shows a value saved in an earlier cycle on the later sheet at once', async () => {
    const path = sheetPath(PLAN, 2022, 'dept-001');
    const before = await call<SheetResponse>(coord.token, 'GET', path);
    const id = indicatorId(2, 1);
    const saved = await call(
      coord.token,
      'PATCH',
      path,
      { actuals: [{ indicatorId: id, value: '77.5' }] },
      { 'If-Match': `"${before.body.submission.revision}"` },
    );
    expect(saved.status).toBe(200);
    const later = await call<SheetResponse>(d1.token, 'GET', sheetPath(PLAN, 2023, 'dept-001'));
    const fy2022 = later.body.earlierCycles.find((c) => c.fiscalYear === 2022);
    expect(fy2022?.actuals.find((a) => a.indicatorId === id)?.value).toBe('77.5');
  });

  it('adds no statement and no round trip for the earlier cycles', async () => {
    const coordinator = principal('coord', 'coordinator');
    const counted = countingDb(db);
    const read = async (fy: number) => {
      counted.counter.statements.length = 0;
      counted.counter.batches = 0;
      const sheet = await readSheet(counted.db, { planId: PLAN, fy, departmentId: 'dept-001' }, coordinator);
      if (sheet instanceof HttpProblem) throw sheet;
      const { statements, batches } = counted.counter;
      return { earlier: sheet.earlierCycles.length, statements: statements.length, batches };
    };
    await read(2021); // the plan's structure is cached per isolate after its first read
    const none = await read(2021);
    const two = await read(2023);
    expect([none.earlier, two.earlier]).toEqual([0, 2]);
    expect({ statements: two.statements, batches: two.batches }).toEqual({
      statements: none.statements,
      batches: none.batches,
    });
    expect(two.batches).toBe(1);
  });
});
