/**
 * The goal table (数値目標の進捗状況, docs/domain.md §9.3): one block per goal with its directions and
 * numeric goals; 基準値, 目標値 and 進捗状況 each carry their own period label, 進捗状況 the 前年度比.
 */
import { targetFor } from '../calc/cumulative.ts';
import { formatDeltaCell, yearOverYear } from '../calc/delta.ts';
import { fiscalYearLabel, formatQuantity } from '../notation/index.ts';
import type { Actual, Goal, Indicator, PlanFile } from '../schema/index.ts';
import {
  baselineText,
  circledNumber,
  FootnoteList,
  header,
  label,
  numberFormatFor,
  targetCellText,
  textCell,
  valueCell,
  valueMarkers,
  withMarkers,
} from './cells.ts';
import { actualIn, type CycleContext, cycleContext } from './context.ts';
import { goalFrame, titleLines } from './frames.ts';
import type { TableBlock, TableCell, TableModel } from './types.ts';

export interface GoalTableOptions {
  /** The report cycle (default: the plan's latest cycle). */
  fiscalYear?: number;
  /** Only these goals (default: all). */
  goalIds?: readonly string[];
  /** The title line (default: the plan's frame for the cycle, else the published 別紙1 title). */
  title?: string;
}

const COLUMNS = 5;

/** `H29年度 7社`: the period label as printed, a space, the value with its unit (the pane's goal rows too). */
export function labelled(period: string | undefined, quantity: string): string {
  if (!period) return quantity;
  return quantity === '' ? period : `${period} ${quantity}`;
}

function progressText(ind: Indicator, actual: Actual, previous: Actual | undefined): string {
  const markers = valueMarkers(actual.marker, actual.footnotes);
  if (actual.value === null) return labelled(actual.period, markers);
  const figure = `${formatQuantity(actual.value, ind.unit)}${markers}`;
  const delta = formatDeltaCell(yearOverYear(ind, actual, previous));
  return `${labelled(actual.period, figure)}${delta === '' ? '' : ` ${delta}`}`;
}

function indicatorRow(ind: Indicator, ctx: CycleContext, footnotes: FootnoteList): TableCell[] {
  footnotes.addAll(ind.footnotes);
  const fy = ctx.fiscalYear;
  const cellRef = (field: string) => ({ indicatorId: ind.id, field, fiscalYear: fy });
  const baseline = ind.baseline?.value ?? null;
  const target = targetFor(ind, fy);
  const actual = actualIn(ctx, ind.id, fy);
  const previous = ctx.previous ? actualIn(ctx, ind.id, ctx.previous.fiscalYear) : undefined;
  if (ind.baseline?.missingReason)
    footnotes.add(ind.baseline.marker ?? '※', ind.baseline.missingReason, ind.baseline.noteMarker);
  if (actual) {
    footnotes.addAll(actual.footnotes);
    if (actual.value === null && actual.missingReason)
      footnotes.add(actual.marker ?? '※', actual.missingReason, actual.noteMarker);
  }
  const numeric = (value: string) => ({ numberFormat: numberFormatFor(value, ind.unit) });
  return [
    label(`■ ${withMarkers(ind.name, ind.footnotes)}`, {
      wrap: true,
      ref: { indicatorId: ind.id, field: 'name' },
    }),
    baseline === null
      ? valueCell(labelled(ind.baseline?.period, baselineText(ind)), null, cellRef('baseline'))
      : valueCell(
          labelled(ind.baseline?.period, baselineText(ind)),
          baseline,
          cellRef('baseline'),
          numeric(baseline),
        ),
    target === null
      ? valueCell(ind.note ?? '', null, cellRef('target'))
      : valueCell(
          labelled(target.period, targetCellText(ind, target, true)),
          target.value,
          { ...cellRef('target'), fiscalYear: target.fiscalYear },
          numeric(target.value),
        ),
    actual
      ? valueCell(
          progressText(ind, actual, previous),
          actual.value,
          cellRef('actual'),
          actual.value === null ? {} : numeric(actual.value),
        )
      : valueCell('', null, cellRef('actual')),
  ];
}

function goalBlock(goal: Goal, ctx: CycleContext): TableBlock {
  const footnotes = new FootnoteList();
  // The goal's own notes first (a target's marker, a note without one), as a project's are.
  footnotes.addAll(goal.footnotes);
  const ref = { goalId: goal.id };
  const directions = goal.directions.map((d, i) => `(${i + 1}) ${d}`).join('\n');
  const n = goal.indicators.length;
  const rows: TableCell[][] = [
    [
      label(`基本的目標 ${circledNumber(goal.number)}`),
      textCell(goal.title, { ref: { ...ref, field: 'title' } }),
      label('基本的方向'),
      textCell(directions, { colSpan: 2, ref: { ...ref, field: 'directions' } }),
    ],
    [
      header('数値目標', { rowSpan: n + 1 }),
      header('指標'),
      header('基準値'),
      header('目標値'),
      header('進捗状況 (前年度比)'),
    ],
    ...goal.indicators.map((ind) => indicatorRow(ind, ctx, footnotes)),
  ];
  return { id: goal.id, columns: COLUMNS, rows, footnotes: footnotes.items };
}

export function buildGoalTable(plan: PlanFile, options: GoalTableOptions = {}): TableModel {
  const ctx = cycleContext(plan, options.fiscalYear);
  const wanted = options.goalIds ? new Set(options.goalIds) : null;
  const goals = plan.goals.filter((g) => wanted === null || wanted.has(g.id));
  const frame = goalFrame(plan, ctx.fiscalYear);
  return {
    kind: 'goals',
    // The published title (別紙1), then the cycle's point in time.
    ...titleLines(frame, options.title, [
      ctx.cycle?.label ?? `${fiscalYearLabel(ctx.fiscalYear, 'era-long')}末時点`,
    ]),
    ...(frame.label ? { frame: { label: frame.label } } : {}),
    columnWidths: [12, 40, 18, 22, 30],
    summary: [],
    blocks: goals.map((g) => goalBlock(g, ctx)),
    footnotes: (plan.plan.footnotes ?? []).map((f) => ({ marker: f.marker, text: f.text })),
    problems: [],
  };
}
