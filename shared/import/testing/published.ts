import { loadFixture } from '../../../tests/shared/load.ts';
import type { Typed, TypedCell, TypedSheet } from './typed.ts';

/**
 * The published tables of the Sendai FY2023 report (tests/fixtures/progress-2023-sample.json),
 * typed into a spreadsheet cell by cell as printed, in the layouts docs/domain.md §9 describes and their
 * variants: the KPI label `KPI`, `注` or none, on the header or on the first KPI row; index and
 * name in one cell or two; bullets or plain text; `—%` or `-%`.
 */

interface Printed {
  printed: string;
  value?: number | null;
  unit?: string;
  period_label?: string;
  footnote_ref?: string | null;
}

export interface FixtureKpi {
  index: number;
  index_symbol: string;
  indicator: string;
  baseline: Printed;
  target_increment: Printed;
  actual_increment: Printed;
  achievement: { printed: string };
  row_label_cell_printed?: string;
}

export interface FixtureProject {
  number: number;
  name: string;
  status_tag: string;
  plan_period: { printed: string; start_fy: number; end_fy: number };
  department: { printed: string; split: string[] };
  budget: { label_printed: string; printed: string; value_thousand_yen: number };
  overview: string;
  main_activities: { raw_printed: string; items: string[] };
  kpi_table_header_printed: string[];
  baseline_column_label?: string;
  kpis: FixtureKpi[];
  footnotes: { marker: string; text: string }[];
}

export interface FixtureGoalIndicator {
  indicator: string;
  kind: string;
  direction: string;
  unit: string;
  baseline: Printed;
  target: Printed;
  actual: Printed;
  yoy_delta: { printed: string; value: number };
  footnote?: { marker_printed: string; text: string };
  derived_not_printed?: { previous_year_value?: number };
}

export interface FixtureGoal {
  number: number;
  symbol: string;
  title: string;
  directions: string[];
  indicators: FixtureGoalIndicator[];
}

export interface ProgressFixture {
  source: { title: string; as_of_printed: string };
  summary_statements: { line: number; text: string }[];
  basic_goals: FixtureGoal[];
  projects: FixtureProject[];
}

export const progress = (): ProgressFixture => loadFixture<ProgressFixture>('progress-2023-sample.json');

/** The published titles (docs/domain.md §9.2), typed as printed. */
export const PROJECT_TITLE =
  '● デジタル田園都市国家構想交付金（地方創生推進タイプ）を活用した事業の令和5年度実績について';
export const PLAN_TITLE = '第2期仙台市まち・ひと・しごと創生総合戦略';
export const GOAL_TITLE = `●「${PLAN_TITLE}」における6つの基本目標と対応する数値目標の令和5年度末時点の進捗状況について`;

export interface ProjectLayout {
  /** The KPI label cell: `KPI`, `注` or empty; 'as-printed' follows the fixture (project 3 prints it on its first KPI row). */
  kpiLabel: 'KPI' | '注' | '' | 'as-printed';
  /** Index and name in two cells (`①` | `オウンドメディア等のPV数`), the header 指標 spanning both. */
  splitIndex: boolean;
  /** Figures stored as numbers with their formats in xlsx (as Excel stores what is typed). */
  numbers: boolean;
  /** 主な取組 as printed (plain text with inline ・), or one bullet per line. */
  activities: 'as-printed' | 'bullets';
}

export const AS_PRINTED: ProjectLayout = {
  kpiLabel: 'as-printed',
  splitIndex: false,
  numbers: false,
  activities: 'as-printed',
};

const cell = (text: string, span?: [number, number]): TypedCell => (span ? { text, span } : { text });

/** A figure as typed: the text shown, and in xlsx perhaps the number Excel stores with its format. */
function figure(text: string, layout: ProjectLayout): Typed {
  if (!layout.numbers) return text;
  const pct = /^(\d+\.\d)%$/.exec(text);
  if (pct) return { text, number: { value: Number(pct[1]) / 100, format: '0.0%' } };
  const m = /^([\d,]+)([^\d,]*)$/.exec(text);
  if (!m) return text;
  const unit = m[2] ?? '';
  return {
    text,
    number: { value: Number(m[1]!.replace(/,/g, '')), format: unit === '' ? '#,##0' : `#,##0"${unit}"` },
  };
}

function activitiesText(p: FixtureProject, layout: ProjectLayout): string {
  const raw = p.main_activities.raw_printed;
  if (layout.activities === 'bullets' || raw.startsWith('<'))
    return p.main_activities.items.map((i) => `・${i}`).join('\n');
  return raw;
}

/** The label cell of the header row and of the first KPI row. */
function kpiLabels(p: FixtureProject, layout: ProjectLayout): { header: string; first: string } {
  if (layout.kpiLabel !== 'as-printed') return { header: layout.kpiLabel, first: '' };
  const onFirst = p.kpis[0]?.row_label_cell_printed ?? '';
  return { header: p.kpi_table_header_printed[0] === 'KPI' ? 'KPI' : '', first: onFirst };
}

function kpiRow(k: FixtureKpi, label: string, layout: ProjectLayout): Typed[] {
  const values = [
    figure(k.baseline.printed, layout),
    figure(k.target_increment.printed, layout),
    figure(k.actual_increment.printed, layout),
    figure(k.achievement.printed, layout),
  ];
  const name = layout.splitIndex ? [k.index_symbol, k.indicator] : [`${k.index_symbol} ${k.indicator}`];
  return [label === '' ? null : label, ...name, ...values];
}

export function projectBlock(p: FixtureProject, layout: ProjectLayout): Typed[][] {
  const width = layout.splitIndex ? 7 : 6;
  const labels = kpiLabels(p, layout);
  const n = p.kpis.length;
  const header: Typed[] = [
    labels.header === '' ? null : cell(labels.header, labels.first === '' ? [n + 1, 1] : [1, 1]),
    cell('指標', layout.splitIndex ? [1, 2] : [1, 1]),
    ...(layout.splitIndex ? [null] : []),
    p.baseline_column_label ?? '当初値',
    '目標値(増分)',
    '実績値(増分)',
    '達成度',
  ];
  return [
    [cell(`${p.number} ${p.name}${p.status_tag}`, [1, width])],
    [
      '計画期間',
      p.plan_period.printed,
      '担当課',
      p.department.printed,
      p.budget.label_printed,
      layout.splitIndex
        ? { ...(figure(p.budget.printed, layout) as TypedCell), text: p.budget.printed, span: [1, 2] }
        : figure(p.budget.printed, layout),
    ],
    ['事業概要', cell(p.overview, [1, width - 1])],
    ['令和5年度の主な取組', cell(activitiesText(p, layout), [1, width - 1])],
    header,
    ...p.kpis.map((k, i) => kpiRow(k, i === 0 ? labels.first : '', layout)),
    ...p.footnotes.map((f) => [cell(f.text, [1, width])]),
  ];
}

/** The cohort summary rows as printed: label | sentence with the coordinator's follow-up. */
export function cohortRows(f: ProgressFixture, width: number): Typed[][] {
  return f.summary_statements
    .filter((s) => /事業/.test(s.text.split('\t')[0] ?? '') && s.text.includes('\t'))
    .map((s) => {
      const [label = '', sentence = ''] = s.text.split('\t');
      return [cell(label, [1, 2]), null, cell(sentence, [1, width - 2])];
    });
}

/** The project table (別紙2) as published: title, cohort summary, the blocks. */
export function projectTable(layout: ProjectLayout = AS_PRINTED, name = '別紙2'): TypedSheet {
  const f = progress();
  const width = layout.splitIndex ? 7 : 6;
  const rows: Typed[][] = [[cell(PROJECT_TITLE, [1, width])], [], ...cohortRows(f, width), []];
  for (const p of f.projects) rows.push(...projectBlock(p, layout), []);
  return { name, rows };
}

/** A goal-table value as typed: its period label, the figure (a unit left as plain text), the change. */
function goalValue(v: Printed, delta?: string): string {
  const printed = v.printed.includes('<') ? `${v.value}${v.unit}` : v.printed;
  const shown = delta?.includes('<')
    ? `(${delta
        .replace(/<[^>]*>/g, '')
        .replace(/\s+/g, '')
        .slice(1, -1)})`
    : delta;
  return [v.period_label, printed, shown].filter((s) => s !== undefined && s !== '').join(' ');
}

function goalBlock(g: FixtureGoal): Typed[][] {
  const n = g.indicators.length;
  return [
    [`基本的目標 ${g.symbol}`, g.title, '基本的方向', cell(g.directions.join('\n'), [1, 2])],
    [cell('数値目標', [n + 1, 1]), '指標', '基準値', '目標値', '進捗状況 (前年度比)'],
    ...g.indicators.map((i): Typed[] => [
      null,
      `■ ${i.indicator}${i.footnote?.marker_printed ?? ''}`,
      goalValue(i.baseline),
      goalValue(i.target),
      goalValue(i.actual, i.yoy_delta.printed),
    ]),
    ...g.indicators.flatMap((i) => (i.footnote ? [[cell(i.footnote.text, [1, 5])]] : [])),
  ];
}

/** The goal table (別紙1) as published: title, the statement under it, the goal blocks. */
export function goalTable(name = '別紙1'): TypedSheet {
  const f = progress();
  const statement = f.summary_statements.find((s) => s.text.startsWith('6つの基本的目標'))!.text;
  const rows: Typed[][] = [[cell(GOAL_TITLE, [1, 5])], [cell(statement, [1, 5])], []];
  for (const g of f.basic_goals) rows.push(...goalBlock(g), []);
  return { name, rows };
}
