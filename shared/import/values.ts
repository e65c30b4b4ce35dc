import {
  isFootnoteMarker,
  normalizeWidth,
  type Period,
  parseBound,
  parseNumber,
  parseValueCell,
  splitLeadingMarker,
  splitLeadingPeriod,
  splitTrailingDelta,
  splitTrailingMarker,
} from '../notation/index.ts';
import type { Message } from '../problem.ts';
import type { Comparator } from '../schema/index.ts';

/**
 * The value cells of the official tables as people type them, read with shared/notation. Pure:
 * each function returns what it read or the message saying why not; the readers name the cell.
 */

export type FigureCell =
  | { kind: 'empty' }
  | { kind: 'number'; value: string; unit: string | null; marker: string | null }
  /** A marker instead of a figure (`(※)`), perhaps with the unit (`(※1)億円`). */
  | { kind: 'missing'; marker: string; unit: string | null }
  | { kind: 'invalid'; message: Message };

/** A unit alone (`億円`, `万t-CO2`): what notation reads as the unit of `1<text>`. */
function unitOnly(text: string): string | null {
  const r = parseNumber(`1${text.trim()}`);
  return r.ok && r.value === '1' && r.unit !== null ? r.unit : null;
}

/** `144,476`, `56,677人`, `1,234(※2)`, `(※)`, `(※1)億円`, `(※1)56,677人`. */
export function readFigure(text: string): FigureCell {
  const cell = parseValueCell(text);
  if (cell.kind === 'number') return { ...cell, marker: cell.marker ?? null };
  if (cell.kind !== 'invalid') return cell.kind === 'missing' ? { ...cell, unit: null } : cell;
  // A marker written before the figure or before the unit alone.
  const lead = splitLeadingMarker(text);
  if (lead.marker === null || lead.text === '') return cell;
  const unit = unitOnly(lead.text);
  if (unit !== null) return { kind: 'missing', marker: lead.marker, unit };
  const rest = parseValueCell(lead.text);
  if (rest.kind === 'number' && !rest.marker) return { ...rest, marker: lead.marker };
  return cell;
}

export type BudgetCell =
  | { kind: 'empty' }
  | { kind: 'amount'; amount: string; prefix: string | null; marker: string | null }
  | { kind: 'invalid'; message: Message };

/** `28,218千円`, `仙台市 10,000千円` (a joint project's share), `9,810`; the amount is in 千円. */
export function readBudget(text: string): BudgetCell {
  const t = text.trim();
  if (t === '') return { kind: 'empty' };
  const digit = t.search(/[0-9０-９△▲]/u);
  const prefix = digit > 0 ? t.slice(0, digit).trim() : '';
  const cell = parseValueCell(digit > 0 ? t.slice(digit) : t);
  const unit = cell.kind === 'number' ? normalizeWidth(cell.unit ?? '') : '';
  if (cell.kind === 'number' && (unit === '' || unit === '千円'))
    return {
      kind: 'amount',
      amount: cell.value,
      prefix: prefix === '' ? null : prefix,
      marker: cell.marker ?? null,
    };
  return {
    kind: 'invalid',
    message: {
      ja: `事業規模「${t}」を読み取れません。「28,218千円」または「仙台市 10,000千円」のように千円単位で書いてください。`,
      en: `Cannot read the budget "${t}": write it in 千円, like 28,218千円 or 仙台市 10,000千円.`,
    },
  };
}

const CIRCLED = /^([\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])\s*/u;

function circledValue(ch: string): number {
  const code = ch.codePointAt(0)!;
  if (code <= 0x2473) return code - 0x2460 + 1;
  return code <= 0x325f ? code - 0x3251 + 21 : code - 0x32b1 + 36;
}

/** `①`, `1`, `１.`, `(1)`: an index cell alone; null when the text is something else. */
export function readIndex(text: string): number | null {
  const t = normalizeWidth(text).trim();
  const circled = CIRCLED.exec(t);
  if (circled && circled[0].length === t.length) return circledValue(circled[1]!);
  const m = /^[(（]?(\d{1,2})[)）.．、]?$/.exec(t);
  return m && Number(m[1]) >= 1 ? Number(m[1]) : null;
}

/** `① オウンドメディア等のPV数〔※〕` → number 1, the name, the markers appended to it. */
export function splitIndicatorName(text: string): { number: number | null; name: string; markers: string[] } {
  let rest = text.trim().replace(/^■\s*/, '');
  let number: number | null = null;
  const circled = CIRCLED.exec(rest);
  if (circled) {
    number = circledValue(circled[1]!);
    rest = rest.slice(circled[0].length);
  } else {
    const digits = /^(\d{1,2})[\s.．、)）]\s*/.exec(normalizeWidth(rest.slice(0, 4)));
    if (digits && Number(digits[1]) >= 1) {
      number = Number(digits[1]);
      rest = rest.slice(digits[0].length);
    }
  }
  const markers: string[] = [];
  for (;;) {
    const split = splitTrailingMarker(rest);
    if (split.marker === null || split.text === '') break;
    markers.unshift(split.marker);
    rest = split.text;
  }
  return { number, name: rest.trim(), markers };
}

/** A value of the goal table: its own period label, then the figure, a bound or a note, then the 前年度比. */
export interface LabelledCell {
  label: string | null;
  period: Period | null;
  figure: FigureCell;
  /** `50％超`, `40社以上を維持`, `累計3件以上`: a threshold target. */
  bound: { comparator: Comparator; maintain: boolean; cumulative: boolean } | null;
  /** Text that is no figure (`※今後の趨勢を見極めて改めて設定`). */
  note: string | null;
  /** `(+13社)` as printed. */
  delta: string | null;
}

/** `66社 (+13社)`, and `66社 (±0社)` (no change) → the figure and the change as printed. */
export function splitDelta(text: string): { value: string; delta: string | null } {
  const split = splitTrailingDelta(text);
  if (split.delta !== null) return split;
  const m = /[(（]\s*±\s*[\d０-９][^()（）]*[)）]$/u.exec(text.trim());
  if (!m || m.index === 0) return split;
  return { value: text.trim().slice(0, m.index).trim(), delta: m[0] };
}

/** A printed change: `(+13社)`, `(△1.4pt)`, `(±0社)` (no change), as a number and its unit. */
export function parseDelta(delta: string): ReturnType<typeof parseNumber> {
  const zero = /^[(（]\s*±\s*(.*?)\s*[)）]$/u.exec(delta.trim());
  if (!zero) return parseNumber(delta);
  const r = parseNumber(zero[1] ?? '');
  return r.ok && /^0(?:\.0+)?$/.test(r.value) ? r : { ok: false, code: 'sign', message: { ja: '', en: '' } };
}

/** A bound with a marker after it (`50%超(※1)`): the bound, the marker. */
export function readBoundCell(text: string): { bound: ReturnType<typeof parseBound>; marker: string | null } {
  const split = splitTrailingMarker(text);
  if (split.marker === null || split.text === '') return { bound: parseBound(text), marker: null };
  return { bound: parseBound(split.text), marker: split.marker };
}

/** `H29年度 7社`, `R1～5年(累計) 66社 (+13社)`, `R5年度 (※)`, `R5年度 50％超`. */
export function readLabelled(text: string): LabelledCell {
  const lead = splitLeadingPeriod(text);
  const rest = lead ? lead.rest : text.trim();
  const { value, delta } = splitDelta(rest);
  const base = { label: lead?.label ?? null, period: lead?.period ?? null, delta, bound: null, note: null };
  if (value !== '' && !/[0-9０-９]/.test(value) && !isFootnoteMarker(value) && !isMarkedUnit(value))
    return { ...base, figure: { kind: 'empty' }, note: value };
  const figure = readFigure(value);
  if (figure.kind !== 'invalid') return { ...base, figure };
  const { bound, marker } = readBoundCell(value);
  if (bound.ok && bound.comparator !== null)
    return {
      ...base,
      figure: { kind: 'number', value: bound.value, unit: bound.unit, marker },
      bound: { comparator: bound.comparator, maintain: bound.maintain, cumulative: bound.cumulative },
    };
  return { ...base, figure };
}

/** `(※)億円`: a marker and a unit, no figure. */
function isMarkedUnit(text: string): boolean {
  const lead = splitLeadingMarker(text);
  return lead.marker !== null && unitOnly(lead.text) !== null;
}

/** Department names joined by `、`, `,` or spaces; the separator is returned to be checked. */
export function splitDepartments(text: string): { names: string[]; separators: string[] } {
  const names = text
    .split(/[、,，\s\u3000]+/u)
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const separators = [...text.trim().matchAll(/[、,，\s\u3000]+/gu)].map((m) => m[0]);
  return { names, separators };
}

/** 主な取組 as bullets (`・…` per line) or plain text; an inline ` ・` starts an item too. */
export function splitActivities(text: string): string[] {
  return text
    .split(/\r\n?|\n|[ \t\u3000]+(?=・)/u)
    .map((l) => l.trim().replace(/^・\s*/u, ''))
    .filter((l) => l !== '');
}

/** Same text for comparing printed labels and sentences: width, spaces and bracket forms aside. */
export function loose(text: string): string {
  return normalizeWidth(text).normalize('NFKC').replace(/\s+/g, '');
}

const ASCII_WORD = /[A-Za-z0-9]/;

/**
 * A cell of one-line content (a name, a label) with the line breaks a person typed to wrap it
 * (Alt+Enter) or a tab: joined, with a space only between two ASCII words. `changed` says so.
 */
export function oneLine(text: string): { text: string; changed: boolean } {
  const joined = text.replace(/[ \t\u3000]*(?:\r\n?|\n)[ \t\u3000]*|\t/gu, (m, at: number) => {
    const before = text.charAt(at - 1);
    const after = text.charAt(at + m.length);
    return m === '\t' || (ASCII_WORD.test(before) && ASCII_WORD.test(after)) ? ' ' : '';
  });
  return { text: joined, changed: joined !== text };
}
