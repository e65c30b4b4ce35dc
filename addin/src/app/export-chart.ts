import {
  type KpiAchievement,
  type ProjectAchievements,
  projectAchievements,
} from '../../../shared/render/achievements.ts';
import { lineHeight } from '../../../shared/render/sheet-measure.ts';
import type { TableModel } from '../../../shared/tables/types.ts';
import { address } from './columns.ts';

/**
 * The 達成度 charts of the project table in the add-in's export: per project a clustered column
 * chart of its KPIs' 達成度 with a line at 100%, drawn from a small data range beside the table.
 * The figures are the table's own cells (shared/render/achievements.ts): nothing is recomputed.
 *
 * Columns rather than horizontal bars because the 100% mark is a line series: a line series runs
 * along the category axis, which is horizontal only in a column chart (Excel's built-in
 * "clustered column – line" combo); on a horizontal bar chart it would not sit at 100.
 */

export const CHART_HEADERS = ['指標', '達成度', '達成度100%'] as const;
/** What the 100% series holds on every row: a constant, not a figure. */
export const TARGET_PERCENT = 100;
const TARGET_FORMAT = '0"%"';
const DATA_COLUMNS = CHART_HEADERS.length;
/** Helper columns: the KPI names wide enough to read, the figures narrow. In points. */
const DATA_WIDTHS = [180, 54, 66];
/** The chart spans this many default-width columns and at least this many points of rows. */
const CHART_COLUMNS = 8;
const CHART_MIN_HEIGHT = 220;

export interface ChartPlan {
  /** `1 仙台・東北連携…事業【新規】 KPI達成度` */
  title: string;
  /** Header row and one row per KPI, three columns: names, 達成度, 100. */
  dataAddress: string;
  /** Top-left and bottom-right cells the chart is placed over. */
  from: string;
  to: string;
  categories: number;
}

/** The helper range beside the table: one 2-D write for all projects. */
export interface ChartData {
  address: string;
  firstColumn: number;
  values: (string | number)[][];
  numberFormats: string[][];
  columnWidths: number[];
}

export interface ChartsPlan {
  data: ChartData | null;
  charts: ChartPlan[];
}

function notComputableNote(kpis: KpiAchievement[]): string | null {
  const missing = kpis.filter((k) => k.percent === null);
  if (missing.length === 0) return null;
  const list = missing.map((k) => `${k.name}（${k.printed}）`).join('、');
  return missing.length === kpis.length
    ? `※ 達成度を算出できる指標がないため、グラフはありません：${list}`
    : `※ 達成度を算出できない指標は棒を表示していません：${list}`;
}

/** Where the table's rows are: each block's first row, and each row's height in points. */
export interface ChartRoom {
  columns: number;
  blockTops: Map<string, number>;
  heights: number[];
  fontSize: number;
}

const NO_CHARTS: ChartsPlan = { data: null, charts: [] };

/**
 * Plans the charts of a project table: each chart and its data beside its project's block, and
 * never over the previous project's, however short that block is.
 */
export function planCharts(model: TableModel, room: ChartRoom): ChartsPlan {
  if (model.kind !== 'projects') return NO_CHARTS;
  const projects = projectAchievements(model);
  if (projects.length === 0) return NO_CHARTS;
  const first = room.columns + 1;
  const data = new DataRows();
  const charts: ChartPlan[] = [];
  let free = 0;
  for (const project of projects) {
    const top = Math.max(room.blockTops.get(project.blockId) ?? free, free);
    let end = data.putProject(top, project.kpis);
    if (project.kpis.some((k) => k.percent !== null)) {
      const { chart, bottom } = chartBeside(project, top, first, room);
      charts.push(chart);
      end = Math.max(end, bottom + 1);
    }
    free = end + 1;
  }
  return { data: data.plan(first), charts };
}

/** The helper range's rows: per project a header, one row per KPI, and a note when one has no figure. */
class DataRows {
  readonly #values: (string | number)[][] = [];
  readonly #formats: string[][] = [];

  #put(row: number, values: (string | number)[], numberFormats: string[]): void {
    while (this.#values.length <= row) {
      this.#values.push(new Array<string | number>(DATA_COLUMNS).fill(''));
      this.#formats.push(new Array<string>(DATA_COLUMNS).fill('@'));
    }
    this.#values[row] = values;
    this.#formats[row] = numberFormats;
  }

  /** Writes a project's rows from `top`; returns the row after them. */
  putProject(top: number, kpis: KpiAchievement[]): number {
    this.#put(top, [...CHART_HEADERS], ['@', '@', '@']);
    kpis.forEach((kpi, i) => {
      const figure = kpi.percent === null ? '' : Number(kpi.percent);
      const format = kpi.percent === null ? '@' : (kpi.numberFormat ?? 'General');
      this.#put(top + 1 + i, [kpi.name, figure, TARGET_PERCENT], ['@', format, TARGET_FORMAT]);
    });
    let end = top + 1 + kpis.length;
    const note = notComputableNote(kpis);
    if (note) this.#put(end++, [note, '', ''], ['@', '@', '@']);
    return end;
  }

  plan(first: number): ChartData {
    return {
      address: address(0, first, this.#values.length, DATA_COLUMNS),
      firstColumn: first,
      values: this.#values,
      numberFormats: this.#formats,
      columnWidths: DATA_WIDTHS,
    };
  }
}

/** A project's chart right of its data, from its first row down as far as its minimum height takes. */
function chartBeside(project: ProjectAchievements, top: number, first: number, room: ChartRoom) {
  const chartColumn = first + DATA_COLUMNS + 1;
  const defaultHeight = lineHeight(room.fontSize);
  const heightOf = (row: number) => room.heights[row] ?? defaultHeight;
  let bottom = top;
  let height = heightOf(top);
  while (height < CHART_MIN_HEIGHT) height += heightOf(++bottom);
  const chart: ChartPlan = {
    title: `${project.heading} KPI達成度`,
    dataAddress: address(top, first, 1 + project.kpis.length, DATA_COLUMNS),
    from: address(top, chartColumn),
    to: address(bottom, chartColumn + CHART_COLUMNS - 1),
    categories: project.kpis.length,
  };
  return { chart, bottom };
}
