import type { Problem } from '../problem.ts';

/**
 * The table model: a plain data description of one official table (DOMAIN.md §8).
 * Builders decide the layout once; every renderer (Markdown, plain text, CSV, xlsx, HTML,
 * the Excel add-in) only maps these cells and never recomputes a figure or a label.
 */

export type CellRole = 'title' | 'header' | 'label' | 'value' | 'text' | 'note';

export interface CellRef {
  projectId?: string;
  indicatorId?: string;
  goalId?: string;
  budgetId?: string;
  /** Which figure the cell shows, e.g. 'baseline', 'target', 'actual', 'achievement', 'initialBudget'. */
  field?: string;
  /** The fiscal year of the figure, when the cell shows one year's value (新旧対照表 columns). */
  fiscalYear?: number;
  /** 新旧対照表: which half the cell is in. */
  side?: 'after' | 'before';
}

export interface TableCell {
  /** Exactly as printed. */
  text: string;
  role: CellRole;
  colSpan?: number;
  rowSpan?: number;
  align?: 'left' | 'center' | 'right';
  /** 新旧対照表: a changed cell (underlined on both halves). */
  underline?: boolean;
  wrap?: boolean;
  /** DecimalString when the cell is numeric, for spreadsheet renderers. */
  number?: string;
  /** Excel number format for `number`, e.g. '#,##0' or '0.0"%"'. */
  numberFormat?: string;
  ref?: CellRef;
}

export interface TableFootnote {
  marker: string;
  text: string;
}

export interface TableBlock {
  id: string;
  heading?: string;
  columns: number;
  /** HTML-style: a position covered by a span from above or from the left is omitted from its row. */
  rows: TableCell[][];
  footnotes: TableFootnote[];
}

/** Figures of one budget row, kept as data so exports need not re-read the cells. */
export interface BudgetRowFigures {
  budgetId: string;
  section: string;
  name: string;
  isReprint: boolean;
  /** 当初予算額 (千円), DecimalString. */
  initialBudget: string;
  /** 決算額 (千円), DecimalString; null when not reported. */
  settlement: string | null;
  /** 決算額 ÷ 当初予算額 × 100, half up to one decimal; null when not computable. */
  executionRatePct: string | null;
}

export interface BudgetSums {
  initialBudget: string;
  settlement: string;
  /** Rows that entered the sums (［再掲］ rows never do). */
  rowCount: number;
  /** Rows whose 決算額 is missing (their 当初予算額 is summed, their 決算額 is not). */
  missingSettlements: number;
}

export interface BudgetTotals {
  rows: BudgetRowFigures[];
  sections: ({ section: string } & BudgetSums)[];
  overall: BudgetSums;
}

export type TableKind = 'projects' | 'goals' | 'revision' | 'budget';

export interface TableModel {
  kind: TableKind;
  title: string;
  subtitle?: string;
  /** Relative column widths in characters (full-width characters count 2), one per column. */
  columnWidths: number[];
  /** Blocks printed above the main blocks (the cohort summary of the project table). */
  summary: TableBlock[];
  blocks: TableBlock[];
  /** Notes printed under the whole table. */
  footnotes: TableFootnote[];
  /** Budget table only. */
  totals?: BudgetTotals;
  /** Inconsistencies found in the data while building (e.g. a given 累計 that is not the sum of its years). */
  problems: Problem[];
}
