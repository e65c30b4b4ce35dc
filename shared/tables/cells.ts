/** Small constructors shared by the table builders, so every table styles a role the same way. */
import { formatBound, formatNumber, formatQuantity, markerKey, normalizeUnit } from '../notation/index.ts';
import type { Footnote, Indicator, Target } from '../schema/index.ts';
import type { CellRef, TableCell, TableFootnote } from './types.ts';

type Extra = Partial<Omit<TableCell, 'text' | 'role'>>;

export const title = (text: string, extra: Extra = {}): TableCell => ({
  text,
  role: 'title',
  align: 'center',
  ...extra,
});
export const header = (text: string, extra: Extra = {}): TableCell => ({
  text,
  role: 'header',
  align: 'center',
  ...extra,
});
export const label = (text: string, extra: Extra = {}): TableCell => ({
  text,
  role: 'label',
  align: 'left',
  ...extra,
});
export const textCell = (text: string, extra: Extra = {}): TableCell => ({
  text,
  role: 'text',
  align: 'left',
  wrap: true,
  ...extra,
});
export const note = (text: string, extra: Extra = {}): TableCell => ({
  text,
  role: 'note',
  align: 'left',
  ...extra,
});

/** A figure: right-aligned; `number` carries the DecimalString for spreadsheet renderers. */
export function valueCell(
  text: string,
  number: string | null,
  ref: CellRef | undefined,
  extra: Extra = {},
): TableCell {
  return {
    text,
    role: 'value',
    align: 'right',
    ...(number !== null ? { number } : {}),
    ...(ref ? { ref } : {}),
    ...extra,
  };
}

/** Excel number format for a figure printed with separators and `decimals` decimals. */
export function numberFormatFor(value: string, unit = ''): string {
  const decimals = value.split('.')[1]?.length ?? 0;
  const body = decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
  // Excel's own minus is '-'; the printed tables use △ (docs/domain.md §3.2).
  const quoted = unit === '' ? '' : `"${unit.replace(/"/g, '')}"`;
  return `${body}${quoted};"△"${body}${quoted}`;
}

const CIRCLED_1_20 = 0x2460;
const CIRCLED_21_35 = 0x3251;
const CIRCLED_36_50 = 0x32b1;

/** ① … ㊿ for the indicator numbers of the printed tables; plain digits beyond 50. */
export function circledNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1) return String(n);
  if (n <= 20) return String.fromCodePoint(CIRCLED_1_20 + n - 1);
  if (n <= 35) return String.fromCodePoint(CIRCLED_21_35 + n - 21);
  if (n <= 50) return String.fromCodePoint(CIRCLED_36_50 + n - 36);
  return String(n);
}

/**
 * Footnotes of one block, in first-seen order, each once (two markers with the same key and the same
 * text are one footnote). Under the table a footnote prints with its marker exactly as the plan holds
 * it: `noteMarker` when the plan prints another marker there than beside the value (`※` under a
 * `(※)`), else the marker itself (`(※1)` stays `(※1)`).
 */
export class FootnoteList {
  readonly items: TableFootnote[] = [];
  readonly #seen = new Set<string>();

  add(marker: string, text: string, noteMarker?: string): void {
    const key = markerKey(marker) ?? marker.trim();
    const id = `${key}\u0000${text}`;
    if (text.trim() === '' || this.#seen.has(id)) return;
    this.#seen.add(id);
    this.items.push({ marker: noteMarker ?? marker, text });
  }

  addAll(footnotes: readonly Footnote[] | undefined): void {
    for (const f of footnotes ?? []) this.add(f.marker, f.text, f.noteMarker);
  }
}

/** The markers of a row's own footnotes, appended to its name as printed: `…の割合〔※〕`. */
export function withMarkers(name: string, footnotes: readonly Footnote[] | undefined): string {
  return `${name}${(footnotes ?? []).map((f) => f.marker).join('')}`;
}

/**
 * The markers printed beside a value: its own marker, then those of its footnotes, each once
 * (`144,476(※1)`). '' when there is none.
 */
export function valueMarkers(marker: string | undefined, footnotes: readonly Footnote[] | undefined): string {
  const all = [marker, ...(footnotes ?? []).map((f) => f.marker)].filter(
    (m): m is string => m !== undefined && m !== '',
  );
  return [...new Set(all)].join('');
}

/**
 * A target as printed: a threshold's bound with its comparator and unit wherever it prints
 * (`50%超`, `40社以上を維持`, `累計3件以上`, docs/domain.md §5.7); any other target as the table prints
 * figures (`withUnit`: `50社`, else bare `30,000`).
 */
export function targetText(ind: Indicator, value: string, withUnit: boolean): string {
  if (ind.kind !== 'threshold') return withUnit ? formatQuantity(value, ind.unit) : formatNumber(value);
  const maintain = ind.threshold?.maintain ?? false;
  return formatBound({
    value,
    unit: ind.unit,
    comparator: ind.threshold?.comparator ?? (ind.direction === 'lower_is_better' ? '<=' : '>='),
    maintain,
    // A bound on the running total of a window: `累計3件以上` (docs/domain.md §4.5).
    cumulative: ind.window !== undefined && !maintain,
  });
}

/**
 * A target's cell as printed: {@link targetText} followed by the target's marker (`30,000(※4)`,
 * `50%超(※1)`), whose note is printed under the block with the project's (or goal's) notes.
 */
export function targetCellText(ind: Indicator, target: Target, withUnit: boolean): string {
  return `${targetText(ind, target.value, withUnit)}${target.marker ?? ''}`;
}

/**
 * A baseline as printed: the figure with its unit and marker (`56,677人`, `7社(※1)`), or, when
 * the value is unknown, its marker and unit (`(※1)億円`); '' when there is neither.
 */
export function baselineText(ind: Indicator): string {
  const b = ind.baseline;
  if (!b) return '';
  if (b.value === null) return b.marker ? `${b.marker}${normalizeUnit(ind.unit)}` : '';
  return `${formatQuantity(b.value, ind.unit)}${b.marker ?? ''}`;
}
