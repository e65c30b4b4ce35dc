import { type Decimal, parseDecimal, round, sign, toPlainString } from '../decimal.ts';
import type { Message } from '../problem.ts';
import { isFootnoteMarker, splitTrailingMarker } from './footnotes.ts';
import { deltaUnit, normalizeUnit } from './units.ts';
import { normalizeWidth } from './width.ts';

export { normalizeWidth } from './width.ts';

/** A decimal as text: ASCII digits, '-' for minus, decimals as entered ('39.2', '-1.4', '1161000'). */
export type DecimalString = string;

export type NumberErrorCode =
  | 'empty'
  | 'not_a_number'
  | 'not_finite'
  | 'two_numbers'
  | 'separator'
  | 'decimal_point'
  | 'exponent'
  | 'sign'
  | 'condition'
  | 'marker'
  | 'too_many_digits'
  | 'too_many_decimals';

export type ParseNumberResult =
  | { ok: true; value: DecimalString; unit: string | null }
  | { ok: false; code: NumberErrorCode; message: Message };

export const MAX_INTEGER_DIGITS = 30;
export const MAX_DECIMALS = 10;

const EXAMPLES_JA = '例: 1,234、△25、39.2%';
const EXAMPLES_EN = 'e.g. 1,234, △25, 39.2%';

function messageFor(code: NumberErrorCode, shown: string): Message {
  const q = shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
  switch (code) {
    case 'empty':
      return {
        ja: `値が空です。数値を入力してください（${EXAMPLES_JA}）。`,
        en: `The value is empty. Enter a number (${EXAMPLES_EN}).`,
      };
    case 'not_a_number':
      return {
        ja: `「${q}」は数値として読めません。数字で入力してください（${EXAMPLES_JA}）。`,
        en: `"${q}" is not a number. Type digits (${EXAMPLES_EN}).`,
      };
    case 'not_finite':
      return {
        ja: `「${q}」は有限の数値ではありません。数字で入力してください（${EXAMPLES_JA}）。`,
        en: `"${q}" is not a finite number. Type digits (${EXAMPLES_EN}).`,
      };
    case 'two_numbers':
      return {
        ja: `「${q}」には数値が2つ以上あります。1つのセルには数値を1つだけ入力してください。`,
        en: `"${q}" contains more than one number. Enter exactly one number per cell.`,
      };
    case 'separator':
      return {
        ja: `「${q}」の桁区切りのカンマの位置が正しくありません。3桁ごとに区切るか、カンマなしで入力してください（例: 1,234,567 または 1234567）。`,
        en: `"${q}" has misplaced thousands separators. Group digits by three or leave the commas out (e.g. 1,234,567 or 1234567).`,
      };
    case 'decimal_point':
      return {
        ja: `「${q}」の小数点の位置が正しくありません。小数点は1つだけ、前後に数字を付けて入力してください（例: 39.2、0.5）。`,
        en: `"${q}" has a misplaced decimal point. Use one point with digits on both sides (e.g. 39.2, 0.5).`,
      };
    case 'exponent':
      return {
        ja: `「${q}」は指数表記です。指数表記は使えません。すべての桁を数字で入力してください（例: 100000）。`,
        en: `"${q}" is in exponent notation, which is not accepted. Write all the digits (e.g. 100000).`,
      };
    case 'sign':
      return {
        ja: `「${q}」の符号が正しくありません。マイナスは数値の前に△を1つ付けてください（例: △25）。`,
        en: `"${q}" has a misplaced sign. Put one minus sign (△) before the number (e.g. △25).`,
      };
    case 'condition':
      return {
        ja: `「${q}」には「超」「以上」などの条件が含まれています。この欄には数値だけを入力してください。`,
        en: `"${q}" contains a condition such as 超 (more than) or 以上 (at least). Enter only the number here.`,
      };
    case 'marker':
      return {
        ja: `「${q}」には脚注記号（※）が含まれています。値が未確定の場合は (※) だけを入力し、理由を脚注に書いてください。`,
        en: `"${q}" contains a footnote marker (※). If the value is not available, enter only (※) and give the reason in the footnote.`,
      };
    case 'too_many_digits':
      return {
        ja: `「${q}」は桁数が多すぎます。整数部は${MAX_INTEGER_DIGITS}桁までにしてください。`,
        en: `"${q}" has too many digits. Use at most ${MAX_INTEGER_DIGITS} digits before the decimal point.`,
      };
    case 'too_many_decimals':
      return {
        ja: `「${q}」は小数点以下の桁数が多すぎます。小数点以下は${MAX_DECIMALS}桁までにしてください。`,
        en: `"${q}" has too many decimals. Use at most ${MAX_DECIMALS} digits after the decimal point.`,
      };
  }
}

const fail = (code: NumberErrorCode, shown: string): ParseNumberResult => ({
  ok: false,
  code,
  message: messageFor(code, shown),
});

// △ (U+25B3) is the official minus; ▲, U+2212 and the hyphens are what people type.
const NEGATIVE_SIGNS = '-−△▲‐‑﹣';
const SIGN_CHARS = `+${NEGATIVE_SIGNS}`;
const CONDITION_RE = /超|以上|以下|未満|を維持|まで/;
const NON_FINITE_RE = /^[+-]?(?:nan|inf|infinity|∞)$/i;

/** Enclosing () or [] as in `(+13社)`, `(△1.4pt)`, `［1,005,380］`. */
function stripEnclosing(t: string): string {
  const first = t.charAt(0);
  const last = t.charAt(t.length - 1);
  if ((first === '(' && last === ')') || (first === '[' && last === ']')) return t.slice(1, -1).trim();
  return t;
}

export function parseNumber(text: string): ParseNumberResult {
  // Markup from HTML-derived imports (<u>25,000 千円</u>) is never part of a number.
  const shown = String(text ?? '')
    .replace(/<\/?[a-zA-Z][^<>]*>/g, '')
    .trim();
  const t = stripEnclosing(normalizeWidth(shown).replace(/\s+/g, ' ').trim());
  if (t === '') return fail('empty', shown);
  if (NON_FINITE_RE.test(t)) return fail('not_finite', shown);

  let rest = t;
  let negative = false;
  const first = rest.charAt(0);
  if (SIGN_CHARS.includes(first)) {
    negative = NEGATIVE_SIGNS.includes(first);
    rest = rest.slice(1).trimStart();
    if (rest === '' || SIGN_CHARS.includes(rest.charAt(0))) return fail('sign', shown);
  }

  const run = /^[\d.,]+/.exec(rest)?.[0];
  if (run === undefined || !/\d/.test(run)) {
    if (rest.includes('※')) return fail('marker', shown);
    return fail(rest === '' ? 'sign' : 'not_a_number', shown);
  }

  const parts = run.split('.');
  if (parts.length > 2) return fail('decimal_point', shown);
  const intPart = parts[0] ?? '';
  const frac = parts[1];
  if (intPart === '' || frac === '')
    return fail(intPart.endsWith(',') ? 'separator' : 'decimal_point', shown);
  if (frac?.includes(',')) return fail('separator', shown);
  if (intPart.includes(',') && !/^\d{1,3}(?:,\d{3})+$/.test(intPart)) return fail('separator', shown);

  const unitText = rest.slice(run.length).trim();
  if (/^e[+-]?\d/i.test(unitText)) return fail('exponent', shown);
  if (/^\d/.test(unitText)) return fail('two_numbers', shown);
  const unit = normalizeUnit(unitText);
  // A digit in a unit is only legitimate inside a formula such as t-CO2.
  if (/(?:^|[^A-Za-z])\d/.test(unit)) return fail('two_numbers', shown);
  if (unit !== '' && SIGN_CHARS.includes(unit.charAt(0))) return fail('sign', shown);
  if (unit.includes('※')) return fail('marker', shown);
  if (CONDITION_RE.test(unit)) return fail('condition', shown);

  const digits = intPart.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_INTEGER_DIGITS) return fail('too_many_digits', shown);
  if (frac !== undefined && frac.length > MAX_DECIMALS) return fail('too_many_decimals', shown);

  const isZero = /^0*$/.test(digits + (frac ?? ''));
  const value = `${negative && !isZero ? '-' : ''}${digits}${frac === undefined ? '' : `.${frac}`}`;
  return { ok: true, value, unit: unit === '' ? null : unit };
}

export interface FormatNumberOptions {
  /** Thousands separators (default true): `1,161,000`. */
  separators?: boolean;
  /** `+13` for positive values (zero is never signed). */
  plusSign?: boolean;
  /** Fixed number of decimals, rounded half up. */
  decimals?: number;
}

function toDecimal(value: DecimalString | Decimal): Decimal {
  if (typeof value !== 'string') return value;
  const d = parseDecimal(value);
  // Values reaching here come from parseNumber or calc; anything else is a programming error.
  if (!d) throw new RangeError(`formatNumber: not a DecimalString: ${value}`);
  return d;
}

/** Official form: `1,161,000`, `△25`, `△1.4`, `+13`; never '-'. */
export function formatNumber(value: DecimalString | Decimal, options: FormatNumberOptions = {}): string {
  let d = toDecimal(value);
  if (options.decimals !== undefined) d = round(d, options.decimals);
  const s = sign(d);
  const plain = toPlainString(s < 0 ? { units: -d.units, scale: d.scale } : d);
  const [intPart = '0', frac] = plain.split('.');
  const grouped = options.separators === false ? intPart : intPart.replace(/\B(?=(\d{3})+$)/g, ',');
  const prefix = s < 0 ? '△' : s > 0 && options.plusSign ? '+' : '';
  return `${prefix}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

/** A value with its unit as printed in a 当初値 cell: `56,677人`, `39.2%`. */
export function formatQuantity(
  value: DecimalString | Decimal,
  unit: string | null,
  options: FormatNumberOptions = {},
): string {
  return `${formatNumber(value, options)}${unit ? normalizeUnit(unit) : ''}`;
}

/** A change from the previous year as printed: `(+13社)`, `(△1.4pt)` (rates change in points). */
export function formatDelta(
  value: DecimalString | Decimal,
  unit: string | null,
  options: Omit<FormatNumberOptions, 'plusSign'> = {},
): string {
  return `(${formatNumber(value, { ...options, plusSign: true })}${unit ? deltaUnit(unit) : ''})`;
}

/**
 * A value cell as printed in the project table and typed on the sheet: the figure in official form
 * followed by its footnote marker (`144,476`, `66(※1)`), or the marker alone when the value is
 * missing. The inverse of {@link parseValueCell}.
 */
export function formatValueCell(value: DecimalString | null, marker?: string | null): string {
  return value === null ? (marker ?? '') : `${formatNumber(value)}${marker ?? ''}`;
}

export type ValueCell =
  | { kind: 'empty' }
  | { kind: 'number'; value: DecimalString; unit: string | null; marker?: string }
  | { kind: 'missing'; marker: string }
  | { kind: 'invalid'; message: Message };

// Excel keeps 15 significant digits; further digits of a double are binary noise (0.1+0.2).
const EXCEL_SIGNIFICANT_DIGITS = 15;

/** The decimal a JS number stands for, via its shortest string, without exponent. Null if not finite. */
export function numberToDecimalString(n: number): DecimalString | null {
  if (!Number.isFinite(n)) return null;
  let s = String(n);
  const significant = s.replace(/e.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '');
  if (significant.length > EXCEL_SIGNIFICANT_DIGITS)
    s = String(Number(n.toPrecision(EXCEL_SIGNIFICANT_DIGITS)));
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
  if (!m) return null;
  const [, minus = '', int = '', frac = '', exp = '0'] = m;
  const all = int + frac;
  const point = int.length + Number(exp);
  let plain: string;
  if (point <= 0) plain = `0.${'0'.repeat(-point)}${all}`;
  else if (point >= all.length) plain = all + '0'.repeat(point - all.length);
  else plain = `${all.slice(0, point)}.${all.slice(point)}`;
  plain = plain.replace(/^0+(?=\d)/, '');
  const isZero = /^[0.]*$/.test(plain);
  return isZero ? plain : minus + plain;
}

/** A value cell of a sheet or an import: empty, a number, a footnote marker alone (missing), or invalid. */
export function parseValueCell(text: string | number | null | undefined): ValueCell {
  if (text === null || text === undefined) return { kind: 'empty' };
  if (typeof text === 'number') {
    const value = numberToDecimalString(text);
    if (value === null) return { kind: 'invalid', message: messageFor('not_finite', String(text)) };
    return parseNumberCell(value);
  }
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (isFootnoteMarker(trimmed)) return { kind: 'missing', marker: trimmed };
  const { text: body, marker } = splitTrailingMarker(trimmed);
  if (marker !== null && body !== '') {
    const cell = parseNumberCell(body);
    return cell.kind === 'number' ? { ...cell, marker } : cell;
  }
  return parseNumberCell(trimmed);
}

function parseNumberCell(text: string): ValueCell {
  const r = parseNumber(text);
  return r.ok ? { kind: 'number', value: r.value, unit: r.unit } : { kind: 'invalid', message: r.message };
}
