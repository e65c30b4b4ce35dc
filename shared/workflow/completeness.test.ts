import { describe, expect, it } from 'vitest';
import { isActiveIn, MISSING_CELL_CODE, missingCellProblem, sheetCompleteness } from './index.ts';

/** The completeness rule (docs/domain.md §8.5): what a sheet must hold before it is submitted. */

const kpi = (id: string, number: number, kind: 'increment' | 'qualitative' = 'increment') => ({
  id,
  number,
  name: `指標${number}`,
  kind,
});
const project = (
  id: string,
  number: number,
  startFy: number,
  endFy: number,
  indicators = [kpi(`${id}-k1`, 1)],
) => ({
  id,
  number,
  name: `事業${number}`,
  period: { startFy, endFy },
  indicators,
});

describe('sheetCompleteness', () => {
  const projects = [
    project('p1', 1, 2023, 2025, [kpi('p1-k1', 1), kpi('p1-k2', 2), kpi('p1-q', 3, 'qualitative')]),
    project('p2', 2, 2024, 2026),
  ];

  it('an empty sheet misses every KPI and every 主な取組 of the projects active that year, in sheet order', () => {
    const c = sheetCompleteness(projects, 2023, { actuals: [], activities: [] });
    expect(c.indicators).toEqual({ filled: 0, total: 3 });
    expect(c.activities).toEqual({ filled: 0, total: 1 });
    expect(c.missing.map((m) => [m.projectId, m.indicatorId, m.field])).toEqual([
      ['p1', undefined, 'activities'],
      ['p1', 'p1-k1', 'value'],
      ['p1', 'p1-k2', 'value'],
      ['p1', 'p1-q', 'status'],
    ]);
    expect(c.missing[1]?.message.ja).toBe(
      '事業「1 事業1」の指標「① 指標1」の実績値が空欄です。値を入力するか、未確定なら (※) と理由を入力してください。',
    );
    expect(c.missing[0]?.message.en).toContain('Project "1 事業1"');
  });

  it('a value, a missing marker with its reason, a status count; a blank, a reason of spaces and blank text do not', () => {
    const c = sheetCompleteness(projects, 2023, {
      actuals: [
        { indicatorId: 'p1-k1', value: '0' },
        { indicatorId: 'p1-k2', value: null, missingReason: '  ' },
        { indicatorId: 'p1-q', value: null, status: 'in_progress' },
      ],
      activities: [{ projectId: 'p1', text: ' \n ' }],
    });
    expect(c.indicators).toEqual({ filled: 2, total: 3 });
    expect(c.missing.map((m) => m.indicatorId ?? m.projectId)).toEqual(['p1', 'p1-k2']);
    const full = sheetCompleteness(projects, 2023, {
      actuals: [
        { indicatorId: 'p1-k1', value: '0' },
        { indicatorId: 'p1-k2', value: null, missingReason: '統計未公表' },
        { indicatorId: 'p1-q', value: null, status: 'achieved' },
      ],
      activities: [{ projectId: 'p1', text: '説明会を開催' }],
    });
    expect(full.missing).toEqual([]);
    expect(full.activities).toEqual({ filled: 1, total: 1 });
  });

  it('a project outside its plan period asks for nothing that year', () => {
    expect(isActiveIn(projects[1]!, 2023)).toBe(false);
    expect(isActiveIn(projects[1]!, 2024)).toBe(true);
    expect(isActiveIn(projects[0]!, 2026)).toBe(false);
    const c = sheetCompleteness(projects, 2026, { actuals: [], activities: [] });
    expect(c.indicators.total).toBe(1);
    expect(c.missing.every((m) => m.projectId === 'p2')).toBe(true);
    expect(sheetCompleteness(projects, 2022, { actuals: [], activities: [] }).missing).toEqual([]);
  });

  it('a missing cell is a problem naming its cell', () => {
    const [first, second] = sheetCompleteness(projects, 2023, { actuals: [], activities: [] }).missing;
    expect(missingCellProblem(first!)).toMatchObject({
      code: MISSING_CELL_CODE,
      severity: 'error',
      cell: { projectId: 'p1', field: 'activities' },
    });
    expect(missingCellProblem(second!).cell).toEqual({
      indicatorId: 'p1-k1',
      projectId: 'p1',
      field: 'value',
    });
  });
});

describe('goal indicators the sheet’s department reports (docs/domain.md §10.5)', () => {
  const projects = [project('p1', 1, 2023, 2025)];
  const goals = [
    { id: 'g1', number: 1, title: '地域経済を活性化する', indicators: [kpi('g1-a', 1), kpi('g1-b', 2)] },
  ];
  const filled = {
    actuals: [{ indicatorId: 'p1-k1', value: '1' }],
    activities: [{ projectId: 'p1', text: '取組' }],
  };

  it('each needs a value like a KPI, and is missed after the projects, named with its goal', () => {
    const c = sheetCompleteness(projects, 2023, filled, goals);
    expect(c.indicators).toEqual({ filled: 1, total: 3 });
    expect(c.missing.map((m) => [m.goalId, m.projectId, m.indicatorId, m.field])).toEqual([
      ['g1', undefined, 'g1-a', 'value'],
      ['g1', undefined, 'g1-b', 'value'],
    ]);
    expect(c.missing[0]!.message.ja).toBe(
      '基本目標①「地域経済を活性化する」の数値目標「指標1」の実績値が空欄です。値を入力するか、未確定なら (※) と理由を入力してください。',
    );
    expect(c.missing[0]!.message.en).toContain('goal indicator "指標1" of basic goal ①');
  });

  it('a value, or a missing marker with its reason, fills it; a marker without a reason does not', () => {
    const c = sheetCompleteness(
      projects,
      2023,
      {
        ...filled,
        actuals: [
          ...filled.actuals,
          { indicatorId: 'g1-a', value: '66' },
          { indicatorId: 'g1-b', value: null, missingReason: '  ' },
        ],
      },
      goals,
    );
    expect(c.missing.map((m) => m.indicatorId)).toEqual(['g1-b']);
    const done = sheetCompleteness(
      projects,
      2023,
      {
        ...filled,
        actuals: [
          ...filled.actuals,
          { indicatorId: 'g1-a', value: '66' },
          { indicatorId: 'g1-b', value: null, missingReason: '調査結果の公表前' },
        ],
      },
      goals,
    );
    expect(done.missing).toEqual([]);
    expect(done.indicators).toEqual({ filled: 3, total: 3 });
  });

  it('a sheet with goal indicators only (no project) is complete once they are filled', () => {
    expect(sheetCompleteness([], 2023, { actuals: [], activities: [] }, goals).missing).toHaveLength(2);
    const c = sheetCompleteness(
      [],
      2023,
      { actuals: goals[0]!.indicators.map((i) => ({ indicatorId: i.id, value: '1' })), activities: [] },
      goals,
    );
    expect(c).toMatchObject({ missing: [], indicators: { filled: 2, total: 2 }, activities: { total: 0 } });
  });

  it('a goal indicator’s missing cell is a problem naming its indicator and no project', () => {
    const [cell] = sheetCompleteness(projects, 2023, filled, goals).missing;
    expect(missingCellProblem(cell!)).toMatchObject({
      code: MISSING_CELL_CODE,
      path: 'indicators.g1-a.value',
      cell: { indicatorId: 'g1-a', field: 'value' },
    });
    expect(missingCellProblem(cell!).cell).not.toHaveProperty('projectId');
  });
});
