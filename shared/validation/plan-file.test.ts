import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validatePlanFile } from './plan-file.ts';
import { samplePlanJson, setAt } from './test-support.ts';

type Change = [(string | number)[], unknown];

function validateWith(...changes: Change[]) {
  const json = samplePlanJson();
  for (const [path, value] of changes) setAt(json, path, value);
  return validatePlanFile(json);
}
const codes = (...changes: Change[]) => validateWith(...changes).problems.map((p) => `${p.code} ${p.path}`);

describe('validatePlanFile', () => {
  it('accepts the sample plan with no problem and returns it parsed, defaults applied', () => {
    const result = validatePlanFile(samplePlanJson());
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([]);
    if (result.ok) expect(result.plan.projects[0]!.indicators[1]!.direction).toBe('higher_is_better');
  });

  it('accepts every demo plan in data/ (at most warnings)', () => {
    const dir = fileURLToPath(new URL('../../data/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.plan.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const result = validatePlanFile(JSON.parse(readFileSync(dir + file, 'utf8')));
      const errors = result.problems.filter((p) => p.severity === 'error');
      expect(errors, file).toEqual([]);
      expect(result.ok, file).toBe(true);
    }
  });

  it('a plan with only warnings is ok; one error makes it not ok, with every problem listed', () => {
    const warned = validateWith([['projects', 0, 'indicators', 0, 'targets', 0, 'value'], '0']);
    expect(warned.ok).toBe(true);
    expect(warned.problems).toEqual([
      expect.objectContaining({
        code: 'achievement.zero_target',
        severity: 'warning',
        path: 'projects[0].indicators[0].targets[0].value',
        message: {
          ja: '目標値(増分)が0のため達成度は算出できません。目標値を確認してください',
          en: 'The target increment is 0, so 達成度 cannot be computed. Check the target.',
        },
      }),
    ]);
    const broken = validateWith(
      [['projects', 0, 'indicators', 0, 'targets', 0, 'value'], '0'],
      [
        ['projects', 0, 'departmentIds'],
        ['d-tohoku', 'd-gone'],
      ],
    );
    expect(broken.ok).toBe(false);
    expect(broken.problems.map((p) => p.code).sort()).toEqual([
      'achievement.zero_target',
      'ref.unknown_department',
    ]);
    expect(broken.problems.find((p) => p.code === 'ref.unknown_department')!.path).toBe(
      'projects[0].departmentIds[1]',
    );
  });

  it('ids are unique per kind, across goals and projects for indicators', () => {
    expect(codes([['projects', 0, 'indicators', 1, 'id'], 'g1-i2'])).toContain(
      'id.duplicate projects[0].indicators[1].id',
    );
    // A project may share an id with a department: they are never looked up in the same place.
    expect(
      codes(
        [['projects', 0, 'id'], 'd-tohoku'],
        [['cycles', 0, 'activities', 0, 'projectId'], 'd-tohoku'],
        [['budgets', 0, 'projectId'], 'd-tohoku'],
      ),
    ).toEqual([]);
  });

  it('project KPIs stay within the project period; goal targets may reach past the plan, not before it', () => {
    expect(codes([['projects', 0, 'indicators', 0, 'targets', 0, 'fiscalYear'], 2022])).toContain(
      'target.outside_period projects[0].indicators[0].targets[0].fiscalYear',
    );
    // R12年度 (2030) on a 2021–2023 strategy is a long-term goal: fine (it is in the sample).
    expect(codes([['goals', 0, 'indicators', 1, 'targets', 0, 'fiscalYear'], 2030])).toEqual([]);
    expect(codes([['goals', 0, 'indicators', 1, 'targets', 0, 'fiscalYear'], 2019])).toEqual([
      'target.outside_period goals[0].indicators[1].targets[0].fiscalYear',
    ]);
    // …unless the target lies inside the indicator's own window (R1～5年(累計) starts in 2019).
    expect(codes([['goals', 0, 'indicators', 0, 'targets', 0, 'fiscalYear'], 2020])).toEqual([]);
  });

  it('a window must fit the project period, and touch the plan period for a goal', () => {
    const cumulativeKpi = {
      id: 'p1-k4',
      number: 4,
      name: '累計参加者数',
      unit: '人',
      kind: 'cumulative',
      window: { startFy: 2023, endFy: 2026 },
      targets: [{ fiscalYear: 2026, value: '100' }],
    };
    // Reported once, at the window: the target at the window's end follows it.
    expect(codes([['projects', 0, 'indicators', 3], cumulativeKpi])).toEqual([
      'window.outside_period projects[0].indicators[3].window',
    ]);
    expect(codes([['goals', 0, 'indicators', 0, 'window'], { startFy: 2024, endFy: 2028 }])).toContain(
      'window.outside_period goals[0].indicators[0].window',
    );
  });

  it('actual problems carry the sheet cell they belong to', () => {
    const result = validateWith([['cycles', 0, 'actuals', 2, 'missingReason'], '  ']);
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: 'actual.missing_reason',
        path: 'cycles[0].actuals[2].missingReason',
        cell: { indicatorId: 'p1-k3', field: 'missingReason' },
      }),
    ]);
    expect(result.problems[0]!.message.ja).toBe(
      '指標「参加事業者数」の実績値がありません。値を入力するか、実績値がない理由を書いてください',
    );
  });

  it('budgets: a settlement above the budget is fine, a negative one is not; ［再掲］ refers to an entry', () => {
    expect(codes([['budgets', 0, 'settlement'], '99999'])).toEqual([]);
    expect(codes([['budgets', 0, 'initialBudget'], '-1'])).toEqual([
      'budget.negative budgets[0].initialBudget',
    ]);
    expect(codes([['projects', 0, 'budget', 'amount'], '-28218'])).toEqual([
      'budget.negative projects[0].budget.amount',
    ]);
    const reprint = {
      ...(samplePlanJson().budgets as object[])[0],
      id: 'b2',
      isReprint: true,
      reprintOf: 'b1',
    };
    expect(codes([['budgets', 1], reprint])).toEqual([]);
    expect(codes([['budgets', 1], { ...reprint, reprintOf: 'b2' }])).toEqual([
      'ref.unknown_budget budgets[1].reprintOf',
    ]);
  });

  it('a submission of an unknown department and markers in every footnote list are checked', () => {
    expect(codes([['cycles', 0, 'submissions', 0, 'departmentId'], 'd-x'])).toEqual([
      'ref.unknown_department cycles[0].submissions[0].departmentId',
    ]);
    expect(codes([['plan', 'footnotes'], [{ marker: '注', text: 'x' }]])).toEqual([
      'marker.invalid plan.footnotes[0].marker',
    ]);
    expect(
      codes([['plan', 'footnotes'], [{ marker: '（注１）', text: '決算額には繰越事業を含む' }]]),
    ).toEqual([]);
  });

  it('a running total (to_date) is for cumulative KPIs; a value without a target warns at the value', () => {
    expect(codes([['cycles', 0, 'actuals', 0, 'basis'], 'to_date'])).toEqual([
      'actual.to_date_not_cumulative cycles[0].actuals[0].basis',
    ]);
    const later = { fiscalYear: 2025, actuals: [{ indicatorId: 'p1-k1', value: '10' }] };
    expect(codes([['cycles', 1], later])).toEqual(['achievement.no_target cycles[1].actuals[0].value']);
  });
});
