import { formatFootnotes, formatValueCell, parseFootnotes } from '../../../shared/notation/index.ts';
import type { Problem } from '../../../shared/problem.ts';
import type { Actual, Indicator } from '../../../shared/schema/index.ts';
import { QUALITATIVE_STATUS_LABELS, validateCellInput } from '../../../shared/validation/index.ts';
import type { IndicatorField } from './cells.ts';

/**
 * Between an indicator's Actual and the text of its input cells. Parsing is shared/'s
 * (validateCellInput); this file only decides which cell holds which part of the Actual.
 * A qualitative KPI's result is text, so its 実績値 cell holds Actual.text instead of a number.
 */
export type RowInputs = Record<IndicatorField, string>;

export const EMPTY_ROW: RowInputs = { value: '', status: '', missingReason: '', footnote: '' };

/** The cell texts of a stored actual, as the sheet shows them. */
export function actualToInputs(indicator: Indicator, actual: Actual | undefined): RowInputs {
  if (!actual) return EMPTY_ROW;
  return {
    value:
      indicator.kind === 'qualitative' ? (actual.text ?? '') : formatValueCell(actual.value, actual.marker),
    status: actual.status ? QUALITATIVE_STATUS_LABELS[actual.status].ja : '',
    missingReason: actual.missingReason ?? '',
    footnote: formatFootnotes(actual.footnotes ?? []),
  };
}

export interface RowParse {
  /** The Actual the row stands for; null when the row is empty (nothing reported yet). */
  actual: Actual | null;
  /** Problems of single cells (bad number, unknown status…); the row's Actual leaves those parts out. */
  problems: Problem[];
  warnings: Problem[];
}

/** The Actual of an indicator row from its cell texts. Never throws. */
export function inputsToActual(indicator: Indicator, inputs: RowInputs): RowParse {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const isEmpty = Object.values(inputs).every((v) => v.trim() === '');
  if (isEmpty) return { actual: null, problems, warnings };
  const actual: Actual = { indicatorId: indicator.id, value: null, basis: 'year', footnotes: [] };

  if (indicator.kind === 'qualitative') {
    const text = inputs.value.trim();
    if (text !== '') actual.text = text;
  } else {
    const value = validateCellInput(indicator, 'value', inputs.value);
    if (value.ok) {
      actual.value = value.value.value;
      if (value.value.marker) actual.marker = value.value.marker;
      warnings.push(...value.warnings);
    } else problems.push(value.problem);
  }
  const status = validateCellInput(indicator, 'status', inputs.status);
  if (status.ok) {
    if (status.value !== undefined) actual.status = status.value;
  } else problems.push(status.problem);
  const reason = validateCellInput(indicator, 'missingReason', inputs.missingReason);
  if (reason.ok) {
    if (reason.value !== undefined) actual.missingReason = reason.value;
  } else problems.push(reason.problem);
  actual.footnotes = parseFootnotes(inputs.footnote, actual.marker);
  return { actual, problems, warnings };
}

/**
 * The canonical form of one cell, to compare what I typed with what the server holds (`1,234` and
 * `１２３４` are the same value). A cell that does not parse keeps its text, so it differs from any value.
 */
export function canonicalCell(indicator: Indicator, field: IndicatorField, raw: string): string {
  if (field === 'footnote') return formatFootnotes(parseFootnotes(raw));
  if (field === 'value' && indicator.kind === 'qualitative') return raw.trim();
  if (field === 'value') {
    const r = validateCellInput(indicator, 'value', raw);
    return r.ok ? `${r.value.value ?? ''}${r.value.marker ?? ''}` : `?${raw.trim()}`;
  }
  if (field === 'status') {
    const r = validateCellInput(indicator, 'status', raw);
    return r.ok ? (r.value ?? '') : `?${raw.trim()}`;
  }
  return raw.trim();
}

/** 主な取組 as stored: trimmed, one item per line, Windows line ends normalised. */
export function canonicalActivities(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').trim();
}
