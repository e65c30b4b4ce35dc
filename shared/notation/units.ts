import type { DecimalString } from './numbers.ts';
import { normalizeWidth } from './width.ts';

/**
 * Units as printed carry a scale prefix (万人, 千円, 百万円): the prefix is part of the unit, so
 * values are never added or compared across indicators. These helpers only name the parts.
 */
export type UnitScale = '' | '十' | '百' | '千' | '万' | '百万' | '千万' | '億';

export interface UnitScaleSplit {
  scale: UnitScale;
  /** What one unit of `scale` is worth, e.g. '10000' for 万. */
  multiplier: DecimalString;
  base: string;
}

// Longest prefix first so 百万円 is 百万 + 円, not 百 + 万円.
const SCALES: readonly (readonly [UnitScale, DecimalString])[] = [
  ['百万', '1000000'],
  ['千万', '10000000'],
  ['億', '100000000'],
  ['万', '10000'],
  ['千', '1000'],
  ['百', '100'],
  ['十', '10'],
];

/** `％`→`%`, `万t -CO <sub>2</sub>`→`万t-CO2`, full-width → ASCII, no spaces. */
export function normalizeUnit(printed: string): string {
  return normalizeWidth(printed.replace(/<\/?[a-zA-Z][^<>]*>/g, '')).replace(/\s+/g, '');
}

export function splitUnitScale(unit: string): UnitScaleSplit {
  const normalized = normalizeUnit(unit);
  for (const [scale, multiplier] of SCALES) {
    if (normalized.startsWith(scale)) return { scale, multiplier, base: normalized.slice(scale.length) };
  }
  return { scale: '', multiplier: '1', base: normalized };
}

const PERCENT_UNITS = new Set(['%', 'パーセント']);

export function isPercentUnit(unit: string | null | undefined): boolean {
  return unit != null && PERCENT_UNITS.has(normalizeUnit(unit));
}

/** The unit a change is printed in: rates change by percentage points (`△1.4pt`). */
export function deltaUnit(unit: string): string {
  return isPercentUnit(unit) ? 'pt' : normalizeUnit(unit);
}
