import { describe, expect, it } from 'vitest';
import { toPlainString } from '../decimal.ts';
import type { IndicatorKind } from '../schema/index.ts';
import { formatDeltaCell, yearOverYear } from './delta.ts';
import { actuals, indicator } from './test-support.ts';

// The 前年度比 column of the FY2023 goal table: [indicator, kind, unit, previous, current, printed].
const GOAL_TABLE: [string, IndicatorKind, string, string, string, string][] = [
  ['集中支援対象企業', 'cumulative', '社', '53', '66', '+13社'],
  ['企業間取引件数', 'cumulative', '件', '446', '541', '+95件'],
  ['宿泊者数', 'level', '万人', '477', '600', '+123万人'],
  ['進出企業数', 'cumulative', '件', '50', '74', '+24件'],
  ['地元定着率', 'rate', '%', '40.6', '39.2', '△1.4pt'],
  ['保育施設の利用定員数', 'level', '人', '23085', '23266', '+181人'],
  ['子育て評価の割合', 'rate', '%', '39.6', '42.5', '+2.9pt'],
  ['温室効果ガス排出量', 'reduction', '万t-CO2', '737', '708', '△29万t-CO2'],
  ['防災評価の割合', 'rate', '%', '70.4', '68.8', '△1.6pt'],
  ['住みやすい', 'rate', '%', '90.7', '90.6', '△0.1pt'],
  ['住み続けたい', 'rate', '%', '86.3', '86.4', '+0.1pt'],
];

describe('前年度比 of the goal table', () => {
  it.each(GOAL_TABLE)('%s (%s): %s → %s prints %s', (_name, kind, unit, previous, current, printed) => {
    const kpi = indicator({
      kind,
      unit,
      window: kind === 'cumulative' ? { startFy: 2019, endFy: 2023 } : undefined,
    });
    const byYear = actuals({ 2022: previous, 2023: current }, kind === 'cumulative' ? 'to_date' : 'year');
    const delta = yearOverYear(kpi, byYear.get(2023), byYear.get(2022));
    expect(delta.printed).toBe(printed);
    expect(formatDeltaCell(delta)).toBe(`(${printed})`);
  });

  it('rates change in points with exactly one decimal', () => {
    const rate = indicator({ kind: 'rate', unit: '％' });
    const byYear = actuals({ 2022: '48', 2023: '50.25' });
    const delta = yearOverYear(rate, byYear.get(2023), byYear.get(2022));
    expect(delta).toMatchObject({ unit: 'pt', printed: '+2.3pt' });
    expect(toPlainString(delta.value!)).toBe('2.3');
  });

  it('a cumulative KPI reported per year: the year amount is the increase', () => {
    const kpi = indicator({ kind: 'cumulative', unit: '社' });
    const byYear = actuals({ 2022: '9', 2023: '13' });
    expect(yearOverYear(kpi, byYear.get(2023), byYear.get(2022)).printed).toBe('+13社');
    expect(yearOverYear(kpi, byYear.get(2023), undefined).printed).toBe('+13社');
  });

  it('a running total against a yearly amount is not a change', () => {
    const kpi = indicator({ kind: 'cumulative', unit: '社' });
    const current = actuals({ 2023: '66' }, 'to_date').get(2023);
    const previous = actuals({ 2022: '13' }).get(2022);
    expect(yearOverYear(kpi, current, previous)).toMatchObject({ value: null, printed: '' });
  });

  it('no change prints ±0 with the unit (±0.0pt for a rate); thousands are separated', () => {
    const level = indicator({ kind: 'level', unit: '人' });
    const same = actuals({ 2022: '23266', 2023: '23266' });
    expect(yearOverYear(level, same.get(2023), same.get(2022)).printed).toBe('±0人');
    const rate = indicator({ kind: 'rate', unit: '%' });
    const flat = actuals({ 2022: '39.2', 2023: '39.2' });
    expect(yearOverYear(rate, flat.get(2023), flat.get(2022)).printed).toBe('±0.0pt');
    const big = actuals({ 2022: '1000', 2023: '1161000' });
    expect(yearOverYear(level, big.get(2023), big.get(2022)).printed).toBe('+1,160,000人');
  });

  it('has no value when a side is missing, or for increment, qualitative and not-set KPIs', () => {
    const level = indicator({ kind: 'level', unit: '人' });
    const byYear = actuals({ 2022: null, 2023: '5' });
    expect(yearOverYear(level, byYear.get(2023), byYear.get(2022)).printed).toBe('');
    expect(yearOverYear(level, undefined, byYear.get(2023)).printed).toBe('');
    for (const kind of ['increment', 'qualitative', 'not_set'] as const) {
      const two = actuals({ 2022: '3', 2023: '5' });
      expect(formatDeltaCell(yearOverYear(indicator({ kind }), two.get(2023), two.get(2022)))).toBe('');
    }
  });
});
