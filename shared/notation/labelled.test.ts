import { describe, expect, it } from 'vitest';
import { splitLeadingPeriod, splitTrailingDelta } from './labelled.ts';
import { formatPeriod } from './period.ts';

describe('splitLeadingPeriod', () => {
  it.each([
    ['H29年度 7社', 'H29年度', '7社'],
    ['R1～5年(累計) 66社 (+13社)', 'R1～5年(累計)', '66社 (+13社)'],
    ['R4年度(速報値) 708万t -CO <sub>2</sub>', 'R4年度(速報値)', '708万t -CO <sub>2</sub>'],
    ['H27～R1年度(年平均) 624万人', 'H27～R1年度(年平均)', '624万人'],
    ['R2年度当初 21,823人', 'R2年度当初', '21,823人'],
    ['令和5年度末時点', '令和5年度末時点', ''],
    ['H29年度7社', 'H29年度', '7社'],
    ['R5 10件', 'R5', '10件'],
    ['H30 年度 増加分', 'H30 年度', '増加分'],
  ])('%s', (text, label, rest) => {
    const r = splitLeadingPeriod(text);
    expect(r?.label).toBe(label);
    expect(r?.rest).toBe(rest);
  });

  it('reads the label as a period', () => {
    const r = splitLeadingPeriod('R1～5年(累計) 66社 (+13社)');
    expect(r && formatPeriod(r.period)).toBe('R1～5年(累計)');
    expect(r?.period).toMatchObject({ startYear: 2019, endYear: 2023, aggregate: 'cumulative' });
  });

  it.each(['7社', '', 'KPI 増加分の 累計', '事業開始前 (現時点)'])('%j has no leading period', (text) => {
    expect(splitLeadingPeriod(text)).toBeNull();
  });
});

describe('splitTrailingDelta', () => {
  it.each([
    ['66社 (+13社)', '66社', '(+13社)'],
    ['39.2% (△1.4pt)', '39.2%', '(△1.4pt)'],
    [
      '593万t -CO <sub>2</sub> (△29万t -CO <sub>2</sub> )',
      '593万t -CO <sub>2</sub>',
      '(△29万t -CO <sub>2</sub> )',
    ],
    ['600万人（＋１２３万人）', '600万人', '（＋１２３万人）'],
    ['66社', '66社', null],
    ['(+13社)', '(+13社)', null],
    ['100件(3年間の累計値)', '100件(3年間の累計値)', null],
  ])('%s', (text, value, delta) => {
    expect(splitTrailingDelta(text)).toEqual({ value, delta });
  });
});
