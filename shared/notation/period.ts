import { eraInForce, findEra, knownEras } from './era.ts';
import { normalizeWidth } from './width.ts';

/** How a period label is written: `R5年度`, `令和5年度` or `2023年度`. */
export type PeriodStyle = 'era-short' | 'era-long' | 'western';

/**
 * A period label such as `R5年度`, `令和5～7年度`, `R1～5年(累計)`, `R5年度当初`, `令和5年度末時点`.
 * Years are Western, by the year a fiscal year starts (FY2023 = 令和5年度 = April 2023 – March 2024).
 */
export interface Period {
  startYear: number;
  /** Equal to startYear for a single year. */
  endYear: number;
  /** 年度 (fiscal, also `FY`) or 年 (calendar). A bare `R5` is read as fiscal. */
  calendar: 'fiscal' | 'calendar';
  /** (累計) a sum over the window; (年平均) the yearly average over it. */
  aggregate: 'none' | 'cumulative' | 'average';
  /** 当初 = the start of the year (1 April for a fiscal year); 末 = its end. */
  point: 'none' | 'start' | 'end';
  /** Written with 時点 (`令和３年度時点`, `令和5年度末時点`). */
  asOf: boolean;
  /** (速報値): a preliminary figure. */
  preliminary: boolean;
  /** The style the label was written in; formatPeriod writes it back in this style. */
  style: PeriodStyle;
}

const MIN_YEAR = 1868;
const MAX_YEAR = 2200;
const RANGE_SEPARATOR = /～|〜|~|から|-|‐|－|–|—|―/;

interface Side {
  year: number;
  style: PeriodStyle;
  eraOffset: number | null;
  unit: string | null;
}

let sideRe: RegExp | null = null;
function sidePattern(): RegExp {
  if (!sideRe) {
    const names = knownEras()
      .map((e) => e.name)
      .join('|');
    sideRe = new RegExp(`^(${names}|[A-Za-z])?(\\d{1,4}|元)(年度|年|FY)?$`, 'i');
  }
  return sideRe;
}

/** One end of a range; `inherit` is the era of the left end for `令和5～7年度`. */
function parseSide(text: string, inherit: Side | null): Side | null {
  const m = sidePattern().exec(text);
  if (!m) return null;
  const [, eraText, digits = '', unitText] = m;
  const unit = unitText ? normalizeUnitWord(unitText) : null;
  if (eraText) {
    const era = findEra(eraText);
    const n = digits === '元' ? 1 : Number(digits);
    if (!era || n < 1 || n > 99) return null;
    const style = eraText.length === 1 ? 'era-short' : 'era-long';
    return { year: era.offset + n, style, eraOffset: era.offset, unit };
  }
  if (digits.length === 4) return { year: Number(digits), style: 'western', eraOffset: null, unit };
  if (inherit?.eraOffset != null && digits !== '元' && Number(digits) >= 1) {
    return {
      year: inherit.eraOffset + Number(digits),
      style: inherit.style,
      eraOffset: inherit.eraOffset,
      unit,
    };
  }
  return null;
}

const normalizeUnitWord = (u: string): string => (u.toUpperCase() === 'FY' ? '年度' : u);

interface Annotations {
  aggregate: Period['aggregate'];
  preliminary: boolean;
  statedYears: number | null;
}

/** Strips the trailing (累計), (年平均), (速報値), (5年間) in any order. Null on an unknown one. */
function stripAnnotations(text: string): { rest: string; notes: Annotations } | null {
  const notes: Annotations = { aggregate: 'none', preliminary: false, statedYears: null };
  let rest = text;
  for (;;) {
    const m = /\(([^()]*)\)$/.exec(rest) ?? /(累計|年平均|速報値|速報)$/.exec(rest);
    if (!m) return { rest, notes };
    const word = m[1] ?? '';
    if (word === '累計' || word === '年平均') {
      if (notes.aggregate !== 'none') return null;
      notes.aggregate = word === '累計' ? 'cumulative' : 'average';
    } else if (word === '速報値' || word === '速報') {
      notes.preliminary = true;
    } else if (/^\d+年間$/.test(word)) {
      notes.statedYears = Number.parseInt(word, 10);
    } else {
      return null;
    }
    rest = rest.slice(0, m.index);
  }
}

/** Reads a period label; null when it is not one (a caller keeps the printed label either way). */
export function parsePeriod(label: string): Period | null {
  let t = normalizeWidth(String(label ?? ''))
    .replace(/<\/?[a-zA-Z][^<>]*>/g, '')
    .replace(/\s+/g, '');
  if (/^\([^()]*\)$/.test(t)) t = t.slice(1, -1);
  const stripped = stripAnnotations(t);
  if (!stripped) return null;
  const { notes } = stripped;
  t = stripped.rest;

  const asOf = t.endsWith('時点');
  if (asOf) t = t.slice(0, -2);
  let point: Period['point'] = 'none';
  if (t.endsWith('当初')) point = 'start';
  else if (t.endsWith('末')) point = 'end';
  t = t.slice(0, t.length - (point === 'start' ? 2 : point === 'end' ? 1 : 0));

  let unit: string | null = null;
  if (/^FY/i.test(t)) {
    unit = '年度';
    t = t.slice(2);
  }
  const unitMatch = /(年度|年|FY)$/i.exec(t);
  if (unitMatch && unit === null) {
    unit = normalizeUnitWord(unitMatch[0]);
    t = t.slice(0, unitMatch.index);
  }

  const [leftText = '', rightText, ...extra] = t.split(RANGE_SEPARATOR);
  if (extra.length > 0) return null;
  const left = parseSide(leftText, null);
  if (!left) return null;
  const right = rightText === undefined ? left : parseSide(rightText, left);
  if (!right || right.unit !== null) return null;
  if (left.unit !== null && left.unit !== unit) return null;
  if (left.style === 'western' && unit === null) return null;

  const { year: startYear } = left;
  const { year: endYear } = right;
  if (startYear < MIN_YEAR || endYear > MAX_YEAR || startYear > endYear) return null;
  if (notes.statedYears !== null && notes.statedYears !== endYear - startYear + 1) return null;
  return {
    startYear,
    endYear,
    calendar: unit === '年' ? 'calendar' : 'fiscal',
    aggregate: notes.aggregate,
    point,
    asOf,
    preliminary: notes.preliminary,
    style: left.style,
  };
}

function yearParts(year: number, style: PeriodStyle): { prefix: string; number: string } {
  const inForce = style === 'western' ? null : eraInForce(year);
  if (!inForce) return { prefix: '', number: String(year) };
  // 元年 is written 1, as the official tables print R1.
  return {
    prefix: style === 'era-short' ? inForce.era.letter : inForce.era.name,
    number: String(inForce.year),
  };
}

/**
 * The official form: the era in force (H31 → R1, H32 → R2), ASCII digits, `～` with the era
 * written once (`令和5～7年度`, `R1～5年(累計)`, `H27～R1年度(年平均)`).
 */
export function formatPeriod(p: Period, style: PeriodStyle = p.style): string {
  const start = yearParts(p.startYear, style);
  let years = `${start.prefix}${start.number}`;
  if (p.endYear !== p.startYear) {
    const end = yearParts(p.endYear, style);
    years += `～${end.prefix === start.prefix ? '' : end.prefix}${end.number}`;
  }
  const unit = p.calendar === 'fiscal' ? '年度' : '年';
  const point = p.point === 'start' ? '当初' : p.point === 'end' ? '末' : '';
  const aggregate = p.aggregate === 'cumulative' ? '(累計)' : p.aggregate === 'average' ? '(年平均)' : '';
  return `${years}${unit}${point}${p.asOf ? '時点' : ''}${aggregate}${p.preliminary ? '(速報値)' : ''}`;
}

/** A plain single year: `fiscalPeriod(2023)` is 令和5年度. */
export function singleYearPeriod(
  year: number,
  calendar: Period['calendar'] = 'fiscal',
  style: PeriodStyle = 'era-short',
): Period {
  return {
    startYear: year,
    endYear: year,
    calendar,
    aggregate: 'none',
    point: 'none',
    asOf: false,
    preliminary: false,
    style,
  };
}

/** `fiscalYearLabel(2023, 'era-short')` → 'R5年度'; `(2019, 'era-long')` → '令和1年度'. */
export function fiscalYearLabel(fy: number, style: PeriodStyle = 'era-short'): string {
  return formatPeriod(singleYearPeriod(fy, 'fiscal', style));
}

/** Every year of the window, oldest first. */
export function periodYears(p: Period): number[] {
  return Array.from({ length: p.endYear - p.startYear + 1 }, (_, i) => p.startYear + i);
}

/** The { startFy, endFy } of shared/schema's PeriodRange. */
export function toPeriodRange(p: Period): { startFy: number; endFy: number } {
  return { startFy: p.startYear, endFy: p.endYear };
}

const DATE_RE = /^(\D*?)(\d{1,4}|元)(?:年(\d{1,2})月(\d{1,2})日|[./-](\d{1,2})[./-](\d{1,2}))$/;

/**
 * A date label as ISO `YYYY-MM-DD`: `平成33年3月31日` → '2021-03-31' (H33 never existed but was
 * written before the era change), `R3.3.31`, `2021年3月31日`, `2021/3/31`. Null if not a date.
 */
export function parseDateLabel(label: string): string | null {
  const t = normalizeWidth(String(label ?? '')).replace(/\s+/g, '');
  const m = DATE_RE.exec(t);
  if (!m) return null;
  const [, eraText = '', yearText = '', m1, d1, m2, d2] = m;
  let year: number;
  if (eraText) {
    const era = findEra(eraText);
    const n = yearText === '元' ? 1 : Number(yearText);
    if (!era || n < 1 || n > 99) return null;
    year = era.offset + n;
  } else {
    if (yearText.length !== 4) return null;
    year = Number(yearText);
  }
  const month = Number(m1 ?? m2);
  const day = Number(d1 ?? d2);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < MIN_YEAR || year > MAX_YEAR || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
