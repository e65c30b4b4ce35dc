import type { z } from 'zod';
import type {
  BudgetRowFiguresSchema,
  BudgetSumsSchema,
  BudgetTotalsSchema,
  CellRefSchema,
  CellRoleSchema,
  TableBlockSchema,
  TableCellSchema,
  TableFootnoteSchema,
  TableFrameSchema,
  TableKindSchema,
  TableModelSchema,
} from './schema.ts';

/**
 * The table model: a plain data description of one official table (docs/domain.md §9).
 * Builders decide the layout once; every renderer (Markdown, plain text, CSV, xlsx, HTML,
 * the Excel add-in) only maps these cells and never recomputes a figure or a label.
 * The types are inferred from the zod schemas in schema.ts, where the fields are documented.
 */

export type CellRole = z.infer<typeof CellRoleSchema>;
export type CellRef = z.infer<typeof CellRefSchema>;
export type TableCell = z.infer<typeof TableCellSchema>;
export type TableFootnote = z.infer<typeof TableFootnoteSchema>;
export type TableBlock = z.infer<typeof TableBlockSchema>;
export type BudgetRowFigures = z.infer<typeof BudgetRowFiguresSchema>;
export type BudgetSums = z.infer<typeof BudgetSumsSchema>;
export type BudgetTotals = z.infer<typeof BudgetTotalsSchema>;
export type TableKind = z.infer<typeof TableKindSchema>;
export type TableFrame = z.infer<typeof TableFrameSchema>;
export type TableModel = z.infer<typeof TableModelSchema>;
