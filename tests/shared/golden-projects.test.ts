/**
 * The project table against the published FY2023 report (tests/fixtures/progress-2023-sample.json):
 * every 達成度, every KPI cell, the block headings and the cohort summary, to the letter.
 */
import { describe, expect, it } from 'vitest';
import type { ProgressFixture } from '../../scripts/convert/fixture-types.ts';
import { ACHIEVEMENT_PLACEHOLDER } from '../../shared/calc/index.ts';
import { layoutBlock, resolveBlock } from '../../shared/tables/grid.ts';
import { buildProjectTable } from '../../shared/tables/projects.ts';
import type { TableBlock, TableCell } from '../../shared/tables/types.ts';
import { loadFixture, loadPlan } from './load.ts';

const fixture = loadFixture<ProgressFixture>('progress-2023-sample.json');
const plan = loadPlan('sendai-2023.plan.json');
const model = buildProjectTable(plan);

function blockOf(number: number): TableBlock {
  const block = model.blocks.find((b) => b.heading?.startsWith(`${number} `));
  if (!block) throw new Error(`no block for project ${number}`);
  return block;
}

function cell(block: TableBlock, indicatorId: string, field: string): TableCell {
  const found = layoutBlock(block).find(
    (p) => p.cell.ref?.indicatorId === indicatorId && p.cell.ref.field === field,
  );
  if (!found) throw new Error(`no ${field} cell for ${indicatorId}`);
  return found.cell;
}

const kpiRows = fixture.projects.flatMap((p) => p.kpis.map((k) => ({ project: p, kpi: k })));

describe('project table (事業の実績) against the published report', () => {
  it('has one structurally sound block per project', () => {
    expect(model.kind).toBe('projects');
    expect(model.blocks).toHaveLength(fixture.projects.length);
    for (const block of [...model.summary, ...model.blocks]) expect(resolveBlock(block).faults).toEqual([]);
    expect(model.problems).toEqual([]);
  });

  it('covers every KPI row of the sample (11 rows, 10 computable)', () => {
    expect(kpiRows).toHaveLength(11);
    expect(kpiRows.filter((r) => r.kpi.achievement.value_pct !== null)).toHaveLength(10);
  });

  it.each(kpiRows.map((r) => [`${r.project.number}-${r.kpi.index}`, r] as const))(
    'KPI %s prints 達成度 and every value cell as published',
    (_, { project, kpi }) => {
      const block = blockOf(project.number);
      const indicator = plan.projects.find((p) => p.number === project.number)?.indicators[kpi.index - 1];
      expect(indicator?.number).toBe(kpi.index);
      const id = indicator!.id;
      const achievement = cell(block, id, 'achievement');
      if (kpi.achievement.value_pct === null) {
        // The source prints `-%` here (and `—%` elsewhere); this project exports one placeholder.
        expect(['-%', '—%']).toContain(kpi.achievement.printed);
        expect(achievement.text).toBe(ACHIEVEMENT_PLACEHOLDER);
        expect(achievement.text).toBe('—%');
        expect(achievement.number).toBeUndefined();
      } else {
        expect(achievement.text).toBe(kpi.achievement.printed);
        expect(achievement.number).toBe(kpi.achievement.value_pct.toFixed(1));
      }
      expect(cell(block, id, 'baseline').text).toBe(kpi.baseline.printed);
      expect(cell(block, id, 'target').text).toBe(kpi.target_increment.printed);
      expect(cell(block, id, 'actual').text).toBe(kpi.actual_increment.printed);
      expect(cell(block, id, 'name').text).toBe(`${'①②③④'[kpi.index - 1]} ${indicator!.name}`);
    },
  );

  it.each(fixture.projects.map((p) => [p.number, p] as const))(
    'project %i: heading and header rows',
    (_, p) => {
      const block = blockOf(p.number);
      expect(block.heading).toBe(`${p.number} ${p.name}${p.status_tag}`);
      const first = block.rows[0]!.map((c) => c.text);
      expect(first).toEqual([
        '計画期間',
        p.plan_period.printed,
        '担当課',
        p.department.split.join('、'),
        p.budget.label_printed,
        p.budget.printed,
      ]);
      expect(block.rows[1]!.map((c) => c.text)).toEqual(['事業概要', p.overview]);
      expect(block.rows[2]![0]!.text).toBe('令和5年度の主な取組');
      expect(block.rows[2]![1]!.text).toBe(p.main_activities.items.map((i) => `・${i}`).join('\n'));
      expect(block.rows[3]!.map((c) => c.text)).toEqual([
        'KPI',
        '指標',
        '当初値',
        '目標値(増分)',
        '実績値(増分)',
        '達成度',
      ]);
      expect(block.rows[3]![0]!.rowSpan).toBe(p.kpis.length + 1);
    },
  );

  it('prints the missing actual with its marker and its reason under the block', () => {
    const block = blockOf(2);
    const note = fixture.projects[1]!.footnotes[0]!;
    expect(block.footnotes).toEqual([{ marker: '※', text: note.text.replace(/^※/, '') }]);
    expect(`${block.footnotes[0]!.marker}${block.footnotes[0]!.text}`).toBe(note.text);
    expect(blockOf(1).footnotes).toEqual([]);
    expect(blockOf(3).footnotes).toEqual([]);
  });

  it("derives the cohort summary of the 新規 projects and prints the coordinator's follow-up after it", () => {
    const published = fixture.summary_statements.find((s) => s.text.startsWith('新規'))!.text;
    const [label, sentence] = published.split('\t');
    expect(model.summary).toHaveLength(1);
    const row = model.summary[0]!.rows[0]!.map((c) => c.text);
    expect(row[0]).toBe(label);
    // The derived sentence, then the hand-written outlook the plan holds (PlanHeader.reports).
    expect(row[1]).toBe(sentence);
    expect(row[1]).toBe(
      '3事業ともKPIを達成した（実績値が未確定のものを除く）。2年目以降も、目標達成に向けて着実に事業を進めていく。',
    );
    const derived = buildProjectTable({ ...plan, plan: { ...plan.plan, reports: [] } }).summary[0]!.rows[0]!;
    expect(derived[1]!.text).toBe('3事業ともKPIを達成した（実績値が未確定のものを除く）。');
  });

  it('marks a project whose values are not approved, unless its status is included', () => {
    const pending = structuredClone(plan);
    const cycle = pending.cycles.find((c) => c.fiscalYear === 2023)!;
    cycle.submissions = cycle.submissions.map((s) =>
      s.departmentId === 'nagamachi' ? { ...s, status: 'submitted' } : s,
    );
    const marked = buildProjectTable(pending).blocks[1]!;
    expect(marked.footnotes.map((f) => f.text)).toContain(
      '（未確定）担当課の提出状況は「提出済み（未承認）」です。この事業の値は確定していません。',
    );
    const included = buildProjectTable(pending, { includeStatuses: ['approved', 'submitted'] }).blocks[1]!;
    expect(included.footnotes).toEqual(blockOf(2).footnotes);
    // The figures themselves do not change with the status.
    expect(included.rows).toEqual(marked.rows);
  });

  it('can print the baseline header with the cycle year', () => {
    const cycleHeader = buildProjectTable(plan, { baselineHeader: 'cycle' }).blocks[0]!.rows[3]![2]!.text;
    expect(cycleHeader).toBe('令和5年度当初値');
  });
});
