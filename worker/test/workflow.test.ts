import { beforeAll, describe, expect, it } from 'vitest';
import { fillBlanks } from './fill-sheet.ts';
import { addUser, call, count, dump, sheetPath, type TestUser } from './helpers.ts';
import { indicatorId, makeActuals, makePlan } from './plan-factory.ts';

/** Workflow (submit → approve / return → draft), locking, the status dashboard and history. */

const PLAN = 'flow-plan';
const FY = 2022;
let coord: TestUser;
let d1: TestUser;
let d2: TestUser;
let d3: TestUser;

type Sub = { status: string; revision: number; comment: string | null; code?: string };
const rev = async (u: TestUser, dept: string) =>
  (await call<{ submission: Sub }>(u.token, 'GET', sheetPath(PLAN, FY, dept))).body.submission;
const step = (
  u: TestUser,
  dept: string,
  action: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => call<Sub>(u.token, 'POST', sheetPath(PLAN, FY, dept, `/${action}`), body, headers);
/** Approve or return as the dashboard does: with the revision the coordinator is looking at. */
const review = async (u: TestUser, dept: string, action: 'approve' | 'return', body?: unknown) =>
  step(u, dept, action, body, { 'If-Match': `"${(await rev(coord, dept)).revision}"` });
const save = async (u: TestUser, dept: string, body: unknown) =>
  call(u.token, 'PATCH', sheetPath(PLAN, FY, dept), body, {
    'If-Match': `"${(await rev(u, dept)).revision}"`,
  });

beforeAll(async () => {
  const admin = await addUser('admin', 'admin');
  const plan = makePlan({
    id: PLAN,
    projects: 6,
    kpis: 2,
    years: 3,
    departments: 3,
    shared: true,
    startFy: 2021,
  });
  expect((await call(admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
  coord = await addUser('coord', 'coordinator');
  d1 = await addUser('u1', 'department', ['dept-001']);
  d2 = await addUser('u2', 'department', ['dept-002']);
  d3 = await addUser('u3', 'department', ['dept-003']);
  expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear: FY })).status).toBe(201);
});

describe('workflow', () => {
  it('draft → submitted → returned (comment) → draft → submitted → approved, each step in the history', async () => {
    expect((await save(d1, 'dept-001', { actuals: makeActuals([3], 2) })).status).toBe(200);
    // A sheet is submitted complete (shared/workflow): the rest of it is filled first.
    await fillBlanks(d1.token, PLAN, FY, 'dept-001');
    const submitted = await step(d1, 'dept-001', 'submit');
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    expect(submitted.headers.get('ETag')).toBe(`"${submitted.body.revision}"`);

    const refused = await save(d1, 'dept-001', { actuals: makeActuals([3], 1, 5) });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('submission_not_editable');
    expect((await review(d1, 'dept-001', 'approve')).status).toBe(403);

    const returned = await review(coord, 'dept-001', 'return', {
      comment: '指標②の実績値の出典を追記してください',
    });
    expect(returned.body).toMatchObject({
      status: 'returned',
      comment: '指標②の実績値の出典を追記してください',
    });
    expect((await review(coord, 'dept-001', 'return', {})).status).toBe(400);
    const seen = await rev(d1, 'dept-001');
    expect(seen).toMatchObject({
      status: 'returned',
      comment: '指標②の実績値の出典を追記してください',
      editable: true,
    });

    expect((await save(d1, 'dept-001', { actuals: makeActuals([3], 2, 1) })).status).toBe(200);
    expect((await rev(d1, 'dept-001')).status).toBe('draft');
    expect((await step(d1, 'dept-001', 'submit', { comment: '修正しました' })).body.status).toBe('submitted');
    const approved = await review(coord, 'dept-001', 'approve');
    expect(approved.body.status).toBe('approved');

    const history = await call<{ entries: { action: string; userId: string; userName: string }[] }>(
      d1.token,
      'GET',
      sheetPath(PLAN, FY, 'dept-001', '/history'),
    );
    const actions = history.body.entries
      .filter((e) => e.action !== 'save')
      .map((e) => `${e.action}:${e.userId}`);
    expect(actions).toEqual(['approve:coord', 'submit:u1', 'return:coord', 'submit:u1']);
    expect(history.body.entries[0]?.userName).toBe('coord さん');
  });

  it('an approved submission refuses writes and a department cannot reopen it; a coordinator can', async () => {
    const snapshot = await dump();
    const refused = await save(d1, 'dept-001', { actuals: makeActuals([3], 1, 9) });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('submission_not_editable');
    const reopen = await step(d1, 'dept-001', 'reopen');
    expect(reopen.status).toBe(409);
    expect(reopen.body.code).toBe('invalid_transition');
    expect(await dump()).toBe(snapshot);
    expect((await step(coord, 'dept-001', 'reopen')).body.status).toBe('draft');
    expect((await step(d1, 'dept-001', 'submit')).body.status).toBe('submitted');
    expect((await review(coord, 'dept-001', 'approve')).body.status).toBe('approved');
  });

  it('a shared project’s cell cannot change under the other department’s approved sheet', async () => {
    const res = await save(d2, 'dept-002', { actuals: [{ indicatorId: indicatorId(0, 0), value: '5' }] });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('shared_submission_approved');
    expect(
      (await save(d2, 'dept-002', { actuals: [{ indicatorId: indicatorId(1, 0), value: '5' }] })).status,
    ).toBe(200);
  });

  it('a transition with a stale If-Match is refused; one with the current revision and a key is replayed on retry', async () => {
    await fillBlanks(d2.token, PLAN, FY, 'dept-002');
    const current = await rev(d2, 'dept-002');
    const stale = await step(d2, 'dept-002', 'submit', undefined, {
      'If-Match': `"${current.revision - 1}"`,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('revision_conflict');
    const headers = { 'If-Match': `"${current.revision}"`, 'Idempotency-Key': 'submit-d2' };
    const first = await step(d2, 'dept-002', 'submit', undefined, headers);
    const retry = await step(d2, 'dept-002', 'submit', undefined, headers);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('Idempotency-Replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await count('history', "department_id = 'dept-002' AND action = 'submit'")).toBe(1);
  });

  it('two coordinators approving at once: one transition, one refusal', async () => {
    const seen = { 'If-Match': `"${(await rev(coord, 'dept-002')).revision}"` };
    const [a, b] = await Promise.all([
      step(coord, 'dept-002', 'approve', undefined, seen),
      step(coord, 'dept-002', 'approve', undefined, seen),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await count('history', "department_id = 'dept-002' AND action = 'approve'")).toBe(1);
  });
});

describe('locking a cycle', () => {
  it('refuses every write with 423 until unlocked; only coordinators lock', async () => {
    expect((await call(d3.token, 'POST', `/api/plans/${PLAN}/cycles/${FY}/lock`)).status).toBe(403);
    const locked = await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles/${FY}/lock`, {
      comment: '集計開始',
    });
    expect(locked.body).toMatchObject({ locked: true, lockedBy: 'coord' });
    const snapshot = await dump();
    const res = await save(d3, 'dept-003', { actuals: makeActuals([2], 2) });
    expect(res.status).toBe(423);
    expect(res.body.code).toBe('cycle_locked');
    expect((res.body.messages as { ja: string }).ja).toContain('ロック');
    expect((await step(d3, 'dept-003', 'submit')).status).toBe(423);
    expect((await review(coord, 'dept-001', 'return', { comment: 'x' })).status).toBe(423);
    expect(await dump()).toBe(snapshot);
    expect((await rev(d3, 'dept-003')) as unknown).toMatchObject({ editable: false });
    expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles/${FY}/unlock`)).body).toMatchObject({
      locked: false,
    });
    expect((await save(d3, 'dept-003', { actuals: makeActuals([2], 2) })).status).toBe(200);
  });
});

describe('the status dashboard', () => {
  it('lists every department of the cycle with its state, last change and who made it', async () => {
    const res = await call<{
      counts: Record<string, number>;
      departments: {
        departmentId: string;
        status: string;
        updatedBy: string;
        updatedByName: string;
        filledCount: number;
        indicatorCount: number;
      }[];
    }>(coord.token, 'GET', `/api/plans/${PLAN}/cycles/${FY}/status`);
    expect(res.status).toBe(200);
    expect(res.body.departments.map((d) => [d.departmentId, d.status])).toEqual([
      ['dept-001', 'approved'],
      ['dept-002', 'approved'],
      ['dept-003', 'draft'],
    ]);
    expect(res.body.departments[2]).toMatchObject({
      updatedBy: 'u3',
      updatedByName: 'u3 さん',
      filledCount: 2,
      indicatorCount: 4,
    });
    expect(res.body.counts).toEqual({ draft: 1, submitted: 0, approved: 2, returned: 0 });
    expect((await call(d1.token, 'GET', `/api/plans/${PLAN}/cycles/${FY}/status`)).status).toBe(403);
  });
});

describe('history of an indicator', () => {
  it('shows who changed the value from what to what; other departments cannot read it', async () => {
    const path = `/api/plans/${PLAN}/indicators/${indicatorId(3, 0)}/history?limit=2`;
    const res = await call<{
      entries: { field: string; before: unknown; after: unknown; userId: string }[];
      nextBefore: number | null;
    }>(d1.token, 'GET', path);
    expect(res.status).toBe(200);
    expect(res.body.entries).toHaveLength(2);
    expect(res.body.nextBefore).not.toBeNull();
    const values = await call<{ entries: { field: string; before: unknown; after: unknown }[] }>(
      coord.token,
      'GET',
      path.replace('limit=2', 'limit=100'),
    );
    expect(values.body.entries.filter((e) => e.field === 'value').map((e) => [e.before, e.after])).toEqual([
      ['1021', '1022'],
      [null, '1021'],
    ]);
    // Another department's indicator is answered as one that does not exist.
    const hidden = await call(d3.token, 'GET', path);
    const missing = await call(d3.token, 'GET', path.replace(indicatorId(3, 0), 'nope'));
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.text.replaceAll(indicatorId(3, 0), '{id}')).toBe(missing.text.replaceAll('nope', '{id}'));
  });
});

describe('approving and returning what was reviewed (If-Match)', () => {
  it('refuses an approval or a return without If-Match: 428 saying what to do, nothing stored', async () => {
    expect((await save(d3, 'dept-003', { actuals: makeActuals([2, 5], 2) })).status).toBe(200);
    await fillBlanks(d3.token, PLAN, FY, 'dept-003');
    expect((await step(d3, 'dept-003', 'submit')).body.status).toBe('submitted');
    const snapshot = await dump();
    for (const [action, body] of [
      ['approve', undefined],
      ['return', { comment: '確認してください' }],
    ] as const) {
      const res = await step(coord, 'dept-003', action, body);
      expect(res.status).toBe(428);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('if_match_required');
      const messages = (res.body as unknown as { messages: { ja: string; en: string } }).messages;
      expect(messages.ja).toContain('If-Match');
      expect(messages.ja).toContain(action === 'approve' ? '承認' : '差し戻し');
      expect(messages.en).toContain('revision you reviewed');
    }
    expect(await dump()).toBe(snapshot);
    // A department trying to approve its own sheet is told it may not (403), not asked for If-Match.
    expect((await step(d3, 'dept-003', 'approve')).status).toBe(403);
  });

  it('refuses to approve or return a revision the department changed after the review (409), then approves the one reviewed', async () => {
    const reviewed = (await rev(coord, 'dept-003')).revision;
    // After the coordinator looked: the department withdraws, changes a value and submits again.
    expect((await step(d3, 'dept-003', 'reopen')).body.status).toBe('draft');
    expect((await save(d3, 'dept-003', { actuals: makeActuals([2], 1, 77) })).status).toBe(200);
    expect((await step(d3, 'dept-003', 'submit')).body.status).toBe('submitted');
    const snapshot = await dump();
    for (const [action, body] of [
      ['approve', undefined],
      ['return', { comment: '確認してください' }],
    ] as const) {
      const res = await step(coord, 'dept-003', action, body, { 'If-Match': `"${reviewed}"` });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('revision_conflict');
      const problem = res.body as unknown as {
        yourRevision: number;
        currentRevision: number;
        messages: { ja: string; en: string };
        server: { actuals: { indicatorId: string; value: string | null }[] };
      };
      expect(problem.yourRevision).toBe(reviewed);
      expect(problem.currentRevision).toBeGreaterThan(reviewed);
      expect(problem.messages.ja).toContain('確認した後');
      expect(problem.messages.en).toContain('changed after you reviewed it');
      // The server copy shows what changed, so the coordinator can review it.
      expect(problem.server.actuals).toContainEqual(
        expect.objectContaining({ indicatorId: indicatorId(2, 0), value: makeActuals([2], 1, 77)[0]?.value }),
      );
    }
    expect(await dump()).toBe(snapshot);
    expect((await review(coord, 'dept-003', 'approve')).body.status).toBe('approved');
  });

  it('a shared project’s cell saved by the other department after the review refuses the approval too', async () => {
    expect((await step(coord, 'dept-001', 'reopen')).body.status).toBe('draft');
    expect((await step(d1, 'dept-001', 'submit')).body.status).toBe('submitted');
    const reviewed = (await rev(coord, 'dept-001')).revision;
    expect((await step(coord, 'dept-002', 'reopen')).body.status).toBe('draft');
    const shared = await save(d2, 'dept-002', {
      actuals: [{ indicatorId: indicatorId(0, 0), value: '4242' }],
    });
    expect(shared.status).toBe(200);
    const stale = await step(coord, 'dept-001', 'approve', undefined, { 'If-Match': `"${reviewed}"` });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('revision_conflict');
    expect((await rev(coord, 'dept-001')).status).toBe('submitted');
    expect((await review(coord, 'dept-001', 'approve')).body.status).toBe('approved');
  });
});
