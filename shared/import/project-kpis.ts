import { parseAchievementCell } from '../calc/achievement-cell.ts';
import { normalizeUnit, parseBound, parsePeriod, splitTrailingMarker } from '../notation/index.ts';
import type { Actual, Indicator } from '../schema/index.ts';
import { NOTE_START } from './footnotes.ts';
import { DERIVED, LAYOUT, to } from './paths.ts';
import type { ImportSheet } from './sheet.ts';
import { type FigureCell, loose, readFigure, readIndex, splitIndicatorName } from './values.ts';

/**
 * The KPI rows of a project block. The columns come from the header row (指標 | 当初値 | 目標値(増分)
 * | 実績値(増分) | 達成度), so an index and a name in two cells, or a table that starts in another
 * column, read the same. The KPI label cell reads `KPI`, `注` or nothing, on the header row or on
 * the first KPI row.
 */

export interface KpiColumns {
  label: number;
  name: number;
  baseline: number;
  target: number;
  actual: number;
  achievement: number;
  row: number;
}

const HEADERS = [/当初値$/u, /^目標値/u, /^実績値/u, /^達成度/u];
const LABELS = new Set(['KPI', '注']);

export const isKpiLabel = (text: string): boolean => text === '' || LABELS.has(loose(text).toUpperCase());

/** The header row's columns; 'wrong' when 指標 is there but the rest is not in order. */
export function kpiColumns(sheet: ImportSheet, row: number): KpiColumns | 'wrong' | null {
  const cells = sheet.cells(row);
  const at = cells.findIndex((c) => loose(c.text) === '指標');
  if (at < 0) return null;
  const rest = cells.slice(at + 1, at + 5);
  const ok = rest.length === 4 && rest.every((c, i) => HEADERS[i]!.test(loose(c.text)));
  if (!ok) return 'wrong';
  const name = cells[at]!.col;
  const [baseline, target, actual, achievement] = rest.map((c) => c.col) as [number, number, number, number];
  return { label: Math.max(0, name - 1), name, baseline, target, actual, achievement, row };
}

/** Reports a header row that is not 指標 | 当初値 | 目標値(増分) | 実績値(増分) | 達成度. */
export function reportWrongHeader(sheet: ImportSheet, row: number): void {
  const cells = sheet.cells(row);
  const at = cells.findIndex((c) => loose(c.text) === '指標');
  const found = cells.slice(at).map((c) => c.text);
  sheet.report(row, cells[at]!.col, {
    code: 'kpi_header',
    field: 'header',
    message: {
      ja: `KPIの見出し行が「指標｜当初値｜目標値(増分)｜実績値(増分)｜達成度」の順になっていません（${found.join('｜')}）。`,
      en: `The KPI header row is not 指標 | 当初値 | 目標値(増分) | 実績値(増分) | 達成度 (found ${found.join(' | ')}).`,
    },
  });
}

/** Takes the header row's cells: its labels are layout, checked against the report year. */
export function takeHeader(sheet: ImportSheet, cols: KpiColumns, fiscalYear: number): void {
  if (isKpiLabel(sheet.text(cols.row, cols.label))) sheet.take(cols.row, cols.label, LAYOUT);
  for (const col of [cols.name, cols.target, cols.actual, cols.achievement])
    sheet.take(cols.row, col, LAYOUT);
  const header = sheet.text(cols.row, cols.baseline);
  const year = parsePeriod(header.replace(/当初値$/u, ''));
  if (year === null || year.startYear === fiscalYear) {
    sheet.take(cols.row, cols.baseline, LAYOUT);
    return;
  }
  sheet.report(cols.row, cols.baseline, {
    code: 'year_mismatch',
    field: 'header',
    message: {
      ja: `「${header}」の年度が報告年度（${fiscalYear}年度）と異なります。`,
      en: `"${header}" names another year than the report year (FY${fiscalYear}).`,
    },
  });
}

/** A KPI row: its label cell is empty, `KPI` or `注`, and it has a name that is no footnote. */
export function isKpiRow(sheet: ImportSheet, row: number, cols: KpiColumns): boolean {
  const cells = sheet.cells(row);
  if (cells.length === 0 || cells[0]!.col < cols.label) return false;
  if (cols.label < cols.name && !isKpiLabel(sheet.text(row, cols.label))) return false;
  const name = cells.find((c) => c.col >= cols.name && c.col < cols.baseline);
  return name !== undefined && !NOTE_START.test(name.text);
}

export interface ParsedKpi {
  indicator: Indicator;
  actual: Actual | null;
  /** The markers appended to the name: their notes belong to the indicator. */
  nameMarkers: string[];
  /** Markers of the target cell (`30,000(※4)`): their notes are the project's. */
  otherMarkers: string[];
  /** A bound on the running total (`累計3件以上`): its window is the project's period. */
  windowed: boolean;
  achievement: { row: number; col: number; printed: string } | null;
}

interface KpiContext {
  sheet: ImportSheet;
  cols: KpiColumns;
  projectId: string;
  fiscalYear: number;
}

function readName(ctx: KpiContext, row: number, fallback: number, id: (n: number) => string) {
  const { sheet, cols } = ctx;
  const cells = sheet.cells(row).filter((c) => c.col >= cols.name && c.col < cols.baseline);
  const index = cells.length >= 2 ? readIndex(cells[0]!.text) : null;
  const nameCell = index === null ? cells[0]! : cells[1]!;
  const split = splitIndicatorName(sheet.line(row, nameCell.col));
  const number = index ?? split.number ?? fallback;
  const indicatorId = id(number);
  if (index !== null) sheet.take(row, cells[0]!.col, to.kpi(ctx.projectId, indicatorId, 'number'));
  sheet.take(row, nameCell.col, to.kpi(ctx.projectId, indicatorId, 'name'));
  return { number, name: split.name, markers: split.markers, indicatorId };
}

function reportValue(
  ctx: KpiContext,
  row: number,
  col: number,
  field: string,
  cell: FigureCell,
  id: string,
): void {
  if (cell.kind !== 'invalid') return;
  ctx.sheet.report(row, col, { code: 'value', field, ref: { indicatorId: id }, message: cell.message });
}

/**
 * A figure printed with a unit where the table prints it bare (`bare`), or a bound whose unit must be
 * the indicator's. With no baseline unit to compare, the indicator takes it.
 */
function checkUnit(
  ctx: KpiContext,
  row: number,
  col: number,
  unit: string | null,
  ind: Indicator,
  bare: boolean,
) {
  if (unit === null) return;
  if (ind.unit === '') ind.unit = unit;
  const same = normalizeUnit(unit) === normalizeUnit(ind.unit);
  if (same && !bare) return;
  ctx.sheet.report(row, col, {
    code: same ? 'not_held' : 'unit_mismatch',
    field: 'unit',
    severity: same ? 'warning' : 'error',
    ref: { indicatorId: ind.id },
    message: same
      ? {
          ja: `単位「${unit}」付きで書かれています。値は読み込みましたが、この欄は単位なしで書き出されます。`,
          en: `Written with its unit "${unit}": the value is imported, but this column is exported without the unit.`,
        }
      : {
          ja: `単位「${unit}」が当初値の単位「${ind.unit}」と異なります。`,
          en: `The unit "${unit}" differs from the baseline's unit "${ind.unit}".`,
        },
  });
}

/** 当初値: a figure with its unit and perhaps a marker, or unknown with a marker and the unit (`(※1)億円`). */
function readBaseline(ctx: KpiContext, row: number, kpi: ParsedKpi): void {
  const { sheet, cols, projectId } = ctx;
  const ind = kpi.indicator;
  const cell = readFigure(sheet.text(row, cols.baseline));
  reportValue(ctx, row, cols.baseline, 'baseline', cell, ind.id);
  if (cell.kind !== 'number' && cell.kind !== 'missing') return;
  ind.unit = cell.unit ?? '';
  const value = cell.kind === 'number' ? cell.value : null;
  ind.baseline = { value, ...(cell.marker ? { marker: cell.marker } : {}) };
  sheet.take(row, cols.baseline, to.kpi(projectId, ind.id, 'baseline'));
}

/** A target printed with its comparator (`50%超`, `40社以上を維持`, `累計3件以上`, `50%超(※1)`): a threshold. */
function readBoundTarget(ctx: KpiContext, row: number, kpi: ParsedKpi, text: string): boolean {
  const { text: body, marker } = splitTrailingMarker(text);
  const bound = parseBound(marker === null ? text : body);
  if (!bound.ok || bound.comparator === null) return false;
  const ind = kpi.indicator;
  ind.kind = 'threshold';
  ind.threshold = { comparator: bound.comparator, maintain: bound.maintain };
  if (bound.comparator.startsWith('<')) ind.direction = 'lower_is_better';
  ind.targets = [{ fiscalYear: ctx.fiscalYear, value: bound.value, ...(marker ? { marker } : {}) }];
  if (marker) kpi.otherMarkers.push(marker);
  kpi.windowed = bound.cumulative;
  ctx.sheet.take(row, ctx.cols.target, to.kpi(ctx.projectId, ind.id, 'targets'));
  if (bound.unit !== null && ind.unit === '') ind.unit = bound.unit;
  else if (bound.unit !== null) checkUnit(ctx, row, ctx.cols.target, bound.unit, ind, false);
  return true;
}

/** 目標値(増分): bare figure, a bound, or a note where none is set (`※今後の趨勢を見極めて改めて設定`, `(※)`). */
function readTarget(ctx: KpiContext, row: number, kpi: ParsedKpi): void {
  const { sheet, cols, projectId, fiscalYear } = ctx;
  const ind = kpi.indicator;
  const text = sheet.text(row, cols.target);
  if (text === '') return;
  const cell = readFigure(text);
  if (cell.kind === 'missing' || (cell.kind === 'invalid' && !/[0-9０-９]/u.test(text))) {
    ind.note = sheet.line(row, cols.target);
    ind.kind = 'not_set';
    sheet.take(row, cols.target, to.kpi(projectId, ind.id, 'note'));
    return;
  }
  if (cell.kind === 'invalid' && readBoundTarget(ctx, row, kpi, text)) return;
  reportValue(ctx, row, cols.target, 'target', cell, ind.id);
  if (cell.kind !== 'number') return;
  // A marker after the target (`30,000(※4)`): its note is the project's.
  ind.targets = [{ fiscalYear, value: cell.value, ...(cell.marker ? { marker: cell.marker } : {}) }];
  sheet.take(row, cols.target, to.kpi(projectId, ind.id, 'targets'));
  checkUnit(ctx, row, cols.target, cell.unit, ind, true);
  if (cell.marker) kpi.otherMarkers.push(cell.marker);
}

/**
 * 実績値(増分): a figure, a figure with its marker (`1,234(※2)`), or the marker alone (not
 * available); for a KPI without a target, words are its result (a qualitative KPI, docs/domain.md §5.8).
 */
function readActual(ctx: KpiContext, row: number, kpi: ParsedKpi): void {
  const { sheet, cols, fiscalYear } = ctx;
  const id = kpi.indicator.id;
  const text = sheet.text(row, cols.actual);
  const cell = readFigure(text);
  if (cell.kind === 'invalid' && kpi.indicator.targets.length === 0 && !/^[※(（〔［【[]/u.test(text)) {
    kpi.indicator.kind = 'qualitative';
    kpi.actual = { indicatorId: id, value: null, basis: 'year', text, footnotes: [] };
    sheet.take(row, cols.actual, to.actual(fiscalYear, id, 'text'));
    return;
  }
  if (cell.kind === 'number' || cell.kind === 'missing') {
    const value = cell.kind === 'number' ? cell.value : null;
    kpi.actual = {
      indicatorId: id,
      value,
      basis: 'year',
      footnotes: [],
      ...(cell.marker ? { marker: cell.marker } : {}),
    };
    sheet.take(row, cols.actual, to.actual(fiscalYear, id, value === null ? 'marker' : 'value'));
    checkUnit(ctx, row, cols.actual, cell.unit, kpi.indicator, true);
  }
  reportValue(ctx, row, cols.actual, 'actual', cell, id);
}

/** 達成度: read and checked later against the computed figure, never imported. */
function readAchievement(ctx: KpiContext, row: number, kpi: ParsedKpi): void {
  const { sheet, cols } = ctx;
  const printed = sheet.text(row, cols.achievement);
  if (printed === '') return;
  const parsed = parseAchievementCell(printed);
  if (parsed.kind === 'invalid') {
    sheet.report(row, cols.achievement, {
      code: 'achievement',
      field: 'achievement',
      ref: { indicatorId: kpi.indicator.id },
      message: parsed.message,
    });
    return;
  }
  sheet.take(row, cols.achievement, DERIVED);
  kpi.achievement = { row, col: cols.achievement, printed };
}

export function readKpiRow(ctx: KpiContext, row: number, fallback: number): ParsedKpi {
  const { sheet, cols, projectId } = ctx;
  if (cols.label < cols.name && sheet.text(row, cols.label) !== '') sheet.take(row, cols.label, LAYOUT);
  const named = readName(ctx, row, fallback, (n) =>
    sheet.log.indicatorId('projects', projectId, n, `${projectId}-${n}`),
  );
  const indicator: Indicator = {
    id: named.indicatorId,
    number: named.number,
    name: named.name === '' ? `指標${named.number}` : named.name,
    unit: '',
    kind: 'increment',
    direction: 'higher_is_better',
    baseline: null,
    targets: [],
    footnotes: [],
  };
  const kpi: ParsedKpi = {
    indicator,
    actual: null,
    nameMarkers: named.markers,
    otherMarkers: [],
    windowed: false,
    achievement: null,
  };
  if (named.name === '') {
    sheet.report(row, cols.name, {
      code: 'indicator_name',
      field: 'name',
      ref: { indicatorId: indicator.id },
      message: { ja: '指標名がありません。', en: 'The indicator has no name.' },
    });
  }
  readBaseline(ctx, row, kpi);
  readTarget(ctx, row, kpi);
  readActual(ctx, row, kpi);
  readAchievement(ctx, row, kpi);
  return kpi;
}
