/**
 * data/*.plan.json are generated from tests/fixtures/ by scripts/convert-fixtures.ts. This re-runs the
 * conversion in memory: it fails when a committed file is stale, and shows that the conversion's
 * cross-checks catch a fixture whose figures disagree.
 */
import { describe, expect, it } from 'vitest';
import { convertBudgets } from '../../scripts/convert/budgets.ts';
import { unwrapPdfSpaces } from '../../scripts/convert/common.ts';
import type { BudgetFixture, ProgressFixture, RevisionFixture } from '../../scripts/convert/fixture-types.ts';
import { convertProgress } from '../../scripts/convert/progress.ts';
import { convertRevision } from '../../scripts/convert/revision.ts';
import { convertAllFixtures, readCommittedPlan } from '../../scripts/convert-fixtures.ts';
import { loadFixture } from './load.ts';

const converted = convertAllFixtures();

describe('data/ plan files', () => {
  it.each(converted.map((c) => [c.file, c] as const))('%s is valid and up to date', (file, c) => {
    expect(c.problems).toEqual([]);
    expect(c.plan).not.toBeNull();
    expect(readCommittedPlan(file), 'stale: run npx node scripts/convert-fixtures.ts').toEqual(
      JSON.parse(JSON.stringify(c.plan)),
    );
  });

  it('holds the demo plan as the brief describes it', () => {
    const plan = converted[0]!.plan!;
    expect(plan.departments.map((d) => d.id)).toEqual([
      'tohoku-renkei',
      'nagamachi',
      'izumi-chuo',
      'seisaku-kikaku',
    ]);
    expect(plan.goals.flatMap((g) => g.indicators)).toHaveLength(11);
    expect(plan.projects.flatMap((p) => p.indicators).every((i) => i.kind === 'increment')).toBe(true);
    expect(plan.cycles.map((c) => c.fiscalYear)).toEqual([2022, 2023]);
    const missing = plan.cycles[1]!.actuals.filter((a) => a.value === null);
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({
      marker: '(※)',
      missingReason: expect.stringMatching(/^仙台市地下鉄/),
    });
    const toDate = plan.cycles.flatMap((c) => c.actuals).filter((a) => a.basis === 'to_date');
    expect(toDate).toHaveLength(6); // 3 cumulative goal indicators × 2 cycles
    const ghg = plan.goals[4]!.indicators[0]!;
    expect(ghg).toMatchObject({ kind: 'reduction', direction: 'lower_is_better', unit: '万t-CO2' });
    expect(ghg.targets[0]).toMatchObject({ fiscalYear: 2030, value: '593', period: 'R12年度' });
    // Decimals are kept as printed: 50.0% stays 50.0.
    expect(plan.goals[2]!.indicators[1]!.targets[0]!.value).toBe('50.0');
  });

  it('keeps the revision before-version in previousVersions', () => {
    const plan = converted[2]!.plan!;
    expect(plan.plan.version).toBe(2);
    expect(plan.previousVersions.map((v) => v.version)).toEqual([1]);
    expect(plan.projects[0]!.indicators[2]!.targets.map((t) => [t.fiscalYear, t.value, t.period])).toEqual([
      [2018, '30', 'H30年度'],
      [2019, '50', 'H31年度'],
      [2020, '50', 'H32年度'],
    ]);
  });
});

describe('conversion cross-checks', () => {
  it('reports a printed 累計 that is not the sum of its years', () => {
    const fx = structuredClone(loadFixture<RevisionFixture>('plan-revision.json'));
    fx.after[1]!.cumulative_kpi = { ...fx.after[1]!.cumulative_kpi, text: '96,000 千円', value: 96000 };
    const codes = convertRevision(fx).problems.list.map((p) => p.code);
    expect(codes).toEqual(['fixture.cumulative_sum']);
  });

  it('reports a previous-year value that the printed 前年度比 contradicts', () => {
    const fx = structuredClone(loadFixture<ProgressFixture>('progress-2023-sample.json'));
    fx.basic_goals[0]!.indicators[0]!.derived_not_printed.previous_year_value = 52;
    const problems = convertProgress(fx).problems.list;
    expect(problems.map((p) => p.code)).toEqual(['fixture.previous_year']);
    expect(problems[0]!.message.ja).toMatch(/66 − 前年度比 13 = 53/);
  });

  it('reports a printed figure that differs from the recorded number', () => {
    const fx = structuredClone(loadFixture<BudgetFixture>('budgets-r4-sample.json'));
    fx.projects[0]!.initial_budget.printed = '19,252';
    const problems = convertBudgets(fx).problems.list;
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['fixture.value_mismatch', 'projects[0].initial_budget'],
    ]);
  });

  it('removes only the spaces a PDF wrap left between Japanese characters', () => {
    expect(unwrapPdfSpaces('評価する市民 の割合')).toBe('評価する市民の割合');
    expect(unwrapPdfSpaces('活性化し、 魅力ある')).toBe('活性化し、魅力ある');
    expect(unwrapPdfSpaces('MEMS パークコンソーシアム')).toBe('MEMS パークコンソーシアム');
  });
});
