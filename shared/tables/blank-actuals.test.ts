import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../tests/shared/load.ts';
import { buildProjectTable } from './projects.ts';

/**
 * A blank that reaches the project table (data from before the completeness rule) is not 未確定: the
 * cohort summary does not count it as such, and the table reports it as a problem naming the cell
 * (docs/domain.md §8.5). A missing value with its marker and reason is 未確定 as published.
 */
describe('a blank actual in the project table', () => {
  const plan = loadPlan('sendai-2023.plan.json');
  const sentence = (model: ReturnType<typeof buildProjectTable>) =>
    model.summary[0]?.rows[0]?.map((c) => c.text).join('|') ?? '';

  it('the published data has none: no problem, the 未確定 KPI ④ of project 2 as printed', () => {
    const model = buildProjectTable(plan, { fiscalYear: 2023 });
    expect(model.problems).toEqual([]);
    expect(sentence(model)).toContain('3事業ともKPIを達成した（実績値が未確定のものを除く）。');
  });

  it('a KPI left blank is a problem, and the sentence does not call it 未確定', () => {
    const blanked = structuredClone(plan);
    const cycle = blanked.cycles.find((c) => c.fiscalYear === 2023)!;
    // Project 2's 未確定 KPI ④ becomes a blank: no value, no marker, no reason.
    cycle.actuals = cycle.actuals.map((a) =>
      a.indicatorId === 'nagamachi-nigiwai-kpi4'
        ? { indicatorId: a.indicatorId, value: null, basis: 'year' as const, footnotes: [] }
        : a,
    );
    const model = buildProjectTable(blanked, { fiscalYear: 2023 });
    expect(model.problems.map((p) => [p.code, p.cell])).toEqual([
      [
        'table.blank_actual',
        { indicatorId: 'nagamachi-nigiwai-kpi4', projectId: 'nagamachi-nigiwai', field: 'actual' },
      ],
    ]);
    expect(model.problems[0]?.message.ja).toContain('令和5年度の実績値が空欄です');
    expect(sentence(model)).toContain('3事業ともKPIを達成した。');
    expect(sentence(model)).not.toContain('未確定');
  });

  it('a project whose values do not count yet (not approved) is not reported: its block says 未確定', () => {
    const draft = structuredClone(plan);
    const cycle = draft.cycles.find((c) => c.fiscalYear === 2023)!;
    cycle.actuals = cycle.actuals.filter((a) => a.indicatorId !== 'izumi-chuo-kasseika-kpi1');
    cycle.submissions = cycle.submissions.map((s) =>
      s.departmentId === 'izumi-chuo' ? { ...s, status: 'draft' as const } : s,
    );
    expect(buildProjectTable(draft, { fiscalYear: 2023 }).problems).toEqual([]);
  });
});
