import { describe, expect, it } from 'vitest';
import { toPlainString } from '../decimal.ts';
import { evaluateIndicator } from './achievement.ts';
import { actuals, indicator } from './test-support.ts';

// Goal indicators of the FY2023 report (数値目標の進捗状況); the 達成度 is derived, not printed.
describe('goal indicators of the FY2023 report', () => {
  const cumulative = (target: string, start: number) =>
    indicator({ kind: 'cumulative', window: { startFy: start, endFy: 2023 }, targets: { 2023: target } });
  const toDate = (previous: string, current: string) => actuals({ 2022: previous, 2023: current }, 'to_date');

  it.each([
    ['集中支援対象企業 R1～5年(累計)', '50', 2019, '53', '66', '132.0%', true],
    ['企業間取引件数 R1～5年(累計)', '400', 2019, '446', '541', '135.3%', true], // 135.25 rounds up
    ['進出企業数 R3～5年(累計)', '100', 2021, '50', '74', '74.0%', false],
  ])('%s: cumulative %s', (_name, target, start, previous, current, printed, met) => {
    const a = evaluateIndicator(cumulative(target, start), toDate(previous, current), 2023);
    expect(a).toMatchObject({ printed, met, interim: false, computable: true });
  });

  it.each([
    ['宿泊者数 (万人)', 'level', '万人', '624', '600', '96.2%'],
    ['保育施設の利用定員数', 'level', '人', '23324', '23266', '99.8%'],
    ['大学生等の地元定着率', 'rate', '%', '50.0', '39.2', '78.4%'],
    ['子育て社会づくりを評価する市民の割合', 'rate', '%', '50.0', '42.5', '85.0%'],
    ['住みやすいと思う市民の割合', 'rate', '%', '94.0', '90.6', '96.4%'],
    ['住み続けたいと考える市民の割合', 'rate', '%', '90.0', '86.4', '96.0%'],
  ] as const)('%s: %s actual ÷ target', (_name, kind, unit, target, actual, printed) => {
    const a = evaluateIndicator(
      indicator({ kind, unit, targets: { 2023: target } }),
      actuals({ 2023: actual }),
      2023,
    );
    expect(a).toMatchObject({ printed, met: false, interim: false, computable: true });
  });

  it('防災対策を評価する市民の割合 68.8% against 65.0% is met (105.8%)', () => {
    const kpi = indicator({ kind: 'rate', unit: '%', targets: { 2023: '65.0' } });
    expect(evaluateIndicator(kpi, actuals({ 2023: '68.8' }), 2023)).toMatchObject({
      printed: '105.8%',
      met: true,
    });
  });

  it('温室効果ガス排出量 as a reduction: (911 − 708) ÷ (911 − 593) = 63.8%, interim until R12年度', () => {
    const ghg = indicator({ kind: 'reduction', unit: '万t-CO2', baseline: '911', targets: { 2030: '593' } });
    const a = evaluateIndicator(ghg, actuals({ 2023: { value: '708', period: 'R4年度(速報値)' } }), 2023);
    expect(a).toMatchObject({ printed: '63.8%', computable: true, interim: true, met: null });
    // Once the target year is reached the same shortfall is a failure.
    expect(evaluateIndicator(ghg, actuals({ 2030: '708' }), 2030)).toMatchObject({
      met: false,
      interim: false,
    });
    expect(evaluateIndicator(ghg, actuals({ 2030: '590' }), 2030)).toMatchObject({
      printed: '100.9%',
      met: true,
    });
  });

  it('the same emissions as a lower-is-better level: target ÷ actual = 83.8%', () => {
    const ghg = indicator({
      kind: 'level',
      direction: 'lower_is_better',
      baseline: '911',
      targets: { 2030: '593' },
    });
    expect(evaluateIndicator(ghg, actuals({ 2023: '708' }), 2023)).toMatchObject({
      printed: '83.8%',
      met: null,
    });
    expect(evaluateIndicator(ghg, actuals({ 2030: '593' }), 2030)).toMatchObject({
      printed: '100.0%',
      met: true,
    });
    expect(evaluateIndicator(ghg, actuals({ 2030: '0' }), 2030).reasons).toEqual(['zero_actual']);
  });
});

// 仙台市経済成長戦略2023: five-year cumulative targets with four years of actuals (to the end of FY2022).
describe('growth strategy outcome indicators (cumulative, interim)', () => {
  const fiveYears = (target: string) =>
    indicator({ kind: 'cumulative', window: { startFy: 2019, endFy: 2023 }, targets: { 2023: target } });

  it.each([
    ['集中支援対象企業数', '50', '53', '106.0%', true],
    ['企業間取引件数', '400', '446', '111.5%', true],
    ['新たな製品・サービスの開発件数', '100', '179', '179.0%', true],
    ['先行取組事例創出数', '50', '31', '62.0%', null],
    ['本市誘致による進出企業数', '150', '101', '67.3%', null],
  ])('%s: %s over 5 years, %s after 4 → %s (met %s)', (_name, target, actual, printed, met) => {
    const a = evaluateIndicator(fiveYears(target), actuals({ 2022: actual }, 'to_date'), 2022);
    expect(a).toMatchObject({ printed, met, interim: true, computable: true });
  });

  it('sums yearly amounts when they are reported per year, up to a to_date total', () => {
    const kpi = fiveYears('50');
    const byYear = actuals({ 2019: '10', 2020: '12', 2021: '15', 2022: '16' });
    expect(evaluateIndicator(kpi, byYear, 2022).printed).toBe('106.0%');
    const mixed = actuals({ 2020: { value: '22', basis: 'to_date' }, 2021: '15', 2022: '16' });
    expect(evaluateIndicator(kpi, mixed, 2022).printed).toBe('106.0%');
  });

  it('a year missing inside the window leaves the sum not computable', () => {
    const byYear = actuals({ 2019: '10', 2021: '15', 2022: '16' });
    expect(evaluateIndicator(fiveYears('50'), byYear, 2022)).toMatchObject({
      computable: false,
      reasons: ['missing_actual'],
      interim: true,
    });
  });

  it('after the window ends, later years do not count and the result is final', () => {
    const kpi = fiveYears('50');
    const byYear = actuals({ 2022: '40', 2023: '45', 2024: '90' }, 'to_date');
    expect(evaluateIndicator(kpi, byYear, 2024)).toMatchObject({
      printed: '90.0%',
      met: false,
      interim: false,
    });
  });

  it('a year before the window has no target', () => {
    expect(evaluateIndicator(fiveYears('50'), actuals({ 2018: '3' }), 2018).reasons).toEqual(['no_target']);
  });

  it('市内法人企業数 35,350 against 35,000 (level) is 101.0%', () => {
    const kpi = indicator({ kind: 'level', unit: '社', targets: { 2023: '35000' } });
    expect(evaluateIndicator(kpi, actuals({ 2021: '35350' }), 2021)).toMatchObject({
      printed: '101.0%',
      met: true,
    });
  });

  it('rates with different decimals: 82.0% against 70% is 117.1%, 52.9% against 55% is 96.2%', () => {
    const rate = (target: string) => indicator({ kind: 'rate', unit: '%', targets: { 2022: target } });
    expect(evaluateIndicator(rate('70'), actuals({ 2022: '82.0' }), 2022).printed).toBe('117.1%');
    expect(evaluateIndicator(rate('55'), actuals({ 2022: '52.9' }), 2022).printed).toBe('96.2%');
  });
});

describe('threshold', () => {
  const over50 = indicator({
    kind: 'threshold',
    unit: '%',
    threshold: { comparator: '>', maintain: false },
    targets: { 2021: '50' },
  });

  it('黒字企業割合 46.5% against 50％超 is not met; the ratio is informative only', () => {
    const a = evaluateIndicator(over50, actuals({ 2021: '46.5' }), 2021);
    expect(a).toMatchObject({ computable: true, met: false, percent: null, printed: '—%' });
    expect(toPlainString(a.ratio!)).toBe('0.930000');
  });

  it.each([
    ['>', '50.0', false],
    ['>', '50.1', true],
    ['>=', '50.0', true],
    ['>=', '49.9', false],
    ['<', '50', false],
    ['<', '49.99', true],
    ['<=', '50.00', true],
    ['<=', '50.01', false],
  ] as const)('%s 50 with %s → met %s', (comparator, value, met) => {
    const kpi = indicator({
      kind: 'threshold',
      threshold: { comparator, maintain: false },
      targets: { 2021: '50' },
    });
    expect(evaluateIndicator(kpi, actuals({ 2021: value }), 2021).met).toBe(met);
  });

  it('40社以上を維持: every year so far must hold', () => {
    const keep40 = indicator({
      kind: 'threshold',
      unit: '社',
      window: { startFy: 2020, endFy: 2022 },
      threshold: { comparator: '>=', maintain: true },
      targets: { 2022: '40' },
    });
    expect(evaluateIndicator(keep40, actuals({ 2020: '41', 2021: '40', 2022: '45' }), 2022).met).toBe(true);
    expect(evaluateIndicator(keep40, actuals({ 2020: '41', 2021: '39', 2022: '45' }), 2022).met).toBe(false);
    // A failure is final even while an earlier year is missing; holding is not provable then.
    expect(evaluateIndicator(keep40, actuals({ 2020: '39', 2022: '45' }), 2022).met).toBe(false);
    expect(evaluateIndicator(keep40, actuals({ 2021: '41', 2022: '45' }), 2022)).toMatchObject({
      computable: false,
      met: null,
      reasons: ['missing_actual'],
    });
    // In its first year a failure of the year is final too, though the plan runs on.
    expect(evaluateIndicator(keep40, actuals({ 2020: '30' }), 2020)).toMatchObject({
      met: false,
      interim: true,
    });
  });

  it('累計 3件以上 over a window: the running total against the bound, interim until the end', () => {
    const three = indicator({
      kind: 'threshold',
      window: { startFy: 2020, endFy: 2022 },
      threshold: { comparator: '>=', maintain: false },
      targets: { 2022: '3' },
    });
    expect(evaluateIndicator(three, actuals({ 2020: '1', 2021: '1' }), 2021)).toMatchObject({
      met: null,
      interim: true,
    });
    expect(evaluateIndicator(three, actuals({ 2020: '1', 2021: '2' }), 2021)).toMatchObject({
      met: true,
      interim: true,
    });
    expect(evaluateIndicator(three, actuals({ 2020: '1', 2021: '1', 2022: '0' }), 2022)).toMatchObject({
      met: false,
    });
  });

  it('a bound of zero (待機児童数 0人以下) is checked without dividing by zero', () => {
    const zero = indicator({
      kind: 'threshold',
      unit: '人',
      threshold: { comparator: '<=', maintain: false },
      targets: { 2023: '0' },
    });
    expect(evaluateIndicator(zero, actuals({ 2023: '0' }), 2023)).toMatchObject({ met: true, ratio: null });
    expect(evaluateIndicator(zero, actuals({ 2023: '3' }), 2023)).toMatchObject({ met: false });
  });

  it('missing actual or bound is not computable', () => {
    expect(evaluateIndicator(over50, actuals({ 2021: null }), 2021).reasons).toEqual(['missing_actual']);
    const noBound = indicator({ kind: 'threshold', threshold: { comparator: '>', maintain: false } });
    expect(evaluateIndicator(noBound, actuals({ 2021: '3' }), 2021).reasons).toEqual(['no_target']);
  });
});

describe('qualitative, not set and degenerate rows', () => {
  const qualitative = indicator({ kind: 'qualitative' });

  it.each([
    ['achieved', true],
    ['not_achieved', false],
    ['partly_achieved', false],
    ['in_progress', null],
  ] as const)('status %s → met %s, never a figure', (status, met) => {
    const a = evaluateIndicator(qualitative, actuals({ 2020: { status, text: '実施した' } }), 2020);
    expect(a).toMatchObject({
      computable: false,
      met,
      percent: null,
      printed: '—%',
      reasons: ['qualitative'],
    });
  });

  it('a qualitative KPI without a report is missing', () => {
    expect(evaluateIndicator(qualitative, actuals({}), 2020).reasons).toEqual([
      'qualitative',
      'missing_actual',
    ]);
  });

  it('not_set (※今後の趨勢を見極めて改めて設定) is neither met nor failed', () => {
    const kpi = indicator({ kind: 'not_set', note: '※今後の趨勢を見極めて改めて設定' });
    expect(evaluateIndicator(kpi, actuals({ 2023: '12' }), 2023)).toMatchObject({
      computable: false,
      met: null,
      reasons: ['not_set'],
      printed: '—%',
    });
  });

  it('reduction: no baseline, target equal to baseline, missing actual', () => {
    const noBaseline = indicator({ kind: 'reduction', targets: { 2023: '5' } });
    expect(evaluateIndicator(noBaseline, actuals({ 2023: '4' }), 2023).reasons).toEqual(['no_baseline']);
    const flat = indicator({ kind: 'reduction', baseline: '10', targets: { 2023: '10.0' } });
    expect(evaluateIndicator(flat, actuals({ 2023: '4' }), 2023).reasons).toEqual(['zero_target']);
    expect(evaluateIndicator(flat, actuals({}), 2023).reasons).toEqual(['missing_actual', 'zero_target']);
  });

  it('a level with a zero target is not computable; a malformed stored figure reads as missing', () => {
    const zero = indicator({ kind: 'level', targets: { 2023: '0' } });
    expect(evaluateIndicator(zero, actuals({ 2023: '4' }), 2023).reasons).toEqual(['zero_target']);
    const level = indicator({ kind: 'level', targets: { 2023: '10' } });
    const bad = new Map([
      [2023, { indicatorId: 'ind-1', value: '1,000', basis: 'year' as const, footnotes: [] }],
    ]);
    expect(evaluateIndicator(level, bad, 2023).reasons).toEqual(['missing_actual']);
  });
});
