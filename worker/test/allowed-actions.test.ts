import { beforeAll, describe, expect, it } from 'vitest';
import { fillBlanks } from './fill-sheet.ts';
import { addUser, call, sheetPath, type TestUser } from './helpers.ts';
import { indicatorId, makePlan } from './plan-factory.ts';

/**
 * The server tells the pane which workflow steps the caller may take (shared/workflow
 * allowedActions): in the sheet's `submission.allowedActions` and in each department row of the cycle
 * status. A listed step goes through; the lists follow the state, the role and the lock. The status
 * board's `filledCount` applies shared/workflow's rule to the stored values.
 */

const PLAN = 'allowed-plan';
const FY = 2022;
let admin: TestUser;
let coord: TestUser;
let d1: TestUser;

type Sheet = { submission: { status: string; revision: number; allowedActions: string[] } };
type Status = {
  departments: { departmentId: string; status: string; allowedActions: string[]; filledCount: number }[];
};
const sheet = async (u: TestUser) =>
  (await call<Sheet>(u.token, 'GET', sheetPath(PLAN, FY, 'dept-001'))).body.submission;
const allowed = async (u: TestUser) => (await sheet(u)).allowedActions;
const board = async (u: TestUser) =>
  (await call<Status>(u.token, 'GET', `/api/plans/${PLAN}/cycles/${FY}/status`)).body.departments;
const step = async (u: TestUser, action: string, body?: unknown) =>
  call(u.token, 'POST', sheetPath(PLAN, FY, 'dept-001', `/${action}`), body, {
    'If-Match': `"${(await sheet(coord)).revision}"`,
  });

beforeAll(async () => {
  admin = await addUser('admin', 'admin');
  const plan = makePlan({ id: PLAN, projects: 2, kpis: 2, years: 3, departments: 2, startFy: 2021 });
  expect((await call(admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
  coord = await addUser('coord', 'coordinator');
  d1 = await addUser('u1', 'department', ['dept-001']);
  expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear: FY })).status).toBe(201);
});

describe('allowedActions', () => {
  it('follows the state and the role through a draft, a submission and an approval', async () => {
    expect(await allowed(d1)).toEqual(['submit']);
    expect(await allowed(coord)).toEqual(['submit']);
    expect(await allowed(admin)).toEqual([]);

    // Listed while blank; taken once the sheet is complete (the completeness rule has its own tests).
    await fillBlanks(d1.token, PLAN, FY, 'dept-001');
    expect((await step(d1, 'submit')).status).toBe(200);
    expect(await allowed(d1)).toEqual(['reopen']);
    expect(await allowed(coord)).toEqual(['approve', 'return', 'reopen']);

    expect((await step(coord, 'approve')).status).toBe(200);
    // Only a coordinator reopens an approved sheet.
    expect(await allowed(d1)).toEqual([]);
    expect(await allowed(coord)).toEqual(['return', 'reopen']);
    expect((await step(d1, 'reopen')).status).toBe(409);

    expect((await step(coord, 'return', { comment: '確認してください' })).status).toBe(200);
    expect(await allowed(d1)).toEqual(['submit', 'reopen']);
  });

  it('is in every row of the cycle status for the caller, and empty while the cycle is locked', async () => {
    const rows = await board(coord);
    expect(rows.map((r) => [r.departmentId, r.status, r.allowedActions])).toEqual([
      ['dept-001', 'returned', ['submit', 'reopen']],
      ['dept-002', 'draft', ['submit']],
    ]);
    expect((await board(admin)).map((r) => r.allowedActions)).toEqual([[], []]);

    expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles/${FY}/lock`)).status).toBe(200);
    try {
      expect((await board(coord)).map((r) => r.allowedActions)).toEqual([[], []]);
      expect(await allowed(coord)).toEqual([]);
      expect(await allowed(d1)).toEqual([]);
    } finally {
      await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles/${FY}/unlock`);
    }
  });

  it('counts a KPI as filled with a value or a reason for a missing one, not when blank', async () => {
    const base = (await sheet(d1)).revision;
    const saved = await call(
      d1.token,
      'PATCH',
      sheetPath(PLAN, FY, 'dept-001'),
      {
        actuals: [
          { indicatorId: indicatorId(0, 0), value: '12' },
          { indicatorId: indicatorId(0, 1), value: null, missingReason: '集計中のため' },
        ],
      },
      { 'If-Match': `"${base}"` },
    );
    expect(saved.status, saved.text).toBe(200);
    const row = (await board(coord)).find((r) => r.departmentId === 'dept-001');
    expect(row?.filledCount).toBe(2);
  });
});
