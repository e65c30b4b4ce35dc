/**
 * The budget table (当初予算額［決算額］, docs/domain.md §9.5): per section, each project's name,
 * 当初予算額 with its 決算額 in brackets directly below it (one cell of two lines, as printed:
 * `19,225` over `［17,071］`, so the pair stays together however tall the description makes the
 * row), and the description ending with （担当課）. （単位：千円） is the subtitle, printed above the
 * table on the right. ［再掲］ rows repeat a project of another section: printed, never summed.
 */
import { add, type Decimal, decimal, div, mul, toDecimalString, ZERO } from '../decimal.ts';
import { formatNumber } from '../notation/index.ts';
import type { BudgetEntry, PlanFile } from '../schema/index.ts';
import { header, label, textCell, valueCell } from './cells.ts';
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
  /** The title line (default: the plan's title). */
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

/** `［17,071］`: the brackets are part of the printed 決算額; `［ ］` when it is not reported. */
const settlementText = (value: string | null): string =>
  value === null ? '［ ］' : `［${formatNumber(value)}］`;

/**
 * `19,225` over `［17,071］` in one cell: the 当初予算額 (its DecimalString in `number`) with the 決算額
 * on the line below. The figures are also in the model's `totals.rows`.
 */
const amountsCell = (
  initial: string,
  settlement: string | null,
  field: string,
  budgetId?: string,
): TableCell =>
  valueCell(`${formatNumber(initial)}\n${settlementText(settlement)}`, initial, {
    field,
    ...(budgetId ? { budgetId } : {}),
  });

function entryRow(e: BudgetEntry): TableCell[] {
  const name = `${e.name}${e.isReprint ? '［再掲］' : ''}`;
  const description = `${e.description}${e.department ? `（${e.department}）` : ''}`;
  return [
    label(name, { wrap: true, ref: { budgetId: e.id, field: 'name' } }),
    amountsCell(e.initialBudget, e.settlement, 'amounts', e.id),
    textCell(description, { ref: { budgetId: e.id, field: 'description' } }),
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
      [header('関係事業名'), header('当初予算額\n［決算額］'), header('実施概要（担当課・室）')],
      ...entries.filter((e) => e.section === section).map(entryRow),
    ];
    const total = totals.sections[i];
    if (options.totalRows && total) {
      rows.push([
        label('計'),
        amountsCell(total.initialBudget, total.settlement, 'sectionAmounts'),
        textCell('［再掲］を除く'),
      ]);
    }
    return { id: `budget-section-${i + 1}`, heading: section, columns: COLUMNS, rows, footnotes: [] };
  });

  return {
    kind: 'budget',
    title: options.title ?? plan.plan.title,
    // Printed above the table on the right (frame.subtitleAlign).
    subtitle: '（単位：千円）',
    frame: { subtitleAlign: 'right' },
    columnWidths: [20, 14, 70],
    summary: [],
    blocks,
    footnotes: (plan.plan.footnotes ?? []).map((f) => ({ marker: f.marker, text: f.text })),
    totals,
    problems: [],
  };
}
