import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Bound, formatBound, parseBound } from './bounds.ts';

const bound = (value: string, unit: string | null, extra: Partial<Bound> = {}) => ({
  ok: true,
  value,
  unit,
  comparator: null,
  maintain: false,
  cumulative: false,
  ...extra,
});

describe('parseBound', () => {
  it.each([
    ['50％超', bound('50', '%', { comparator: '>' }), '50%超'],
    ['40社以上を維持', bound('40', '社', { comparator: '>=', maintain: true }), '40社以上を維持'],
    ['40 社以上を維持', bound('40', '社', { comparator: '>=', maintain: true }), '40社以上を維持'],
    ['累計 3件以上', bound('3', '件', { comparator: '>=', cumulative: true }), '累計3件以上'],
    ['35,000社以上', bound('35000', '社', { comparator: '>=' }), '35,000社以上'],
    ['100件未満', bound('100', '件', { comparator: '<' }), '100件未満'],
    ['５％以下', bound('5', '%', { comparator: '<=' }), '5%以下'],
    ['1,500件', bound('1500', '件'), '1,500件'],
  ])('%s', (text, expected, official) => {
    const r = parseBound(text);
    expect(r).toEqual(expected);
    if (r.ok) expect(formatBound(r)).toBe(official);
  });

  it.each([
    ['以上', '値が空です'],
    ['多数以上', '数値として読めません'],
    ['40社を維持', '以上'],
    ['1,23社以上', '3桁ごと'],
  ])('%j is rejected with a message', (text, ja) => {
    const r = parseBound(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.ja).toContain(ja);
  });

  it('format → parse round-trips', () => {
    const arb = fc.record({
      value: fc.bigInt({ min: 0n, max: 10n ** 12n }).map(String),
      unit: fc.constantFrom(null, '%', '社', '件', '万人'),
      comparator: fc.constantFrom(null, '>', '>=', '<', '<=' as const),
      maintain: fc.boolean(),
      cumulative: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, (b) => {
        const input = { ...b, maintain: b.comparator !== null && b.maintain } as Bound;
        expect(parseBound(formatBound(input))).toEqual({ ok: true, ...input });
      }),
    );
  });
});
