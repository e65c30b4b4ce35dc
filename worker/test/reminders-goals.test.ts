import { beforeAll, describe, expect, it } from 'vitest';
import type { CycleStatusResponse, RemindersResponse, SheetResponse } from '../../shared/api.ts';
import type { PlanFileInput } from '../../shared/schema/index.ts';
import { addUser, call, sheetPath, type TestUser } from './helpers.ts';
import { deptId, makeActuals, makePlan } from './plan-factory.ts';

/**
 * Reminders count the goal indicators (数値目標) a department reports (docs/domain.md §10.5) with the
 * same completeness as the submit and the status board (shared/workflow sheetCompleteness with the
 * sheet's goals): a blank assigned goal indicator is named by its goal and counted among the
 * department's indicators; a submitted sheet that became incomplete when one was assigned to it is
 * listed again; a department reporting goal indicators only is listed with no 主な取組 to count.
 */

const PLAN = 'reminders-goals';
const FY = 2023;
let admin: TestUser;
let coord: TestUser;
let first: TestUser;
let second: TestUser;

const GOALS: NonNullable<PlanFileInput['goals']> = [
  {
    id: 'g1',
    number: 1,
    title: '地域経済を活性化する',
    directions: [],
    indicators: [
      {
        id: 'g1-firms',
        number: 1,
        name: '集中支援対象企業',
        unit: '社',
        kind: 'level',
        direction: 'higher_is_better',
        baseline: { value: '7', period: 'H29年度' },
        targets: [{ fiscalYear: 2023, value: '50', period: 'R5年度' }],
        footnotes: [],
        departmentId: deptId(0),
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
      {
        id: 'g2-image',
        number: 2,
        name: '都市イメージの向上',
        unit: '',
        kind: 'qualitative',
        targets: [],
        footnotes: [],
      },
    ],
  },
];

const reminders = async () => {
  const r = await call<RemindersResponse>(coord.token, 'GET', `/api/plans/${PLAN}/cycles/${FY}/reminders`);
  expect(r.status, r.text).toBe(200);
  return r.body;
};
const board = async () => {
  const r = await call<CycleStatusResponse>(coord.token, 'GET', `/api/plans/${PLAN}/cycles/${FY}/status`);
  expect(r.status, r.text).toBe(200);
  return r.body;
};
const save = async (u: TestUser, dept: string, body: unknown) => {
  const sheet = await call<SheetResponse>(u.token, 'GET', sheetPath(PLAN, FY, dept));
  const r = await call(u.token, 'PATCH', sheetPath(PLAN, FY, dept), body, {
    'If-Match': `"${sheet.body.submission.revision}"`,
  });
  expect(r.status, r.text).toBe(200);
};
const assign = async (indicatorId: string, departmentId: string | null) => {
  const r = await call(coord.token, 'PATCH', `/api/plans/${PLAN}/goal-assignments`, {
    assignments: [{ indicatorId, departmentId }],
  });
  expect(r.status, r.text).toBe(200);
};
/**
 * The status board's counts and the reminder's, side by side, for one department: indicators (KPIs
 * and goal indicators) and 主な取組 filled / on the sheet.
 */
const counts = async (dept: string) => {
  const [b, r] = await Promise.all([board(), reminders()]);
  const row = b.departments.find((d) => d.departmentId === dept)!;
  const reminder = r.departments.find((d) => d.departmentId === dept);
  return {
    board: {
      filled: row.filledCount,
      total: row.indicatorCount,
      activities: [row.activitiesFilled, row.activitiesTotal],
    },
    reminder: reminder && {
      filled: reminder.filledCount,
      total: reminder.indicatorCount,
      activities: [reminder.activitiesFilled, reminder.projectCount],
    },
  };
};
/** The status board's row of one department. */
const boardRow = async (dept: string) => (await board()).departments.find((d) => d.departmentId === dept)!;

beforeAll(async () => {
  admin = await addUser('admin', 'admin');
  const plan: PlanFileInput = {
    ...makePlan({ id: PLAN, projects: 2, kpis: 1, years: 2, departments: 2, startFy: FY }),
    goals: GOALS,
  };
  const created = await call(admin.token, 'POST', '/api/plans', plan);
  expect(created.status, created.text).toBe(201);
  coord = await addUser('coord', 'coordinator');
  first = await addUser('first', 'department', [deptId(0)]);
  second = await addUser('second', 'department', [deptId(1)]);
  const opened = await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear: FY });
  expect(opened.status, opened.text).toBe(201);
});

describe('reminders with goal indicators', () => {
  it('name a blank goal indicator by its goal and count it as the status board does', async () => {
    // dept-001: its project's KPI and 主な取組 filled, its goal indicator (g1-firms) blank.
    await save(first, deptId(0), {
      actuals: makeActuals([0], 1),
      activities: [{ projectId: 'p-0001', text: '事業1の取組' }],
    });
    const r = await reminders();
    const own = r.departments.find((d) => d.departmentId === deptId(0));
    expect(own).toMatchObject({
      status: 'draft',
      filledCount: 1,
      indicatorCount: 2,
      activitiesFilled: 1,
      projectCount: 1,
    });
    expect(own!.missing).toEqual([
      {
        goalId: 'g1',
        goalNumber: 1,
        goalTitle: '地域経済を活性化する',
        indicatorId: 'g1-firms',
        indicatorNumber: 1,
        indicatorName: '集中支援対象企業',
        field: 'value',
      },
    ]);
    expect(await counts(deptId(0))).toEqual({
      board: { filled: 1, total: 2, activities: [1, 1] },
      reminder: { filled: 1, total: 2, activities: [1, 1] },
    });
  });

  it('list a submitted sheet again once a goal indicator is assigned to it, with the goal cell after the projects', async () => {
    // dept-002 fills its sheet and submits while it reports no goal indicator: nothing to remind.
    await save(second, deptId(1), {
      actuals: makeActuals([1], 1),
      activities: [{ projectId: 'p-0002', text: '事業2の取組' }],
    });
    const rev = (await call<SheetResponse>(second.token, 'GET', sheetPath(PLAN, FY, deptId(1)))).body
      .submission.revision;
    const submitted = await call(
      second.token,
      'POST',
      sheetPath(PLAN, FY, deptId(1), '/submit'),
      {},
      { 'If-Match': `"${rev}"` },
    );
    expect(submitted.status, submitted.text).toBe(200);
    expect((await reminders()).departments.map((d) => d.departmentId)).toEqual([deptId(0)]);

    // The coordinator then assigns it 宿泊者数: its submitted sheet lacks that value.
    await assign('g2-guests', deptId(1));
    const again = (await reminders()).departments.find((d) => d.departmentId === deptId(1));
    expect(again).toMatchObject({ status: 'submitted', filledCount: 1, indicatorCount: 2 });
    expect(again!.missing.map((m) => ('goalId' in m ? [m.goalId, m.indicatorId] : [m.projectId]))).toEqual([
      ['g2', 'g2-guests'],
    ]);
    expect(await counts(deptId(1))).toEqual({
      board: { filled: 1, total: 2, activities: [1, 1] },
      reminder: { filled: 1, total: 2, activities: [1, 1] },
    });
  });

  it('list a department that reports goal indicators only, a qualitative one by its status', async () => {
    const dept = await call(admin.token, 'POST', '/api/admin/departments', {
      id: 'goal-only',
      name: '企画調整課',
    });
    expect(dept.status, dept.text).toBe(201);
    await assign('g2-image', 'goal-only');
    const only = (await reminders()).departments.find((d) => d.departmentId === 'goal-only');
    expect(only).toMatchObject({
      departmentName: '企画調整課',
      status: 'draft',
      filledCount: 0,
      indicatorCount: 1,
      activitiesFilled: 0,
      projectCount: 0,
    });
    expect(only!.missing).toEqual([
      {
        goalId: 'g2',
        goalNumber: 2,
        goalTitle: '交流人口を拡大する',
        indicatorId: 'g2-image',
        indicatorNumber: 2,
        indicatorName: '都市イメージの向上',
        field: 'status',
      },
    ]);
  });

  it('a missing marker with its reason fills a goal indicator; an unassigned one is no longer asked for', async () => {
    await save(first, deptId(0), {
      actuals: [{ indicatorId: 'g1-firms', value: null, marker: '(※)', missingReason: '集計中' }],
    });
    const own = (await reminders()).departments.find((d) => d.departmentId === deptId(0));
    // Still a draft (not submitted), so still listed, with nothing missing.
    expect(own).toMatchObject({ status: 'draft', filledCount: 2, indicatorCount: 2, missing: [] });

    await assign('g2-guests', null);
    const r = await reminders();
    expect(r.departments.map((d) => d.departmentId)).toEqual([deptId(0), 'goal-only']);
    expect(await counts(deptId(1))).toEqual({
      board: { filled: 1, total: 1, activities: [1, 1] },
      reminder: undefined,
    });
  });
});

describe('the cycle status counts 主な取組 and goal indicators apart', () => {
  it('per department: 主な取組 filled / total, goal indicators filled / assigned, beside the indicator counts', async () => {
    // Where the tests above left it: dept-001's goal indicator has its reason, dept-002 reports none
    // any more, goal-only reports one qualitative goal indicator, still blank.
    expect(await boardRow(deptId(0))).toMatchObject({
      projectCount: 1,
      indicatorCount: 2,
      filledCount: 2,
      activitiesFilled: 1,
      activitiesTotal: 1,
      goalIndicatorCount: 1,
      goalFilledCount: 1,
    });
    expect(await boardRow(deptId(1))).toMatchObject({
      activitiesFilled: 1,
      activitiesTotal: 1,
      goalIndicatorCount: 0,
      goalFilledCount: 0,
    });
    expect(await boardRow('goal-only')).toMatchObject({
      projectCount: 0,
      indicatorCount: 1,
      filledCount: 0,
      activitiesFilled: 0,
      activitiesTotal: 0,
      goalIndicatorCount: 1,
      goalFilledCount: 0,
    });
  });

  it('a 主な取組 of blanks only is not filled; the board and the reminders agree', async () => {
    await save(first, deptId(0), { activities: [{ projectId: 'p-0001', text: ' \n　' }] });
    expect(await boardRow(deptId(0))).toMatchObject({ activitiesFilled: 0, activitiesTotal: 1 });
    expect(await counts(deptId(0))).toEqual({
      board: { filled: 2, total: 2, activities: [0, 1] },
      reminder: { filled: 2, total: 2, activities: [0, 1] },
    });
    // The goal-only department's status filled: counted as a goal indicator and an indicator.
    const staff = await addUser('goal-only-staff', 'department', ['goal-only']);
    await save(staff, 'goal-only', {
      actuals: [{ indicatorId: 'g2-image', value: null, status: 'in_progress' }],
    });
    expect(await boardRow('goal-only')).toMatchObject({ filledCount: 1, goalFilledCount: 1 });
  });
});
