/**
 * The 新旧対照表 against tests/fixtures/plan-revision.json: the underlined cells are exactly the
 * fixture's changes with value_changed: true, on both halves; the totals are the sums of the years.
 */
import { describe, expect, it } from 'vitest';
import type { RevisionFixture } from '../../scripts/convert/fixture-types.ts';
import { layoutBlock, resolveBlock } from '../../shared/tables/grid.ts';
import { buildRevisionTable } from '../../shared/tables/revision.ts';
import { loadFixture, loadPlan } from './load.ts';

const fixture = loadFixture<RevisionFixture>('plan-revision.json');
const plan = loadPlan('revision-sample.plan.json');
const model = buildRevisionTable(plan);
const cells = model.blocks.flatMap((b) => layoutBlock(b).map((p) => p.cell));

const nameOf = (id: string | undefined) => plan.projects[0]!.indicators.find((i) => i.id === id)?.name;
const columnOf = (fiscalYear: number | undefined, field: string | undefined) =>
  field === 'cumulative'
    ? 'cumulative'
    : Object.entries(fixture.columns).find(
        ([, c]) => c.fiscal_year === fiscalYear && field === 'target',
      )?.[0];

function underlined(side: 'after' | 'before'): string[] {
  return cells
    .filter((c) => c.underline && c.ref?.side === side)
    .map((c) => `${nameOf(c.ref?.indicatorId)}|${columnOf(c.ref?.fiscalYear, c.ref?.field)}`)
    .sort();
}

describe('新旧対照表 against the published revision', () => {
  it('is one sound block of two halves with the same columns', () => {
    expect(model.blocks).toHaveLength(1);
    const block = model.blocks[0]!;
    expect(resolveBlock(block).faults).toEqual([]);
    expect(block.rows[0]!.map((c) => c.text)).toEqual(['変更後', '変更前']);
    const headers = block.rows[1]!.map((c) => c.text);
    expect(headers.slice(0, 6)).toEqual(headers.slice(6));
    expect(headers.slice(0, 6)).toEqual([
      '指標',
      '事業開始前',
      'H30年度 増加分',
      'H31年度 増加分',
      'H32年度 増加分',
      'KPI増加分の累計',
    ]);
    expect(model.problems).toEqual([]);
  });

  it('underlines exactly the changed values, on both halves', () => {
    const expected = fixture.changes
      .filter((c) => c.value_changed)
      .map((c) => `${c.indicator}|${c.column}`)
      .sort();
    expect(expected).toHaveLength(9);
    expect(underlined('after')).toEqual(expected);
    expect(underlined('before')).toEqual(expected);
  });

  it('does not count a notation difference as a change (0 vs 0 千円)', () => {
    const notation = fixture.changes.filter((c) => !c.value_changed);
    expect(notation).toHaveLength(1);
    const id = plan.projects[0]!.indicators.find((i) => i.name === notation[0]!.indicator)!.id;
    const h30 = cells.filter((c) => c.ref?.indicatorId === id && c.ref.fiscalYear === 2018);
    expect(h30).toHaveLength(2);
    for (const c of h30) {
      expect(c.underline).toBeUndefined();
      expect(c.text).toBe('0');
    }
  });

  it('prints every figure of both halves and derives the totals from the years', () => {
    for (const side of ['after', 'before'] as const) {
      for (const row of fixture[side]) {
        const id = plan.projects[0]!.indicators.find((i) => i.name === row.indicator)!.id;
        const mine = cells.filter((c) => c.ref?.indicatorId === id && c.ref.side === side);
        const byColumn = new Map(
          mine.map((c) => [columnOf(c.ref?.fiscalYear, c.ref?.field) ?? c.ref?.field, c]),
        );
        for (const [key, printed] of Object.entries(row.yearly_increments)) {
          expect(byColumn.get(key)?.number).toBe(String(printed.value));
          // The source spaces the unit (`25,000 千円`) and drops it on zeros; this table writes `25,000千円`.
          expect(byColumn.get(key)?.text).toBe(printed.value === 0 ? '0' : printed.text.replace(/\s+/g, ''));
        }
        expect(byColumn.get('cumulative')?.text).toBe(row.cumulative_kpi.text.replace(/\s+/g, ''));
        expect(byColumn.get('baseline')?.text).toBe('0');
      }
    }
  });

  it('reports when there is no earlier version to compare with', () => {
    const single = { ...plan, previousVersions: [] };
    const table = buildRevisionTable(single);
    expect(table.blocks).toEqual([]);
    expect(table.problems.map((p) => p.code)).toEqual(['revision.no_previous_version']);
    expect(buildRevisionTable(plan, { beforeVersion: 7 }).problems[0]?.message.ja).toMatch(/第7版/);
  });
});
