import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../app.ts';
import type { Bindings } from '../env.ts';
import { entraBindings, type TestTenant, testTenant } from './entra-keys.ts';
import { fillBlanks } from './fill-sheet.ts';
import { addUser, call, count, db, dump, sheetPath, type TestUser } from './helpers.ts';
import { indicatorId, makeActuals, makePlan, projectId } from './plan-factory.ts';

/**
 * Faults inside workerd with the real local D1: a statement in the middle of a write batch fails
 * (a trigger created in this test database only) — nothing of the batch may be stored and the
 * client gets a problem document at once; and Entra tokens from clocks within and beyond the
 * allowed skew, through the whole app.
 */
const PLAN = 'faults-plan';
const FY = 2021;
let coord: TestUser;
let staff: TestUser;

const save = (rev: number, body: unknown, key?: string) =>
  call(staff.token, 'PATCH', sheetPath(PLAN, FY, 'dept-001'), body, {
    'If-Match': `"${rev}"`,
    ...(key ? { 'Idempotency-Key': key } : {}),
  });
const revision = async () =>
  (
    await call<{ submission: { revision: number; status: string } }>(
      staff.token,
      'GET',
      sheetPath(PLAN, FY, 'dept-001'),
    )
  ).body.submission;

/** Makes the Nth row of a table's inserts fail, mid-batch, until dropped. */
async function failInsertsInto(table: string, when: string): Promise<void> {
  await db.exec(
    `CREATE TRIGGER injected_fault BEFORE INSERT ON ${table} WHEN ${when} BEGIN SELECT RAISE(ABORT, 'injected fault for the test'); END`,
  );
}
const healFault = () => db.exec('DROP TRIGGER IF EXISTS injected_fault');

beforeAll(async () => {
  const admin = await addUser('f-admin', 'admin');
  const plan = makePlan({ id: PLAN, projects: 60, kpis: 5, years: 3, departments: 2 });
  expect((await call(admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
  coord = await addUser('f-coord', 'coordinator');
  staff = await addUser('f-staff', 'department', ['dept-001']);
  expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear: FY })).status).toBe(201);
});

// The server logs each unexpected failure with its request id (and nothing of it reaches the client).
const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
afterEach(async () => {
  await healFault();
  logged.mockClear();
});
afterAll(() => logged.mockRestore());

describe('a D1 batch failing halfway', () => {
  it('stores nothing of a save (150 cells, many statements) and answers with a problem, not a hang', async () => {
    const base = (await revision()).revision;
    // dept-001 runs the even projects: 30 × 5 KPIs; 150 cells take several multi-row INSERTs.
    const actuals = makeActuals(
      Array.from({ length: 30 }, (_, i) => i * 2),
      5,
      7,
    );
    // The history rows come after the cells and the revision bump: fail on the 120th of them.
    await failInsertsInto('history', `NEW.indicator_id = '${indicatorId(46, 4)}'`);
    const before = await dump();
    const key = crypto.randomUUID();
    const started = Date.now();
    const res = await save(base, { actuals }, key);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('internal_error');
    expect(String(res.body.requestId)).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.text).not.toMatch(/injected|trigger|SQLITE|history/i);
    expect(await dump()).toBe(before);
    expect(String(logged.mock.calls[0]?.[0])).toContain(String(res.body.requestId));

    // Healed, the same request (same key) goes through once.
    await healFault();
    const retry = await save(base, { actuals }, key);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('Idempotency-Replayed')).toBeNull();
    expect(await count('actuals', 'plan_id = ? AND fiscal_year = ?', PLAN, FY)).toBe(150);
    expect(await count('history', "plan_id = ? AND action = 'save' AND field = 'value'", PLAN)).toBe(150);
    const again = await save(base, { actuals }, key);
    expect(again.headers.get('Idempotency-Replayed')).toBe('true');
    expect(await count('history', "plan_id = ? AND action = 'save' AND field = 'value'", PLAN)).toBe(150);
  });

  it('stores nothing of a workflow step whose history row fails, and the sheet stays a draft', async () => {
    await fillBlanks(staff.token, PLAN, FY, 'dept-001');
    await failInsertsInto('history', "NEW.action = 'submit'");
    const before = await dump();
    const res = await call(staff.token, 'POST', sheetPath(PLAN, FY, 'dept-001', '/submit'), {});
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('internal_error');
    expect(await dump()).toBe(before);
    expect((await revision()).status).toBe('draft');
  });

  it('stores nothing of a plan import whose last project fails', async () => {
    const admin = await addUser('f-admin2', 'admin');
    const plan = makePlan({ id: 'faults-import', projects: 40, kpis: 3, years: 3, departments: 2 });
    await failInsertsInto('indicators', `NEW.id = '${indicatorId(39, 2)}'`);
    const before = await dump();
    const res = await call(admin.token, 'POST', '/api/plans', plan);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await dump()).toBe(before);
    expect(await count('projects', 'plan_id = ?', 'faults-import')).toBe(0);
    expect(projectId(39)).toBe('p-0040');
  });
});

describe('clock skew on Entra ID tokens, through the whole app', () => {
  const TENANT = crypto.randomUUID();
  const OID = 'dddddddd-0000-4000-8000-000000000001';
  const SKEW = 120;
  const app = createApp();
  const entraEnv = { ...(env as unknown as Bindings), ...entraBindings(TENANT) };
  let tenant: TestTenant;

  beforeAll(async () => {
    tenant = await testTenant(TENANT, 'skew-key');
    vi.stubGlobal('fetch', tenant.jwks.fetch);
    await db
      .prepare(
        "INSERT INTO users (id, display_name, role, entra_oid) VALUES ('f-entra', '時計 ずれ子', 'department', ?)",
      )
      .bind(OID)
      .run();
    await db
      .prepare("INSERT INTO user_departments (user_id, department_id) VALUES ('f-entra', 'dept-002')")
      .run();
  });
  afterAll(() => vi.unstubAllGlobals());

  /** A token issued by a clock `offset` seconds off the server's, valid for an hour from its issue. */
  const tokenFrom = (offset: number, lifetime = 3600) => {
    const issued = Math.floor(Date.now() / 1000) + offset;
    return tenant.token(issued, { oid: OID, iat: issued, nbf: issued, exp: issued + lifetime });
  };
  async function request(jwt: string, method = 'GET', path = '/api/me', body?: unknown, extra = {}) {
    const ctx = createExecutionContext();
    const headers: Record<string, string> = { Authorization: `Bearer ${jwt}`, ...extra };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const init: RequestInit = {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    };
    const res = await app.fetch(new Request(`http://x${path}`, init), entraEnv, ctx);
    await waitOnExecutionContext(ctx);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('accepts tokens from clocks up to the allowed skew ahead or behind', async () => {
    for (const offset of [SKEW - 30, 0, -(SKEW - 30)]) {
      const res = await request(await tokenFrom(offset));
      expect(res.status, `issuer clock ${offset} s off`).toBe(200);
      expect(res.body.userId).toBe('f-entra');
    }
    // Expired by the issuer's clock, but less than the skew ago by the server's.
    const justExpired = await request(await tokenFrom(-3600 - (SKEW - 30)));
    expect(justExpired.status).toBe(200);
  });

  it('refuses tokens beyond the skew (not yet valid, expired) with 401, and they write nothing', async () => {
    const ahead = await request(await tokenFrom(SKEW + 30));
    expect(ahead.status).toBe(401);
    expect(ahead.body.code).toBe('entra_invalid_token');
    const expired = await request(await tokenFrom(-3600 - (SKEW + 30)));
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('entra_token_expired');
    expect(String((expired.body.messages as { ja: string }).ja)).toBeTruthy();

    const path = sheetPath(PLAN, FY, 'dept-002');
    const rev = (await call<{ submission: { revision: number } }>(coord.token, 'GET', path)).body.submission
      .revision;
    const before = await dump();
    const body = { actuals: [{ indicatorId: indicatorId(1, 0), value: '5', basis: 'year', footnotes: [] }] };
    const ifMatch = { 'If-Match': `"${rev}"` };
    for (const offset of [SKEW + 30, -3600 - (SKEW + 30)])
      expect((await request(await tokenFrom(offset), 'PATCH', path, body, ifMatch)).status).toBe(401);
    expect(await dump()).toBe(before);
    expect(ahead.body.reason).toBe('not_yet_valid');
    // The same save with a token inside the skew goes through.
    const inside = await request(await tokenFrom(SKEW - 30), 'PATCH', path, body, ifMatch);
    expect(inside.status).toBe(200);
    expect(await count('actuals', 'plan_id = ? AND indicator_id = ?', PLAN, indicatorId(1, 0))).toBe(1);
  });
});
