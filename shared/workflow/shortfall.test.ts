import { describe, expect, it } from 'vitest';
import { evaluateIndicator } from '../calc/achievement.ts';
import { actuals, indicator } from '../calc/test-support.ts';
import { PlanHeader, ShortfallSetting } from '../schema/index.ts';
import { Actual } from '../schema/submission.ts';
import { judgeShortfall, MISSING_CELL_CODE, missingCellProblem, sheetCompleteness } from './index.ts';

/** 未達成の理由 (docs/domain.md §8.6): when a KPI that falls short needs a reason before 提出. */

const ON = { required: true, below: 100 };
const level = indicator({ kind: 'level', number: 2, name: '来訪者数', targets: { 2023: '1000' } });
const judge = (value: string, setting: ShortfallSetting | null = ON, reason?: string) =>
  judgeShortfall(setting, level, evaluateIndicator(level, actuals({ 2023: value }), 2023), reason);

describe('judgeShortfall', () => {
  it('asks below 100.0% and not at it: the boundary is the printed figure', () => {
    expect(judge('999').needed).toBe(true); // 99.9%
    expect(judge('999.4').needed).toBe(true); // 99.9% as printed
    expect(judge('999.5').needed).toBe(false); // 100.0% as printed
    expect(judge('1000').needed).toBe(false);
    expect(judge('1200').needed).toBe(false);
  });

  it('names the KPI and its figure in Japanese and English', () => {
    expect(judge('850').message).toEqual({
      ja: '指標「② 来訪者数」の達成度が 85.0% で 100.0% 未満です。未達成の理由を入力してください',
      en: 'KPI "② 来訪者数" achieved 85.0%, below 100.0%. Enter the reason it fell short',
    });
    const inProject = judgeShortfall(
      ON,
      level,
      evaluateIndicator(level, actuals({ 2023: '850' }), 2023),
      '',
      { number: 3, name: '観光振興' },
    );
    expect(inProject.message?.ja).toBe(
      '事業「3 観光振興」の指標「② 来訪者数」の達成度が 85.0% で 100.0% 未満です。未達成の理由を入力してください',
    );
  });

  it('follows the threshold: 80.0 asks at 80.1 and not at 80.0', () => {
    expect(judge('800', { required: true, below: 80 }).needed).toBe(false);
    expect(judge('799', { required: true, below: 80.1 }).needed).toBe(true);
    expect(judge('801', { required: true, below: 80.1 }).needed).toBe(false);
  });

  it('a reason of blanks is not given; text is', () => {
    expect(judge('850', ON, ' 　\n').given).toBe(false);
    const j = judge('850', ON, '天候不順により来訪者が減少した');
    expect(j).toMatchObject({ needed: true, given: true });
  });

  it('asks nothing when the setting is off or absent', () => {
    expect(judge('850', null)).toEqual({ needed: false, given: false, message: null });
    expect(judge('850', { required: false, below: 100 }).needed).toBe(false);
  });

  it('a threshold KPI asks when not met, whatever its ratio', () => {
    const t = indicator({
      kind: 'threshold',
      name: '女性の割合',
      targets: { 2023: '50' },
      threshold: { comparator: '>', maintain: false },
    });
    const at = (v: string) => judgeShortfall(ON, t, evaluateIndicator(t, actuals({ 2023: v }), 2023), '');
    expect(at('50').needed).toBe(true); // 50.0 against 50％超 is not met
    expect(at('50').message?.ja).toBe(
      '指標「① 女性の割合」が目標の基準を満たしていません。未達成の理由を入力してください',
    );
    expect(at('50.1').needed).toBe(false);
  });

  it('a qualitative KPI never asks, even 未達成', () => {
    const q = indicator({ kind: 'qualitative' });
    const ev = evaluateIndicator(q, actuals({ 2023: { status: 'not_achieved' } }), 2023);
    expect(ev.met).toBe(false);
    expect(judgeShortfall(ON, q, ev, '').needed).toBe(false);
  });

  it('an interim figure (a later target) and a missing value ask nothing', () => {
    const later = indicator({ kind: 'level', targets: { 2025: '1000' } });
    const ev = evaluateIndicator(later, actuals({ 2023: '500' }), 2023);
    expect(ev.interim).toBe(true);
    expect(judgeShortfall(ON, later, ev, '').needed).toBe(false);
    expect(
      judgeShortfall(ON, level, evaluateIndicator(level, actuals({ 2023: null }), 2023), '').needed,
    ).toBe(false);
  });
});

describe('the setting and the reason in the schemas', () => {
  it('a plan without the setting parses without it (off); the threshold defaults to 100.0', () => {
    const plan = { id: 'p', title: 't', period: { startFy: 2023, endFy: 2025 } };
    expect(PlanHeader.parse(plan).shortfallReason).toBeUndefined();
    expect(PlanHeader.parse({ ...plan, shortfallReason: { required: true } }).shortfallReason).toEqual(ON);
    expect(ShortfallSetting.safeParse({ required: true, below: 99.95 }).success).toBe(false);
    expect(ShortfallSetting.safeParse({ required: true, below: 0 }).success).toBe(false);
  });

  it('the reason goes through the shared text rule and holds at most 400 characters', () => {
    const a = { indicatorId: 'k', value: '1' };
    expect(Actual.safeParse({ ...a, shortfallReason: '理由\n二行目' }).success).toBe(true);
    expect(Actual.safeParse({ ...a, shortfallReason: 'あ'.repeat(400) }).success).toBe(true);
    expect(Actual.safeParse({ ...a, shortfallReason: 'あ'.repeat(401) }).success).toBe(false);
    expect(Actual.safeParse({ ...a, shortfallReason: 'a\u202Eb' }).success).toBe(false);
  });
});

describe('sheetCompleteness with the 未達成の理由 check', () => {
  const projects = [
    {
      id: 'p1',
      number: 1,
      name: '観光振興',
      period: { startFy: 2023, endFy: 2025 },
      indicators: [{ ...level, id: 'k1' }],
    },
  ];
  const values = (reason?: string) => ({
    actuals: [
      { indicatorId: 'k1', value: '850', ...(reason === undefined ? {} : { shortfallReason: reason }) },
    ],
    activities: [{ projectId: 'p1', text: '取組' }],
  });
  const check = (setting: ShortfallSetting | undefined) => ({
    shortfall: {
      setting,
      achievementOf: () => evaluateIndicator(level, actuals({ 2023: '850' }), 2023),
    },
  });

  it('a missing required reason makes the sheet incomplete, naming the cell; the counts stay', () => {
    const c = sheetCompleteness(projects, 2023, values(), [], check(ON));
    expect(c.indicators).toEqual({ filled: 1, total: 1 });
    expect(c.missing.map((m) => [m.indicatorId, m.field])).toEqual([['k1', 'shortfallReason']]);
    const p = missingCellProblem(c.missing[0]!);
    expect(p).toMatchObject({
      code: MISSING_CELL_CODE,
      path: 'indicators.k1.shortfallReason',
      cell: { indicatorId: 'k1', projectId: 'p1', field: 'shortfallReason' },
    });
    expect(p.message.ja).toContain('85.0% で 100.0% 未満です');
  });

  it('a reason given, the setting off, or no check: complete', () => {
    expect(sheetCompleteness(projects, 2023, values('天候不順'), [], check(ON)).missing).toEqual([]);
    expect(sheetCompleteness(projects, 2023, values(), [], check(undefined)).missing).toEqual([]);
    expect(sheetCompleteness(projects, 2023, values(), []).missing).toEqual([]);
  });
});
