import { describe, expect, it } from 'vitest';
import type { SheetResponse } from '../../../shared/api.ts';
import type { Actual } from '../../../shared/schema/index.ts';
import { validateCellInput } from '../../../shared/validation/index.ts';
import { sampleQueuedCell } from '../../test-support/sample-edits.ts';
import { sampleSheet } from '../../test-support/sample-sheet.ts';
import { type CellRef, cellText } from './cells.ts';
import { columnIndex, HEADER_ROWS } from './columns.ts';
import { translator } from './i18n.ts';
import type { RowKey } from './keys.ts';
import { applySaved, buildSaveBody } from './save-body.ts';
import { buildModel, checkRows, inputText, parseInput, type SheetModel } from './sheet-model.ts';
import { problemColumn, renderRow } from './sheet-render.ts';

const t = translator('ja');
const pv = { kind: 'indicator', indicatorId: 'k-pv', field: 'value' } as const;
const queued = (ref: CellRef, raw: string, model?: SheetModel) =>
  sampleQueuedCell(ref, raw, model ? { canonical: parseInput(model, ref, raw)?.canonical } : {});
const canonical = (model: SheetModel, ref: CellRef, raw: string) => parseInput(model, ref, raw)?.canonical;

function modelWith(cells: [CellRef, string][] = [], kpis = 7) {
  return buildModel(
    sampleSheet({ kpis }),
    cells.map(([ref, raw]) => queued(ref, raw)),
  );
}

function row(model: SheetModel, key: RowKey) {
  const i = model.rowIndex.get(key)!;
  return { i, rendered: renderRow(model, i, checkRows(model, [i]), t) };
}

describe('the sheet model', () => {
  it('lists each project followed by its KPIs, with the server values in the input cells', () => {
    const model = modelWith();
    expect(model.rows.slice(0, 3).map((r) => r.key)).toEqual(['p:p-001', 'i:k-pv', 'p:p-002']);
    expect(inputText(model, 'i:k-pv:value')).toBe('144,476');
    expect(inputText(model, 'p:p-001:activities')).toBe('・東北6県の観光情報を発信');
    expect(model.server.get('i:k-pv:value')).toBe('144476');
  });

  it('shows my unsent edits over the server values', () => {
    const model = modelWith([[pv, '△25']]);
    expect(inputText(model, 'i:k-pv:value')).toBe('△25');
    expect(row(model, 'i:k-pv').rendered.values[columnIndex('achievement')]).toBe('△0.1%');
  });

  it('compares values, not notation: 1,234 and １２３４ are the same', () => {
    const model = modelWith();
    expect(canonical(model, pv, '1,234')).toBe(canonical(model, pv, '１２３４'));
    expect(canonical(model, pv, '1,234')).not.toBe(canonical(model, pv, '1,235'));
    expect(canonical(model, pv, 'abc')).not.toBe(canonical(model, pv, ''));
  });
});

describe('rendering and checking rows', () => {
  it('computes 達成度, cumulative and the result from shared/calc', () => {
    const { rendered } = row(modelWith(), 'i:k-pv');
    const v = rendered.values;
    expect(v[columnIndex('achievement')]).toBe('481.6%');
    expect(v[columnIndex('cumulative')]).toBe('144,476');
    expect(v[columnIndex('judgement')]).toBe('達成');
    expect(row(modelWith(), 'p:p-001').rendered.values[columnIndex('judgement')]).toBe('全KPI達成');
  });

  it('prints 基準値 and 目標値 as the project table does: a bound, a marker, an unknown baseline', () => {
    const sheet = sampleSheet();
    const ind = sheet.projects[0]!.indicators[0]!;
    sheet.projects[0]!.indicators[0] = {
      ...ind,
      unit: '%',
      kind: 'threshold',
      threshold: { comparator: '>', maintain: false },
      baseline: { value: null, marker: '(※1)', period: 'R4年度' },
      targets: [{ fiscalYear: 2023, value: '50', marker: '(※2)' }],
    };
    const model = buildModel(sheet, []);
    const i = model.rowIndex.get('i:k-pv')!;
    const v = renderRow(model, i, checkRows(model, [i]), t).values;
    expect(v[columnIndex('target')]).toBe('50%超(※2)');
    expect(v[columnIndex('baseline')]).toBe('R4年度 (※1)%');
  });

  it('flags a cell that does not parse with the message of shared/validation, on that cell', () => {
    const model = modelWith([[pv, '12a']]);
    const { rendered } = row(model, 'i:k-pv');
    const expected = validateCellInput(model.rows[1]!.indicator!, 'value', '12a');
    expect(expected.ok).toBe(false);
    const message = expected.ok ? '' : expected.problem.message.ja;
    expect(rendered.styles[columnIndex('value')]).toBe('invalid');
    expect(rendered.notes.get(columnIndex('value'))).toBe(message);
    expect(rendered.values[columnIndex('check')]).toContain(message);
    expect(rendered.values[columnIndex('achievement')]).toBe('—%');
    // Only the bad cell is reported, not a "missing value" that follows from it.
    expect(
      checkRows(model, [1])
        .get(1)!
        .problems.map((p) => p.code),
    ).toEqual([expected.ok ? '' : expected.problem.code]);
  });

  it('asks for a reason when a value is emptied and the row is not, on the reason cell', () => {
    const footnote = { kind: 'indicator', indicatorId: 'k-pv', field: 'footnote' } as const;
    const model = modelWith([
      [pv, ''],
      [footnote, '(※1) 速報値'],
    ]);
    const { i, rendered } = row(model, 'i:k-pv');
    const problems = checkRows(model, [i]).get(i)!.problems;
    expect(problems.map((p) => p.code)).toContain('actual.missing_reason');
    expect(rendered.styles[columnIndex('missingReason')]).toBe('invalid');
    // A row emptied altogether is a clearing of the saved actual (save-body.ts), not a missing value.
    const emptied = modelWith([[pv, '']]);
    expect(
      checkRows(emptied, [i])
        .get(i)!
        .problems.filter((p) => p.severity === 'error'),
    ).toEqual([]);
    const withReason = modelWith([
      [pv, '(※)'],
      [{ kind: 'indicator', indicatorId: 'k-pv', field: 'missingReason' }, '統計未公表'],
    ]);
    expect(
      checkRows(withReason, [i])
        .get(i)!
        .problems.filter((p) => p.severity === 'error'),
    ).toEqual([]);
  });

  it('accepts a status only on a qualitative KPI', () => {
    const model = modelWith();
    const qualitative = model.rows.find((r) => r.indicator?.kind === 'qualitative')!;
    const numeric = model.rows.find(
      (r) => r.indicator && r.indicator.kind !== 'qualitative' && r.indicator.id !== 'k-pv',
    )!;
    const statusOf = (id: string) => ({
      kind: 'indicator' as const,
      indicatorId: id,
      field: 'status' as const,
    });
    const m = modelWith([
      [statusOf(qualitative.indicator!.id), '一部達成'],
      [statusOf(numeric.indicator!.id), '達成'],
    ]);
    const qi = m.rowIndex.get(qualitative.key)!;
    const ni = m.rowIndex.get(numeric.key)!;
    const checks = checkRows(m, [qi, ni]);
    expect(checks.get(qi)!.parse!.actual!.status).toBe('partly_achieved');
    expect(checks.get(ni)!.problems.map((p) => p.code)).toContain('actual.status_not_qualitative');
  });

  it('maps each problem field to its sheet column', () => {
    const p = (field: string) => ({
      code: 'x',
      severity: 'error' as const,
      path: '',
      cell: { field },
      message: { ja: '', en: '' },
    });
    expect(problemColumn(p('missingReason'))).toBe(columnIndex('missingReason'));
    expect(problemColumn(p('footnotes'))).toBe(columnIndex('footnote'));
    expect(problemColumn(p('marker'))).toBe(columnIndex('value'));
    expect(problemColumn(p('activities'))).toBe(columnIndex('activities'));
  });

  it('locks the input cells of a sheet that cannot be edited', () => {
    const data = sampleSheet({ kpis: 2, editable: false });
    const model = buildModel(data);
    const r = renderRow(model, 1, checkRows(model, [1]), t);
    expect(r.styles[columnIndex('value')]).toBe('readonly');
    expect(HEADER_ROWS).toBe(2);
  });
});

describe('characters that cannot be stored', () => {
  const activities = { kind: 'project', projectId: 'p-001', field: 'activities' } as const;
  const reason = { kind: 'indicator', indicatorId: 'k-pv', field: 'missingReason' } as const;
  const footnote = { kind: 'indicator', indicatorId: 'k-pv', field: 'footnote' } as const;

  // The shared rule (shared/text/integrity.ts) marks the very cell, with its message, before any save.
  it.each([
    [
      activities,
      '・説明会\u0007',
      'p:p-001',
      'activities',
      '主な取組に使えない文字（制御文字 U+0007、5文字目）',
    ],
    [reason, '集計中\u0008', 'i:k-pv', 'missingReason', '実績値がない理由に使えない文字（制御文字 U+0008'],
    [
      footnote,
      '(※1) 速報\u202e値',
      'i:k-pv',
      'footnote',
      '注記に使えない文字（文字の向きを変える制御文字 U+202E',
    ],
    [
      activities,
      '・取組X\ud800Y',
      'p:p-001',
      'activities',
      '壊れた文字（対になっていないサロゲート） U+D800',
    ],
  ] as const)('%j %j: marked on its cell, the row held back', (ref, raw, rowKey, column, message) => {
    const model = modelWith([[ref, raw]]);
    const { i, rendered } = row(model, rowKey);
    expect(rendered.styles[columnIndex(column)]).toBe('invalid');
    expect(rendered.notes.get(columnIndex(column))).toContain(message);
    expect(rendered.values[columnIndex('check')]).toContain(message);
    const problems = checkRows(model, [i]).get(i)!.problems;
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.code)).toEqual(['text.refused_char']);
  });

  it('a qualitative result with a control character is marked on the value cell', () => {
    const qualitative = modelWith().rows.find((r) => r.indicator?.kind === 'qualitative')!;
    const ref = { kind: 'indicator', indicatorId: qualitative.indicator!.id, field: 'value' } as const;
    const model = modelWith([[ref, '協議\u0000済']]);
    const { rendered } = row(model, qualitative.key);
    expect(rendered.styles[columnIndex('value')]).toBe('invalid');
    expect(rendered.notes.get(columnIndex('value'))).toContain('制御文字 U+0000');
  });

  it('tabs and line breaks in 主な取組 are fine; Windows line ends are normalised before sending', () => {
    const model = modelWith([[activities, '・一つ目\r\n・\t二つ目']]);
    const { i, rendered } = row(model, 'p:p-001');
    expect(checkRows(model, [i]).get(i)!.problems).toEqual([]);
    expect(rendered.styles[columnIndex('activities')]).toBe('projectInput');
    const body = buildSaveBody(model, [queued(activities, '・一つ目\r\n・\t二つ目')]);
    expect(body.activities).toEqual([{ projectId: 'p-001', text: '・一つ目\n・\t二つ目' }]);
  });
});

describe('earlier cycles', () => {
  const reported = (indicatorId: string, value: string): Actual => ({
    indicatorId,
    value,
    basis: 'year',
    footnotes: [],
  });
  /** The sample sheet (FY2023) plus a cumulative KPI over FY2022-2024: 90社 in three years. */
  function withCumulative(earlierCycles: SheetResponse['earlierCycles']): SheetResponse {
    const base = sampleSheet({ kpis: 1 });
    return {
      ...base,
      projects: [
        ...base.projects,
        {
          id: 'p-002',
          number: 2,
          name: '企業支援事業',
          period: { startFy: 2022, endFy: 2024 },
          departmentIds: ['d-kanko'],
          indicators: [
            {
              id: 'k-cum',
              number: 1,
              name: '集中支援対象企業数',
              unit: '社',
              kind: 'cumulative',
              direction: 'higher_is_better',
              baseline: { value: '7', period: 'R3年度' },
              window: { startFy: 2022, endFy: 2024 },
              targets: [{ fiscalYear: 2024, value: '90' }],
              footnotes: [],
            },
          ],
          footnotes: [],
          isLead: true,
        },
      ],
      actuals: [...base.actuals, reported('k-cum', '25')],
      earlierCycles,
    };
  }
  const FY2022 = [{ fiscalYear: 2022, actuals: [reported('k-cum', '30'), reported('k-pv', '1000')] }];
  const computed = (model: SheetModel, key: RowKey) => {
    const v = row(model, key).rendered.values;
    return [v[columnIndex('cumulative')], v[columnIndex('achievement')], v[columnIndex('judgement')]];
  };

  it('count in a cumulative KPI’s 累計実績 and 達成度 (30 + 25 of 90社 → 61.1%, interim)', () => {
    expect(computed(buildModel(withCumulative(FY2022)), 'i:k-cum')).toEqual(['55', '61.1%', '途中']);
    // Without FY2022 the window's sum is incomplete: no figure rather than a wrong one.
    expect(computed(buildModel(withCumulative([])), 'i:k-cum')).toEqual(['', '—%', '—']);
  });

  it('add to what is typed now, and keep an increment KPI’s 達成度 to its own year', () => {
    const cum = { kind: 'indicator', indicatorId: 'k-cum', field: 'value' } as const;
    const model = buildModel(withCumulative(FY2022), [queued(cum, '40')]);
    expect(computed(model, 'i:k-cum')).toEqual(['70', '77.8%', '途中']);
    expect(computed(model, 'i:k-pv')).toEqual(['145,476', '481.6%', '達成']);
  });

  it('never take the place of this cycle’s values, and survive a rebuild from the server copy', () => {
    const sameYear = [...FY2022, { fiscalYear: 2023, actuals: [reported('k-cum', '999')] }];
    const model = buildModel(withCumulative(sameYear));
    expect(computed(model, 'i:k-cum')[0]).toBe('55');
    expect(model.planFile.cycles.map((c) => c.fiscalYear)).toEqual([2022]);
    const rebuilt = buildModel({ ...model.data, actuals: [reported('k-cum', '5')] });
    expect(computed(rebuilt, 'i:k-cum')[0]).toBe('35');
  });
});

describe('the save request', () => {
  it('sends whole rows as the sheet shows them, and remembers what the server then holds', () => {
    const model = modelWith([
      [{ kind: 'indicator', indicatorId: 'k-pv', field: 'footnote' }, '(※1) 速報値'],
      [{ kind: 'project', projectId: 'p-001', field: 'activities' }, '・新しい取組\r\n・二つ目'],
    ]);
    const cells = [
      queued({ kind: 'indicator', indicatorId: 'k-pv', field: 'footnote' }, '(※1) 速報値', model),
      queued({ kind: 'project', projectId: 'p-001', field: 'activities' }, '・新しい取組\r\n・二つ目', model),
    ];
    const body = buildSaveBody(model, cells);
    expect(body.actuals).toEqual([
      {
        indicatorId: 'k-pv',
        value: '144476',
        basis: 'year',
        footnotes: [{ marker: '(※1)', text: '速報値' }],
      },
    ]);
    expect(body.activities).toEqual([{ projectId: 'p-001', text: '・新しい取組\n・二つ目' }]);
    applySaved(model, cells, 4);
    expect(model.server.get('i:k-pv:footnote')).toBe('(※1) 速報値');
    expect(model.server.get('p:p-001:activities')).toBe('・新しい取組\n・二つ目');
    expect(model.data.submission.revision).toBe(4);
  });

  it('reads what Excel hands back as the text typed', () => {
    expect(cellText(39.2)).toBe('39.2');
    expect(cellText(0.1 + 0.2)).toBe('0.3');
    expect(cellText(null)).toBe('');
    expect(cellText('△25')).toBe('△25');
  });
});
