import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, call, count, db, dump, sheetPath, type TestUser } from './helpers.ts';
import { indicatorId, makeActuals, makePlan } from './plan-factory.ts';

/**
 * Clearing a saved cell (`cleared` in a save): the stored actual is removed with history, the
 * revision moves, and every refusal of a save (permissions, stale revision, lock) applies.
 * Plan: 6 projects × 3 KPIs over 3 departments; dept-001 has projects 0 and 3, dept-002 1 and 4.
 */

const PLAN = 'clear-plan';
const FY = 2021;
let coord: TestUser;
let d1: TestUser;
let d2: TestUser;

type Sheet = {
  submission: { revision: number; status: string };
  actuals: { indicatorId: string; value: string | null }[];
};
type Conflict = {
  code: string;
  currentRevision: number;
  conflicts: { indicatorId?: string; field: string; server: unknown; yours: unknown }[];
};

const sheet = (u: TestUser, dept: string) => call<Sheet>(u.token, 'GET', sheetPath(PLAN, FY, dept));
const save = (u: TestUser, dept: string, rev: number, body: unknown, headers: Record<string, string> = {}) =>
  call(u.token, 'PATCH', sheetPath(PLAN, FY, dept), body, { 'If-Match': `"${rev}"`, ...headers });
const revision = async (u: TestUser, dept: string) => (await sheet(u, dept)).body.submission.revision;
const stored = (id: string) =>
  count('actuals', 'plan_id = ? AND fiscal_year = ? AND indicator_id = ?', PLAN, FY, id);
const clearings = (id: string) =>
  count(
    'history',
    "plan_id = ? AND indicator_id = ? AND action = 'save' AND field = 'value' AND after = 'null'",
    PLAN,
    id,
  );

/** Saves the given cells as dept-001 and returns the new revision. */
async function saved(projects: number[], kpis: number, salt = 0): Promise<number> {
  const res = await save(d1, 'dept-001', await revision(d1, 'dept-001'), {
    actuals: makeActuals(projects, kpis, salt),
  });
  expect(res.status).toBe(200);
  return res.body.revision as number;
}

beforeAll(async () => {
  const admin = await addUser('clear-admin', 'admin');
  const plan = makePlan({ id: PLAN, projects: 6, kpis: 3, years: 3, departments: 3, shared: false });
  expect((await call(admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
  coord = await addUser('clear-coord', 'coordinator');
  d1 = await addUser('clear-u1', 'department', ['dept-001']);
  d2 = await addUser('clear-u2', 'department', ['dept-002']);
  const opened = await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles`, {
    fiscalYear: FY,
    label: '令和3年度',
  });
  expect(opened.status).toBe(201);
});

describe('clearing a saved cell', () => {
  it('removes the stored actual, records the old content as cleared and moves the revision', async () => {
    const id = indicatorId(0, 0);
    const rev = await saved([0], 2);
    const before = (await sheet(d1, 'dept-001')).body.actuals.find((a) => a.indicatorId === id);
    expect(before?.value).not.toBeNull();
    const res = await save(d1, 'dept-001', rev, { cleared: [id] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ changedCells: 1, status: 'draft' });
    expect(res.body.revision).toBeGreaterThan(rev);
    expect(res.headers.get('ETag')).toBe(`"${res.body.revision}"`);
    const after = await sheet(d1, 'dept-001');
    expect(after.body.actuals.map((a) => a.indicatorId)).toEqual([indicatorId(0, 1)]);
    expect(await stored(id)).toBe(0);
    const history = await db
      .prepare("SELECT field, before, after, revision FROM history WHERE indicator_id = ? AND after = 'null'")
      .bind(id)
      .all<{ field: string; before: string; after: string; revision: number }>();
    const value = history.results.find((h) => h.field === 'value');
    expect(value).toMatchObject({
      before: JSON.stringify(before?.value),
      after: 'null',
      revision: res.body.revision,
    });
    // Empty fields (no footnotes) are not recorded as cleared.
    expect(history.results.map((h) => h.field)).not.toContain('footnotes');
  });

  it('is a no-op for an indicator with nothing stored: no history, same revision', async () => {
    const id = indicatorId(3, 2);
    const rev = await revision(d1, 'dept-001');
    const res = await save(d1, 'dept-001', rev, { cleared: [id] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ changedCells: 0, revision: rev });
    expect(await count('history', 'indicator_id = ?', id)).toBe(0);
  });

  it('refuses an id both saved and cleared, naming it, and stores nothing', async () => {
    const rev = await saved([3], 1);
    const id = indicatorId(3, 0);
    const body = { actuals: makeActuals([3], 1, 7), cleared: [id] };
    const snapshot = await dump();
    const res = await save(d1, 'dept-001', rev, body);
    expect(res.status).toBe(422);
    const problems = res.body.problems as { code: string; path: string }[];
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'clear.also_saved', path: 'cleared[0]' }),
    );
    expect(await dump()).toBe(snapshot);
  });

  it('refuses another department’s indicator and changes nothing', async () => {
    const other = indicatorId(1, 0);
    const rev2 = await revision(d2, 'dept-002');
    expect((await save(d2, 'dept-002', rev2, { actuals: makeActuals([1], 1) })).status).toBe(200);
    const snapshot = await dump();
    const res = await save(d1, 'dept-001', await revision(d1, 'dept-001'), { cleared: [other] });
    expect(res.status).toBe(422);
    const problems = res.body.problems as { code: string; path: string }[];
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'sheet.indicator_not_on_sheet', path: 'cleared[0]' }),
    );
    // Nor on the other department's own sheet path, which answers as if it did not exist.
    const direct = await save(d1, 'dept-002', rev2 + 1, { cleared: [other] });
    expect(direct.status).toBe(404);
    expect(await dump()).toBe(snapshot);
    expect(await stored(other)).toBe(1);
  });

  it('answers 409 naming a cleared cell someone changed since the base revision, and stores nothing', async () => {
    const id = indicatorId(0, 1);
    const base = await revision(d1, 'dept-001');
    const theirs = makeActuals([0], 2, 3).find((a) => a.indicatorId === id);
    const moved = await save(coord, 'dept-001', base, { actuals: [theirs] });
    expect(moved.status).toBe(200);
    const res = await save(d1, 'dept-001', base, { cleared: [id] });
    expect(res.status).toBe(409);
    const body = res.body as unknown as Conflict;
    expect(body.code).toBe('revision_conflict');
    expect(body.currentRevision).toBe(moved.body.revision);
    expect(body.conflicts).toContainEqual({
      indicatorId: id,
      field: 'value',
      server: theirs?.value,
      yours: null,
    });
    expect(await stored(id)).toBe(1);
  });

  it('stores a retried clearing once (one history entry), replaying the first answer', async () => {
    const id = indicatorId(0, 1);
    const rev = await revision(d1, 'dept-001');
    const key = { 'Idempotency-Key': 'clear-retry-1' };
    const first = await save(d1, 'dept-001', rev, { cleared: [id] }, key);
    expect(first.status).toBe(200);
    const again = await save(d1, 'dept-001', rev, { cleared: [id] }, key);
    expect(again.status).toBe(200);
    expect(again.headers.get('Idempotency-Replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await clearings(id)).toBe(1);
    expect(await stored(id)).toBe(0);
  });

  it('is refused with 423 while the cycle is locked, and nothing is removed', async () => {
    const id = indicatorId(3, 0);
    const rev = await revision(d1, 'dept-001');
    expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles/${FY}/lock`)).status).toBe(200);
    const res = await save(d1, 'dept-001', rev, { cleared: [id] });
    expect(res.status).toBe(423);
    expect(res.body.code).toBe('cycle_locked');
    expect(await stored(id)).toBe(1);
    expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles/${FY}/unlock`)).status).toBe(200);
  });
});

describe('a cell cleared since the base revision', () => {
  const id = indicatorId(3, 1);
  const other = indicatorId(3, 2);
  let before: number;

  beforeAll(async () => {
    const rev = await saved([3], 3, 20);
    const cleared = await save(coord, 'dept-001', rev, { cleared: [id] });
    expect(cleared.status).toBe(200);
    expect(cleared.body.revision).toBeGreaterThan(rev);
    before = rev;
  });

  it('answers 409 to a stale value for it, naming it (server null), and stores nothing', async () => {
    const mine = makeActuals([3], 2, 40).filter((a) => a.indicatorId === id);
    const snapshot = await dump();
    const res = await save(d1, 'dept-001', before, { actuals: mine });
    expect(res.status).toBe(409);
    const body = res.body as unknown as Conflict;
    expect(body.code).toBe('revision_conflict');
    expect(body.conflicts).toContainEqual({
      indicatorId: id,
      field: 'value',
      server: null,
      yours: mine[0]?.value,
    });
    for (const c of body.conflicts) expect(c).toMatchObject({ indicatorId: id, server: null });
    // Empty against an emptied cell is no conflict.
    expect(body.conflicts.map((c) => c.field)).not.toContain('footnotes');
    expect(await dump()).toBe(snapshot);
    expect(await stored(id)).toBe(0);
  });

  it('names no cell when the stale save sends only another cell (409 as for any stale save)', async () => {
    const mine = makeActuals([3], 3, 50).filter((a) => a.indicatorId === other);
    const snapshot = await dump();
    const res = await save(d1, 'dept-001', before, { actuals: mine });
    expect(res.status).toBe(409);
    expect((res.body as unknown as Conflict).conflicts).toEqual([]);
    expect(await dump()).toBe(snapshot);
  });

  it('can be saved again at the current revision by the one who cleared it', async () => {
    const rev = await revision(coord, 'dept-001');
    const again = await save(coord, 'dept-001', rev, { cleared: [other] });
    expect(again.status).toBe(200);
    const mine = makeActuals([3], 3, 60).filter((a) => a.indicatorId === other);
    const res = await save(coord, 'dept-001', again.body.revision as number, { actuals: mine });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ changedCells: 1 });
    const cell = (await sheet(coord, 'dept-001')).body.actuals.find((a) => a.indicatorId === other);
    expect(cell?.value).toBe(mine[0]?.value);
  });
});
