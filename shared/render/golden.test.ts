/**
 * The published tables reproduced to the letter in every export format: the FY2023 project table
 * (with the 新規 cohort summary line) and goal table of tests/fixtures/progress-2023-sample.json,
 * and the 新旧対照表 of tests/fixtures/plan-revision.json, each read back with a second reader
 * (jszip + fast-xml-parser, csv-parse, parse5) and compared with the fixture's printed strings.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  GoalFixture,
  ProgressFixture,
  ProjectFixture,
  RevisionCellFixture,
  RevisionFixture,
} from '../../scripts/convert/fixture-types.ts';
import { loadFixture, loadPlan } from '../../tests/shared/load.ts';
import { CSV_CHANGED_MARK, CSV_CHANGED_NOTE, renderCsv } from '../tables/csv.ts';
import { buildGoalTable } from '../tables/goals.ts';
import { buildProjectTable } from '../tables/projects.ts';
import { buildRevisionTable } from '../tables/revision.ts';
import type { TableModel } from '../tables/types.ts';
import { renderHtml } from './html.ts';
import { csvRows, htmlRows, type PrintedRow, rowsFrom, xlsxRows } from './testing/rendered-rows.ts';
import { readXlsx } from './testing/xlsx-reader.ts';
import { renderXlsx } from './xlsx.ts';

const progress = loadFixture<ProgressFixture>('progress-2023-sample.json');
const revision = loadFixture<RevisionFixture>('plan-revision.json');
const sendai = loadPlan('sendai-2023.plan.json');
const models: TableModel[] = [
  buildProjectTable(sendai),
  buildGoalTable(sendai),
  buildRevisionTable(loadPlan('revision-sample.plan.json')),
];
type Format = 'xlsx' | 'csv' | 'html';
const printed = new Map<Format, PrintedRow[][]>();

beforeAll(async () => {
  const sheets = await readXlsx(await renderXlsx(models, { created: new Date('2024-03-31T00:00:00Z') }));
  printed.set('xlsx', sheets.map(xlsxRows));
  printed.set(
    'csv',
    models.map((m) => csvRows(renderCsv(m))),
  );
  printed.set(
    'html',
    models.map((m) => htmlRows(renderHtml([m], { chart: false }))),
  );
});
const formats: Format[] = ['xlsx', 'csv', 'html'];
const tableRows = (format: Format, table: number): PrintedRow[] => printed.get(format)?.[table] ?? [];
const texts = (rows: PrintedRow[]) => rows.map((r) => r.texts);

// --- the project table -----------------------------------------------------------------------
type KpiWithSymbol = ProjectFixture['kpis'][number] & { index_symbol: string };

function projectRows(p: ProjectFixture): string[][] {
  const kpis = p.kpis as KpiWithSymbol[];
  // The fixture lists a KPI's footnote on the KPI and on the project; the report prints it once.
  const notes = [
    ...new Set([...p.footnotes, ...p.kpis.flatMap((k) => k.footnotes ?? [])].map((f) => f.text)),
  ].map((text) => [text]);
  return [
    [`${p.number} ${p.name}${p.status_tag}`],
    [
      '計画期間',
      p.plan_period.printed,
      '担当課',
      p.department.printed,
      p.budget.label_printed,
      p.budget.printed,
    ],
    ['事業概要', p.overview],
    ['令和5年度の主な取組', p.main_activities.items.map((item) => `・${item}`).join('\n')],
    ['KPI', '指標', '当初値', '目標値(増分)', '実績値(増分)', '達成度'],
    ...kpis.map((k) => [
      `${k.index_symbol} ${k.indicator}`,
      k.baseline.printed,
      k.target_increment.printed,
      k.actual_increment.printed,
      // The source prints `-%` once and `—%` elsewhere; the export writes one placeholder, `—%`.
      k.achievement.printed === '-%' ? '—%' : k.achievement.printed,
    ]),
    ...notes,
  ];
}

/** The published titles (docs/domain.md §9.2): 別紙2 above the project blocks, 別紙1 above the goal table. */
const PROJECT_TITLE =
  '● デジタル田園都市国家構想交付金（地方創生推進タイプ）を活用した事業の令和5年度実績について';
const GOAL_TITLE =
  '●「第2期仙台市まち・ひと・しごと創生総合戦略」における6つの基本目標と対応する数値目標の令和5年度末時点の進捗状況について';

describe.each(formats)('project table in %s, to the letter', (format) => {
  it("prints the 新規 cohort summary line: the derived sentence and the coordinator's follow-up", () => {
    const line = progress.summary_statements.find((s) => s.text.startsWith('新規'))!.text;
    const [label = '', sentence = ''] = line.split('\t');
    expect(sentence).toBe(
      '3事業ともKPIを達成した（実績値が未確定のものを除く）。2年目以降も、目標達成に向けて着実に事業を進めていく。',
    );
    expect(texts(rowsFrom(tableRows(format, 0), label, 1))).toEqual([[label, sentence]]);
  });

  it.each(progress.projects.map((p) => [p.number, p] as const))('prints project %i', (_, p) => {
    const want = projectRows(p);
    expect(texts(rowsFrom(tableRows(format, 0), want[0]![0]!, want.length))).toEqual(want);
  });

  it('prints the published title (別紙2) and the point in time', () => {
    // CSV puts the 別紙 label at the right of the title row; xlsx and HTML on a row of its own above.
    expect(texts(tableRows(format, 0).slice(0, format === 'csv' ? 2 : 3))).toEqual([
      ...(format === 'csv' ? [[PROJECT_TITLE, '別紙2']] : [['別紙2'], [PROJECT_TITLE]]),
      [progress.source.as_of_printed],
    ]);
    expect(models[0]!.frame?.label).toBe('別紙2');
  });
});

describe.each(formats)('goal table in %s, the frame', (format) => {
  it('prints the published title (別紙1), which states the point in time', () => {
    expect(texts(tableRows(format, 1).slice(0, format === 'csv' ? 1 : 2))).toEqual(
      format === 'csv' ? [[GOAL_TITLE, '別紙1']] : [['別紙1'], [GOAL_TITLE]],
    );
    expect(GOAL_TITLE).toContain(progress.source.as_of_printed);
    expect(models[1]!.frame?.label).toBe('別紙1');
  });
});

// --- the goal table --------------------------------------------------------------------------
type GoalIndicator = GoalFixture['indicators'][number] & {
  indicator_printed_with_marker?: string;
  footnote?: { marker_printed: string; text: string };
};
/** The GHG unit keeps the PDF's markup (`911万t -CO <sub>2</sub>`): only such strings lose tags and spaces. */
const noSub = (s: string) => (s.includes('<sub>') ? s.replace(/<\/?sub>/g, '').replace(/\s+/g, '') : s);
/** Titles and names carry spaces from PDF line wrapping (`市民 の割合`); they are compared without. */
const noWrapSpaces = (s: string) => s.replace(/\s+/g, '');

function goalRows(g: GoalFixture): string[][] {
  const inds = g.indicators as GoalIndicator[];
  return [
    [
      `基本的目標 ${g.symbol}`,
      noWrapSpaces(g.title),
      '基本的方向',
      g.directions.map((d) => d.replace(/^\(\d+\)\s*/, '')).join('\n'),
    ],
    ['数値目標', '指標', '基準値', '目標値', '進捗状況 (前年度比)'],
    ...inds.map((i) => [
      `■${noWrapSpaces(i.indicator_printed_with_marker ?? `${i.indicator}${i.footnote?.marker_printed ?? ''}`)}`,
      `${i.baseline.period_label} ${noSub(i.baseline.printed)}`,
      `${i.target.period_label} ${noSub(i.target.printed)}`,
      `${i.actual.period_label} ${noSub(i.actual.printed)} ${noSub(i.yoy_delta.printed)}`,
    ]),
    // Under the table a footnote reads `※text`; one fixture text keeps the PDF's space after ※.
    ...inds.flatMap((i) => (i.footnote ? [[`※${i.footnote.text.replace(/^※\s*/, '')}`]] : [])),
  ];
}

/** The printed row with the same normalisation as the fixture side: names and titles without wrap spaces. */
function comparableGoalRow(row: string[], index: number): string[] {
  if (index === 0) {
    const [head = '', title = '', label = '', directions = ''] = row;
    // The source numbers (1) (3) (3) for goal ③ (a typo); numbering is checked separately.
    return [
      head,
      noWrapSpaces(title),
      label,
      directions
        .split('\n')
        .map((d) => d.replace(/^\(\d+\)\s*/, ''))
        .join('\n'),
    ];
  }
  return row.map((t, c) => (c === 0 && t.startsWith('■') ? noWrapSpaces(t) : t));
}

describe.each(formats)('goal table in %s, to the letter', (format) => {
  it.each(progress.basic_goals.map((g) => [g.symbol, g] as const))('prints goal %s', (_, g) => {
    const want = goalRows(g);
    const got = texts(rowsFrom(tableRows(format, 1), want[0]![0]!, want.length));
    expect(got.map(comparableGoalRow)).toEqual(want);
    const numbering = got[0]![3]!.split('\n').map((d) => d.slice(0, 3));
    expect(numbering).toEqual(g.directions.map((_, n) => `(${n + 1})`));
  });
});

// --- the 新旧対照表 --------------------------------------------------------------------------
/**
 * A cell as the export prints it: units without the PDF's space (`25,000 千円` → `25,000千円`) and
 * zero bare, as the source's own consolidated plan prints it (`0 千円` → `0`, not marked changed).
 */
function revisionText(cell: RevisionCellFixture): string {
  const text = cell.text.replace(/\s+/g, '');
  return cell.value === 0 ? '0' : text;
}

function revisionRow(after: RevisionFixture['after'][number], before: RevisionFixture['before'][number]) {
  const half = (r: RevisionFixture['after'][number]) => {
    const cells = [
      r.pre_start_baseline,
      r.yearly_increments.H30!,
      r.yearly_increments.H31!,
      r.yearly_increments.H32!,
      r.cumulative_kpi,
    ];
    return {
      texts: [r.indicator, ...cells.map(revisionText)],
      underlined: [false, ...cells.map((c) => c.underlined)],
    };
  };
  const a = half(after);
  const b = half(before);
  return { texts: [...a.texts, ...b.texts], underlined: [...a.underlined, ...b.underlined] };
}

/** CSV cannot underline: a changed cell starts with 【変更】 and the title says so. */
const csvMarked = (row: { texts: string[]; underlined: boolean[] }) =>
  row.texts.map((t, i) => (row.underlined[i] ? `${CSV_CHANGED_MARK}${t}` : t));

describe.each(formats)('新旧対照表 in %s, to the letter', (format) => {
  const want = revision.after.map((a, i) => revisionRow(a, revision.before[i]!));

  it('prints both halves with the same rows, every figure as published', () => {
    const rows = tableRows(format, 2);
    expect(texts(rowsFrom(rows, '変更後', 1))).toEqual([['変更後', '変更前']]);
    for (const row of want)
      expect(texts(rowsFrom(rows, row.texts[0]!, 1))).toEqual([
        format === 'csv' ? csvMarked(row) : row.texts,
      ]);
  });

  it('prints the document frame: title lines, section rows and both header rows', () => {
    const rows = tableRows(format, 2);
    const title = format === 'csv' ? `${revision.source.title}${CSV_CHANGED_NOTE}` : revision.source.title;
    // One row per line in every format (no 別紙 label above this title).
    expect(texts(rows.slice(0, 3))).toEqual([
      [title],
      [revision.source.plan_printed],
      [revision.source.certified_printed],
    ]);
    const both = (t: string) => [t, t];
    expect(texts(rowsFrom(rows, '1～3 (略)', 3))).toEqual(
      ['1～3 (略)', '4 地域再生計画の目標', '【数値目標】'].map(both),
    );
    expect(texts(rowsFrom(rows, '7-3 (略)', 1))).toEqual([both('7-3 (略)')]);
    const cols = revision.columns;
    const upper = [
      '指標',
      cols.pre_start!.printed,
      cols.H30!.ordinal!,
      cols.H31!.ordinal!,
      cols.H32!.ordinal!,
    ];
    const years = ['H30年度 増加分', 'H31年度 増加分', 'H32年度 増加分'];
    expect(texts(rowsFrom(rows, '指標', 2))).toEqual([
      [...upper, 'KPI増加分の累計', ...upper, 'KPI増加分の累計'],
      [...years, ...years],
    ]);
  });
});

describe('新旧対照表 in csv, changed cells', () => {
  const want = revision.after.map((a, i) => revisionRow(a, revision.before[i]!));

  it('marks exactly the changed cells with 【変更】 on both halves, and says so in the title', () => {
    const rows = tableRows('csv', 2);
    expect(rows[0]!.texts[0]).toBe(`${revision.source.title}${CSV_CHANGED_NOTE}`);
    const marked = rows.flatMap((r) => r.texts).filter((t) => t.startsWith(CSV_CHANGED_MARK));
    expect(marked).toHaveLength(18);
    expect(marked).toEqual(want.flatMap(csvMarked).filter((t) => t.startsWith(CSV_CHANGED_MARK)));
  });
});

// CSV carries no formatting: only the xlsx and HTML halves can show the underline (CSV: 【変更】 above).
describe.each(['xlsx', 'html'] as const)('新旧対照表 in %s, changed cells', (format) => {
  const want = revision.after.map((a, i) => revisionRow(a, revision.before[i]!));

  it('underlines exactly the changed cells, on both halves', () => {
    const rows = tableRows(format, 2);
    for (const row of want) expect(rowsFrom(rows, row.texts[0]!, 1)[0]?.underlined).toEqual(row.underlined);
    expect(want.flatMap((r) => r.underlined).filter(Boolean)).toHaveLength(18);
  });
});
