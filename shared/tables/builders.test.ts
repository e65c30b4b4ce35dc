/** Builders on small synthetic plans: the cases the published samples do not show. */
import { describe, expect, it } from 'vitest';
import { PLAN_FORMAT, PlanFile, type PlanFileInput } from '../schema/index.ts';
import { buildBudgetTable, executionRatePct } from './budget.ts';
import { resolveBlock } from './grid.ts';
import { buildTable } from './index.ts';
import { buildProjectTable } from './projects.ts';
import { buildRevisionTable } from './revision.ts';
import type { TableCell, TableModel } from './types.ts';

const header = { id: 'p', title: '計画', period: { startFy: 2022, endFy: 2024 } };
const kpi = (id: string, values: [number, string][], extra: Record<string, unknown> = {}) => ({
  id,
  number: Number(id.slice(-1)),
  name: `指標${id}`,
  unit: '件',
  kind: 'increment' as const,
  baseline: { value: '0' },
  targets: values.map(([fiscalYear, value]) => ({ fiscalYear, value })),
  ...extra,
});
const project = (indicators: ReturnType<typeof kpi>[]) => ({
  id: 'x',
  number: 1,
  name: '事業X',
  period: { startFy: 2022, endFy: 2024 },
  departmentIds: ['d1'],
  indicators,
});
const parse = (input: Omit<PlanFileInput, 'format' | 'plan'>) =>
  PlanFile.parse({
    format: PLAN_FORMAT,
    plan: header,
    departments: [{ id: 'd1', name: '企画課' }],
    ...input,
  });

const cellsOf = (m: TableModel): TableCell[] => m.blocks.flatMap((b) => b.rows.flat());
const sound = (m: TableModel) => [...m.summary, ...m.blocks].flatMap((b) => resolveBlock(b).faults);

describe('executionRatePct', () => {
  it('is 決算額 ÷ 当初予算額 × 100, half up to one decimal, exact', () => {
    expect(executionRatePct('19225', '17071')).toBe('88.8');
    expect(executionRatePct('339930', '340506')).toBe('100.2');
    expect(executionRatePct('8430', '8430')).toBe('100.0');
    expect(executionRatePct('2000', '1001')).toBe('50.1'); // 50.05 rounds up
    expect(executionRatePct('0', '5')).toBeNull();
    expect(executionRatePct('100', null)).toBeNull();
  });

  it('sums a missing 決算額 as nothing and counts it', () => {
    const plan = parse({
      budgets: [
        { id: 'a', fiscalYear: 2022, section: 'S', name: 'A', initialBudget: '100', settlement: null },
        { id: 'b', fiscalYear: 2022, section: 'S', name: 'B', initialBudget: '50', settlement: '40' },
        {
          id: 'c',
          fiscalYear: 2022,
          section: 'S',
          name: 'A',
          initialBudget: '100',
          settlement: '90',
          isReprint: true,
        },
      ],
    });
    const model = buildBudgetTable(plan);
    expect(model.totals?.overall).toEqual({
      initialBudget: '150',
      settlement: '40',
      rowCount: 2,
      missingSettlements: 1,
    });
    // 当初予算額 over ［決算額］ in one cell; an unreported 決算額 prints empty brackets.
    expect(cellsOf(model).some((c) => c.text === '100\n［ ］')).toBe(true);
    expect(sound(model)).toEqual([]);
  });
});

describe('buildRevisionTable', () => {
  const before = project([
    kpi('k1', [
      [2022, '10'],
      [2023, '10'],
    ]),
    kpi('k2', [[2022, '5']]),
  ]);
  const after = project([
    kpi('k1', [
      [2022, '10.0'],
      [2023, '12'],
    ]),
    kpi('k3', [[2023, '1']]),
  ]);
  const model = buildRevisionTable(
    parse({ projects: [after], previousVersions: [{ version: 1, projects: [before] }] }),
  );
  const cell = (id: string, side: string, field: string, fy?: number) =>
    cellsOf(model).find(
      (c) =>
        c.ref?.indicatorId === id &&
        c.ref.side === side &&
        c.ref.field === field &&
        (fy === undefined || c.ref.fiscalYear === fy),
    );

  it('compares values, not text: 10 and 10.0 are the same figure', () => {
    expect(cell('k1', 'after', 'target', 2022)?.underline).toBeUndefined();
    expect(cell('k1', 'after', 'target', 2022)?.text).toBe('10.0件');
    expect(cell('k1', 'after', 'target', 2023)?.underline).toBe(true);
    expect(cell('k1', 'before', 'target', 2023)?.underline).toBe(true);
    expect(cell('k1', 'after', 'cumulative')?.text).toBe('22.0件');
    expect(cell('k1', 'before', 'cumulative')?.text).toBe('20件');
  });

  it('underlines a row that exists on one side only, and leaves the other half blank', () => {
    expect(cell('k3', 'after', 'name')?.underline).toBe(true);
    expect(cell('k3', 'before', 'name')?.text).toBe('');
    expect(cell('k2', 'before', 'target', 2022)).toMatchObject({ text: '5件', underline: true });
    expect(cell('k2', 'after', 'target', 2022)?.text).toBe('');
    expect(sound(model)).toEqual([]);
  });

  it('underlines a unit change even when the number is the same', () => {
    const renamed = project([{ ...kpi('k1', [[2022, '10']]), unit: '千円' }]);
    const original = project([kpi('k1', [[2022, '10']])]);
    const m = buildRevisionTable(
      parse({ projects: [renamed], previousVersions: [{ version: 1, projects: [original] }] }),
    );
    expect(
      cellsOf(m)
        .filter((c) => c.underline)
        .map((c) => c.text),
    ).toEqual(['10千円', '10千円', '10件', '10件']);
  });
});

describe('buildProjectTable', () => {
  it('prints a missing actual without a marker as empty and still lists its reason', () => {
    const plan = parse({
      projects: [project([kpi('k1', [[2022, '10']])])],
      cycles: [
        {
          fiscalYear: 2022,
          actuals: [{ indicatorId: 'k1', value: null, missingReason: '集計中' }],
          submissions: [{ departmentId: 'd1', status: 'approved' }],
        },
      ],
    });
    const model = buildProjectTable(plan);
    const block = model.blocks[0]!;
    expect(block.heading).toBe('1 事業X【新規】');
    expect(block.footnotes).toEqual([{ marker: '※', text: '集計中' }]);
    expect(block.rows[4]!.map((c) => c.text)).toEqual(['① 指標k1', '0件', '10', '', '—%']);
    expect(model.summary[0]!.rows[0]!.map((c) => c.text)).toEqual([
      '新規1事業 (計画期間：令和4～6年度)',
      '実績値が未確定のため、KPIの達成状況を評価できなかった。',
    ]);
  });

  it('marks a project with no submission in the cycle', () => {
    const plan = parse({ projects: [project([kpi('k1', [[2022, '10']])])], cycles: [{ fiscalYear: 2022 }] });
    expect(buildProjectTable(plan).blocks[0]!.footnotes[0]!.text).toMatch(/「未提出」/);
  });

  it('builds every kind through buildTable', () => {
    const plan = parse({ projects: [project([kpi('k1', [[2022, '10']])])] });
    for (const kind of ['projects', 'goals', 'revision', 'budget'] as const)
      expect(buildTable(plan, kind).kind).toBe(kind);
  });
});
