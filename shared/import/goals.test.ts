import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../tests/shared/load.ts';
import { importTables } from './index.ts';
import { unaccounted } from './testing/accounting.ts';
import { type Typed, type TypedSheet, typedCells, typedCsv, typedXlsx } from './testing/typed.ts';

/**
 * Goal tables typed by the rules of docs/domain.md §9.3 from the growth strategy (a threshold `50％超`,
 * five-year cumulative targets, rates with a full-width ％, labels such as `令和３年度時点`), and the
 * variants the Sendai sample does not show: directions one per row, a missing value with its
 * reason, an unknown baseline with a marker and a unit.
 */

interface Outcome {
  group: string;
  indicator: string;
  target: { printed: string };
  actual: { printed: string; period_label_printed: string | null };
  indicator_kind: string;
  target_period: { fy_from?: number; fy_to?: number; actual_fy_to?: number };
}

interface Growth {
  source: { title: string };
  numerical_goal: {
    indicator: string;
    target: { printed: string };
    actual: { printed: string; period_label_printed: string };
  };
  outcome_indicators: Outcome[];
}

const HEADER: Typed[] = [
  { text: '数値目標', span: [1, 1] },
  '指標',
  '基準値',
  '目標値',
  '進捗状況 (前年度比)',
];

/** A row as the goal table prints it: each value after its own period label. */
function outcomeRow(o: Outcome): Typed[] {
  const cumulative = o.indicator_kind === 'cumulative_sum';
  const from = o.target_period.fy_from ?? 2021;
  const target = cumulative ? `${from}～${o.target_period.fy_to ?? 2023}年度(累計)` : '2023年度';
  const actual = cumulative ? `${from}～${o.target_period.actual_fy_to ?? 2022}年度(累計)` : '2022年度';
  return [null, `■ ${o.indicator}`, '', `${target} ${o.target.printed}`, `${actual} ${o.actual.printed}`];
}

function growthTable(): TypedSheet {
  const g = loadFixture<Growth>('growth-strategy-2023.json');
  const goal = g.numerical_goal;
  const rows: Typed[][] = [
    [`${g.source.title} 数値目標の進捗状況`],
    ['2022年度末時点'],
    [],
    ['基本的目標 ①', '数値目標'],
    HEADER,
    [
      null,
      `■ ${goal.indicator}`,
      '',
      `R5年度 ${goal.target.printed}`,
      `${goal.actual.period_label_printed} ${goal.actual.printed}`,
    ],
  ];
  const groups = [...new Set(g.outcome_indicators.map((o) => o.group))];
  groups.forEach((group, i) => {
    rows.push([], [`基本的目標 ${'②③'[i]}`, group.replace(/^成果指標 \/ /u, '')], HEADER);
    rows.push(...g.outcome_indicators.filter((o) => o.group === group).map(outcomeRow));
  });
  return { name: '数値目標', rows };
}

async function read(sheet: TypedSheet, format: 'csv' | 'xlsx') {
  const r = await importTables(format === 'csv' ? typedCsv(sheet) : await typedXlsx([sheet]), {
    acceptPartial: true,
  });
  expect(unaccounted(r, typedCells([sheet], format === 'xlsx'))).toEqual([]);
  return r;
}

describe('a goal table typed from the growth strategy', () => {
  for (const format of ['csv', 'xlsx'] as const) {
    it(`reads thresholds, cumulative windows and rates (${format})`, async () => {
      const r = await read(growthTable(), format);
      expect(r.summary).toMatchObject({ goals: 3, goalIndicators: 10, cellsNotRead: 0, errors: 0 });
      const plan = r.plan!;
      expect(plan.plan.title).toBe('仙台市経済成長戦略2023');
      expect(plan.cycles.map((c) => c.fiscalYear)).toEqual([2022]);
      const [threshold] = plan.goals[0]!.indicators;
      expect(threshold).toMatchObject({
        name: '黒字企業割合',
        unit: '%',
        kind: 'threshold',
        threshold: { comparator: '>', maintain: false },
        targets: [{ fiscalYear: 2023, value: '50', period: 'R5年度' }],
      });
      const byName = new Map(plan.goals.flatMap((g) => g.indicators).map((i) => [i.name, i]));
      expect(byName.get('集中支援対象企業数')).toMatchObject({
        kind: 'cumulative',
        window: { startFy: 2019, endFy: 2023 },
      });
      expect(byName.get('女性の有業率')).toMatchObject({ kind: 'rate', unit: '%' });
      expect(byName.get('市内法人企業数')).toMatchObject({ kind: 'level', unit: '社' });
      const actual = plan.cycles[0]!.actuals.find(
        (a) => a.indicatorId === byName.get('集中支援対象企業数')!.id,
      );
      expect(actual).toMatchObject({ value: '53', basis: 'to_date', period: '2019～2022年度(累計)' });
      expect(plan.cycles[0]!.actuals.find((a) => a.indicatorId === threshold!.id)).toMatchObject({
        value: '46.5',
        period: '令和３年度時点',
      });
    });
  }
});

describe('goal-table variants', () => {
  const sheet = (): TypedSheet => ({
    name: '数値目標',
    rows: [
      ['第2期仙台市まち・ひと・しごと創生総合戦略 数値目標の進捗状況'],
      ['令和5年度末時点'],
      [],
      [
        '基本的目標 ①',
        '地域経済の中心である中小企業を活性化し、魅力ある「しごと」をつくります。',
        '基本的方向',
        '(1) 地域企業の成長促進',
      ],
      [null, null, null, '(2) ローカルビジネスの持続性向上・活性化'],
      [{ text: '数値目標', span: [3, 1] }, '指標', '基準値', '目標値', '進捗状況 (前年度比)'],
      [null, '■ 市内の経済波及効果', 'H29年度 (※1)億円', 'R5年度 120億円', 'R5年度 (※2)'],
      [null, '■ 集中支援対象企業', 'H29年度 7社', 'R1～5年(累計) 50社', 'R1～5年(累計) 66社 (+12社)'],
      ['(※1) 平成29年度は算出していない。'],
      ['※2 令和5年度の値は令和6年秋に公表される。'],
    ],
  });

  it('directions one per row, an unknown baseline and a missing value with their notes', async () => {
    const r = await read(sheet(), 'csv');
    const goal = r.plan!.goals[0]!;
    expect(goal.directions).toEqual(['地域企業の成長促進', 'ローカルビジネスの持続性向上・活性化']);
    expect(goal.indicators[0]).toMatchObject({
      unit: '億円',
      baseline: {
        value: null,
        period: 'H29年度',
        marker: '(※1)',
        missingReason: '平成29年度は算出していない。',
      },
    });
    const missing = r.plan!.cycles.find((c) => c.fiscalYear === 2023)!.actuals[0];
    expect(missing).toMatchObject({
      value: null,
      marker: '(※2)',
      noteMarker: '※2',
      missingReason: '令和5年度の値は令和6年秋に公表される。',
    });
  });

  it('the previous value follows from the 前年度比; a change in another unit is named at its cell', async () => {
    const r = await read(sheet(), 'csv');
    const previous = r.plan!.cycles.find((c) => c.fiscalYear === 2022)!.actuals;
    expect(previous).toEqual([{ indicatorId: 'goal-1-2', value: '54', basis: 'to_date', footnotes: [] }]);
    const wrong = sheet();
    wrong.rows[7]![4] = 'R1～5年(累計) 66社 (+12件)';
    const bad = await read(wrong, 'csv');
    expect(bad.problems.filter((p) => p.code === 'import.delta').map((p) => p.path)).toEqual(['E8']);
  });
});
