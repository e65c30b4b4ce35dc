import { describe, expect, it } from 'vitest';
import type { Indicator } from '../schema/index.ts';
import { validateCellInput } from './cell-input.ts';
import { samplePlan } from './test-support.ts';

const base = samplePlan().projects[0]!.indicators[0]!;
const kpi = (over: Partial<Indicator> = {}): Indicator => ({ ...base, ...over });
const people = kpi({ unit: '人' });

describe('validateCellInput: value', () => {
  it.each([
    ['1,161,000', '1161000'],
    ['△25', '-25'],
    ['３８', '38'],
    ['56,677人', '56677'],
    [' 144476 ', '144476'],
    [58566, '58566'],
    [39.2, '39.2'],
    [0.1 + 0.2, '0.3'],
  ])('%j reads as %s', (raw, value) => {
    expect(validateCellInput(people, 'value', raw)).toEqual({ ok: true, value: { value }, warnings: [] });
  });

  it('an empty cell is no value; a footnote marker alone is a missing value with its marker', () => {
    for (const raw of ['', '  ', null, undefined])
      expect(validateCellInput(people, 'value', raw)).toEqual({
        ok: true,
        value: { value: null },
        warnings: [],
      });
    expect(validateCellInput(people, 'value', '(※2)')).toEqual({
      ok: true,
      value: { value: null, marker: '(※2)' },
      warnings: [],
    });
  });

  it('a unit that is not the indicator’s is refused, naming the right one', () => {
    const r = validateCellInput(people, 'value', '25件');
    expect(r).toEqual({
      ok: false,
      problem: expect.objectContaining({
        code: 'cell.unit_mismatch',
        path: 'value',
        cell: { indicatorId: 'p1-k1', field: 'value' },
      }),
    });
    if (!r.ok) {
      expect(r.problem.message.ja).toMatch(/^単位が違います。この指標の単位は「人」です/);
      expect(r.problem.message.en).toContain('"人"');
    }
    // Scale is part of the unit: 万人 is not 人.
    expect(validateCellInput(kpi({ unit: '万人' }), 'value', '624人').ok).toBe(false);
    expect(validateCellInput(kpi({ unit: '万人' }), 'value', '６２４万人').ok).toBe(true);
    expect(validateCellInput(kpi({ unit: '%' }), 'value', '39.2％').ok).toBe(true);
  });

  it('text that is no number gets notation’s explanation after the field name', () => {
    const r = validateCellInput(people, 'value', '1,23,4');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('cell.not_a_number');
      expect(r.problem.message.ja).toMatch(/^実績値：「1,23,4」の桁区切りのカンマ/);
      expect(r.problem.message.en).toMatch(/^Actual: /);
    }
    for (const raw of [Number.NaN, Number.POSITIVE_INFINITY, '50％超', '1e5'])
      expect(validateCellInput(people, 'value', raw).ok).toBe(false);
  });

  it('a percentage above 100 only warns (growth rates can exceed it); negatives are fine', () => {
    const rate = kpi({ unit: '%', kind: 'rate' });
    const r = validateCellInput(rate, 'value', '120.5%');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value).toEqual({ value: '120.5' });
      expect(r.warnings.map((w) => [w.code, w.severity])).toEqual([['value.rate_over_100', 'warning']]);
    }
    expect(validateCellInput(rate, 'value', '100')).toMatchObject({ ok: true, warnings: [] });
    expect(validateCellInput(rate, 'value', '△1.4')).toMatchObject({
      ok: true,
      value: { value: '-1.4' },
      warnings: [],
    });
    // A count in 人 above 100 is nothing to remark on.
    expect(validateCellInput(people, 'value', '120')).toMatchObject({ ok: true, warnings: [] });
  });

  it('anything but text or a number is refused, never thrown', () => {
    for (const raw of [{}, [], true, () => 1, Symbol('x'), 10n])
      expect(validateCellInput(people, 'value', raw)).toMatchObject({
        ok: false,
        problem: { code: 'cell.wrong_type' },
      });
  });
});

describe('validateCellInput: missingReason and status', () => {
  it('a reason is trimmed; an empty one is no reason; a long one is refused', () => {
    expect(validateCellInput(people, 'missingReason', ' 統計の公表が7月のため ')).toEqual({
      ok: true,
      value: '統計の公表が7月のため',
      warnings: [],
    });
    expect(validateCellInput(people, 'missingReason', '')).toEqual({
      ok: true,
      value: undefined,
      warnings: [],
    });
    expect(validateCellInput(people, 'missingReason', 'あ'.repeat(1000)).ok).toBe(true);
    const long = validateCellInput(people, 'missingReason', 'あ'.repeat(1001));
    expect(long.ok).toBe(false);
    if (!long.ok)
      expect(long.problem.message.ja).toBe('実績値がない理由が長すぎます。1000文字以内にしてください');
  });

  it('a status is chosen by its Japanese label, English label or code, on qualitative KPIs only', () => {
    const qualitative = kpi({ kind: 'qualitative' });
    expect(validateCellInput(qualitative, 'status', '一部達成')).toEqual({
      ok: true,
      value: 'partly_achieved',
      warnings: [],
    });
    expect(validateCellInput(qualitative, 'status', ' Achieved ')).toMatchObject({ value: 'achieved' });
    expect(validateCellInput(qualitative, 'status', 'in_progress')).toMatchObject({ value: 'in_progress' });
    expect(validateCellInput(qualitative, 'status', '')).toEqual({
      ok: true,
      value: undefined,
      warnings: [],
    });
    const unknown = validateCellInput(qualitative, 'status', '概ね達成');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok)
      expect(unknown.problem.message.ja).toBe(
        '達成状況は次から選んでください: 達成、一部達成、未達成、実施中',
      );
    expect(validateCellInput(people, 'status', '達成')).toMatchObject({
      ok: false,
      problem: { code: 'actual.status_not_qualitative', cell: { indicatorId: 'p1-k1', field: 'status' } },
    });
  });
});

describe('validateCellInput: period (a goal indicator’s period label, docs/domain.md §10.5)', () => {
  it('keeps the label as typed, trimmed; empty is none', () => {
    expect(validateCellInput(people, 'period', ' R1～5年(累計) ')).toEqual({
      ok: true,
      value: 'R1～5年(累計)',
      warnings: [],
    });
    expect(validateCellInput(people, 'period', '')).toEqual({ ok: true, value: undefined, warnings: [] });
  });

  it('refuses a label longer than the schema allows, or one with a line break, naming the field', () => {
    const long = validateCellInput(people, 'period', 'R'.repeat(65));
    expect(long.ok).toBe(false);
    if (!long.ok) {
      expect(long.problem.code).toBe('cell.too_long');
      expect(long.problem.message.ja).toContain('実績値の時点');
      expect(long.problem.message.en).toContain('Actual period label');
      expect(long.problem.cell).toEqual({ indicatorId: people.id, field: 'period' });
    }
    const broken = validateCellInput(people, 'period', 'R5\n年度');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.problem.code).toBe('text.refused_char');
  });
});
