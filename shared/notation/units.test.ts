import { describe, expect, it } from 'vitest';
import { deltaUnit, isPercentUnit, normalizeUnit, splitUnitScale } from './units.ts';

describe('units', () => {
  it.each([
    ['％', '%'],
    ['%', '%'],
    ['万t -CO <sub>2</sub>', '万t-CO2'],
    ['万t -CO <sub>2</sub> ', '万t-CO2'],
    ['ＰＶ', 'PV'],
    [' 千円 ', '千円'],
    ['件／年', '件/年'],
    ['人泊', '人泊'],
    ['ｔ－ＣＯ２', 't-CO2'],
  ])('normalizeUnit(%j) → %s', (printed, unit) => {
    expect(normalizeUnit(printed)).toBe(unit);
  });

  it.each([
    ['千円', '千', '1000', '円'],
    ['百万円', '百万', '1000000', '円'],
    ['億円', '億', '100000000', '円'],
    ['万人', '万', '10000', '人'],
    ['万t-CO2', '万', '10000', 't-CO2'],
    ['万t -CO <sub>2</sub>', '万', '10000', 't-CO2'],
    ['千万円', '千万', '10000000', '円'],
    ['円', '', '1', '円'],
    ['PV', '', '1', 'PV'],
    ['人/年', '', '1', '人/年'],
    ['%', '', '1', '%'],
  ])('splitUnitScale(%s) → %s × %s', (unit, scale, multiplier, base) => {
    expect(splitUnitScale(unit)).toEqual({ scale, multiplier, base });
  });

  it('knows percent units and the unit of their changes', () => {
    expect(isPercentUnit('%')).toBe(true);
    expect(isPercentUnit('％')).toBe(true);
    expect(isPercentUnit('pt')).toBe(false);
    expect(isPercentUnit('人')).toBe(false);
    expect(isPercentUnit(null)).toBe(false);
    expect(deltaUnit('％')).toBe('pt');
    expect(deltaUnit('万人')).toBe('万人');
    expect(deltaUnit('万t -CO <sub>2</sub>')).toBe('万t-CO2');
  });
});
