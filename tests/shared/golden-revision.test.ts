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
  it('is one sound block of two halves with the same columns and two header rows', () => {
    expect(model.blocks).toHaveLength(1);
    const block = model.blocks[0]!;
    expect(resolveBlock(block).faults).toEqual([]);
    expect(block.rows[0]!.map((c) => c.text)).toEqual(['変更後', '変更前']);
    const upper = block.rows[4]!.map((c) => c.text);
    const lower = block.rows[5]!.map((c) => c.text);
    expect(upper.slice(0, 6)).toEqual(upper.slice(6));
    expect(lower.slice(0, 3)).toEqual(lower.slice(3));
    // `事業開始前 (現時点)` as printed; the 1年目/2年目/3年目 row above the years.
    expect(upper.slice(0, 6)).toEqual([
      '指標',
      fixture.columns.pre_start!.printed,
      fixture.columns.H30!.ordinal,
      fixture.columns.H31!.ordinal,
      fixture.columns.H32!.ordinal,
      'KPI増加分の累計',
    ]);
    expect(upper.slice(0, 6)).toEqual([
      '指標',
      '事業開始前 (現時点)',
      '1年目',
      '2年目',
      '3年目',
      'KPI増加分の累計',
    ]);
    // The source spaces `H30 年度 増加分` from the PDF; the table writes `H30年度 増加分`.
    expect(lower.slice(0, 3)).toEqual(['H30年度 増加分', 'H31年度 増加分', 'H32年度 増加分']);
    expect(model.problems).toEqual([]);
  });

  it('prints the document frame: title lines, section rows on both halves', () => {
    expect([model.title, ...model.subtitle!.split('\n')]).toEqual([
      fixture.source.title,
      fixture.source.plan_printed,
      fixture.source.certified_printed,
    ]);
    const block = model.blocks[0]!;
    const sectionRows = (rows: typeof block.rows) => rows.map((r) => r.map((c) => c.text));
    expect(sectionRows(block.rows.slice(1, 4))).toEqual([
      ['1～3 (略)', '1～3 (略)'],
      ['4 地域再生計画の目標', '4 地域再生計画の目標'],
      ['【数値目標】', '【数値目標】'],
    ]);
    expect(sectionRows(block.rows.slice(-1))).toEqual([['7-3 (略)', '7-3 (略)']]);
  });

  it('sizes the columns like the other tables, so both halves print at the same type size', () => {
    const total = model.columnWidths.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(128);
    // A figure never wraps: `25,000千円` fits its column.
    expect(Math.min(...model.columnWidths.slice(2, 5))).toBeGreaterThanOrEqual(10);
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
