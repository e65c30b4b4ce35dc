import { beforeAll, describe, expect, it } from 'vitest';
import type { SheetResponse } from '../../shared/api.ts';
import type { Goal, PlanFileInput } from '../../shared/schema/index.ts';
import { addUser, call, db, sheetPath, type TestUser } from './helpers.ts';
import { deptId, makeActuals, makePlan } from './plan-factory.ts';

/**
 * Goal indicators (数値目標) on the sheet of the department that reports them (docs/domain.md §10.5):
 * the sheet carries the ones assigned to it and no others; they are saved, refused, conflicted,
 * replayed and completed like KPIs; the goal table prints what the department entered, with its
 * period label and 前年度比.
 */

const PLAN = 'goal-sheet';
let admin: TestUser;
let coord: TestUser;
let first: TestUser;
let second: TestUser;

// Goal 1: a running total reported by dept-001, a rate by dept-002. Goal 2: nobody's (the coordinator's).
const GOALS: Goal[] = [
  {
    id: 'g1',
    number: 1,
    title: '地域経済を活性化する',
    directions: ['中小企業を支援する'],
    indicators: [
      {
        id: 'g1-firms',
        number: 1,
        name: '集中支援対象企業',
        unit: '社',
        kind: 'cumulative',
        direction: 'higher_is_better',
        window: { startFy: 2019, endFy: 2023 },
        baseline: { value: '7', period: 'H29年度' },
        targets: [{ fiscalYear: 2023, value: '50', period: 'R1～5年(累計)' }],
        footnotes: [],
        departmentId: deptId(0),
      },
      {
        id: 'g1-rate',
        number: 2,
        name: '地元定着率',
        unit: '%',
        kind: 'rate',
        direction: 'higher_is_better',
        baseline: { value: '42.2', period: 'R1年度' },
        targets: [{ fiscalYear: 2023, value: '45', period: 'R5年度' }],
        footnotes: [],
        departmentId: deptId(1),
      },
    ],
  },
  {
    id: 'g2',
    number: 2,
    title: '交流人口を拡大する',
    directions: [],
    indicators: [
      {
        id: 'g2-guests',
        number: 1,
        name: '宿泊者数',
        unit: '万人',
        kind: 'level',
        direction: 'higher_is_better',
        baseline: { value: '624', period: 'R1年度' },
        targets: [{ fiscalYear: 2023, value: '650', period: 'R5年' }],
        footnotes: [],
      },
    ],
  },
];

const sheetOf = async (u: TestUser, dept: string, fy = 2023) =>
  call<SheetResponse>(u.token, 'GET', sheetPath(PLAN, fy, dept));
const save = async (
  u: TestUser,
  dept: string,
  body: unknown,
  fy = 2023,
  headers: Record<string, string> = {},
) =>
  call<Record<string, unknown>>(u.token, 'PATCH', sheetPath(PLAN, fy, dept), body, {
    'If-Match': `"${(await sheetOf(u, dept, fy)).body.submission.revision}"`,
    ...headers,
  });
const exportCsv = async (fy: number, include: 'approved' | 'all') => {
  const res = await call(
    coord.token,
    'GET',
    `/api/plans/${PLAN}/cycles/${fy}/export?table=goals&format=csv&include=${include}`,
  );
  expect(res.status, res.text).toBe(200);
  return res.text;
};

beforeAll(async () => {
  admin = await addUser('admin', 'admin');
  const plan: PlanFileInput = {
    ...makePlan({ id: PLAN, projects: 2, kpis: 1, years: 3, departments: 2, startFy: 2022 }),
    goals: GOALS,
  };
  const created = await call(admin.token, 'POST', '/api/plans', plan);
  expect(created.status, created.text).toBe(201);
  coord = await addUser('coord', 'coordinator');
  first = await addUser('first', 'department', [deptId(0)]);
  second = await addUser('second', 'department', [deptId(1)]);
  for (const fiscalYear of [2022, 2023])
    expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear })).status).toBe(201);
});

describe('the sheet carries the goal indicators its department reports', () => {
  it('only the assigned ones, after the projects, with their goal, baseline and targets', async () => {
    const s = (await sheetOf(first, deptId(0))).body;
    expect(s.projects.map((p) => p.id)).toEqual(['p-0001']);
    expect(s.goals).toHaveLength(1);
    expect(s.goals[0]).toMatchObject({ id: 'g1', number: 1, title: '地域経済を活性化する' });
    expect(s.goals[0]!.indicators.map((i) => i.id)).toEqual(['g1-firms']);
    expect(s.goals[0]!.indicators[0]).toMatchObject({
      name: '集中支援対象企業',
      unit: '社',
      baseline: { value: '7', period: 'H29年度' },
      targets: [{ fiscalYear: 2023, value: '50', period: 'R1～5年(累計)' }],
    });
    const other = (await sheetOf(second, deptId(1))).body;
    expect(other.goals.flatMap((g) => g.indicators.map((i) => i.id))).toEqual(['g1-rate']);
  });

  it('a department that only reports a goal indicator gets a sheet and sees the plan', async () => {
    const dept = await call(admin.token, 'POST', '/api/admin/departments', {
      id: 'goal-only',
      name: '企画調整課',
    });
    expect(dept.status, dept.text).toBe(201);
    const assigned = await call(coord.token, 'PATCH', `/api/plans/${PLAN}/goal-assignments`, {
      assignments: [{ indicatorId: 'g2-guests', departmentId: 'goal-only' }],
    });
    expect(assigned.status, assigned.text).toBe(200);
    const staff = await addUser('goal-only-staff', 'department', ['goal-only']);
    const s = await sheetOf(staff, 'goal-only');
    expect(s.status, s.text).toBe(200);
    expect(s.body.projects).toEqual([]);
    expect(s.body.goals.flatMap((g) => g.indicators.map((i) => i.id))).toEqual(['g2-guests']);
    const plans = await call<{ plans: { id: string }[] }>(staff.token, 'GET', '/api/plans');
    expect(plans.body.plans.map((p) => p.id)).toContain(PLAN);
    // Back to the coordinator: the rest of this file has g2 reported by nobody.
    const back = await call(coord.token, 'PATCH', `/api/plans/${PLAN}/goal-assignments`, {
      assignments: [{ indicatorId: 'g2-guests', departmentId: null }],
    });
    expect(back.status, back.text).toBe(200);
    expect((await sheetOf(staff, 'goal-only')).body.goals).toEqual([]);
  });
});

describe('saving a goal indicator’s actual', () => {
  it('stores value, period label and footnotes like a KPI, with history rows', async () => {
    const fy2022 = await save(
      first,
      deptId(0),
      {
        actuals: [{ indicatorId: 'g1-firms', value: '53', basis: 'to_date', period: 'R1～4年(累計)' }],
      },
      2022,
    );
    expect(fy2022.status, fy2022.text).toBe(200);
    const saved = await save(first, deptId(0), {
      actuals: [
        {
          indicatorId: 'g1-firms',
          value: '66',
          basis: 'to_date',
          period: 'R1～5年(累計)',
          footnotes: [{ marker: '※1', text: '速報値' }],
        },
      ],
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.changedCells).toBe(1);
    const s = (await sheetOf(first, deptId(0))).body;
    expect(s.actuals.find((a) => a.indicatorId === 'g1-firms')).toMatchObject({
      value: '66',
      period: 'R1～5年(累計)',
      basis: 'to_date',
      footnotes: [{ marker: '※1', text: '速報値' }],
    });
    // The previous year's value comes with the sheet, for the pane's 前年度比.
    expect(s.earlierCycles).toEqual([
      { fiscalYear: 2022, actuals: [expect.objectContaining({ indicatorId: 'g1-firms', value: '53' })] },
    ]);
    const { results } = await db
      .prepare(
        `SELECT field, after FROM history WHERE plan_id = ? AND fiscal_year = 2023 AND indicator_id = 'g1-firms' ORDER BY id`,
      )
      .bind(PLAN)
      .all<{ field: string; after: string }>();
    expect(results.map((r) => r.field)).toEqual(expect.arrayContaining(['value', 'period', 'footnotes']));
    const history = await call<{ entries: unknown[] }>(
      first.token,
      'GET',
      `/api/plans/${PLAN}/indicators/g1-firms/history`,
    );
    expect(history.status).toBe(200);
    expect(history.body.entries.length).toBeGreaterThan(0);
  });

  it('validates through shared/: a bad value is 422 naming the cell', async () => {
    const bad = await save(first, deptId(0), { actuals: [{ indicatorId: 'g1-firms', value: 'たくさん' }] });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('actuals[0]');
  });

  it('refuses another department’s goal indicator exactly as an unknown id, and hides its history', async () => {
    const theirs = await save(first, deptId(0), { actuals: [{ indicatorId: 'g1-rate', value: '40' }] });
    const unknown = await save(first, deptId(0), { actuals: [{ indicatorId: 'no-such', value: '40' }] });
    const nobodys = await save(first, deptId(0), { actuals: [{ indicatorId: 'g2-guests', value: '600' }] });
    expect(theirs.status).toBe(422);
    const shape = (r: typeof theirs, id: string) => JSON.stringify(r.body).replaceAll(id, 'ID');
    expect(shape(theirs, 'g1-rate')).toBe(shape(unknown, 'no-such'));
    expect(shape(nobodys, 'g2-guests')).toBe(shape(unknown, 'no-such'));
    const cleared = await save(first, deptId(0), { cleared: ['g1-rate'] });
    expect(cleared.status).toBe(422);
    const hidden = await call(first.token, 'GET', `/api/plans/${PLAN}/indicators/g1-rate/history`);
    const missing = await call(first.token, 'GET', `/api/plans/${PLAN}/indicators/no-such/history`);
    expect(hidden.status).toBe(404);
    expect(JSON.stringify(hidden.body).replaceAll('g1-rate', 'ID')).toBe(
      JSON.stringify(missing.body).replaceAll('no-such', 'ID'),
    );
  });

  it('a stale save of a goal indicator is a 409 naming it; the same Idempotency-Key replays', async () => {
    const base = (await sheetOf(first, deptId(0))).body.submission.revision;
    const headers = { 'If-Match': `"${base}"` };
    const path = sheetPath(PLAN, 2023, deptId(0));
    const key = { 'Idempotency-Key': 'goal-save-1' };
    const body = {
      actuals: [{ indicatorId: 'g1-firms', value: '67', basis: 'to_date', period: 'R1～5年(累計)' }],
    };
    const once = await call(first.token, 'PATCH', path, body, { ...headers, ...key });
    expect(once.status, once.text).toBe(200);
    const again = await call(first.token, 'PATCH', path, body, { ...headers, ...key });
    expect(again.status).toBe(200);
    expect(again.headers.get('Idempotency-Replayed')).toBe('true');
    const stale = await call<{ conflicts: { indicatorId: string }[] }>(
      first.token,
      'PATCH',
      path,
      { actuals: [{ indicatorId: 'g1-firms', value: '68', basis: 'to_date' }] },
      headers,
    );
    expect(stale.status).toBe(409);
    expect(stale.body.conflicts.map((c) => c.indicatorId)).toContain('g1-firms');
    // Back to the value the export test expects.
    expect((await save(first, deptId(0), { actuals: [{ ...body.actuals[0], value: '66' }] })).status).toBe(
      200,
    );
  });
});

describe('completeness counts the goal indicators', () => {
  it('a blank goal indicator is 422 submission_incomplete naming it; a reason or a value completes it', async () => {
    // dept-002's sheet: its project's KPI and 主な取組 filled, its goal indicator blank.
    const filled = await save(second, deptId(1), {
      actuals: makeActuals([1], 1),
      activities: [{ projectId: 'p-0002', text: '事業2の取組' }],
    });
    expect(filled.status, filled.text).toBe(200);
    const board = await call<{
      departments: { departmentId: string; indicatorCount: number; filledCount: number }[];
    }>(coord.token, 'GET', `/api/plans/${PLAN}/cycles/2023/status`);
    expect(board.body.departments.find((d) => d.departmentId === deptId(1))).toMatchObject({
      indicatorCount: 2,
      filledCount: 1,
    });
    const refused = await call<{
      code: string;
      missing: { goalId?: string; indicatorId?: string; messages: { ja: string; en: string } }[];
    }>(second.token, 'POST', sheetPath(PLAN, 2023, deptId(1), '/submit'), {});
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('submission_incomplete');
    expect(refused.body.missing).toHaveLength(1);
    expect(refused.body.missing[0]).toMatchObject({ indicatorId: 'g1-rate' });
    expect(refused.body.missing[0]!.messages.ja).toContain('数値目標「地元定着率」');
    expect(refused.body.missing[0]!.messages.en).toContain('goal indicator "地元定着率"');
    const reason = await save(second, deptId(1), {
      actuals: [{ indicatorId: 'g1-rate', value: null, marker: '(※)', missingReason: '調査結果の公表前' }],
    });
    expect(reason.status, reason.text).toBe(200);
    const submitted = await call(second.token, 'POST', sheetPath(PLAN, 2023, deptId(1), '/submit'), {});
    expect(submitted.status, submitted.text).toBe(200);
  });
});

describe('the goal table prints what the department entered', () => {
  it('with its period label and 前年度比; withheld under include=approved until the sheet is approved', async () => {
    const all = await exportCsv(2023, 'all');
    expect(all).toContain('R1～5年(累計) 66社 (+13社)');
    // dept-001's FY2023 sheet is a draft: its goal value waits for approval, as its KPIs do.
    expect(await exportCsv(2023, 'approved')).not.toContain('66社');
    // The previous year's sheet approved: its value prints in that year's table.
    for (const step of ['submit', 'approve'] as const) {
      const who = step === 'submit' ? first : coord;
      if (step === 'submit') {
        const s = (await sheetOf(first, deptId(0), 2022)).body;
        await save(
          first,
          deptId(0),
          {
            actuals: makeActuals([0], 1),
            activities: s.projects.map((p) => ({ projectId: p.id, text: '取組' })),
          },
          2022,
        );
      }
      const rev = (await sheetOf(who, deptId(0), 2022)).body.submission.revision;
      const r = await call(
        who.token,
        'POST',
        sheetPath(PLAN, 2022, deptId(0), `/${step}`),
        {},
        { 'If-Match': `"${rev}"` },
      );
      expect(r.status, r.text).toBe(200);
    }
    expect(await exportCsv(2022, 'approved')).toContain('R1～4年(累計) 53社');
  });
});
