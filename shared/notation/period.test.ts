import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eraInForce, FALLBACK_ERAS, findEra, knownEras } from './era.ts';
import {
  fiscalYearLabel,
  formatPeriod,
  type Period,
  type PeriodStyle,
  parseDateLabel,
  parsePeriod,
  periodYears,
  singleYearPeriod,
  toPeriodRange,
} from './period.ts';

const fy = (startYear: number, endYear = startYear, extra: Partial<Period> = {}): Partial<Period> => ({
  startYear,
  endYear,
  calendar: 'fiscal',
  aggregate: 'none',
  point: 'none',
  asOf: false,
  preliminary: false,
  ...extra,
});

describe('parsePeriod: printed labels', () => {
  it.each([
    ['R5年度', fy(2023, 2023, { style: 'era-short' }), 'R5年度'],
    ['令和5年度', fy(2023, 2023, { style: 'era-long' }), '令和5年度'],
    ['令和５年度', fy(2023, 2023, { style: 'era-long' }), '令和5年度'],
    ['Ｒ５', fy(2023, 2023, { style: 'era-short' }), 'R5年度'],
    ['R5', fy(2023), 'R5年度'],
    ['H29年度', fy(2017), 'H29年度'],
    ['H25年度', fy(2013), 'H25年度'],
    ['R12年度', fy(2030), 'R12年度'],
    ['平成31年度', fy(2019), '令和1年度'],
    ['令和元年度', fy(2019), '令和1年度'],
    ['H31', fy(2019), 'R1年度'],
    ['R1', fy(2019), 'R1年度'],
    ['R1年度', fy(2019), 'R1年度'],
    ['H32', fy(2020), 'R2年度'],
    ['H32 年度', fy(2020), 'R2年度'],
    ['H30 年度', fy(2018), 'H30年度'],
    ['2020FY', fy(2020, 2020, { style: 'western' }), '2020年度'],
    ['FY2021', fy(2021, 2021, { style: 'western' }), '2021年度'],
    ['2020 年度', fy(2020, 2020, { style: 'western' }), '2020年度'],
    ['（2021年度）', fy(2021, 2021, { style: 'western' }), '2021年度'],
    ['2019年度～2023年度', fy(2019, 2023, { style: 'western' }), '2019～2023年度'],
    ['2019年度～2023年度（５年間）', fy(2019, 2023), '2019～2023年度'],
    ['2020～2022 年度', fy(2020, 2022), '2020～2022年度'],
    ['令和5～7年度', fy(2023, 2025, { style: 'era-long' }), '令和5～7年度'],
    ['令和3年度から5年度', fy(2021, 2023), '令和3～5年度'],
    ['R1～5年(累計)', fy(2019, 2023, { calendar: 'calendar', aggregate: 'cumulative' }), 'R1～5年(累計)'],
    ['R3～5年(累計)', fy(2021, 2023, { calendar: 'calendar', aggregate: 'cumulative' }), 'R3～5年(累計)'],
    ['H27～R1年度(年平均)', fy(2015, 2019, { aggregate: 'average' }), 'H27～R1年度(年平均)'],
    ['R5年度当初', fy(2023, 2023, { point: 'start' }), 'R5年度当初'],
    ['R2年度当初', fy(2020, 2020, { point: 'start' }), 'R2年度当初'],
    ['R4年度(速報値)', fy(2022, 2022, { preliminary: true }), 'R4年度(速報値)'],
    ['R4年度（速報値）', fy(2022, 2022, { preliminary: true }), 'R4年度(速報値)'],
    ['R5年', fy(2023, 2023, { calendar: 'calendar' }), 'R5年'],
    ['令和３年度時点', fy(2021, 2021, { asOf: true }), '令和3年度時点'],
    ['令和5年度末時点', fy(2023, 2023, { point: 'end', asOf: true }), '令和5年度末時点'],
    ['2022年度末', fy(2022, 2022, { point: 'end' }), '2022年度末'],
    ['S63年度', fy(1988), 'S63年度'],
  ])('%s', (label, expected, official) => {
    const p = parsePeriod(label);
    expect(p).toMatchObject(expected);
    expect(p && formatPeriod(p)).toBe(official);
  });

  it.each([
    '',
    '2020',
    '年度',
    'R5～3年度',
    '2023年度～2019年度',
    '2019年度～2023年度（4年間）',
    'R5年度(累計)(年平均)',
    'R5年度(見込み)',
    'X5年度',
    'R0年度',
    '5年度',
    '令和5年～7年度',
    'R1～5～7年',
    'H30 年度 増加分',
    '事業開始前 (現時点)',
  ])('%j is not a period', (label) => {
    expect(parsePeriod(label)).toBeNull();
  });
});

describe('every period label of the fixtures', () => {
  const labels = (file: string, keys: string[]): string[] => {
    const out = new Set<string>();
    const walk = (o: unknown): void => {
      if (Array.isArray(o)) o.forEach(walk);
      else if (o && typeof o === 'object') {
        for (const [k, v] of Object.entries(o)) {
          if (keys.includes(k) && typeof v === 'string') out.add(v);
          walk(v);
        }
      }
    };
    walk(JSON.parse(readFileSync(new URL(`../../tests/fixtures/${file}`, import.meta.url), 'utf8')));
    return [...out];
  };
  const official = labels('progress-2023-sample.json', ['period_label']);
  const others = [
    ...labels('growth-strategy-2023.json', ['period_label_printed', 'plan_period_printed']),
    ...labels('progress-2023-sample.json', ['as_of_printed']),
  ];

  it('finds the labels (sanity)', () => {
    expect(official.length).toBeGreaterThanOrEqual(12);
    expect(others.length).toBeGreaterThanOrEqual(4);
  });

  it.each(official)('%s parses and formats back to the letter', (label) => {
    const p = parsePeriod(label);
    expect(p).not.toBeNull();
    expect(p && formatPeriod(p)).toBe(label);
  });

  it.each(others)('%s parses', (label) => {
    expect(parsePeriod(label)).not.toBeNull();
  });
});

describe('formatting uses the era in force (Intl)', () => {
  it('writes FY2019 as R1 and FY2018 as H30', () => {
    expect(fiscalYearLabel(2019, 'era-short')).toBe('R1年度');
    expect(fiscalYearLabel(2019, 'era-long')).toBe('令和1年度');
    expect(fiscalYearLabel(2018, 'era-short')).toBe('H30年度');
    expect(fiscalYearLabel(2023, 'era-short')).toBe('R5年度');
    expect(fiscalYearLabel(2023, 'era-long')).toBe('令和5年度');
    // 平成 began on 8 January 1989, inside FY1988, which is still written 昭和63年度.
    expect(fiscalYearLabel(1988, 'era-long')).toBe('昭和63年度');
    expect(fiscalYearLabel(1989, 'era-long')).toBe('平成1年度');
  });

  it('agrees with Intl for every year 1989-2100', () => {
    const intl = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
      era: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    for (let y = 1989; y <= 2100; y++) {
      const printed = intl.format(new Date(Date.UTC(y, 11, 31))).replace('元', '1');
      expect(`${fiscalYearLabel(y, 'era-long').replace('年度', '')}年`).toBe(printed);
    }
  });

  it('derives the era table from Intl, and the fallback agrees with it', () => {
    const eras = knownEras();
    expect(eras.map((e) => e.letter).join('')).toBe('MTSHR');
    for (const f of FALLBACK_ERAS) expect(eras).toContainEqual(f);
    expect(findEra('Ｒ')).toEqual(findEra('令和'));
    expect(findEra('h')?.offset).toBe(1988);
    expect(eraInForce(2019)).toEqual({ era: findEra('R'), year: 1 });
  });
});

describe('parseDateLabel', () => {
  it.each([
    ['平成33年3月31日', '2021-03-31'],
    ['平成 33 年 3 月 31 日', '2021-03-31'],
    ['平成30年3月30日', '2018-03-30'],
    ['令和元年5月1日', '2019-05-01'],
    ['R3.3.31', '2021-03-31'],
    ['Ｈ３０．４．１', '2018-04-01'],
    ['2021年3月31日', '2021-03-31'],
    ['2021/3/31', '2021-03-31'],
    ['2024-02-29', '2024-02-29'],
  ])('%s → %s', (label, iso) => {
    expect(parseDateLabel(label)).toBe(iso);
  });

  it.each(['2023-02-29', '令和5年13月1日', 'R5.4.31', '21/3/31', 'X3.3.31', '令和5年度', ''])(
    '%j → null',
    (label) => {
      expect(parseDateLabel(label)).toBeNull();
    },
  );
});

describe('period helpers', () => {
  it('lists the years of a window and maps to PeriodRange', () => {
    const p = parsePeriod('R1～5年(累計)');
    expect(p && periodYears(p)).toEqual([2019, 2020, 2021, 2022, 2023]);
    expect(p && toPeriodRange(p)).toEqual({ startFy: 2019, endFy: 2023 });
    expect(periodYears(singleYearPeriod(2023))).toEqual([2023]);
  });
});

const styleArb = fc.constantFrom<PeriodStyle>('era-short', 'era-long', 'western');
const periodArb: fc.Arbitrary<Period> = fc
  .record({
    startYear: fc.integer({ min: 1927, max: 2100 }),
    length: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 })),
    calendar: fc.constantFrom<Period['calendar']>('fiscal', 'calendar'),
    aggregate: fc.constantFrom<Period['aggregate']>('none', 'cumulative', 'average'),
    point: fc.constantFrom<Period['point']>('none', 'start', 'end'),
    asOf: fc.boolean(),
    preliminary: fc.boolean(),
    style: styleArb,
  })
  .map(({ length, ...p }) => ({ ...p, endYear: p.startYear + length }));

const toFullWidth = (s: string): string =>
  s.replace(/[0-9A-Za-z()]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('period properties', () => {
  it('format → parse gives the same period back, in every style', () => {
    fc.assert(
      fc.property(periodArb, styleArb, (p, style) => {
        const label = formatPeriod(p, style);
        expect(parsePeriod(label)).toEqual({ ...p, style });
        expect(formatPeriod(parsePeriod(label) as Period)).toBe(label);
      }),
      { numRuns: 1000 },
    );
  });

  it('full-width and spaced variants parse to the same period', () => {
    fc.assert(
      fc.property(periodArb, (p) => {
        const label = formatPeriod(p);
        expect(parsePeriod(toFullWidth(label))).toEqual(p);
        expect(parsePeriod(` ${label.replace(/年/, ' 年')} `)).toEqual(p);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        parsePeriod(s);
        parseDateLabel(s);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'RH令和元年度0123456789～()累計当初末時点') }),
        (s) => {
          const p = parsePeriod(s);
          if (p) expect(parsePeriod(formatPeriod(p))).toEqual(p);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
