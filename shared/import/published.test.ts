import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../tests/shared/load.ts';
import { exportTables } from '../render/export.ts';
import { importTables } from './index.ts';
import { summaryLine } from './summary.ts';
import { unaccounted } from './testing/accounting.ts';
import {
  AS_PRINTED,
  GOAL_TITLE,
  goalTable,
  PLAN_TITLE,
  type ProjectLayout,
  progress,
  projectTable,
} from './testing/published.ts';
import { type TypedSheet, typedCells, typedCsv, typedXlsx } from './testing/typed.ts';

/**
 * The published tables of the Sendai FY2023 report, typed cell by cell as printed (the fixture), in
 * CSV and in xlsx written by exceljs: every cell accounted for, and the values where they belong.
 */

async function read(sheets: TypedSheet[], format: 'csv' | 'xlsx') {
  const data = format === 'csv' ? typedCsv(sheets[0]!) : await typedXlsx(sheets);
  const result = await importTables(data, { acceptPartial: true, planId: 'sendai-r5' });
  expect(unaccounted(result, typedCells(sheets, format === 'xlsx'))).toEqual([]);
  return result;
}

const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

describe('the published project table (別紙2)', () => {
  for (const format of ['csv', 'xlsx'] as const) {
    it(`as printed, in ${format}: 3 projects, 11 KPIs, every cell read`, async () => {
      const r = await read([projectTable()], format);
      expect(r.summary).toMatchObject({ projects: 3, indicators: 11, cellsNotRead: 0, errors: 0 });
      const f = progress();
      const plan = r.plan!;
      plan.projects.forEach((p, i) => {
        const printed = f.projects[i]!;
        expect(p).toMatchObject({
          number: printed.number,
          name: printed.name,
          period: { startFy: 2023, endFy: 2025 },
        });
        expect(p.budget?.amount).toBe(String(printed.budget.value_thousand_yen));
        expect(p.indicators.map((k) => k.name)).toEqual(printed.kpis.map((k) => k.indicator));
      });
      const cycle = plan.cycles.find((c) => c.fiscalYear === 2023)!;
      expect(cycle.actuals.map((a) => a.value)).toEqual(
        f.projects.flatMap((p) =>
          p.kpis.map((k) =>
            (k.actual_increment.value ?? null) === null ? null : String(k.actual_increment.value),
          ),
        ),
      );
      // (※) in the cell, ※… under the block: the reason, with the marker printed there.
      expect(cycle.actuals.find((a) => a.indicatorId === 'p2-4')).toMatchObject({
        value: null,
        marker: '(※)',
        noteMarker: '※',
        missingReason: expect.stringMatching(/^仙台市地下鉄の前年度乗車人数/),
      });
      // Plain text with inline ・ (project 1) and bullets (project 3) both give one item per line.
      expect(cycle.activities.map((a) => a.text.split('\n').length)).toEqual([3, 1, 3]);
      expect(plan.plan.reports?.[0]?.cohortNotes).toEqual([
        {
          period: { startFy: 2023, endFy: 2025 },
          text: '2年目以降も、目標達成に向けて着実に事業を進めていく。',
        },
      ]);
    });
  }

  it('checks the printed 達成度 against shared/calc: `-%` and `—%` both read, none differs', async () => {
    const r = await read([projectTable()], 'csv');
    expect(codes(r)).not.toContain('import.achievement_mismatch');
  });

  it('reports the cohort rows whose projects are not in the file, each cell by its address', async () => {
    const r = await read([projectTable()], 'csv');
    const summary = r.problems.filter((p) => p.code === 'import.summary_mismatch');
    expect(summary.map((p) => p.path)).toEqual(['A4', 'C4', 'A5', 'C5']);
    expect(summary.every((p) => p.severity === 'warning')).toBe(true);
    expect(summary[0]!.message.ja).toMatch(/^A4: 要約「継続7事業（2年目）/);
  });
});

describe('layout variants of the project table', () => {
  const variants: [string, ProjectLayout][] = [
    ['KPI label 注', { ...AS_PRINTED, kpiLabel: '注' }],
    ['KPI label empty', { ...AS_PRINTED, kpiLabel: '' }],
    ['index and name in two cells', { ...AS_PRINTED, splitIndex: true }],
    ['figures stored as numbers with formats', { ...AS_PRINTED, numbers: true }],
    ['主な取組 as bullets', { ...AS_PRINTED, activities: 'bullets' }],
    [
      '注, two cells, numbers, bullets',
      { kpiLabel: '注', splitIndex: true, numbers: true, activities: 'bullets' },
    ],
  ];
  for (const [name, layout] of variants) {
    for (const format of ['csv', 'xlsx'] as const) {
      it(`${name} (${format}): the same plan as the table as printed`, async () => {
        const base = await read([projectTable()], 'csv');
        const r = await read([projectTable(layout)], format);
        expect(r.summary).toMatchObject({ projects: 3, indicators: 11, cellsNotRead: 0, errors: 0 });
        const strip = (p: typeof r.plan) => ({
          ...p!,
          cycles: p!.cycles.map((c) => ({ ...c, activities: [] })),
        });
        expect(strip(r.plan)).toEqual(strip(base.plan));
      });
    }
  }
});

describe('the published goal table (別紙1)', () => {
  it('reads 6 goals and 11 numeric goals, and the previous year from the 前年度比', async () => {
    const r = await read([goalTable()], 'csv');
    expect(r.summary).toMatchObject({ goals: 6, goalIndicators: 11, cellsNotRead: 0, errors: 0 });
    const plan = r.plan!;
    expect(plan.plan.title).toBe(PLAN_TITLE);
    const demo = loadPlan('sendai-2023.plan.json');
    const kinds = (p: typeof demo) =>
      p.goals.flatMap((g) => g.indicators.map((i) => [i.kind, i.direction, i.unit, i.window]));
    expect(kinds(plan)).toEqual(kinds(demo));
    // The FY2022 values are not printed: they follow from the 前年度比 (66社 (+13社) → 53社).
    const previous = (p: typeof demo) =>
      p.cycles
        .find((c) => c.fiscalYear === 2022)!
        .actuals.filter((a) => a.indicatorId.startsWith('goal'))
        .map((a) => [a.value, a.basis]);
    expect(previous(plan)).toEqual(previous(demo));
    const actuals = plan.cycles.find((c) => c.fiscalYear === 2023)!.actuals;
    expect(actuals.map((a) => a.period)).toContain('R4年度(速報値)');
  });

  it('keeps the notes with the marker printed by the name and the one printed under the table', async () => {
    const r = await read([goalTable()], 'csv');
    const ind = r.plan!.goals[3]!.indicators[1]!;
    expect(ind.name).toBe('安心して子育てができる社会づくりを評価する市民 の割合');
    expect(ind.footnotes[0]).toMatchObject({ marker: '〔※〕', noteMarker: '※' });
    expect(r.plan!.goals[4]!.indicators[1]!.footnotes[0]).toMatchObject({ marker: '[※]', noteMarker: '※' });
  });

  it('says what it inferred and what it renumbers, as warnings with the cell', async () => {
    const r = await read([goalTable()], 'csv');
    expect(r.problems.map((p) => [p.code, p.path, p.severity])).toEqual([
      ['import.not_held', 'D13', 'warning'],
      ['import.inferred_direction', 'D26', 'warning'],
    ]);
  });

  it('keeps the published title and the statement under it as the frame of the goal table', async () => {
    const r = await read([goalTable()], 'csv');
    const statement = progress().summary_statements.find((s) => s.text.startsWith('6つ'))!.text;
    expect(r.plan!.plan.reports?.[0]?.goals?.lines).toEqual([GOAL_TITLE, statement]);
  });
});

describe('both tables in one workbook', () => {
  it('gives one plan: the goal table names it, the project table fills it', async () => {
    const r = await read([goalTable(), projectTable()], 'xlsx');
    expect(r.summary).toMatchObject({
      projects: 3,
      indicators: 11,
      goals: 6,
      goalIndicators: 11,
      cellsNotRead: 0,
    });
    expect(r.plan!.plan.title).toBe(PLAN_TITLE);
    expect(r.problems.every((p) => p.path.startsWith('別紙'))).toBe(true);
    expect(summaryLine(r.summary).ja).toBe(
      '3事業・11指標・基本目標6件（数値目標11指標）・注記3件を読み込みました。読めなかったセル: 0、計画ファイルに保持できない内容: 1',
    );
  });
});

describe('both tables in one CSV, the goal table pasted without its title', () => {
  it('reads both: the goals take the report year of the project table', async () => {
    const goals = goalTable().rows.slice(3);
    const sheet: TypedSheet = { name: '', rows: [...projectTable().rows, ...goals] };
    const r = await read([sheet], 'csv');
    expect(r.summary).toMatchObject({
      projects: 3,
      goals: 6,
      goalIndicators: 11,
      cellsNotRead: 0,
      errors: 0,
    });
    expect(r.plan!.cycles.map((c) => c.fiscalYear)).toEqual([2022, 2023]);
  });
});

describe("through this project's own export and back", () => {
  for (const format of ['csv', 'xlsx'] as const) {
    it(`the published tables read, exported as ${format} and read again give the same plan`, async () => {
      const first = await read([goalTable(), projectTable()], 'xlsx');
      const file = await exportTables(first.plan!, { tables: ['projects', 'goals'], format, include: 'all' });
      const again = await importTables(file.body, { planId: 'sendai-r5' });
      expect(again.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(again.plan).toEqual(first.plan);
    });
  }

  it('a joint project printing its share (`仙台市 10,000千円`) comes back from the full CSV and xlsx', async () => {
    const plan = structuredClone(loadPlan('sendai-2023.plan.json'));
    plan.projects[0]!.budget = { ...plan.projects[0]!.budget!, amount: '10000', prefix: '仙台市' };
    for (const format of ['csv', 'xlsx'] as const) {
      const file = await exportTables(plan, { tables: ['projects', 'goals'], format });
      const r = await importTables(file.body);
      expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(r.plan!.projects[0]!.budget).toMatchObject({ amount: '10000', prefix: '仙台市' });
      const again = await exportTables(r.plan!, { tables: ['projects', 'goals'], format: 'csv' });
      const before = await exportTables(plan, { tables: ['projects', 'goals'], format: 'csv' });
      expect(new TextDecoder().decode(again.body)).toBe(new TextDecoder().decode(before.body));
    }
  });
});
