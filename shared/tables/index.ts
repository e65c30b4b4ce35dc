/**
 * Table models of the official tables (docs/domain.md §9) and their text renderers.
 * `shinchoku export --format md|csv|json|txt` maps to {@link renderTable}.
 */
import type { PlanFile } from '../schema/index.ts';
import { buildBudgetTable } from './budget.ts';
import { renderCsv } from './csv.ts';
import { buildGoalTable } from './goals.ts';
import { renderMarkdown, renderPlainText } from './markdown.ts';
import { buildProjectTable } from './projects.ts';
import { buildRevisionTable } from './revision.ts';
import type { TableKind, TableModel } from './types.ts';

export { type BudgetTableOptions, buildBudgetTable, executionRatePct } from './budget.ts';
export { CSV_BOM, csvField, guardFormula, renderCsv } from './csv.ts';
export { buildGoalTable, type GoalTableOptions } from './goals.ts';
export { type BlockLayout, denseGrid, layoutBlock, type PlacedCell, resolveBlock } from './grid.ts';
export { renderMarkdown, renderPlainText } from './markdown.ts';
export { buildProjectTable, type ProjectTableOptions } from './projects.ts';
export { buildRevisionTable, type RevisionTableOptions } from './revision.ts';
export type * from './types.ts';

export type TextFormat = 'md' | 'csv' | 'json' | 'txt';

/** The model as text: Markdown, CSV (with BOM), JSON (the model itself) or plain text. */
export function renderTable(model: TableModel, format: TextFormat): string {
  switch (format) {
    case 'md':
      return renderMarkdown(model);
    case 'csv':
      return renderCsv(model);
    case 'json':
      return `${JSON.stringify(model, null, 2)}\n`;
    case 'txt':
      return renderPlainText(model);
  }
}

/** The table of one kind with default options (the plan's latest cycle / budget year / version). */
export function buildTable(plan: PlanFile, kind: TableKind): TableModel {
  switch (kind) {
    case 'projects':
      return buildProjectTable(plan);
    case 'goals':
      return buildGoalTable(plan);
    case 'revision':
      return buildRevisionTable(plan);
    case 'budget':
      return buildBudgetTable(plan);
  }
}
