/**
 * The budget table (当初予算額［決算額］, DOMAIN.md §8.4): per section, each project's name,
 * 当初予算額 with its 決算額 in brackets below, and the description ending with （担当課）.
 * ［再掲］ rows repeat a project of another section: printed, never summed.
 */
import { add, type Decimal, decimal, div, mul, toDecimalString, ZERO } from '../decimal.ts';
import { formatNumber } from '../notation/index.ts';
import type { BudgetEntry, PlanFile } from '../schema/index.ts';
import { header, label, numberFormatFor, textCell, valueCell } from './cells.ts';
import type {
  BudgetRowFigures,
  BudgetSums,
  BudgetTotals,
  TableBlock,
  TableCell,
  TableModel,
} from './types.ts';

export interface BudgetTableOptions {
  /** The fiscal year of the budget (default: the latest year in the plan's budgets). */
  fiscalYear?: number;
  /** Print a 計 row (［再掲］ excluded) under each section (default false: the official table has none). */
  totalRows?: boolean;
  title?: string;
}

const COLUMNS = 3;
const HUNDRED: Decimal = { units: 100n, scale: 0 };

/**
 * 執行率 = 決算額 ÷ 当初予算額 × 100, half up to one decimal (DecimalString). Null when there is no
 * 決算額 or the budget is 0. It may exceed 100: 決算額 includes carry-over from the previous year.
 */
export function executionRatePct(initialBudget: string, settlement: string | null): string | null {
  if (settlement === null) return null;
  const rate = div(mul(decimal(settlement), HUNDRED), decimal(initialBudget), 1);
  return rate === null ? null : toDecimalString(rate);
}

function sums(rows: readonly BudgetRowFigures[]): BudgetSums {
  let initial = ZERO;
  let settled = ZERO;
  let rowCount = 0;
  let missingSettlements = 0;
  for (const r of rows) {
    if (r.isReprint) continue;
    rowCount++;
    initial = add(initial, decimal(r.initialBudget));
    if (r.settlement === null) missingSettlements++;
    else settled = add(settled, decimal(r.settlement));
  }
  return {
    initialBudget: toDecimalString(initial),
    settlement: toDecimalString(settled),
    rowCount,
    missingSettlements,
  };
}

const amountCell = (value: string, field: string, budgetId?: string): TableCell =>
  valueCell(
    formatNumber(value),
    value,
    { field, ...(budgetId ? { budgetId } : {}) },
    { numberFormat: numberFormatFor(value) },
  );

/** `［17,071］` under the budget; the brackets are part of the printed cell. */
const settlementCell = (value: string | null, field: string, budgetId?: string): TableCell =>
  value === null
    ? valueCell('［ ］', null, { field, ...(budgetId ? { budgetId } : {}) })
    : valueCell(
        `［${formatNumber(value)}］`,
        value,
        { field, ...(budgetId ? { budgetId } : {}) },
        {
          numberFormat: `"［"#,##0"］"`,
        },
      );

function entryRows(e: BudgetEntry): TableCell[][] {
  const name = `${e.name}${e.isReprint ? '［再掲］' : ''}`;
  const description = `${e.description}${e.department ? `（${e.department}）` : ''}`;
  return [
    [
      label(name, { rowSpan: 2, wrap: true, ref: { budgetId: e.id, field: 'name' } }),
      amountCell(e.initialBudget, 'initialBudget', e.id),
      textCell(description, { rowSpan: 2, ref: { budgetId: e.id, field: 'description' } }),
    ],
    [settlementCell(e.settlement, 'settlement', e.id)],
  ];
}

export function buildBudgetTable(plan: PlanFile, options: BudgetTableOptions = {}): TableModel {
  const fy = options.fiscalYear ?? Math.max(...plan.budgets.map((b) => b.fiscalYear));
  const entries = plan.budgets.filter((b) => b.fiscalYear === fy);
  const sections = [...new Set(entries.map((e) => e.section))];
  const figures: BudgetRowFigures[] = entries.map((e) => ({
    budgetId: e.id,
    section: e.section,
    name: e.name,
    isReprint: e.isReprint,
    initialBudget: e.initialBudget,
    settlement: e.settlement,
    executionRatePct: executionRatePct(e.initialBudget, e.settlement),
  }));
  const totals: BudgetTotals = {
    rows: figures,
    sections: sections.map((section) => ({ section, ...sums(figures.filter((f) => f.section === section)) })),
    overall: sums(figures),
  };

  const blocks: TableBlock[] = sections.map((section, i) => {
    const rows: TableCell[][] = [
      [
        header('関係事業名', { rowSpan: 2 }),
        header('当初予算額'),
        header('実施概要（担当課・室）', { rowSpan: 2 }),
      ],
      [header('［決算額］')],
      ...entries.filter((e) => e.section === section).flatMap(entryRows),
    ];
    const total = totals.sections[i];
    if (options.totalRows && total) {
      rows.push(
        [
          label('計', { rowSpan: 2 }),
          amountCell(total.initialBudget, 'sectionInitialBudget'),
          textCell('［再掲］を除く', { rowSpan: 2 }),
        ],
        [settlementCell(total.settlement, 'sectionSettlement')],
      );
    }
    return { id: `budget-section-${i + 1}`, heading: section, columns: COLUMNS, rows, footnotes: [] };
  });

  return {
    kind: 'budget',
    title: options.title ?? plan.plan.title,
    subtitle: '（単位：千円）',
    columnWidths: [20, 14, 70],
    summary: [],
    blocks,
    footnotes: (plan.plan.footnotes ?? []).map((f) => ({ marker: f.marker, text: f.text })),
    totals,
    problems: [],
  };
}
