import { yearOverYear } from '../calc/delta.ts';
import { cmp, decimal, sub, toDecimalString } from '../decimal.ts';
import { deltaUnit, isPercentUnit, normalizeUnit } from '../notation/index.ts';
import type { Actual, Indicator } from '../schema/index.ts';
import { LAYOUT, to } from './paths.ts';
import type { ImportSheet } from './sheet.ts';
import { type LabelledCell, loose, parseDelta, readLabelled, splitIndicatorName } from './values.ts';

/**
 * One numeric goal row of the goal table: `■ 名称〔※〕 | H29年度 7社 | R1～5年(累計) 50社 |
 * R1～5年(累計) 66社 (+13社)`. The kind is not printed: it is read from the labels and figures
 * ((累計) → cumulative, % → rate, 超/以上 → threshold, a target below the baseline → lower is
 * better, said in a warning). The 前年度比 gives the previous cycle's value.
 */

export interface GoalColumns {
  label: number;
  name: number;
  baseline: number;
  target: number;
  progress: number;
  row: number;
}

export interface ParsedGoalIndicator {
  indicator: Indicator;
  actual: Actual | null;
  previous: Actual | null;
  nameMarkers: string[];
  row: number;
}

interface Context {
  sheet: ImportSheet;
  cols: GoalColumns;
  goalId: string;
  fiscalYear: number;
}

type Kind = Pick<Indicator, 'kind' | 'direction' | 'window' | 'threshold'>;

/** The kind from what is printed; `lower` says a lower-is-better direction was inferred from the figures. */
function kindOf(unit: string, baseline: LabelledCell, target: LabelledCell): Kind & { lower: boolean } {
  const p = target.period;
  const window = p && p.aggregate === 'cumulative' ? { startFy: p.startYear, endFy: p.endYear } : undefined;
  if (target.note !== null || target.figure.kind !== 'number')
    return { kind: 'not_set', direction: 'higher_is_better', lower: false };
  if (target.bound) {
    const { comparator, maintain } = target.bound;
    return {
      kind: 'threshold',
      direction: comparator.startsWith('<') ? 'lower_is_better' : 'higher_is_better',
      threshold: { comparator, maintain },
      ...(window ? { window } : {}),
      lower: false,
    };
  }
  if (window) return { kind: 'cumulative', direction: 'higher_is_better', window, lower: false };
  const base = baseline.figure.kind === 'number' ? baseline.figure.value : null;
  const lower = base !== null && cmp(decimal(target.figure.value), decimal(base)) < 0;
  const direction = lower ? 'lower_is_better' : 'higher_is_better';
  if (isPercentUnit(unit)) return { kind: 'rate', direction, lower };
  return { kind: lower ? 'reduction' : 'level', direction, lower };
}

function reportInferred(ctx: Context, row: number, ind: Indicator): void {
  ctx.sheet.report(row, ctx.cols.target, {
    code: 'inferred_direction',
    field: 'direction',
    severity: 'warning',
    ref: { indicatorId: ind.id },
    message: {
      ja: `目標値が基準値より小さいため、「${ind.name}」は低いほど良い指標（${ind.kind === 'reduction' ? '削減' : '率'}）として読み込みました。違う場合は計画ファイルの kind と direction を直してください。`,
      en: `The target is below the baseline, so "${ind.name}" was imported as lower-is-better (${ind.kind}). If not, correct kind and direction in the plan file.`,
    },
  });
}

function unitOf(cells: LabelledCell[]): string {
  for (const c of cells)
    if ((c.figure.kind === 'number' || c.figure.kind === 'missing') && c.figure.unit) return c.figure.unit;
  return '';
}

/** Every figure of the row must have the indicator's unit (or none). */
function checkUnits(
  ctx: Context,
  row: number,
  cells: [number, LabelledCell][],
  unit: string,
  id: string,
): void {
  for (const [col, c] of cells) {
    const u = c.figure.kind === 'number' || c.figure.kind === 'missing' ? c.figure.unit : null;
    if (u === null || normalizeUnit(u) === normalizeUnit(unit)) continue;
    ctx.sheet.report(row, col, {
      code: 'unit_mismatch',
      field: 'unit',
      ref: { indicatorId: id },
      message: {
        ja: `単位「${u}」が同じ行の単位「${unit}」と異なります。`,
        en: `The unit "${u}" differs from the row's unit "${unit}".`,
      },
    });
  }
}

function reportCell(
  ctx: Context,
  row: number,
  col: number,
  c: LabelledCell,
  field: string,
  id: string,
): boolean {
  if (c.figure.kind !== 'invalid') return false;
  ctx.sheet.report(row, col, { code: 'value', field, ref: { indicatorId: id }, message: c.figure.message });
  return true;
}

/** Words where a figure belongs (`未把握`): the plan holds a figure or a marker there, not text. */
function reportText(ctx: Context, row: number, col: number, text: string, id: string): void {
  ctx.sheet.report(row, col, {
    code: 'not_held',
    field: 'text',
    ref: { indicatorId: id },
    message: {
      ja: `「${text}」は数値でも注記記号でもないため、計画ファイルに保持できません。`,
      en: `"${text}" is neither a figure nor a footnote marker, so the plan file cannot keep it.`,
    },
  });
}

function readBaseline(ctx: Context, row: number, ind: Indicator, c: LabelledCell): void {
  const { sheet, cols, goalId } = ctx;
  if (sheet.text(row, cols.baseline) === '' || reportCell(ctx, row, cols.baseline, c, 'baseline', ind.id))
    return;
  if (c.note !== null) {
    reportText(ctx, row, cols.baseline, c.note, ind.id);
    return;
  }
  const value = c.figure.kind === 'number' ? c.figure.value : null;
  const marker = c.figure.kind === 'number' || c.figure.kind === 'missing' ? c.figure.marker : null;
  ind.baseline = { value, ...(c.label ? { period: c.label } : {}), ...(marker ? { marker } : {}) };
  sheet.take(row, cols.baseline, to.goalIndicator(goalId, ind.id, 'baseline'));
}

function readTarget(ctx: Context, row: number, ind: Indicator, c: LabelledCell): void {
  const { sheet, cols, goalId, fiscalYear } = ctx;
  if (sheet.text(row, cols.target) === '' || reportCell(ctx, row, cols.target, c, 'target', ind.id)) return;
  if (c.figure.kind !== 'number') {
    ind.note = sheet.line(row, cols.target);
    sheet.take(row, cols.target, to.goalIndicator(goalId, ind.id, 'note'));
    return;
  }
  const fy = c.period?.endYear ?? fiscalYear;
  // A marker after the target (`R5年度 120億円(※3)`): its note is the goal's.
  const marker = c.figure.marker;
  ind.targets = [
    {
      fiscalYear: fy,
      value: c.figure.value,
      ...(c.label ? { period: c.label } : {}),
      ...(marker ? { marker } : {}),
    },
  ];
  sheet.take(row, cols.target, to.goalIndicator(goalId, ind.id, 'targets'));
}

const summed = (ind: Indicator) =>
  ind.kind === 'cumulative' ||
  (ind.kind === 'threshold' && ind.window !== undefined && !ind.threshold?.maintain);

/** The previous cycle's value from the 前年度比: the value minus the change. */
function previousOf(
  ctx: Context,
  row: number,
  ind: Indicator,
  current: Actual,
  delta: string,
): Actual | null {
  const parsed = parseDelta(delta);
  const want = deltaUnit(ind.unit);
  const unitOk = parsed.ok && (parsed.unit === null || normalizeUnit(parsed.unit) === normalizeUnit(want));
  if (!parsed.ok || !unitOk || current.value === null) {
    ctx.sheet.report(row, ctx.cols.progress, {
      code: 'delta',
      field: 'delta',
      ref: { indicatorId: ind.id },
      message: {
        ja: `前年度比「${delta}」を読み取れません（「(+13社)」「(△1.4pt)」のように、単位「${want}」で書いてください）。`,
        en: `Cannot read the change "${delta}" (write it like (+13社) or (△1.4pt), in ${want}).`,
      },
    });
    return null;
  }
  const value = toDecimalString(sub(decimal(current.value), decimal(parsed.value)));
  return { indicatorId: ind.id, value, basis: current.basis, footnotes: [] };
}

/** The printed 前年度比 must be the one the values give (a rate's change is rounded to 0.1pt). */
function checkDelta(ctx: Context, row: number, ind: Indicator, a: Actual, prev: Actual, delta: string): void {
  const derived = yearOverYear(ind, a, prev).printed;
  if (loose(`(${derived})`) === loose(delta)) return;
  ctx.sheet.report(row, ctx.cols.progress, {
    code: 'delta_mismatch',
    field: 'delta',
    severity: 'warning',
    ref: { indicatorId: ind.id },
    message: {
      ja: `前年度比「${delta}」は値から計算した「(${derived})」と一致しません（書き出しでは計算した値になります）。`,
      en: `The change "${delta}" differs from "(${derived})" computed from the values (exports print the computed one).`,
    },
  });
}

function readProgress(ctx: Context, row: number, g: ParsedGoalIndicator, c: LabelledCell): void {
  const { sheet, cols, fiscalYear } = ctx;
  const ind = g.indicator;
  if (sheet.text(row, cols.progress) === '' || reportCell(ctx, row, cols.progress, c, 'actual', ind.id))
    return;
  if (c.note !== null) {
    reportText(ctx, row, cols.progress, c.note, ind.id);
    return;
  }
  if (c.figure.kind !== 'number' && c.figure.kind !== 'missing') return;
  const value = c.figure.kind === 'number' ? c.figure.value : null;
  const marker = c.figure.marker;
  g.actual = {
    indicatorId: ind.id,
    value,
    basis: summed(ind) ? 'to_date' : 'year',
    footnotes: [],
    ...(marker ? { marker } : {}),
    ...(c.label ? { period: c.label } : {}),
  };
  sheet.take(row, cols.progress, to.actual(fiscalYear, ind.id));
  if (c.delta === null) return;
  g.previous = previousOf(ctx, row, ind, g.actual, c.delta);
  if (g.previous) checkDelta(ctx, row, ind, g.actual, g.previous, c.delta);
}

export function readGoalIndicator(ctx: Context, row: number, number: number): ParsedGoalIndicator {
  const { sheet, cols, goalId } = ctx;
  const id = sheet.log.indicatorId('goals', goalId, number, `${goalId}-${number}`);
  const split = splitIndicatorName(sheet.line(row, cols.name));
  sheet.take(row, cols.name, to.goalIndicator(goalId, id, 'name'));
  const [b, t, p] = [cols.baseline, cols.target, cols.progress].map((col) =>
    readLabelled(sheet.line(row, col)),
  ) as [LabelledCell, LabelledCell, LabelledCell];
  const unit = unitOf([b, t, p]);
  const { lower, ...kind } = kindOf(unit, b, t);
  const indicator: Indicator = {
    id,
    number,
    name: split.name,
    unit,
    ...kind,
    baseline: null,
    targets: [],
    footnotes: [],
  };
  if (cols.label < cols.name && sheet.text(row, cols.label) !== '') sheet.take(row, cols.label, LAYOUT);
  const g: ParsedGoalIndicator = { indicator, actual: null, previous: null, nameMarkers: split.markers, row };
  readBaseline(ctx, row, indicator, b);
  readTarget(ctx, row, indicator, t);
  readProgress(ctx, row, g, p);
  checkUnits(
    ctx,
    row,
    [
      [cols.baseline, b],
      [cols.target, t],
      [cols.progress, p],
    ],
    unit,
    id,
  );
  // An xlsx of ours says which kind it is: nothing was guessed.
  if (lower && !sheet.log.identity?.knows('goals', goalId, id)) reportInferred(ctx, row, indicator);
  return g;
}
