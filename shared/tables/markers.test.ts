/**
 * Markers and notes the published reports print that the plan holds since the import keeps them
 * (docs/domain.md §8): a marker after a target (`30,000(※4)`) or a budget (`28,218千円(※1)`), a
 * goal's own notes, a note without a marker. Each prints exactly as held, and reads back the same.
 */
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../tests/shared/load.ts';
import { importTables } from '../import/index.ts';
import type { PlanFile } from '../schema/index.ts';
import { renderCsv } from './csv.ts';
import { buildGoalTable } from './goals.ts';
import { buildProjectTable } from './projects.ts';
import type { TableModel } from './types.ts';

const demo = (): PlanFile => structuredClone(loadPlan('sendai-2023.plan.json'));
const texts = (m: TableModel, blockIndex: number) => m.blocks[blockIndex]!.rows.flat().map((c) => c.text);
const notes = (m: TableModel, blockIndex: number) =>
  m.blocks[blockIndex]!.footnotes.map((f) => `${f.marker}${f.text}`);

/** The CSV of a table, imported, gives the plan part back and prints the same CSV. */
async function readsBack(model: TableModel, build: (plan: PlanFile) => TableModel): Promise<PlanFile> {
  const csv = renderCsv(model);
  const r = await importTables(new TextEncoder().encode(csv));
  expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(renderCsv(build(r.plan!))).toBe(csv);
  return r.plan!;
}

describe('a marker after a target: 30,000(※4)', () => {
  it('prints after the bare target in the project table, its note under the block', async () => {
    const plan = demo();
    const p = plan.projects[0]!;
    p.indicators[0]!.targets[0]!.marker = '(※4)';
    p.footnotes = [{ marker: '(※4)', text: '目標値は計画変更後の値。' }];
    const model = buildProjectTable(plan);
    expect(texts(model, 0)).toContain('30,000(※4)');
    expect(notes(model, 0)[0]).toBe('(※4)目標値は計画変更後の値。');
    const back = await readsBack(model, (x) => buildProjectTable(x));
    expect(back.projects[0]!.indicators[0]!.targets).toEqual([
      { fiscalYear: 2023, value: '30000', marker: '(※4)' },
    ]);
    expect(back.projects[0]!.footnotes).toEqual(p.footnotes);
  });

  it('prints after the bound of a threshold (50%超(※1)) and after a goal target with its label', async () => {
    const plan = demo();
    const ind = plan.goals[0]!.indicators[0]!;
    ind.targets[0]!.marker = '(※1)';
    plan.goals[0]!.footnotes = [{ marker: '(※1)', text: '目標値は令和5年度に見直した。' }];
    const model = buildGoalTable(plan);
    expect(texts(model, 0)).toContain('R1～5年(累計) 50社(※1)');
    expect(notes(model, 0)).toEqual(['(※1)目標値は令和5年度に見直した。']);
    const back = await readsBack(model, (x) => buildGoalTable(x));
    expect(back.goals[0]!.indicators[0]!.targets[0]!.marker).toBe('(※1)');
    expect(back.goals[0]!.footnotes).toEqual(plan.goals[0]!.footnotes);

    const threshold = demo();
    const kpi = threshold.projects[1]!.indicators[3]!;
    Object.assign(kpi, { kind: 'threshold', threshold: { comparator: '>', maintain: false } });
    kpi.targets = [{ fiscalYear: 2023, value: '50', marker: '(※1)' }];
    threshold.projects[1]!.footnotes = [{ marker: '(※1)', text: '目標は上回ること。' }];
    const t = buildProjectTable(threshold);
    expect(texts(t, 1)).toContain('50%超(※1)');
    const read = await readsBack(t, (x) => buildProjectTable(x));
    expect(read.projects[1]!.indicators[3]).toMatchObject({
      kind: 'threshold',
      targets: [{ fiscalYear: 2023, value: '50', marker: '(※1)' }],
    });
  });
});

describe('a marker after a budget: 28,218千円(※1)', () => {
  it('prints after the amount, and after a joint project share (仙台市 10,000千円(※1))', async () => {
    const plan = demo();
    plan.projects[0]!.budget = { ...plan.projects[0]!.budget!, marker: '(※1)' };
    plan.projects[0]!.footnotes = [{ marker: '(※1)', text: '交付対象事業費の額。' }];
    plan.projects[1]!.budget = {
      ...plan.projects[1]!.budget!,
      amount: '10000',
      prefix: '仙台市',
      marker: '※1',
    };
    plan.projects[1]!.footnotes = [{ marker: '※1', text: '仙台市の負担分。' }];
    const model = buildProjectTable(plan);
    expect(texts(model, 0)).toContain('28,218千円(※1)');
    expect(texts(model, 1)).toContain('仙台市 10,000千円※1');
    expect(notes(model, 1)[0]).toBe('※1仙台市の負担分。');
    const back = await readsBack(model, (x) => buildProjectTable(x));
    expect(back.projects[0]!.budget).toEqual(plan.projects[0]!.budget);
    expect(back.projects[1]!.budget).toEqual(plan.projects[1]!.budget);
    expect(back.projects.map((p) => p.footnotes)).toEqual(plan.projects.map((p) => p.footnotes));
  });
});

describe("a goal's own notes and notes without a marker", () => {
  it("print under the goal's block before its indicators' notes, a note without a marker as its text", async () => {
    const plan = demo();
    const goal = plan.goals[3]!;
    goal.footnotes = [
      { marker: '(※2)', text: '基本的方向の見直しは令和6年度に行う。' },
      { marker: '', text: '（詳細は計画変更の際に定める）' },
    ];
    const model = buildGoalTable(plan);
    expect(notes(model, 3)).toEqual([
      '(※2)基本的方向の見直しは令和6年度に行う。',
      '（詳細は計画変更の際に定める）',
      expect.stringMatching(/^※「仙台市市民意識調査」において/),
    ]);
    const back = await readsBack(model, (x) => buildGoalTable(x));
    expect(back.goals[3]!.footnotes).toEqual(goal.footnotes);
    expect(back.goals[3]!.indicators[1]!.footnotes[0]).toMatchObject({ marker: '〔※〕', noteMarker: '※' });
  });

  it('a note without a marker under a project block, and under the table', async () => {
    const plan = demo();
    plan.projects[2]!.footnotes = [{ marker: '', text: '（詳細は計画変更の際に定める）' }];
    plan.plan.footnotes = [{ marker: '', text: '数値は令和6年3月末現在。' }];
    const model = buildProjectTable(plan);
    expect(notes(model, 2)).toEqual(['（詳細は計画変更の際に定める）']);
    expect(model.footnotes).toEqual([{ marker: '', text: '数値は令和6年3月末現在。' }]);
    const back = await readsBack(model, (x) => buildProjectTable(x));
    expect(back.projects[2]!.footnotes).toEqual(plan.projects[2]!.footnotes);
    expect(back.plan.footnotes).toEqual(plan.plan.footnotes);
  });
});
