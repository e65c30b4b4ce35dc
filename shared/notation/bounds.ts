import type { Message } from '../problem.ts';
import { type DecimalString, type FormatNumberOptions, formatNumber, parseNumber } from './numbers.ts';
import { normalizeUnit } from './units.ts';
import { normalizeWidth } from './width.ts';

/**
 * Threshold targets as printed: `50％超` (strictly more), `40社以上を維持` (at least, every year),
 * `累計 3件以上` (a cumulative count of at least 3). Comparators match shared/schema's Comparator.
 */
export type BoundComparator = '>=' | '>' | '<=' | '<';

export interface Bound {
  value: DecimalString;
  unit: string | null;
  /** Null when the cell holds a plain number with no 以上/超/以下/未満. */
  comparator: BoundComparator | null;
  /** を維持: the bound must hold in every year. */
  maintain: boolean;
  /** 累計: the bound is on a running total. */
  cumulative: boolean;
}

export type ParseBoundResult = ({ ok: true } & Bound) | { ok: false; message: Message };

const COMPARATORS: Readonly<Record<string, BoundComparator>> = { 超: '>', 以上: '>=', 以下: '<=', 未満: '<' };
const WORDS: Readonly<Record<BoundComparator, string>> = {
  '>': '超',
  '>=': '以上',
  '<=': '以下',
  '<': '未満',
};

export function parseBound(text: string): ParseBoundResult {
  let t = normalizeWidth(String(text ?? ''))
    .replace(/\s+/g, ' ')
    .trim();
  const cumulative = t.startsWith('累計');
  if (cumulative) t = t.slice(2).trim();
  const m = /(超|以上|以下|未満)\s*(を維持)?$/.exec(t);
  if (m) t = t.slice(0, m.index).trim();
  else if (t.endsWith('を維持')) {
    return {
      ok: false,
      message: {
        ja: `「${String(text).trim()}」の条件が読めません。「40社以上を維持」のように、数値の後に「以上」「超」などを付けてください。`,
        en: `Cannot read the condition in "${String(text).trim()}". Write the number followed by 以上 (at least) or 超 (more than), e.g. 40社以上を維持.`,
      },
    };
  }
  const r = parseNumber(t);
  if (!r.ok) return { ok: false, message: r.message };
  const comparator = m ? (COMPARATORS[m[1] ?? ''] ?? null) : null;
  return { ok: true, value: r.value, unit: r.unit, comparator, maintain: Boolean(m?.[2]), cumulative };
}

/** `累計3件以上`, `50%超`, `40社以上を維持`. */
export function formatBound(bound: Bound, options: FormatNumberOptions = {}): string {
  const number = `${formatNumber(bound.value, options)}${bound.unit ? normalizeUnit(bound.unit) : ''}`;
  const condition = bound.comparator ? WORDS[bound.comparator] : '';
  return `${bound.cumulative ? '累計' : ''}${number}${condition}${bound.maintain ? 'を維持' : ''}`;
}
