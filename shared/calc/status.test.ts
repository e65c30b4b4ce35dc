import { describe, expect, it } from 'vitest';
import { evaluateIndicator } from './achievement.ts';
import type { Achievement } from './result.ts';
import { cohortSummary, projectStatus, projectTag, projectYearInPeriod } from './status.ts';
import { actuals, indicator, project } from './test-support.ts';

const increment = (target: string, actual: string | null) =>
  evaluateIndicator(
    indicator({ kind: 'increment', targets: { 2023: target } }),
    actuals({ 2023: actual }),
    2023,
  );
const met = () => increment('10', '12');
const hundred = () => increment('10', '10');
const failed = () => increment('10', '9');
const missing = () => increment('10', null);

describe('project tag and year in the plan period', () => {
  const p = project('p', 2021, 2023);
  it.each([
    [2020, null, ''],
    [2021, 1, '【新規】'],
    [2022, 2, '【2年目】'],
    [2023, 3, '【3年目】'],
    [2024, null, ''],
  ])('FY%i → year %s, tag %j', (fy, year, tag) => {
    expect(projectYearInPeriod(p, fy)).toBe(year);
    expect(projectTag(p, fy)).toBe(tag);
  });

  it('counts on for longer plans: 【5年目】', () => {
    expect(projectTag(project('long', 2019, 2023), 2023)).toBe('【5年目】');
  });
});

describe('projectStatus', () => {
  it.each<[string, Achievement[], string]>([
    ['every KPI met, 100.0% counts', [met(), hundred()], 'achieved'],
    ['not-computable rows count as neither', [met(), missing(), increment('0', null)], 'achieved'],
    ['one KPI short', [met(), failed()], 'partly_achieved'],
    ['every KPI short', [failed(), failed()], 'not_achieved'],
    ['nothing judged', [missing()], 'not_evaluable'],
    ['no KPI at all', [], 'not_evaluable'],
  ])('%s → %s', (_name, evaluations, status) => {
    expect(projectStatus(evaluations)).toBe(status);
  });
});

describe('cohortSummary', () => {
  it('新規3事業 of the FY2023 report: all met except the unpublished KPI of project 2', () => {
    // Projects 1–3 with their printed increments; project 2 KPI ④ has target 0 and actual (※).
    const evaluations = new Map([
      ['p1', [increment('30000', '144476'), increment('58566', '83963'), increment('10', '29')]],
      ['p2', [increment('500', '2000'), increment('1', '3'), increment('3', '5'), increment('0', null)]],
      [
        'p3',
        [
          increment('7600', '13800'),
          increment('225184', '646528'),
          increment('150', '160'),
          increment('5', '7'),
        ],
      ],
    ]);
    const projects = ['p1', 'p2', 'p3'].map((id) => project(id, 2023, 2025));
    const [cohort, ...rest] = cohortSummary(projects, evaluations, 2023);
    expect(rest).toEqual([]);
    expect(cohort).toMatchObject({
      yearInPeriod: 1,
      projectIds: ['p1', 'p2', 'p3'],
      counts: { achieved: 3, partly_achieved: 0, not_achieved: 0, not_evaluable: 0 },
      label: '新規3事業 (計画期間：令和5～7年度)',
      sentence: '3事業ともKPIを達成した（実績値が未確定のものを除く）。',
    });
  });

  it('継続7事業（2年目） and 継続4事業（3年目）: the mixed sentences of the report, new cohort first', () => {
    const projects = [
      ...Array.from({ length: 4 }, (_, i) => project(`c${i}`, 2021, 2023)),
      ...Array.from({ length: 7 }, (_, i) => project(`b${i}`, 2022, 2024)),
    ];
    const evaluations = new Map<string, Achievement[]>();
    projects.forEach((p, i) => {
      const short = p.id === 'c3' || p.id === 'b4' || p.id === 'b5' || p.id === 'b6';
      evaluations.set(p.id, short ? [met(), failed()] : [met(), hundred()]);
      if (i === 0) evaluations.set(p.id, [met()]);
    });
    const summaries = cohortSummary(projects, evaluations, 2023);
    expect(summaries.map((s) => [s.label, s.sentence])).toEqual([
      [
        '継続7事業（2年目） (計画期間：令和4～6年度)',
        '4事業については、KPIを達成した。他の3事業については、一部KPIを達成できなかった。',
      ],
      [
        '継続4事業（3年目） (計画期間：令和3～5年度)',
        '3事業については、KPIを達成した。他の1事業については、一部KPIを達成できなかった。',
      ],
    ]);
  });

  it('all failed, a lone project, three outcomes and unevaluable projects', () => {
    const sentence = (evaluations: Achievement[][]) => {
      const projects = evaluations.map((_, i) => project(`x${i}`, 2023, 2025));
      const map = new Map(evaluations.map((e, i) => [`x${i}`, e]));
      return cohortSummary(projects, map, 2023)[0]?.sentence;
    };
    expect(sentence([[failed()], [failed(), failed()]])).toBe('2事業ともKPIを達成できなかった。');
    expect(sentence([[met()]])).toBe('KPIを達成した。');
    expect(sentence([[met(), failed()]])).toBe('一部KPIを達成できなかった。');
    expect(sentence([[met()], [met(), failed()], [failed(), missing()]])).toBe(
      '1事業については、KPIを達成した。1事業については、一部KPIを達成できなかった。' +
        '1事業については、KPIを達成できなかった（実績値が未確定のものを除く）。',
    );
    expect(sentence([[met()], [missing()]])).toBe(
      '1事業については、KPIを達成した。他の1事業については、実績値が未確定のため、KPIの達成状況を評価できなかった。',
    );
    expect(sentence([[increment('0', '3')], []])).toBe('2事業ともKPIの達成状況を評価できなかった。');
  });

  it('leaves out projects outside their plan period', () => {
    const projects = [project('old', 2019, 2021), project('new', 2023, 2025)];
    const summaries = cohortSummary(projects, new Map([['new', [met()]]]), 2023);
    expect(summaries.map((s) => s.projectIds)).toEqual([['new']]);
  });

  it('a blank KPI is not 未確定: no （実績値が未確定のものを除く）, and it is listed for the caller to report', () => {
    const kpis = (id: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        indicator({ kind: 'increment', id: `${id}-k${i + 1}`, number: i + 1 }),
      );
    const projects = [
      { ...project('a', 2023, 2025), indicators: kpis('a', 2) },
      { ...project('b', 2023, 2025), indicators: kpis('b', 1) },
    ];
    const evaluations = new Map([
      ['a', [met(), missing()]],
      ['b', [missing()]],
    ]);
    // Without the blank rule every missing actual is 未確定, as a published report with (※) prints.
    expect(cohortSummary(projects, evaluations, 2023)[0]).toMatchObject({
      sentence:
        '1事業については、KPIを達成した（実績値が未確定のものを除く）。他の1事業については、実績値が未確定のため、KPIの達成状況を評価できなかった。',
      blanks: [],
    });
    // a-k2 and b-k1 left blank: the sentence does not call them 未確定; they are listed.
    const [cohort] = cohortSummary(projects, evaluations, 2023, { isBlank: (id) => id !== 'a-k1' });
    expect(cohort?.sentence).toBe(
      '1事業については、KPIを達成した。他の1事業については、KPIの達成状況を評価できなかった。',
    );
    expect(cohort?.blanks).toEqual([
      { projectId: 'a', indicatorId: 'a-k2' },
      { projectId: 'b', indicatorId: 'b-k1' },
    ]);
  });
});
