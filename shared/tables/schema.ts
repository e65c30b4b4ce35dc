import { z } from 'zod';
import type { Problem } from '../problem.ts';

/**
 * The table model as a zod schema: the one definition of the contract. The types in types.ts are
 * inferred from it, and a client that receives a model (the add-in's export into the workbook,
 * through `export?format=json`) parses it with the same schema the builders' output is typed by.
 */

export const TableKindSchema = z.enum(['projects', 'goals', 'revision', 'budget']);

export const CellRoleSchema = z.enum(['title', 'header', 'label', 'value', 'text', 'note']);

export const CellRefSchema = z.object({
  projectId: z.string().optional(),
  indicatorId: z.string().optional(),
  goalId: z.string().optional(),
  budgetId: z.string().optional(),
  /** Which figure the cell shows, e.g. 'baseline', 'target', 'actual', 'achievement', 'initialBudget'. */
  field: z.string().optional(),
  /** The fiscal year of the figure, when the cell shows one year's value (新旧対照表 columns). */
  fiscalYear: z.number().int().optional(),
  /** 新旧対照表: which half the cell is in. */
  side: z.enum(['after', 'before']).optional(),
});

const Span = z.number().int().positive().optional();

export const TableCellSchema = z.object({
  /** Exactly as printed. */
  text: z.string(),
  role: CellRoleSchema,
  colSpan: Span,
  rowSpan: Span,
  align: z.enum(['left', 'center', 'right']).optional(),
  /** 新旧対照表: a changed cell (underlined on both halves). */
  underline: z.boolean().optional(),
  wrap: z.boolean().optional(),
  /** DecimalString when the cell is numeric, for spreadsheet renderers. */
  number: z.string().optional(),
  /** Excel number format for `number`, e.g. '#,##0' or '0.0"%"'. */
  numberFormat: z.string().optional(),
  ref: CellRefSchema.optional(),
});

export const TableFootnoteSchema = z.object({ marker: z.string(), text: z.string() });

export const TableBlockSchema = z.object({
  id: z.string(),
  heading: z.string().optional(),
  columns: z.number().int().positive(),
  /** HTML-style: a position covered by a span from above or from the left is omitted from its row. */
  rows: z.array(z.array(TableCellSchema)),
  footnotes: z.array(TableFootnoteSchema),
});

/** Figures of one budget row, kept as data so exports need not re-read the cells. */
export const BudgetRowFiguresSchema = z.object({
  budgetId: z.string(),
  section: z.string(),
  name: z.string(),
  isReprint: z.boolean(),
  /** 当初予算額 (千円), DecimalString. */
  initialBudget: z.string(),
  /** 決算額 (千円), DecimalString; null when not reported. */
  settlement: z.string().nullable(),
  /** 決算額 ÷ 当初予算額 × 100, half up to one decimal; null when not computable. */
  executionRatePct: z.string().nullable(),
});

export const BudgetSumsSchema = z.object({
  initialBudget: z.string(),
  settlement: z.string(),
  /** Rows that entered the sums (［再掲］ rows never do). */
  rowCount: z.number().int(),
  /** Rows whose 決算額 is missing (their 当初予算額 is summed, their 決算額 is not). */
  missingSettlements: z.number().int(),
});

export const BudgetTotalsSchema = z.object({
  rows: z.array(BudgetRowFiguresSchema),
  sections: z.array(BudgetSumsSchema.extend({ section: z.string() })),
  overall: BudgetSumsSchema,
});

/**
 * What the published document prints around a table beyond its title and subtitle lines. A renderer
 * that does not know the frame still prints every published line: they are `title` and `subtitle`.
 */
export const TableFrameSchema = z.object({
  /** The attachment label, printed above the title on the right: `別紙2`. */
  label: z.string().optional(),
  /** `right`: the subtitle sits above the table on the right (`（単位：千円）` of the budget table). */
  subtitleAlign: z.enum(['left', 'right']).optional(),
});

export const TableModelSchema = z.object({
  kind: TableKindSchema,
  /** The title line as published: `● デジタル田園都市国家構想交付金…の令和5年度実績について`. */
  title: z.string(),
  /** Further lines under the title, one per line (`\n`): `○<plan> (抄)`, `[ 平成30年3月30日認定 ]`. */
  subtitle: z.string().optional(),
  frame: TableFrameSchema.optional(),
  /** Relative column widths in characters (full-width characters count 2), one per column. */
  columnWidths: z.array(z.number().positive()),
  /** Blocks printed above the main blocks (the cohort summary of the project table). */
  summary: z.array(TableBlockSchema),
  blocks: z.array(TableBlockSchema),
  /** Notes printed under the whole table. */
  footnotes: z.array(TableFootnoteSchema),
  /** Budget table only. */
  totals: BudgetTotalsSchema.optional(),
  /**
   * Inconsistencies found in the data while building (e.g. a given 累計 that is not the sum of its
   * years). Carried for the reader, printed by no renderer, so a receiver takes them as sent.
   */
  problems: z.array(z.custom<Problem>()),
});
