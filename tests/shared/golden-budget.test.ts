/**
 * The budget table against tests/fixtures/budgets-r4-sample.json: all 52 rows, their execution rates,
 * and totals that leave out the ［再掲］ rows (computed here independently from the fixture's numbers).
 */
import { describe, expect, it } from 'vitest';
import type { BudgetFixture } from '../../scripts/convert/fixture-types.ts';
import { buildBudgetTable } from '../../shared/tables/budget.ts';
import { layoutBlock, resolveBlock } from '../../shared/tables/grid.ts';
import { loadFixture, loadPlan } from './load.ts';

const fixture = loadFixture<BudgetFixture>('budgets-r4-sample.json');
const plan = loadPlan('miyagi-budget-r4.plan.json');
const model = buildBudgetTable(plan);
const totals = model.totals!;

/** The fixture's execution rate, a one-decimal JSON number, as the one-decimal string it stands for. */
const oneDecimal = (n: number) => {
  const [int, frac = ''] = String(n).split('.');
  return `${int}.${frac.padEnd(1, '0')}`;
};

function expectedSums(rows: BudgetFixture['projects']) {
  let initial = 0n;
  let settlement = 0n;
  for (const r of rows) {
    if (r.is_reprint) continue;
    initial += BigInt(r.initial_budget.value_thousand_yen);
    settlement += BigInt(r.settlement.value_thousand_yen ?? 0);
  }
  return { initialBudget: initial.toString(), settlement: settlement.toString() };
}

describe('budget table (当初予算額［決算額］) against the published report', () => {
  it('keeps all 52 rows, ［再掲］ ones included, in sound section blocks', () => {
    expect(totals.rows).toHaveLength(52);
    expect(totals.rows.filter((r) => r.isReprint)).toHaveLength(
      fixture.projects.filter((r) => r.is_reprint).length,
    );
    expect(model.blocks.map((b) => b.heading)).toEqual([...new Set(fixture.projects.map((r) => r.section))]);
    for (const b of model.blocks) expect(resolveBlock(b).faults).toEqual([]);
  });

  it('computes every execution rate as the fixture (half up, one decimal)', () => {
    for (const r of fixture.projects) {
      const row = totals.rows.find(
        (x) => x.name === r.name && x.section === r.section && x.isReprint === r.is_reprint,
      );
      expect(row, `row ${r.seq}`).toBeDefined();
      expect(row!.executionRatePct, `row ${r.seq}`).toBe(oneDecimal(r.execution_rate_pct_half_up!));
    }
  });

  it('totals each section and the whole without the ［再掲］ rows', () => {
    for (const section of totals.sections) {
      const rows = fixture.projects.filter((r) => r.section === section.section);
      expect(section).toMatchObject(expectedSums(rows));
      expect(section.rowCount).toBe(rows.filter((r) => !r.is_reprint).length);
    }
    expect(totals.overall).toMatchObject(expectedSums(fixture.projects));
    // With the reprints the sum would be larger: the exclusion is what this checks.
    const naive = fixture.projects.reduce((s, r) => s + BigInt(r.initial_budget.value_thousand_yen), 0n);
    expect(BigInt(totals.overall.initialBudget)).toBeLessThan(naive);
  });

  it('prints name, 当初予算額 over ［決算額］ and the description ending with （担当課）', () => {
    const cells = model.blocks.flatMap((b) => layoutBlock(b).map((p) => p.cell));
    for (const r of fixture.projects) {
      const id = `r4-${String(r.seq).padStart(3, '0')}`;
      const mine = new Map(cells.filter((c) => c.ref?.budgetId === id).map((c) => [c.ref?.field, c]));
      expect(mine.get('name')?.text).toBe(`${r.name}${r.is_reprint ? '［再掲］' : ''}`);
      // The pair as printed, stacked: the 当初予算額 line directly over the ［決算額］ line, one cell.
      // The source pads small amounts inside the brackets (`［ 99,876］`); the table does not.
      const [initial, settlement, ...more] = mine.get('amounts')!.text.split('\n');
      expect(initial).toBe(r.initial_budget.printed);
      expect(settlement).toBe(r.settlement.printed.replace(/\s+/g, ''));
      expect(more).toEqual([]);
      expect(mine.get('amounts')?.number).toBe(String(r.initial_budget.value_thousand_yen));
      expect(mine.get('description')?.text).toBe(`${r.description}${r.department.printed}`);
    }
    // One row per project under the one header row `関係事業名 | 当初予算額／［決算額］ | 実施概要（担当課・室）`.
    for (const b of model.blocks) {
      expect(b.rows[0]!.map((c) => c.text)).toEqual([
        fixture.column_headers_printed[0],
        `${fixture.column_headers_printed[1]}\n${fixture.column_headers_printed[2]}`,
        fixture.column_headers_printed[3],
      ]);
      expect(b.rows).toHaveLength(1 + fixture.projects.filter((r) => r.section === b.heading).length);
    }
  });

  it('prints （単位：千円） above the table on the right', () => {
    expect(model.subtitle).toBe(fixture.unit.printed);
    expect(model.frame?.subtitleAlign).toBe('right');
  });

  it('prints the report notes under the table', () => {
    expect(model.footnotes.map((f) => `${f.marker} ${f.text}`)).toEqual(fixture.footnotes.map((f) => f.text));
  });

  it('can print a 計 row per section', () => {
    const withTotals = buildBudgetTable(plan, { totalRows: true });
    const first = withTotals.blocks[0]!;
    expect(resolveBlock(first).faults).toEqual([]);
    const last = first.rows[first.rows.length - 1]!.map((c) => c.text);
    expect(last[0]).toBe('計');
    expect(last[1]!.split('\n')[0]).toBe(Number(totals.sections[0]!.initialBudget).toLocaleString('en-US'));
  });
});
