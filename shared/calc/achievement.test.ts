import { describe, expect, it } from 'vitest';
import { decimal, toPlainString } from '../decimal.ts';
import {
  ACHIEVEMENT_PLACEHOLDER,
  evaluateIndicator,
  formatAchievement,
  parseAchievementCell,
} from './achievement.ts';
import { actuals, indicator } from './test-support.ts';

// Every KPI row of projects 1–3 of the FY2023 進捗状況 report (仙台市), as printed:
// [目標値(増分), 実績値(増分), 達成度].
const PRINTED_ROWS: [string, string, string][] = [
  ['30000', '144476', '481.6%'],
  ['58566', '83963', '143.4%'],
  ['10', '29', '290.0%'],
  ['500', '2000', '400.0%'],
  ['1', '3', '300.0%'],
  ['3', '5', '166.7%'],
  ['7600', '13800', '181.6%'],
  ['225184', '646528', '287.1%'],
  ['150', '160', '106.7%'],
  ['5', '7', '140.0%'],
];

function increment(target: string, actual: string | null, fy = 2023) {
  return evaluateIndicator(
    indicator({ kind: 'increment', targets: { [fy]: target } }),
    actuals({ [fy]: actual }),
    fy,
  );
}

describe('達成度 of increment KPIs (project table)', () => {
  it.each(PRINTED_ROWS)('target %s, actual %s prints %s', (target, actual, printed) => {
    const a = increment(target, actual);
    expect(a.printed).toBe(printed);
    expect(a.computable).toBe(true);
    expect(a.met).toBe(true);
    expect(a.interim).toBe(false);
    expect(a.reasons).toEqual([]);
  });

  it('rounds half up, not by truncation: 144,476 / 30,000 is 481.6%', () => {
    const a = increment('30000', '144476');
    expect(toPlainString(a.percent!)).toBe('481.6');
    expect(a.ratio).toBeNull(); // the figure is the percent; ratios are for thresholds
  });

  it('1,161,000 / 180,000 is exactly 645.0%', () => {
    expect(increment('180000', '1161000').printed).toBe('645.0%');
  });

  it('rounds an exact half up (1 / 8 = 12.5% → 12.5; 1 / 16 = 6.25% → 6.3%)', () => {
    expect(increment('8', '1').printed).toBe('12.5%');
    expect(increment('16', '1').printed).toBe('6.3%');
    expect(increment('1600', '1').printed).toBe('0.1%'); // 0.0625% → 0.1%
  });

  it('uses the increments: a level figure is not involved', () => {
    const kpi = indicator({ kind: 'increment', baseline: '56677', targets: { 2023: '58566' } });
    expect(evaluateIndicator(kpi, actuals({ 2023: '83963' }), 2023).printed).toBe('143.4%');
  });

  it('counts 100.0% as met, and follows the printed figure (99.96% prints 100.0%)', () => {
    expect(increment('20', '20').met).toBe(true);
    expect(increment('2500', '2499').printed).toBe('100.0%');
    expect(increment('2500', '2499').met).toBe(true);
    expect(increment('2000', '1999').printed).toBe('100.0%'); // 99.95 rounds up
    expect(increment('10000', '9994').printed).toBe('99.9%');
    expect(increment('10000', '9994').met).toBe(false);
  });

  it('project 2 KPI ④: target increment 0 and actual (※) is not computable for both reasons', () => {
    const a = increment('0', null);
    expect(a).toMatchObject({ computable: false, percent: null, met: null, printed: '—%' });
    expect(a.reasons).toEqual(['missing_actual', 'zero_target']);
  });

  it('a zero target increment with an actual is not computable (never divides by zero)', () => {
    expect(increment('0', '5')).toMatchObject({ computable: false, met: null, reasons: ['zero_target'] });
  });

  it('a missing actual alone is not computable', () => {
    expect(increment('100', null)).toMatchObject({
      computable: false,
      met: null,
      reasons: ['missing_actual'],
    });
  });

  it('no target for the year is no_target', () => {
    const kpi = indicator({ kind: 'increment', targets: { 2024: '10' } });
    expect(evaluateIndicator(kpi, actuals({ 2023: '5' }), 2023).reasons).toEqual(['no_target']);
    expect(evaluateIndicator(kpi, actuals({}), 2023).reasons).toEqual(['missing_actual', 'no_target']);
  });

  it('a negative increment gives a negative, failed 達成度 printed with △', () => {
    const a = increment('300', '-25');
    expect(a.printed).toBe('△8.3%');
    expect(a.met).toBe(false);
  });
});

describe('formatAchievement', () => {
  it.each([
    ['290', '290.0%'],
    ['1408', '1408.0%'],
    ['13.5', '13.5%'],
    ['0', '0.0%'],
    ['0.04', '0.0%'],
    ['0.05', '0.1%'],
    ['12345.67', '12345.7%'],
    ['-0.04', '0.0%'],
    ['-8.25', '△8.3%'],
  ])('%s → %s', (value, printed) => {
    expect(formatAchievement(decimal(value))).toBe(printed);
  });

  it('prints the placeholder with an em dash for no figure', () => {
    expect(formatAchievement(null)).toBe('—%');
    expect(ACHIEVEMENT_PLACEHOLDER).toBe('\u2014%');
  });
});

describe('parseAchievementCell', () => {
  it.each(['—%', '-%', '－％', '―%', ' —% '])('reads %j as the placeholder', (cell) => {
    expect(parseAchievementCell(cell)).toEqual({ kind: 'placeholder' });
  });

  it.each([
    ['481.6%', '481.6'],
    ['1408.0%', '1408.0'],
    ['100%', '100.0'],
    ['１４３．４％', '143.4'],
    ['△8.3%', '-8.3'],
  ])('reads %s as %s', (cell, value) => {
    const parsed = parseAchievementCell(cell);
    expect(parsed.kind).toBe('value');
    if (parsed.kind === 'value') expect(toPlainString(parsed.percent)).toBe(value);
  });

  it('round-trips every printed figure', () => {
    for (const [, , printed] of PRINTED_ROWS) {
      const parsed = parseAchievementCell(printed);
      expect(parsed.kind === 'value' && formatAchievement(parsed.percent)).toBe(printed);
    }
  });

  it.each(['481.65%', '481.6', 'abc', '', '1,408.0%'])(
    'refuses %j with a message in Japanese and English',
    (cell) => {
      const parsed = parseAchievementCell(cell);
      expect(parsed.kind).toBe('invalid');
      if (parsed.kind === 'invalid') {
        expect(parsed.message.ja).toContain('達成度');
        expect(parsed.message.en).toContain('achievement');
      }
    },
  );
});
