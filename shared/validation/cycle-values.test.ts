import { describe, expect, it } from 'vitest';
import type { Activity, Actual } from '../schema/index.ts';
import { validateCycleValues } from './cycle-values.ts';
import { samplePlan } from './test-support.ts';

const plan = samplePlan();
const actual = (over: Partial<Actual> & { indicatorId: string }): Actual => ({
  value: null,
  basis: 'year',
  footnotes: [],
  ...over,
});
const summary = (problems: ReturnType<typeof validateCycleValues>) =>
  problems.map((p) => ({ code: p.code, path: p.path, cell: p.cell }));

describe('validateCycleValues', () => {
  it('a clean save has no problem', () => {
    const actuals = plan.cycles[0]!.actuals;
    expect(validateCycleValues(plan, 2023, actuals, plan.cycles[0]!.activities)).toEqual([]);
  });

  it('paths are relative to the payload and every problem names its cell', () => {
    const problems = validateCycleValues(
      plan,
      2024,
      [
        actual({ indicatorId: 'p1-k1', value: '12', status: 'achieved' }),
        actual({ indicatorId: 'p1-k3' }),
        actual({ indicatorId: 'p1-k2', value: null, text: ' ' }),
        actual({ indicatorId: 'p1-k1', value: '13' }),
        actual({ indicatorId: 'zz', value: '1' }),
        actual({ indicatorId: 'g1-i2', value: '39.2', marker: 'note' }),
      ],
      [
        { projectId: 'p1', text: '・a' },
        { projectId: 'p9', text: '・b' },
      ],
    );
    expect(summary(problems)).toEqual([
      {
        code: 'actual.status_not_qualitative',
        path: 'actuals[0].status',
        cell: { indicatorId: 'p1-k1', field: 'status' },
      },
      {
        code: 'actual.missing_reason',
        path: 'actuals[1].missingReason',
        cell: { indicatorId: 'p1-k3', field: 'missingReason' },
      },
      {
        code: 'actual.qualitative_empty',
        path: 'actuals[2].status',
        cell: { indicatorId: 'p1-k2', field: 'status' },
      },
      {
        code: 'actual.duplicate',
        path: 'actuals[3].indicatorId',
        cell: { indicatorId: 'p1-k1', field: 'value' },
      },
      {
        code: 'ref.unknown_indicator',
        path: 'actuals[4].indicatorId',
        cell: { indicatorId: 'zz', field: 'value' },
      },
      { code: 'marker.invalid', path: 'actuals[5].marker', cell: { indicatorId: 'g1-i2', field: 'marker' } },
      {
        code: 'ref.unknown_project',
        path: 'activities[1].projectId',
        cell: { projectId: 'p9', field: 'activities' },
      },
    ]);
  });

  it('takes a raw request body: malformed rows are reported with their cell, the others still checked', () => {
    const body = [
      { indicatorId: 'p1-k1', value: '1,234' },
      { indicatorId: 'p1-k3', value: null, footnotes: [{ marker: 'x', text: 'y' }] },
      'not an actual',
      { indicatorId: 'p1-k2', value: null, status: 'done' },
    ] as unknown as Actual[];
    const problems = validateCycleValues(plan, 2023, body, {} as unknown as Activity[]);
    expect(summary(problems)).toEqual([
      { code: 'schema.decimal', path: 'actuals[0].value', cell: { indicatorId: 'p1-k1', field: 'value' } },
      { code: 'schema.wrong_type', path: 'actuals[2]', cell: { field: 'value' } },
      { code: 'schema.option', path: 'actuals[3].status', cell: { indicatorId: 'p1-k2', field: 'status' } },
      { code: 'schema.wrong_type', path: 'activities', cell: undefined },
      {
        code: 'actual.missing_reason',
        path: 'actuals[1].missingReason',
        cell: { indicatorId: 'p1-k3', field: 'missingReason' },
      },
      {
        code: 'marker.invalid',
        path: 'actuals[1].footnotes[0].marker',
        cell: { indicatorId: 'p1-k3', field: 'footnotes' },
      },
    ]);
    expect(problems[0]!.message.ja).toContain('"1234"');
  });

  it('warns on the value cell when 達成度 will not be computable, as calc decides', () => {
    const zero = structuredClone(plan);
    zero.projects[0]!.indicators[0]!.targets[0]!.value = '0';
    const problems = validateCycleValues(zero, 2023, [actual({ indicatorId: 'p1-k1', value: '100' })], []);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'achievement.zero_target',
        severity: 'warning',
        path: 'actuals[0].value',
        cell: { indicatorId: 'p1-k1', field: 'value' },
      }),
    ]);
    // A missing value is its own problem, not also a 達成度 warning.
    expect(
      validateCycleValues(zero, 2023, [actual({ indicatorId: 'p1-k1', missingReason: '未公表' })], []),
    ).toEqual([]);
    const noBaseline = structuredClone(plan);
    noBaseline.goals[0]!.indicators[2]!.baseline = null;
    expect(
      validateCycleValues(noBaseline, 2023, [actual({ indicatorId: 'g1-i3', value: '700' })], []).map(
        (p) => p.code,
      ),
    ).toEqual(['achievement.no_baseline']);
  });

  it('reads the other cycles of the plan: a year before a cumulative window has no target', () => {
    const problems = validateCycleValues(plan, 2018, [actual({ indicatorId: 'g1-i1', value: '3' })], []);
    expect(problems.map((p) => p.code)).toEqual(['achievement.no_target']);
    expect(problems[0]!.message.ja).toBe(
      '指標「集中支援対象企業」に 2018年度 の目標値がないため達成度は算出できません。目標値を確認してください',
    );
  });

  it('rejects a fiscal year that is not one', () => {
    for (const fy of [Number.NaN, 2023.5, 1800]) {
      expect(validateCycleValues(plan, fy, [], []).map((p) => p.code)).toEqual(['cycle.fiscal_year']);
    }
  });
});
