/**
 * Every string as printed (docs/domain.md §5–§9), one rule at a time, from the published fixtures: the
 * baseline header per project, markers exactly as the plan holds them, the department separator as
 * written, unknown baselines with marker and unit, a threshold's comparator wherever its target
 * prints, the marker beside a value with a footnote, the changed cells of a CSV 新旧対照表, and the
 * published frames (titles, 別紙 labels, the 新旧対照表's frame, the cohort follow-up sentences).
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ProgressFixture, RevisionFixture } from '../../scripts/convert/fixture-types.ts';
import { convertProgress } from '../../scripts/convert/progress.ts';
import { type PlanFile, type PlanFileInput, PlanFile as PlanFileSchema } from '../../shared/schema/index.ts';
import { CSV_CHANGED_MARK, CSV_CHANGED_NOTE, renderCsv } from '../../shared/tables/csv.ts';
import { buildGoalTable } from '../../shared/tables/goals.ts';
import { layoutBlock } from '../../shared/tables/grid.ts';
import { renderMarkdown, renderPlainText } from '../../shared/tables/markdown.ts';
import { buildProjectTable } from '../../shared/tables/projects.ts';
import { buildRevisionTable } from '../../shared/tables/revision.ts';
import type { TableBlock, TableCell, TableModel } from '../../shared/tables/types.ts';
import { loadFixture, loadPlan } from './load.ts';

const progress = loadFixture<ProgressFixture>('progress-2023-sample.json');
const revisionFixture = loadFixture<RevisionFixture>('plan-revision.json');
const sendai = loadPlan('sendai-2023.plan.json');

/** A copy of the demo plan changed by `edit`, checked against the interchange schema. */
function edited(edit: (plan: PlanFileInput) => void, base: PlanFile = sendai): PlanFile {
  const copy = structuredClone(base) as PlanFileInput;
  edit(copy);
  return PlanFileSchema.parse(copy);
}

function cellOf(block: TableBlock, indicatorId: string, field: string): TableCell {
  const found = layoutBlock(block).find(
    (p) => p.cell.ref?.indicatorId === indicatorId && p.cell.ref.field === field,
  );
  if (!found) throw new Error(`no ${field} cell for ${indicatorId}`);
  return found.cell;
}

const footnoteLines = (block: TableBlock) => block.footnotes.map((f) => `${f.marker}${f.text}`);
const allCells = (model: TableModel) => model.blocks.flatMap((b) => layoutBlock(b).map((p) => p.cell));

describe('the baseline header per project (docs/domain.md §9.2)', () => {
  it('reads 当初値 for every 【新規】 project, as published', () => {
    const model = buildProjectTable(sendai);
    progress.projects.forEach((p, i) => {
      expect(p.status_tag).toBe('【新規】');
      const header = model.blocks[i]!.rows[3]!.map((c) => c.text);
      expect(header[2]).toBe('当初値');
      expect(header.slice(1)).toEqual(p.kpi_table_header_printed.slice(-5));
    });
  });

  it('reads 令和N年度当初値 (the cycle year) for a continuing project, 当初値 for a new one beside it', () => {
    // Project 1 started a year earlier: in FY2023 it is in its 2年目 (the report's 継続 cohort).
    const plan = edited((p) => {
      p.projects![0]!.period = { startFy: 2022, endFy: 2024 };
    });
    const model = buildProjectTable(plan);
    expect(model.blocks[0]!.heading).toMatch(/【2年目】$/);
    expect(model.blocks[0]!.rows[3]![2]!.text).toBe('令和5年度当初値');
    expect(model.blocks[1]!.rows[3]![2]!.text).toBe('当初値');
    // The continuing cohort is labelled as the published report labels it.
    const continuing = progress.summary_statements.find((s) => s.text.startsWith('継続7事業（2年目）'))!;
    expect(model.summary[0]!.rows.map((r) => r[0]!.text)).toContain(
      continuing.text.split('\t')[0]!.replace('継続7事業', '継続1事業'),
    );
  });
});

describe('footnote markers exactly as the plan holds them (docs/domain.md §8)', () => {
  it('the Sendai report: (※) in the cell, ※ before its note under the table', () => {
    const kpi = progress.projects[1]!.kpis[3]!;
    const block = buildProjectTable(sendai).blocks[1]!;
    const id = sendai.projects[1]!.indicators[3]!.id;
    expect(cellOf(block, id, 'actual').text).toBe(kpi.actual_increment.printed);
    expect(cellOf(block, id, 'actual').text).toBe('(※)');
    expect(footnoteLines(block)).toEqual([kpi.footnotes![0]!.text]);
    // The goal table: 〔※〕 after the name, ※ under the table.
    const goal = progress.basic_goals[3]!.indicators[1]!;
    const goalBlock = buildGoalTable(sendai).blocks[3]!;
    expect(goalBlock.footnotes[0]!.marker).toBe('※');
    expect(goal.footnote!.text.startsWith('※')).toBe(true);
  });

  it('a plan that holds (※1) prints (※1) beside the value and (※1) under the table', () => {
    const plan = edited((p) => {
      const missing = p.cycles![1]!.actuals!.find((a) => a.value === null)!;
      missing.marker = '(※1)';
      delete missing.noteMarker;
    });
    const block = buildProjectTable(plan).blocks[1]!;
    const id = plan.projects[1]!.indicators[3]!.id;
    expect(cellOf(block, id, 'actual').text).toBe('(※1)');
    const reason = progress.projects[1]!.kpis[3]!.footnotes![0]!.text.replace(/^※/, '');
    expect(footnoteLines(block)).toEqual([`(※1)${reason}`]);
    expect(renderMarkdown(buildProjectTable(plan))).toContain(`(※1)${reason}`);
    expect(renderCsv(buildProjectTable(plan))).toContain(`(※1)${reason}`);
  });
});

describe('several departments keep the separator they were written with (docs/domain.md §8)', () => {
  it('a space stays a space, from the printed cell through the plan to the table', () => {
    const fx = structuredClone(progress);
    const names = ['文化観光局東北連携推進室', '太白区長町地域活性化推進室'];
    fx.projects[0]!.department = { printed: names.join(' '), split: names };
    const converted = PlanFileSchema.parse(convertProgress(fx).plan);
    expect(converted.projects[0]!.departmentSeparator).toBe(' ');
    const row = buildProjectTable(converted).blocks[0]!.rows[0]!.map((c) => c.text);
    expect(row[3]).toBe(fx.projects[0]!.department.printed);
  });

  it('、 when the plan holds no separator (and as written when it holds 、)', () => {
    const plan = edited((p) => {
      p.projects![0]!.departmentIds = ['tohoku-renkei', 'nagamachi'];
    });
    expect(buildProjectTable(plan).blocks[0]!.rows[0]![3]!.text).toBe(
      '文化観光局東北連携推進室、太白区長町地域活性化推進室',
    );
    // The published sample has one department per project: printed as is.
    progress.projects.forEach((p, i) => {
      expect(buildProjectTable(sendai).blocks[i]!.rows[0]![3]!.text).toBe(p.department.printed);
    });
  });
});

describe('an unknown baseline with a marker and a unit (docs/domain.md §8)', () => {
  const reason = '当初値は令和6年度に公表予定のため未確定。';
  const plan = edited((p) => {
    const kpi = p.projects![0]!.indicators![1]!;
    kpi.unit = '億円';
    kpi.baseline = { value: null, marker: '(※1)', missingReason: reason };
    const goalKpi = p.goals![0]!.indicators![0]!;
    goalKpi.unit = '億円';
    goalKpi.baseline = { value: null, period: 'H29年度', marker: '(※1)', missingReason: reason };
  });

  it('prints (※1)億円 in the project table and its note under the block', () => {
    const block = buildProjectTable(plan).blocks[0]!;
    const cell = cellOf(block, plan.projects[0]!.indicators[1]!.id, 'baseline');
    expect(cell.text).toBe('(※1)億円');
    expect(cell.number).toBeUndefined();
    expect(footnoteLines(block)).toEqual([`(※1)${reason}`]);
  });

  it('prints its period label, marker and unit in the goal table', () => {
    const block = buildGoalTable(plan).blocks[0]!;
    expect(cellOf(block, plan.goals[0]!.indicators[0]!.id, 'baseline').text).toBe('H29年度 (※1)億円');
    expect(footnoteLines(block)).toEqual([`(※1)${reason}`]);
  });
});

interface FederationKpi {
  text: string;
  numeric?: { target: number; unit: string; comparator_printed: string; measure: string };
}
interface FederationFixture {
  action_plans: { kpi?: Record<string, FederationKpi[]> }[];
}
interface GrowthFixture {
  numerical_goal: {
    indicator: string;
    target: { printed: string; value: number; unit: string; comparator: '>' };
    actual: { printed: string; value: number; period_label_printed: string; fiscal_year: number };
  };
}

describe("a threshold's comparator prints wherever its target prints (docs/domain.md §5.7)", () => {
  const growth = loadFixture<GrowthFixture>('growth-strategy-2023.json').numerical_goal;
  const federation = loadFixture<FederationFixture>('federation-plan-2020.json');
  const fedKpis = federation.action_plans.flatMap((a) => Object.values(a.kpi ?? {}).flat());
  const maintained = fedKpis.find((k) => k.numeric?.comparator_printed === '以上を維持')!;
  const cumulative = fedKpis.find((k) => k.numeric?.comparator_printed === '累計…以上')!;
  /** The bound as printed after the measure's name: `40 社以上を維持` → `40社以上を維持`. */
  const boundOf = (k: FederationKpi) =>
    k.text.slice(k.text.indexOf(k.numeric!.measure) + k.numeric!.measure.length).replace(/\s+/g, '');

  const plan = edited((p) => {
    p.goals![0]!.indicators = [
      {
        id: 'kuroji',
        number: 1,
        name: growth.indicator,
        unit: growth.target.unit,
        kind: 'threshold',
        threshold: { comparator: growth.target.comparator, maintain: false },
        baseline: null,
        targets: [{ fiscalYear: 2023, value: String(growth.target.value) }],
      },
      {
        id: 'marukai',
        number: 2,
        name: maintained.numeric!.measure,
        unit: maintained.numeric!.unit,
        kind: 'threshold',
        threshold: { comparator: '>=', maintain: true },
        baseline: null,
        targets: [{ fiscalYear: 2023, value: String(maintained.numeric!.target) }],
      },
      {
        id: 'yushutsu',
        number: 3,
        name: cumulative.numeric!.measure,
        unit: cumulative.numeric!.unit,
        kind: 'threshold',
        threshold: { comparator: '>=', maintain: false },
        window: { startFy: 2021, endFy: 2023 },
        baseline: null,
        targets: [{ fiscalYear: 2023, value: String(cumulative.numeric!.target) }],
      },
    ];
    p.cycles![1]!.actuals = p.cycles![1]!.actuals!.filter((a) => !a.indicatorId.startsWith('goal-1-'));
    // The same bound as a project KPI.
    const kpi = p.projects![0]!.indicators![2]!;
    kpi.kind = 'threshold';
    kpi.unit = '%';
    kpi.threshold = { comparator: '>', maintain: false };
    kpi.targets = [{ fiscalYear: 2023, value: '50' }];
  });

  it('50％超, 40社以上を維持 and 累計3件以上 in the goal table, as the sources print them', () => {
    const block = buildGoalTable(plan).blocks[0]!;
    // The unit is kept normalised (％ → %), as every % figure of the tables.
    expect(cellOf(block, 'kuroji', 'target').text).toBe(growth.target.printed.replace('％', '%'));
    expect(cellOf(block, 'kuroji', 'target').text).toBe('50%超');
    expect(cellOf(block, 'marukai', 'target').text).toBe(boundOf(maintained));
    expect(cellOf(block, 'marukai', 'target').text).toBe('40社以上を維持');
    expect(cellOf(block, 'yushutsu', 'target').text).toBe(boundOf(cumulative));
    expect(cellOf(block, 'yushutsu', 'target').text).toBe('累計3件以上');
  });

  it('in the project table too, never a bare number', () => {
    const block = buildProjectTable(plan).blocks[0]!;
    expect(cellOf(block, plan.projects[0]!.indicators[2]!.id, 'target').text).toBe('50%超');
  });
});

describe('a ※ marker beside a value that has a footnote (docs/domain.md §8)', () => {
  const plan = edited((p) => {
    const cycle = p.cycles![1]!;
    const first = cycle.actuals!.find((a) => a.indicatorId === sendai.projects[0]!.indicators[0]!.id)!;
    first.footnotes = [{ marker: '(※1)', text: '速報値' }];
    const goal = cycle.actuals!.find((a) => a.indicatorId === sendai.goals[0]!.indicators[0]!.id)!;
    goal.footnotes = [{ marker: '(※2)', text: '令和6年3月末の見込み' }];
  });

  it('prints the figure with the marker and the note under the block, in the project table', () => {
    const kpi = progress.projects[0]!.kpis[0]!;
    const block = buildProjectTable(plan).blocks[0]!;
    const cell = cellOf(block, plan.projects[0]!.indicators[0]!.id, 'actual');
    expect(cell.text).toBe(`${kpi.actual_increment.printed}(※1)`);
    expect(cell.number).toBe(String(kpi.actual_increment.value));
    expect(footnoteLines(block)).toEqual(['(※1)速報値']);
  });

  it('and in the goal table, before the 前年度比', () => {
    const ind = progress.basic_goals[0]!.indicators[0]!;
    const block = buildGoalTable(plan).blocks[0]!;
    expect(cellOf(block, plan.goals[0]!.indicators[0]!.id, 'actual').text).toBe(
      `${ind.actual.period_label} ${ind.actual.printed}(※2) ${ind.yoy_delta.printed}`,
    );
    expect(footnoteLines(block)).toEqual(['(※2)令和6年3月末の見込み']);
  });
});

describe('the 新旧対照表 as CSV marks its changed cells and says how (docs/domain.md §9.4)', () => {
  const model = buildRevisionTable(loadPlan('revision-sample.plan.json'));
  const csv = renderCsv(model);

  it('starts every changed cell with 【変更】, on both halves, and the title says so', () => {
    expect(csv.slice(1).split('\r\n')[0]!.split(',')[0]).toBe(
      `${revisionFixture.source.title}${CSV_CHANGED_NOTE}`,
    );
    const changed = revisionFixture.changes.filter((c) => c.value_changed);
    const fields = (parse(csv, { bom: true }) as string[][]).flat();
    const marked = fields.filter((f) => f.startsWith(CSV_CHANGED_MARK));
    expect(marked).toHaveLength(changed.length * 2);
    for (const side of ['after', 'before'] as const) {
      for (const c of changed) {
        const row = revisionFixture[side].find((r) => r.indicator === c.indicator)!;
        const cell = c.column === 'cumulative' ? row.cumulative_kpi : row.yearly_increments[c.column]!;
        expect(marked).toContain(`${CSV_CHANGED_MARK}${cell.text.replace(/\s+/g, '')}`);
      }
    }
    // The formats that can underline keep the published title as it is.
    expect(model.title).toBe(revisionFixture.source.title);
    expect(renderMarkdown(model)).not.toContain(CSV_CHANGED_MARK);
  });
});

describe('the published frames (docs/domain.md §9)', () => {
  it('別紙2 and its title above the project blocks', () => {
    const model = buildProjectTable(sendai);
    expect(model.frame?.label).toBe('別紙2');
    expect(model.title).toBe(
      '● デジタル田園都市国家構想交付金（地方創生推進タイプ）を活用した事業の令和5年度実績について',
    );
    expect(model.subtitle).toBe(progress.source.as_of_printed);
    expect(renderPlainText(model).split('\n')[0]!.trim()).toBe('別紙2');
    expect(renderMarkdown(model).startsWith('別紙2\n\n## ● デジタル田園都市国家構想交付金')).toBe(true);
  });

  it('別紙1 and its title above the goal table, naming the plan, its goals and the point in time', () => {
    const model = buildGoalTable(sendai);
    expect(model.frame?.label).toBe('別紙1');
    expect(model.title).toBe(
      `●「${sendai.plan.title}」における6つの基本目標と対応する数値目標の${progress.source.as_of_printed}の進捗状況について`,
    );
    expect(progress.basic_goals).toHaveLength(6);
    // The point in time is in the title: no second line repeats it.
    expect(model.subtitle).toBeUndefined();
  });

  it('a plan can hold its own titles and labels, per report year', () => {
    const plan = edited((p) => {
      p.plan!.reports = [
        {
          fiscalYear: 2023,
          projects: { label: '', lines: ['● 交付金事業の実績', '（令和6年9月）'] },
          goals: { label: '資料1' },
        },
      ];
    });
    const projects = buildProjectTable(plan);
    expect(projects.frame).toBeUndefined();
    expect([projects.title, ...(projects.subtitle ?? '').split('\n')]).toEqual([
      '● 交付金事業の実績',
      '（令和6年9月）',
      '令和5年度末時点',
    ]);
    expect(buildGoalTable(plan).frame?.label).toBe('資料1');
    // Another year keeps the published wording of this kind of report.
    expect(buildProjectTable(plan, { fiscalYear: 2022 }).title).toMatch(/令和4年度実績について$/);
  });

  it("the cohort summary carries the coordinator's follow-up sentence after the derived one", () => {
    const line = progress.summary_statements.find((s) => s.text.startsWith('新規'))!.text;
    const row = buildProjectTable(sendai).summary[0]!.rows[0]!.map((c) => c.text);
    expect(row.join('\t')).toBe(line);
  });

  it('the 新旧対照表: its title lines, section rows and header rows, as published', () => {
    const plan = loadPlan('revision-sample.plan.json');
    const model = buildRevisionTable(plan);
    expect([model.title, ...model.subtitle!.split('\n')]).toEqual([
      revisionFixture.source.title,
      revisionFixture.source.plan_printed,
      revisionFixture.source.certified_printed,
    ]);
    const rows = model.blocks[0]!.rows.map((r) => r.map((c) => c.text));
    expect(rows[1]).toEqual(['1～3 (略)', '1～3 (略)']);
    expect(rows.at(-1)).toEqual(['7-3 (略)', '7-3 (略)']);
    expect(rows[4]!.slice(1, 5)).toEqual([
      revisionFixture.columns.pre_start!.printed,
      revisionFixture.columns.H30!.ordinal,
      revisionFixture.columns.H31!.ordinal,
      revisionFixture.columns.H32!.ordinal,
    ]);
    // A plan may hold another frame: no section rows at all, other title lines.
    const own = buildRevisionTable(
      edited((p) => {
        p.plan!.revisionFrame = { lines: ['新旧対照表'], sectionsBefore: [], sectionsAfter: [] };
      }, plan),
    );
    expect(own.title).toBe('新旧対照表');
    expect(own.subtitle).toBeUndefined();
    expect(own.blocks[0]!.rows[1]!.map((c) => c.text)[0]).toBe('指標');
  });

  it('prints every frame string through the text renderers as well', () => {
    const revision = buildRevisionTable(loadPlan('revision-sample.plan.json'));
    const text = renderPlainText(revision);
    for (const s of [
      revisionFixture.source.plan_printed,
      revisionFixture.source.certified_printed,
      '7-3 (略)',
    ])
      expect(text).toContain(s);
    expect(allCells(revision).filter((c) => c.text === '【数値目標】')).toHaveLength(2);
  });
});
