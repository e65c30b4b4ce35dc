import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { div, parseDecimal, toPlainString } from '../decimal.ts';
import { Actual, Indicator } from '../schema/index.ts';
import { evaluateIndicator, formatAchievement } from './achievement.ts';

// An independent reference: schoolbook long division on the decimal strings, one digit at a time,
// then half up (away from zero) on the next digit and the remainder. It shares no code with decimal.ts.
function digitsAndScale(text: string): { negative: boolean; digits: string; scale: number } {
  const negative = text.startsWith('-');
  const [int = '', frac = ''] = (negative ? text.slice(1) : text).split('.');
  return { negative, digits: (int + frac).replace(/^0+(?=\d)/, ''), scale: frac.length };
}

function referenceQuotient(aText: string, bText: string, decimals: number): string | null {
  const a = digitsAndScale(aText);
  const b = digitsAndScale(bText);
  if (/^0+$/.test(b.digits)) return null;
  // a/b × 10^decimals = (A × 10^(b.scale + decimals + 1)) / (B × 10^a.scale), one guard digit.
  const dividend = a.digits + '0'.repeat(b.scale + decimals + 1);
  const divisor = BigInt(b.digits + '0'.repeat(a.scale));
  let remainder = 0n;
  let quotient = '';
  for (const digit of dividend) {
    remainder = remainder * 10n + BigInt(digit);
    let q = 0;
    while (remainder >= divisor) {
      remainder -= divisor;
      q++;
    }
    quotient += String(q);
  }
  const guard = Number(quotient.slice(-1));
  let units = BigInt(quotient.slice(0, -1) || '0');
  if (guard >= 5) units += 1n; // the guard digit decides: ≥ 5 is at least one half
  const negative = a.negative !== b.negative && units !== 0n;
  const text = units.toString().padStart(decimals + 1, '0');
  const intPart = text.slice(0, text.length - decimals);
  return `${negative ? '-' : ''}${intPart}${decimals > 0 ? `.${text.slice(-decimals)}` : ''}`;
}

const smallDecimal = fc
  .tuple(fc.boolean(), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 3 }))
  .map(([neg, n, scale]) => toText(neg, BigInt(n), scale));
const largeDecimal = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 28n }), fc.integer({ min: 0, max: 10 }))
  .map(([neg, n, scale]) => toText(neg, n, scale));
// Around 2^52, where div leaves its exact-integer fast path for BigInt.
const nearLimitDecimal = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 2n ** 48n, max: 2n ** 54n }), fc.integer({ min: 0, max: 3 }))
  .map(([neg, n, scale]) => toText(neg, n, scale));
const anyDecimal = fc.oneof(
  smallDecimal,
  largeDecimal,
  nearLimitDecimal,
  fc.constantFrom('0', '0.0', '-0', '1', '50', '50.0', '100'),
);

function toText(negative: boolean, units: bigint, scale: number): string {
  const digits = units.toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative && units !== 0n ? `-${text}` : text;
}

describe('exact division against the long-division reference', () => {
  it('div(a, b, k) rounds half away from zero exactly (fast and BigInt paths)', () => {
    fc.assert(
      fc.property(anyDecimal, anyDecimal, fc.integer({ min: 0, max: 8 }), (a, b, k) => {
        const got = div(parseDecimal(a)!, parseDecimal(b)!, k);
        expect(got === null ? null : toPlainString(got)).toBe(referenceQuotient(a, b, k));
      }),
      { numRuns: 5000 },
    );
  });

  it('達成度 = actual ÷ target × 100 half up to one decimal, as printed', () => {
    fc.assert(
      fc.property(smallDecimal, smallDecimal, (actual, target) => {
        const kpi = Indicator.parse({
          id: 'k',
          number: 1,
          name: 'KPI',
          unit: '人',
          kind: 'increment',
          targets: [{ fiscalYear: 2023, value: target }],
        });
        const a = evaluateIndicator(kpi, new Map([[2023, actualOf(actual)]]), 2023);
        const expected = referenceQuotient(actual, target, 3); // percent × 10 = quotient × 1000
        if (expected === null) {
          expect(a).toMatchObject({ computable: false, printed: '—%', reasons: ['zero_target'] });
          return;
        }
        const units = BigInt(expected.replace('.', ''));
        expect(a.percent).toEqual({ units, scale: 1 });
        expect(a.met).toBe(units >= 1000n);
        expect(a.printed).toBe(formatAchievement(a.percent));
      }),
      { numRuns: 3000 },
    );
  });

  it('parseDecimal reads exactly what the canonical pattern accepts', () => {
    const text = fc.oneof(anyDecimal, fc.string({ maxLength: 18 }), fc.stringMatching(/^-?[0-9.]{0,17}$/));
    fc.assert(
      fc.property(text, (t) => {
        const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(t);
        const parsed = parseDecimal(t);
        if (!m) {
          expect(parsed).toBeNull();
          return;
        }
        const units = BigInt((m[2] ?? '') + (m[3] ?? ''));
        expect(parsed).toEqual({ units: m[1] ? -units : units, scale: (m[3] ?? '').length });
      }),
      { numRuns: 5000 },
    );
  });
});

function actualOf(value: string | null, basis: 'year' | 'to_date' = 'year', status?: string): Actual {
  return Actual.parse({
    indicatorId: 'k',
    value,
    basis,
    ...(value === null ? { missingReason: '未公表' } : {}),
    ...(status ? { status } : {}),
  });
}

describe('evaluateIndicator is total', () => {
  const kind = fc.constantFrom(
    'increment',
    'cumulative',
    'level',
    'rate',
    'reduction',
    'threshold',
    'qualitative',
    'not_set',
  ) as fc.Arbitrary<Indicator['kind']>;
  const year = fc.integer({ min: 2019, max: 2026 });
  const maybeValue = fc.option(anyDecimal, { nil: null, freq: 4 });
  const indicatorArb = fc.record({
    kind,
    direction: fc.constantFrom('higher_is_better', 'lower_is_better') as fc.Arbitrary<Indicator['direction']>,
    baseline: fc.option(fc.record({ value: maybeValue }), { nil: null }),
    targets: fc.uniqueArray(fc.record({ fiscalYear: year, value: anyDecimal }), {
      selector: (t) => t.fiscalYear,
      maxLength: 4,
    }),
    window: fc.option(
      fc.tuple(year, fc.integer({ min: 0, max: 4 })).map(([startFy, n]) => ({ startFy, endFy: startFy + n })),
      { nil: undefined },
    ),
    threshold: fc.option(
      fc.record({
        comparator: fc.constantFrom('>=', '>', '<=', '<') as fc.Arbitrary<'>=' | '>' | '<=' | '<'>,
        maintain: fc.boolean(),
      }),
      { nil: undefined },
    ),
  });
  const actualsArb = fc.array(
    fc.tuple(
      year,
      maybeValue,
      fc.constantFrom('year', 'to_date') as fc.Arbitrary<'year' | 'to_date'>,
      fc.option(fc.constantFrom('achieved', 'partly_achieved', 'not_achieved', 'in_progress'), {
        nil: undefined,
      }),
    ),
    { maxLength: 6 },
  );

  it('never throws, never divides by zero, and keeps its fields consistent', () => {
    fc.assert(
      fc.property(indicatorArb, actualsArb, year, (fields, rows, fy) => {
        const kpi = Indicator.parse({ id: 'k', number: 1, name: 'KPI', unit: '件', ...fields });
        const byYear = new Map(rows.map(([y, v, basis, status]) => [y, actualOf(v, basis, status)]));
        const a = evaluateIndicator(kpi, byYear, fy);
        expect(a.printed).toBe(formatAchievement(a.percent));
        if (!a.computable) expect(a.reasons.length).toBeGreaterThan(0);
        else expect(a.reasons).toEqual([]);
        if (a.percent !== null) {
          expect(a.computable).toBe(true);
          expect(a.percent.scale).toBe(1);
          expect(a.ratio).toBeNull();
        }
        if (a.percent !== null && kpi.kind === 'increment') {
          const target = kpi.targets.find((t) => t.fiscalYear === fy)!;
          expect(parseDecimal(target.value)!.units).not.toBe(0n);
        }
        if (a.met !== null && a.percent !== null && kpi.kind !== 'threshold') {
          expect(a.met).toBe(a.percent.units >= 1000n);
        }
        if (kpi.kind === 'qualitative' || kpi.kind === 'not_set') expect(a.computable).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });
});
