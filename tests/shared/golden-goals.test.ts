/**
 * The goal table against the published FY2023 report: every 基準値, 目標値 and 進捗状況 (前年度比)
 * string, with its own period label, as printed.
 */
import { describe, expect, it } from 'vitest';
import type { ProgressFixture } from '../../scripts/convert/fixture-types.ts';
import { buildGoalTable } from '../../shared/tables/goals.ts';
import { layoutBlock, resolveBlock } from '../../shared/tables/grid.ts';
import type { TableBlock } from '../../shared/tables/types.ts';
import { loadFixture, loadPlan } from './load.ts';

const fixture = loadFixture<ProgressFixture>('progress-2023-sample.json');
const plan = loadPlan('sendai-2023.plan.json');
const model = buildGoalTable(plan);

/**
 * The one documented noise of the fixture: the GHG unit keeps the PDF's HTML (`911万t -CO <sub>2</sub>`,
 * `(△29万t -CO <sub>2</sub> )`). Only strings that carry it are touched: tags and spaces go.
 */
function withoutSubNoise(printed: string): string {
  return printed.includes('<sub>') ? printed.replace(/<\/?sub>/g, '').replace(/\s+/g, '') : printed;
}

function cellText(block: TableBlock, indicatorId: string, field: string): string {
  const found = layoutBlock(block).find(
    (p) => p.cell.ref?.indicatorId === indicatorId && p.cell.ref.field === field,
  );
  if (!found) throw new Error(`no ${field} cell for ${indicatorId}`);
  return found.cell.text;
}

const rows = fixture.basic_goals.flatMap((g) => g.indicators.map((ind, i) => ({ goal: g, ind, i })));

describe('goal table (数値目標の進捗状況) against the published report', () => {
  it('has one sound block per goal and all 11 numeric goals', () => {
    expect(model.blocks).toHaveLength(6);
    expect(rows).toHaveLength(11);
    for (const block of model.blocks) expect(resolveBlock(block).faults).toEqual([]);
  });

  it.each(rows.map((r) => [`${r.goal.symbol}-${r.i + 1} ${r.ind.indicator}`, r] as const))(
    '%s',
    (_, { goal, ind, i }) => {
      const block = model.blocks[goal.number - 1]!;
      const indicator = plan.goals[goal.number - 1]!.indicators[i]!;
      const progress = `${ind.actual.period_label} ${withoutSubNoise(ind.actual.printed)} ${withoutSubNoise(ind.yoy_delta.printed)}`;
      expect(cellText(block, indicator.id, 'actual')).toBe(progress);
      expect(cellText(block, indicator.id, 'baseline')).toBe(
        `${ind.baseline.period_label} ${withoutSubNoise(ind.baseline.printed)}`,
      );
      expect(cellText(block, indicator.id, 'target')).toBe(
        `${ind.target.period_label} ${withoutSubNoise(ind.target.printed)}`,
      );
    },
  );

  it('prints the examples of docs/domain.md §9.3 literally', () => {
    const all = model.blocks.flatMap((b) => layoutBlock(b).map((p) => p.cell.text));
    expect(all).toContain('R1～5年(累計) 66社 (+13社)');
    expect(all).toContain('R5年度 39.2% (△1.4pt)');
    expect(all).toContain('R4年度(速報値) 708万t-CO2 (△29万t-CO2)');
    expect(all).toContain('H29年度 7社');
    expect(all).toContain('■ 集中支援対象企業');
  });

  it('heads each block with the goal, its title and numbered directions', () => {
    fixture.basic_goals.forEach((g, n) => {
      const first = model.blocks[n]!.rows[0]!.map((c) => c.text);
      expect(first[0]).toBe(`基本的目標 ${g.symbol}`);
      expect(first[1]!.replace(/\s/g, '')).toBe(g.title.replace(/\s/g, ''));
      expect(first[2]).toBe('基本的方向');
      expect(first[3]!.split('\n')).toHaveLength(g.directions.length);
      expect(model.blocks[n]!.rows[1]!.map((c) => c.text)).toEqual([
        '数値目標',
        '指標',
        '基準値',
        '目標値',
        '進捗状況 (前年度比)',
      ]);
    });
  });

  it('keeps the row footnotes: marker after the name, text under the block', () => {
    const block = model.blocks[3]!;
    const ind = fixture.basic_goals[3]!.indicators[1]!;
    const id = plan.goals[3]!.indicators[1]!.id;
    expect(cellText(block, id, 'name')).toBe(`■ ${plan.goals[3]!.indicators[1]!.name}〔※〕`);
    expect(block.footnotes).toEqual([{ marker: '※', text: ind.footnote!.text.replace(/^※\s*/, '') }]);
    expect(model.blocks[4]!.footnotes).toHaveLength(1);
  });

  it('prints no 前年度比 when the previous cycle has no value', () => {
    const alone = structuredClone(plan);
    alone.cycles = alone.cycles.filter((c) => c.fiscalYear === 2023);
    const text = layoutBlock(buildGoalTable(alone).blocks[0]!).map((p) => p.cell.text);
    expect(text).toContain('R1～5年(累計) 66社');
  });
});
