import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, HistoryEntry, SheetResponse } from '../../shared/api.ts';
import { addUser, call, dump, sheetPath, type TestUser } from './helpers.ts';
import { indicatorId, makePlan, projectId } from './plan-factory.ts';

/**
 * 未達成の理由 (docs/domain.md §8.6) through HTTP: the coordinator turns it on for a plan (PATCH, with
 * its history row; department staff may not), the sheet carries the setting, the reason is saved with
 * the KPI's actual and its history, and a submit without a reason the rule asks for is 422 naming the
 * cell — with it, 200.
 */

const PLAN = 'shortfall-plan';
const FY = 2021;
const SHEET = sheetPath(PLAN, FY, 'dept-001');
const K1 = indicatorId(0, 0); // target 10 in FY2021 (plan-factory: 10·(k+1) + year)
const K2 = indicatorId(0, 1); // target 20
let admin: TestUser;
let coord: TestUser;
let staff: TestUser;

type Refusal = {
  code: string;
  missing: { projectId: string; indicatorId?: string; field: string; messages: { ja: string; en: string } }[];
  problems: { code: string; cell: { indicatorId?: string; projectId?: string; field: string } }[];
};

const sheet = async () => (await call<SheetResponse>(staff.token, 'GET', SHEET)).body;
const save = async (body: unknown) =>
  call(staff.token, 'PATCH', SHEET, body, { 'If-Match': `"${(await sheet()).submission.revision}"` });
const submit = () => call<Refusal & { status: string }>(staff.token, 'POST', `${SHEET}/submit`, {});
const patchPlan = (who: TestUser, body: unknown) => call(who.token, 'PATCH', `/api/plans/${PLAN}`, body);

beforeAll(async () => {
  admin = await addUser('sf-admin', 'admin');
  coord = await addUser('sf-coord', 'coordinator');
  staff = await addUser('sf-staff', 'department', ['dept-001']);
  const plan = makePlan({ id: PLAN, projects: 1, kpis: 2, years: 3, departments: 1, startFy: FY });
  expect((await call(admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
  expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear: FY })).status).toBe(201);
});

describe('the plan’s setting', () => {
  it('is off for a plan without it: the sheet carries none', async () => {
    expect((await sheet()).plan.shortfallReason).toBeUndefined();
  });

  it('department staff may not set it (403); a malformed setting is 400, never a 500', async () => {
    expect((await patchPlan(staff, { shortfallReason: { required: true, below: 100 } })).status).toBe(403);
    for (const bad of [
      { shortfallReason: { required: 'yes' } },
      { shortfallReason: { required: true, below: 99.95 } },
      { shortfallReason: { required: true, below: -1 } },
      { shortfallReason: { required: true, below: 100, extra: 1 } },
      {},
    ])
      expect((await patchPlan(coord, bad)).status, JSON.stringify(bad)).toBe(400);
    expect((await sheet()).plan.shortfallReason).toBeUndefined();
  });

  it('the coordinator turns it on; the sheet carries it and the history records who and what', async () => {
    const res = await patchPlan(coord, { shortfallReason: { required: true, below: 100 } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ planId: PLAN, shortfallReason: { required: true, below: 100 } });
    expect((await sheet()).plan.shortfallReason).toEqual({ required: true, below: 100 });
    // Sending the same setting again changes nothing and records nothing.
    expect((await patchPlan(coord, { shortfallReason: { required: true, below: 100 } })).status).toBe(200);
    const audit = await call<{ entries: AuditEntry[] }>(admin.token, 'GET', `/api/audit?planId=${PLAN}`);
    const rows = audit.body.entries.filter((e) => e.action === 'plan.shortfall' && e.targetId === PLAN);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      userId: 'sf-coord',
      planId: PLAN,
      before: null,
      after: { required: true, below: 100 },
    });
  });
});

describe('submitting with the setting on', () => {
  it('refuses a sheet whose KPI falls short without a reason: 422 naming the cell, nothing stored', async () => {
    // K1: 9 of 10 (90.0%), K2: 20 of 20 (100.0%, no reason needed).
    const saved = await save({
      actuals: [
        { indicatorId: K1, value: '9' },
        { indicatorId: K2, value: '20' },
      ],
      activities: [{ projectId: projectId(0), text: '取組' }],
    });
    expect(saved.status, saved.text).toBe(200);
    const before = await dump();
    const res = await submit();
    expect(res.status, res.text).toBe(422);
    expect(res.body.code).toBe('submission_incomplete');
    expect(res.body.missing.map((m) => [m.projectId, m.indicatorId, m.field])).toEqual([
      [projectId(0), K1, 'shortfallReason'],
    ]);
    expect(res.body.missing[0]!.messages.ja).toBe(
      '事業「1 事業1」の指標「① 指標1-1」の達成度が 90.0% で 100.0% 未満です。未達成の理由を入力してください',
    );
    expect(res.body.problems[0]).toMatchObject({
      code: 'submission.missing',
      cell: { indicatorId: K1, projectId: projectId(0), field: 'shortfallReason' },
    });
    expect(await dump()).toBe(before);
  });

  it('a reason over 400 characters is refused by the shared text rule (422)', async () => {
    const res = await save({ actuals: [{ indicatorId: K1, value: '9', shortfallReason: 'あ'.repeat(401) }] });
    expect(res.status).toBe(422);
  });

  it('with the reason saved on the actual (and in its history) the submit is 200', async () => {
    const reason = '天候不順で参加者が減少したため';
    const saved = await save({ actuals: [{ indicatorId: K1, value: '9', shortfallReason: reason }] });
    expect(saved.status, saved.text).toBe(200);
    const s = await sheet();
    expect(s.actuals.find((a) => a.indicatorId === K1)?.shortfallReason).toBe(reason);
    const history = await call<{ entries: HistoryEntry[] }>(staff.token, 'GET', `${SHEET}/history`);
    expect(
      history.body.entries.find((e) => e.indicatorId === K1 && e.field === 'shortfallReason'),
    ).toMatchObject({ action: 'save', after: reason });
    const res = await submit();
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('submitted');
  });

  it('a stale save of another reason is a conflict naming the reason (409)', async () => {
    expect((await call(staff.token, 'POST', `${SHEET}/reopen`, {})).status).toBe(200);
    const base = (await sheet()).submission.revision;
    const first = await call(
      staff.token,
      'PATCH',
      SHEET,
      {
        actuals: [{ indicatorId: K1, value: '9', shortfallReason: '天候不順' }],
      },
      { 'If-Match': `"${base}"` },
    );
    expect(first.status, first.text).toBe(200);
    const stale = await call<{
      conflicts: { indicatorId?: string; field: string; server: unknown; yours: unknown }[];
    }>(
      staff.token,
      'PATCH',
      SHEET,
      { actuals: [{ indicatorId: K1, value: '9', shortfallReason: '会場の都合' }] },
      { 'If-Match': `"${base}"` },
    );
    expect(stale.status, stale.text).toBe(409);
    expect(stale.body.conflicts).toEqual([
      { indicatorId: K1, field: 'shortfallReason', server: '天候不順', yours: '会場の都合' },
    ]);
  });

  it('turned off again, the setting is stored off and recorded', async () => {
    const res = await patchPlan(coord, { shortfallReason: { required: false, below: 100 } });
    expect(res.status).toBe(200);
    expect((await sheet()).plan.shortfallReason).toEqual({ required: false, below: 100 });
    const audit = await call<{ entries: AuditEntry[] }>(admin.token, 'GET', `/api/audit?planId=${PLAN}`);
    const rows = audit.body.entries.filter((e) => e.action === 'plan.shortfall');
    expect(rows.map((e) => [e.before, e.after])).toContainEqual([
      { required: true, below: 100 },
      { required: false, below: 100 },
    ]);
  });
});
