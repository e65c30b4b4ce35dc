import { beforeAll, describe, expect, it } from 'vitest';
import type { SheetResponse } from '../../shared/api.ts';
import type { Project } from '../../shared/schema/index.ts';
import { addUser, call, dump, sheetPath, type TestUser } from './helpers.ts';
import { indicatorId, makePlan, projectId } from './plan-factory.ts';

/**
 * A sheet is submitted complete (shared/workflow's completeness rule, docs/domain.md §8.5): every KPI
 * has a value, a missing marker with its reason, or (qualitative) a status, and every project its
 * 主な取組. A submit of anything less is refused with 422 naming every blank cell, and nothing is
 * stored. A sheet holds only the projects whose plan period covers the cycle's year: a project not
 * yet started is neither on the sheet nor required, nor counted on the status board.
 */

const PLAN = 'complete-plan';
const FY = 2022;
const SHEET = sheetPath(PLAN, FY, 'dept-001');
let coord: TestUser;
let staff: TestUser;

type Problem = {
  code: string;
  status: number;
  messages: { ja: string; en: string };
  missing: { projectId: string; indicatorId?: string; field: string; messages: { ja: string; en: string } }[];
  problems: { code: string; cell: { indicatorId?: string; projectId?: string; field: string } }[];
};

const sheet = async (fy = FY) =>
  (await call<SheetResponse>(staff.token, 'GET', sheetPath(PLAN, fy, 'dept-001'))).body;
const save = async (body: unknown) =>
  call(staff.token, 'PATCH', SHEET, body, { 'If-Match': `"${(await sheet()).submission.revision}"` });
const submit = () => call<Problem & { status: string }>(staff.token, 'POST', `${SHEET}/submit`, {});

beforeAll(async () => {
  const admin = await addUser('admin', 'admin');
  // dept-001 runs projects 1 and 3; project 3 starts in FY2023, so it is not on the FY2022 sheet.
  const plan = makePlan({ id: PLAN, projects: 3, kpis: 2, years: 3, departments: 2, startFy: 2021 });
  const projects = plan.projects as Project[];
  const [first, , later] = projects;
  later!.period = { startFy: 2023, endFy: 2023 };
  later!.indicators = later!.indicators.map((i) => ({
    ...i,
    targets: i.targets.filter((t) => t.fiscalYear === 2023),
  }));
  // The first project's second KPI is qualitative: reported with a status.
  first!.indicators[1] = { ...first!.indicators[1]!, kind: 'qualitative', targets: [] };
  const created = await call(admin.token, 'POST', '/api/plans', plan);
  expect(created.status, created.text).toBe(201);
  coord = await addUser('coord', 'coordinator');
  staff = await addUser('staff', 'department', ['dept-001']);
  for (const fiscalYear of [FY, 2023])
    expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear })).status).toBe(201);
});

describe('a sheet holds the projects active in the cycle’s year', () => {
  it('a project that has not started is not on the sheet, cannot be saved and is not counted', async () => {
    const s = await sheet();
    expect(s.projects.map((p) => p.id)).toEqual([projectId(0)]);
    expect((await sheet(2023)).projects.map((p) => p.id)).toEqual([projectId(0), projectId(2)]);
    const refused = await save({ actuals: [{ indicatorId: indicatorId(2, 0), value: '5' }] });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('sheet.indicator_not_on_sheet');
    const board = await call<{
      departments: { departmentId: string; projectCount: number; indicatorCount: number }[];
    }>(coord.token, 'GET', `/api/plans/${PLAN}/cycles/${FY}/status`);
    expect(board.body.departments.find((d) => d.departmentId === 'dept-001')).toMatchObject({
      projectCount: 1,
      indicatorCount: 2,
    });
  });
});

describe('submitting', () => {
  it('refuses an empty sheet with 422 naming every blank cell; nothing is stored', async () => {
    const before = await dump();
    const res = await submit();
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('submission_incomplete');
    expect(res.body.missing.map((m) => [m.projectId, m.indicatorId ?? null, m.field])).toEqual([
      [projectId(0), null, 'activities'],
      [projectId(0), indicatorId(0, 0), 'value'],
      [projectId(0), indicatorId(0, 1), 'status'],
    ]);
    expect(res.body.missing[1]!.messages.ja).toBe(
      '事業「1 事業1」の指標「① 指標1-1」の実績値が空欄です。値を入力するか、未確定なら (※) と理由を入力してください。',
    );
    expect(res.body.messages.ja).toContain('空欄のセルが3件あるため提出できません');
    expect(res.body.messages.en).toContain('3 cell(s) are blank');
    expect(res.body.problems.map((p) => [p.code, p.cell])).toEqual([
      ['submission.missing', { projectId: projectId(0), field: 'activities' }],
      ['submission.missing', { indicatorId: indicatorId(0, 0), projectId: projectId(0), field: 'value' }],
      ['submission.missing', { indicatorId: indicatorId(0, 1), projectId: projectId(0), field: 'status' }],
    ]);
    expect(await dump()).toBe(before);
    expect((await sheet()).submission.status).toBe('draft');
  });

  it('a missing value with its reason counts as filled; what is still blank is named', async () => {
    expect(
      (
        await save({
          actuals: [
            { indicatorId: indicatorId(0, 0), value: null, marker: '(※)', missingReason: '統計未公表' },
          ],
        })
      ).status,
    ).toBe(200);
    const res = await submit();
    expect(res.status).toBe(422);
    expect(res.body.missing.map((m) => m.indicatorId ?? m.field)).toEqual(['activities', indicatorId(0, 1)]);
  });

  it('a complete sheet is submitted (200)', async () => {
    expect(
      (
        await save({
          actuals: [{ indicatorId: indicatorId(0, 1), value: null, status: 'in_progress' }],
          activities: [{ projectId: projectId(0), text: '説明会を2回開催' }],
        })
      ).status,
    ).toBe(200);
    const res = await submit();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('submitted');
    // Withdrawn by the department (reopen): editable again.
    const withdrawn = await call<{ status: string }>(staff.token, 'POST', `${SHEET}/reopen`, {});
    expect(withdrawn.body.status).toBe('draft');
  });

  it('the sheet of a year where the project has started asks for it', async () => {
    const res = await call<Problem>(staff.token, 'POST', `${sheetPath(PLAN, 2023, 'dept-001')}/submit`, {});
    expect(res.status).toBe(422);
    expect(res.body.missing.filter((m) => m.projectId === projectId(2)).map((m) => m.field)).toEqual([
      'activities',
      'value',
      'value',
    ]);
  });
});
