import { describe, expect, it } from 'vitest';
import { toPlainString } from '../decimal.ts';
import { actualsByYear, actualsIndex } from './actuals.ts';
import { cumulativeTarget, cumulativeToDate, targetFor } from './cumulative.ts';
import { actuals, indicator } from './test-support.ts';

const plain = (d: { units: bigint; scale: number } | null) => (d === null ? null : toPlainString(d));

describe('targetFor', () => {
  const goal = indicator({ kind: 'level', targets: { 2021: '10', 2023: '30', 2030: '90' } });

  it('takes the year, else the next target, else the last one', () => {
    expect(targetFor(goal, 2021)?.value).toBe('10');
    expect(targetFor(goal, 2022)?.value).toBe('30');
    expect(targetFor(goal, 2024)?.value).toBe('90');
    expect(targetFor(goal, 2031)?.value).toBe('90');
    expect(targetFor(goal, 2019)?.value).toBe('10');
  });

  it('an increment KPI has only the target of its own year', () => {
    const kpi = indicator({ kind: 'increment', targets: { 2023: '5' } });
    expect(targetFor(kpi, 2023)?.value).toBe('5');
    expect(targetFor(kpi, 2024)).toBeNull();
    expect(targetFor(indicator({ kind: 'level' }), 2023)).toBeNull();
  });
});

describe('cumulativeTarget', () => {
  it('sums the yearly target increments from the first year up to the year', () => {
    const kpi = indicator({ kind: 'increment', targets: { 2023: '58566', 2024: '60000', 2025: '61434' } });
    expect(plain(cumulativeTarget(kpi, 2023))).toBe('58566');
    expect(plain(cumulativeTarget(kpi, 2025))).toBe('180000');
    expect(cumulativeTarget(kpi, 2026)).toBeNull();
  });

  it("is the window's target for a cumulative KPI", () => {
    const kpi = indicator({
      kind: 'cumulative',
      window: { startFy: 2019, endFy: 2023 },
      targets: { 2023: '50' },
    });
    expect(plain(cumulativeTarget(kpi, 2021))).toBe('50');
  });
});

describe('cumulativeToDate', () => {
  const kpi = indicator({
    kind: 'cumulative',
    window: { startFy: 2019, endFy: 2023 },
    targets: { 2023: '50' },
  });

  it('adds the yearly amounts after the latest running total', () => {
    const byYear = actuals({ 2019: '4', 2020: { value: '20', basis: 'to_date' }, 2021: '7.5', 2022: '8' });
    expect(plain(cumulativeToDate(kpi, byYear, 2022))).toBe('35.5');
    expect(plain(cumulativeToDate(kpi, byYear, 2020))).toBe('20');
    expect(plain(cumulativeToDate(kpi, byYear, 2019))).toBe('4');
    expect(cumulativeToDate(kpi, byYear, 2018)).toBeNull();
  });

  it('sums the increments of an increment KPI since the first report; level KPIs have none', () => {
    const inc = indicator({ kind: 'increment', targets: { 2023: '1' } });
    expect(plain(cumulativeToDate(inc, actuals({ 2021: '3', 2022: '4', 2023: '5' }), 2023))).toBe('12');
    expect(cumulativeToDate(indicator({ kind: 'level' }), actuals({ 2023: '5' }), 2023)).toBeNull();
  });
});

describe('actuals per indicator and year', () => {
  const cycles = [2022, 2023].map((fiscalYear) => ({
    fiscalYear,
    locked: false,
    activities: [],
    submissions: [],
    actuals: [
      { indicatorId: 'a', value: String(fiscalYear - 2000), basis: 'year' as const, footnotes: [] },
      { indicatorId: 'b', value: null, missingReason: '未公表', basis: 'year' as const, footnotes: [] },
    ],
  }));

  it('keys each indicator’s actuals by the fiscal year of the cycle', () => {
    expect(actualsByYear(cycles, 'a').get(2023)?.value).toBe('23');
    expect([...actualsByYear(cycles, 'b').keys()]).toEqual([2022, 2023]);
    expect(actualsIndex(cycles).get('a')?.get(2022)?.value).toBe('22');
    expect(actualsIndex(cycles).get('c')).toBeUndefined();
  });
});
