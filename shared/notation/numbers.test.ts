import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmp, decimal } from '../decimal.ts';
import {
  formatDelta,
  formatNumber,
  formatQuantity,
  formatValueCell,
  numberToDecimalString,
  parseNumber,
  parseValueCell,
} from './numbers.ts';
import { normalizeWidth } from './width.ts';

const ok = (value: string, unit: string | null = null) => ({ ok: true, value, unit });

describe('normalizeWidth', () => {
  it('maps full-width digits, letters and number symbols to ASCII, keeps △ and Japanese', () => {
    expect(normalizeWidth('１，２３４．５％')).toBe('1,234.5%');
    expect(normalizeWidth('Ｒ５年度　（＋１３社）［※］')).toBe('R5年度 (+13社)[※]');
    expect(normalizeWidth('－△ＰＶａｂ')).toBe('-△PVab');
    expect(normalizeWidth('令和５年度～７年度')).toBe('令和5年度～7年度');
  });
});

describe('parseNumber: printed forms', () => {
  it.each([
    ['1,234', ok('1234')],
    ['１，２３４', ok('1234')],
    ['1,161,000', ok('1161000')],
    ['△25', ok('-25')],
    ['▲25', ok('-25')],
    ['-25', ok('-25')],
    ['\u221225', ok('-25')],
    ['－25', ok('-25')],
    ['△25人', ok('-25', '人')],
    ['+13', ok('13')],
    ['＋13', ok('13')],
    ['39.2', ok('39.2')],
    ['39.20', ok('39.20')],
    ['50.0%', ok('50.0', '%')],
    ['39.2%', ok('39.2', '%')],
    ['46.5％', ok('46.5', '%')],
    ['56,677人', ok('56677', '人')],
    ['0 千円', ok('0', '千円')],
    ['600万人', ok('600', '万人')],
    ['(+13社)', ok('13', '社')],
    ['(△1.4pt)', ok('-1.4', 'pt')],
    ['（△１．４ｐｔ）', ok('-1.4', 'pt')],
    ['(△29万t -CO <sub>2</sub> )', ok('-29', '万t-CO2')],
    ['593万t -CO <sub>2</sub>', ok('593', '万t-CO2')],
    ['<u>25,000 千円</u>', ok('25000', '千円')],
    ['［ 5,650］', ok('5650')],
    ['  ３８社 ', ok('38', '社')],
    ['0PV', ok('0', 'PV')],
    ['△0', ok('0')],
    ['-0.0', ok('0.0')],
    ['007', ok('7')],
    ['0.5', ok('0.5')],
    ['200 万人泊', ok('200', '万人泊')],
    ['12件/年', ok('12', '件/年')],
  ])('%s', (text, expected) => {
    expect(parseNumber(text)).toEqual(expected);
  });
});

describe('parseNumber: bad input gets a message saying what to type', () => {
  it.each([
    ['', 'empty', '値が空です'],
    ['   ', 'empty', '値が空です'],
    ['abc', 'not_a_number', '数値として読めません'],
    ['未定', 'not_a_number', '数字で入力してください'],
    ['12 34', 'two_numbers', '数値が2つ以上'],
    ['12人 34', 'two_numbers', '数値が2つ以上'],
    ['1,23,4', 'separator', '3桁ごとに区切る'],
    ['1234,567', 'separator', '3桁ごとに区切る'],
    ['1,234,', 'separator', '3桁ごとに区切る'],
    ['1.2.3', 'decimal_point', '小数点は1つだけ'],
    ['.5', 'decimal_point', '小数点'],
    ['5.', 'decimal_point', '小数点'],
    ['1e5', 'exponent', '指数表記'],
    ['1.5E+10', 'exponent', '指数表記'],
    ['NaN', 'not_finite', '有限の数値ではありません'],
    ['Infinity', 'not_finite', '有限の数値ではありません'],
    ['-Infinity', 'not_finite', '有限の数値ではありません'],
    ['△-5', 'sign', '△を1つ'],
    ['-', 'sign', '符号'],
    ['25-', 'sign', '符号'],
    ['50％超', 'condition', '超'],
    ['40社以上を維持', 'condition', '以上'],
    ['(※)', 'marker', '(※) だけを入力'],
    ['1'.repeat(31), 'too_many_digits', '30桁'],
    ['0.12345678901', 'too_many_decimals', '10桁'],
  ])('%j → %s', (text, code, ja) => {
    const r = parseNumber(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(r.message.ja).toContain(ja);
    expect(r.message.en.length).toBeGreaterThan(10);
  });

  it('accepts the limits themselves', () => {
    expect(parseNumber('9'.repeat(30))).toEqual(ok('9'.repeat(30)));
    expect(parseNumber('0.1234567890')).toEqual(ok('0.1234567890'));
  });

  it('quotes the offending text in both languages', () => {
    const r = parseNumber('1,23,4');
    expect(r.ok || r.message.ja.includes('1,23,4')).toBe(true);
    expect(r.ok || r.message.en.includes('1,23,4')).toBe(true);
  });
});

describe('parseNumber agrees with every printed value of the fixtures', () => {
  type Printed = { printed: string; value: number | null; unit?: string | null };
  const collect = (file: string, valueKey = 'value'): Printed[] => {
    const out: Printed[] = [];
    const walk = (o: unknown): void => {
      if (Array.isArray(o)) o.forEach(walk);
      else if (o && typeof o === 'object') {
        const r = o as Record<string, unknown>;
        if (typeof r.printed === 'string' && valueKey in r) {
          out.push({
            printed: r.printed,
            value: r[valueKey] as number | null,
            unit: r.unit as string | null,
          });
        }
        Object.values(r).forEach(walk);
      }
    };
    walk(JSON.parse(readFileSync(new URL(`../../tests/fixtures/${file}`, import.meta.url), 'utf8')));
    return out;
  };
  const cases = [
    ...collect('progress-2023-sample.json'),
    ...collect('growth-strategy-2023.json'),
    ...collect('plan-revision.json'),
    ...collect('budgets-r4-sample.json', 'value_thousand_yen'),
  ].filter((c) => c.value !== null && !/超/.test(c.printed));

  it('covers the printed numbers (sanity)', () => {
    expect(cases.length).toBeGreaterThan(150);
  });

  it.each(cases)('$printed', ({ printed, value, unit }) => {
    const r = parseNumber(printed);
    if (!r.ok) throw new Error(r.message.en);
    expect(cmp(decimal(r.value), decimal(numberToDecimalString(value as number) ?? 'x'))).toBe(0);
    if (unit) expect(r.unit).toBe(unit);
  });
});

describe('formatNumber', () => {
  it.each([
    ['1161000', {}, '1,161,000'],
    ['-25', {}, '△25'],
    ['-1.4', {}, '△1.4'],
    ['13', { plusSign: true }, '+13'],
    ['0', { plusSign: true }, '0'],
    ['-0.04', { decimals: 1, plusSign: true }, '0.0'],
    ['481.5867', { decimals: 1 }, '481.6'],
    ['-2.25', { decimals: 1 }, '△2.3'],
    ['645', { decimals: 1, separators: false }, '645.0'],
    ['1408', { decimals: 1, separators: false }, '1408.0'],
    ['123456.789', {}, '123,456.789'],
    ['999', {}, '999'],
    ['-1000', {}, '△1,000'],
  ] as const)('%s %j → %s', (value, options, expected) => {
    expect(formatNumber(value, options)).toBe(expected);
  });

  it('takes a Decimal too', () => {
    expect(formatNumber({ units: -14n, scale: 1 })).toBe('△1.4');
  });

  it('formats quantities and year-over-year deltas as printed', () => {
    expect(formatQuantity('56677', '人')).toBe('56,677人');
    expect(formatQuantity('58566', null)).toBe('58,566');
    expect(formatDelta('13', '社')).toBe('(+13社)');
    expect(formatDelta('-1.4', '%', { decimals: 1 })).toBe('(△1.4pt)');
    expect(formatDelta('0.1', '%')).toBe('(+0.1pt)');
    expect(formatDelta('-29', '万t -CO <sub>2</sub>')).toBe('(△29万t-CO2)');
  });
});

describe('parseValueCell', () => {
  it.each([
    [null, { kind: 'empty' }],
    [undefined, { kind: 'empty' }],
    ['  ', { kind: 'empty' }],
    ['(※)', { kind: 'missing', marker: '(※)' }],
    ['(※2)', { kind: 'missing', marker: '(※2)' }],
    ['〔※〕', { kind: 'missing', marker: '〔※〕' }],
    ['[※]', { kind: 'missing', marker: '[※]' }],
    ['※', { kind: 'missing', marker: '※' }],
    [' （注１） ', { kind: 'missing', marker: '（注１）' }],
    ['1,161,000', { kind: 'number', value: '1161000', unit: null }],
    ['66社(※1)', { kind: 'number', value: '66', unit: '社', marker: '(※1)' }],
    [1161000, { kind: 'number', value: '1161000', unit: null }],
    [39.2, { kind: 'number', value: '39.2', unit: null }],
    [-1.4, { kind: 'number', value: '-1.4', unit: null }],
    [-0, { kind: 'number', value: '0', unit: null }],
    [0.1 + 0.2, { kind: 'number', value: '0.3', unit: null }],
    [1e21, { kind: 'number', value: '1000000000000000000000', unit: null }],
    [1.5e-7, { kind: 'number', value: '0.00000015', unit: null }],
  ])('%j', (input, expected) => {
    expect(parseValueCell(input)).toEqual(expected);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-11, 1e31])(
    'rejects the number %d with a message',
    (n) => {
      const cell = parseValueCell(n);
      expect(cell.kind).toBe('invalid');
      if (cell.kind === 'invalid') expect(cell.message.ja).toMatch(/数値|桁/);
    },
  );

  it('rejects text with a message', () => {
    const cell = parseValueCell('未集計');
    expect(cell.kind).toBe('invalid');
  });
});

describe('formatValueCell', () => {
  it.each([
    ['1161000', undefined, '1,161,000'],
    ['-25', null, '△25'],
    ['66', '(※1)', '66(※1)'],
    [null, '(※2)', '(※2)'],
    [null, undefined, ''],
  ] as const)('%j with marker %j → %j', (value, marker, printed) => {
    expect(formatValueCell(value, marker)).toBe(printed);
  });

  it('is read back by parseValueCell', () => {
    const marker = fc.option(fc.constantFrom('(※)', '(※1)', '〔※〕', '[※]', '（注１）', '※2'), {
      nil: undefined,
    });
    fc.assert(
      fc.property(decimalArb, marker, (value, m) => {
        expect(parseValueCell(formatValueCell(value, m))).toEqual({
          kind: 'number',
          value,
          unit: null,
          ...(m ? { marker: m } : {}),
        });
      }),
      { numRuns: 300 },
    );
    expect(parseValueCell(formatValueCell(null, '(※)'))).toEqual({ kind: 'missing', marker: '(※)' });
  });
});

// Random decimals within the DecimalString limits, as canonical strings.
const decimalArb = fc
  .tuple(
    fc.boolean(),
    fc.bigInt({ min: 0n, max: 10n ** 30n - 1n }),
    fc.option(fc.stringMatching(/^\d{1,10}$/), { nil: undefined }),
  )
  .map(([negative, int, frac]) => {
    const zero = int === 0n && (frac === undefined || /^0+$/.test(frac));
    return `${negative && !zero ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}`;
  });

const toFullWidth = (s: string): string =>
  s.replace(/[0-9A-Za-z,.%+\-()]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('parseNumber properties', () => {
  it('format → parse gives the value back, with and without separators and signs', () => {
    fc.assert(
      fc.property(decimalArb, fc.boolean(), fc.boolean(), (value, separators, plusSign) => {
        const printed = formatNumber(value, { separators, plusSign });
        expect(printed).not.toContain('-');
        expect(parseNumber(printed)).toEqual(ok(value));
        expect(
          formatNumber((parseNumber(printed) as { value: string }).value, { separators, plusSign }),
        ).toBe(printed);
      }),
      { numRuns: 500 },
    );
  });

  it('full-width variants parse to the same value as ASCII', () => {
    fc.assert(
      fc.property(decimalArb, fc.constantFrom('', '%', '人', 'pt', '千円'), (value, unit) => {
        const ascii = `${formatNumber(value, { plusSign: true })}${unit}`;
        expect(parseNumber(toFullWidth(ascii))).toEqual(parseNumber(ascii));
        expect(parseNumber(`(${toFullWidth(ascii)})`)).toEqual(parseNumber(ascii));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and always answers ok with a DecimalString or a ja/en message', () => {
    const check = (s: string) => {
      const r = parseNumber(s);
      if (r.ok) expect(r.value).toMatch(/^-?\d{1,30}(\.\d{1,10})?$/);
      else expect(r.message.ja.length * r.message.en.length).toBeGreaterThan(0);
    };
    fc.assert(fc.property(fc.string(), check), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), check), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), check), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'0123456789,.△-+ 人%()※e１，．') }), check), {
      numRuns: 2000,
    });
  });

  it('numberToDecimalString matches the shortest string of the double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (n) => {
        const s = numberToDecimalString(n);
        expect(s).not.toBeNull();
        expect(Number(s) === Number(n.toPrecision(15))).toBe(true);
      }),
    );
  });
});
