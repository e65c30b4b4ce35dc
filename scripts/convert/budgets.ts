/** budgets-r4-sample.json → data/miyagi-budget-r4.plan.json: the budget rows as `budgets` entries. */
import type { z } from 'zod';
import type { BudgetEntry, PlanFileInput } from '../../shared/schema/index.ts';
import { PLAN_FORMAT } from '../../shared/schema/index.ts';
import { footnoteBody, Problems, printedDecimal } from './common.ts';
import type { BudgetFixture } from './fixture-types.ts';

type BudgetEntryInput = z.input<typeof BudgetEntry>;

const budgetId = (seq: number) => `r4-${String(seq).padStart(3, '0')}`;

export function convertBudgets(fx: BudgetFixture): { plan: PlanFileInput; problems: Problems } {
  const problems = new Problems();
  const fy = fx.source.fiscal_year;
  const seqs = new Set(fx.projects.map((r) => r.seq));
  const budgets: BudgetEntryInput[] = fx.projects.map((r, i) => {
    const path = `projects[${i}]`;
    if (r.reprint_of_seq !== undefined && !seqs.has(r.reprint_of_seq)) {
      problems.add(
        'fixture.reprint_of',
        `${path}.reprint_of_seq`,
        `再掲元 ${r.reprint_of_seq} が見つかりません。`,
        `The reprinted row ${r.reprint_of_seq} does not exist.`,
      );
    }
    const settlement = r.settlement.value_thousand_yen;
    return {
      id: budgetId(r.seq),
      fiscalYear: fy,
      section: r.section,
      name: r.name,
      initialBudget: printedDecimal(
        r.initial_budget.printed,
        r.initial_budget.value_thousand_yen,
        `${path}.initial_budget`,
        problems,
      ),
      settlement:
        settlement === null
          ? null
          : printedDecimal(r.settlement.printed, settlement, `${path}.settlement`, problems),
      description: r.description,
      department: r.department.text,
      isReprint: r.is_reprint,
      ...(r.reprint_of_seq !== undefined && seqs.has(r.reprint_of_seq)
        ? { reprintOf: budgetId(r.reprint_of_seq) }
        : {}),
    };
  });
  const plan: PlanFileInput = {
    format: PLAN_FORMAT,
    plan: {
      id: 'miyagi-monozukuri-r4',
      title: fx.source.title,
      period: { startFy: fy, endFy: fy },
      version: 1,
      issuer: fx.source.issuer,
      footnotes: fx.footnotes.map((f) => ({ marker: f.marker, text: footnoteBody(f.text, [f.marker]) })),
    },
    budgets,
  };
  return { plan, problems };
}
