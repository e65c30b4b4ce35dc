import { formatFootnotes, formatValueCell, parseFootnotes } from '../../../shared/notation/index.ts';
import type { Problem } from '../../../shared/problem.ts';
import type { Actual, Indicator } from '../../../shared/schema/index.ts';
import { normalizeActivities } from '../../../shared/text/activities.ts';
import {
  type CellInputResult,
  type CellValues,
  QUALITATIVE_STATUS_LABELS,
  validateCellInput,
} from '../../../shared/validation/index.ts';
import type { IndicatorField } from './cells.ts';

/**
 * Between an indicator's Actual and the text of its input cells. Parsing is shared/'s
 * (validateCellInput, called once per typed cell in parseCell); this file only decides which cell
 * holds which part of the Actual.
 * A qualitative KPI's result is text, so its 実績値 cell holds Actual.text instead of a number. The
 * period label (`period`) has a cell on a goal indicator's row only (docs/domain.md §10.5); a KPI's
 * row keeps the stored label as it is. A KPI's 未達成の理由 (`shortfallReason`, §8.6) has a cell on its
 * row, taken only when the plan asks for reasons (sheet-model.ts parseInput).
 */
export type RowInputs = Record<IndicatorField, string>;

export const EMPTY_ROW: RowInputs = {
  value: '',
  status: '',
  missingReason: '',
  footnote: '',
  period: '',
  shortfallReason: '',
};

/** The cell texts of a stored actual, as the sheet shows them. */
export function actualToInputs(indicator: Indicator, actual: Actual | undefined): RowInputs {
  if (!actual) return EMPTY_ROW;
  return {
    value:
      indicator.kind === 'qualitative' ? (actual.text ?? '') : formatValueCell(actual.value, actual.marker),
    status: actual.status ? QUALITATIVE_STATUS_LABELS[actual.status].ja : '',
    missingReason: actual.missingReason ?? '',
    footnote: formatFootnotes(actual.footnotes ?? []),
    period: actual.period ?? '',
    shortfallReason: actual.shortfallReason ?? '',
  };
}

/**
 * One input cell as typed, parsed once: shared/validation's answer (validateCellInput, for the cells
 * it checks) and the canonical text to compare with the server's (`1,234` and `１２３４` are the same
 * value). The parse travels with the cell into the model, the queue, the row checks and the save
 * request; nothing parses the text again.
 */
export type ParsedCell =
  /** `result` is null for a qualitative KPI, whose 実績値 is text. */
  | { field: 'value'; raw: string; canonical: string; result: CellInputResult<CellValues['value']> | null }
  | { field: 'status'; raw: string; canonical: string; result: CellInputResult<CellValues['status']> }
  | {
      field: 'missingReason';
      raw: string;
      canonical: string;
      result: CellInputResult<CellValues['missingReason']>;
    }
  | { field: 'footnote'; raw: string; canonical: string; result: null }
  | { field: 'period'; raw: string; canonical: string; result: CellInputResult<CellValues['period']> }
  | {
      field: 'shortfallReason';
      raw: string;
      canonical: string;
      result: CellInputResult<CellValues['shortfallReason']>;
    }
  | { field: 'activities'; raw: string; canonical: string; result: null };

type Parsed<F extends ParsedCell['field']> = Extract<ParsedCell, { field: F }>;
export type RowCells = { [F in IndicatorField]: Parsed<F> };

// A cell that does not parse keeps its text (after a `?`), so it differs from any value.
const unparsed = (raw: string) => `?${raw.trim()}`;

function parseValue(indicator: Indicator, raw: string): Parsed<'value'> {
  if (indicator.kind === 'qualitative') return { field: 'value', raw, canonical: raw.trim(), result: null };
  const result = validateCellInput(indicator, 'value', raw);
  const canonical = result.ok ? `${result.value.value ?? ''}${result.value.marker ?? ''}` : unparsed(raw);
  return { field: 'value', raw, canonical, result };
}

function parseStatus(indicator: Indicator, raw: string): Parsed<'status'> {
  const result = validateCellInput(indicator, 'status', raw);
  return { field: 'status', raw, canonical: result.ok ? (result.value ?? '') : unparsed(raw), result };
}

function parseReason(indicator: Indicator, raw: string): Parsed<'missingReason'> {
  const result = validateCellInput(indicator, 'missingReason', raw);
  return { field: 'missingReason', raw, canonical: raw.trim(), result };
}

function parsePeriod(indicator: Indicator, raw: string): Parsed<'period'> {
  const result = validateCellInput(indicator, 'period', raw);
  return { field: 'period', raw, canonical: result.ok ? (result.value ?? '') : unparsed(raw), result };
}

function parseShortfall(indicator: Indicator, raw: string): Parsed<'shortfallReason'> {
  const result = validateCellInput(indicator, 'shortfallReason', raw);
  return {
    field: 'shortfallReason',
    raw,
    canonical: result.ok ? (result.value ?? '') : unparsed(raw),
    result,
  };
}

function parseFootnote(raw: string): Parsed<'footnote'> {
  return { field: 'footnote', raw, canonical: formatFootnotes(parseFootnotes(raw)), result: null };
}

/** One typed cell: the only place an edit meets validateCellInput. */
export function parseCell(indicator: Indicator, field: IndicatorField, raw: string): ParsedCell {
  switch (field) {
    case 'value':
      return parseValue(indicator, raw);
    case 'status':
      return parseStatus(indicator, raw);
    case 'missingReason':
      return parseReason(indicator, raw);
    case 'footnote':
      return parseFootnote(raw);
    case 'period':
      return parsePeriod(indicator, raw);
    case 'shortfallReason':
      return parseShortfall(indicator, raw);
  }
}

/** Every cell of a row (the server's values when the sheet is built). */
export function parseRowCells(indicator: Indicator, inputs: RowInputs): RowCells {
  return {
    value: parseValue(indicator, inputs.value),
    status: parseStatus(indicator, inputs.status),
    missingReason: parseReason(indicator, inputs.missingReason),
    footnote: parseFootnote(inputs.footnote),
    period: parsePeriod(indicator, inputs.period),
    shortfallReason: parseShortfall(indicator, inputs.shortfallReason),
  };
}

export function parseActivitiesCell(raw: string): ParsedCell {
  return { field: 'activities', raw, canonical: canonicalActivities(raw), result: null };
}

export interface RowParse {
  /** The Actual the row stands for; null when the row is empty (nothing reported yet). */
  actual: Actual | null;
  /** Problems of single cells (bad number, unknown status…); the row's Actual leaves those parts out. */
  problems: Problem[];
  warnings: Problem[];
}

/**
 * The Actual of an indicator row from its parsed cells. Never throws; parses nothing. `basis` is the
 * one the row's actual is reported on (a goal's running total is `to_date`: see SheetModel.basis).
 */
export function inputsToActual(
  indicator: Indicator,
  cells: RowCells,
  basis: Actual['basis'] = 'year',
): RowParse {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const isEmpty = Object.values(cells).every((c) => c.raw.trim() === '');
  if (isEmpty) return { actual: null, problems, warnings };
  const actual: Actual = { indicatorId: indicator.id, value: null, basis, footnotes: [] };

  const value = cells.value.result;
  if (value === null) {
    const text = cells.value.raw.trim();
    if (text !== '') actual.text = text;
  } else if (value.ok) {
    actual.value = value.value.value;
    if (value.value.marker) actual.marker = value.value.marker;
    warnings.push(...value.warnings);
  } else problems.push(value.problem);
  const status = cells.status.result;
  if (status.ok) {
    if (status.value !== undefined) actual.status = status.value;
  } else problems.push(status.problem);
  const reason = cells.missingReason.result;
  if (reason.ok) {
    if (reason.value !== undefined) actual.missingReason = reason.value;
  } else problems.push(reason.problem);
  const period = cells.period.result;
  if (period.ok) {
    if (period.value !== undefined) actual.period = period.value;
  } else problems.push(period.problem);
  const shortfall = cells.shortfallReason.result;
  if (shortfall.ok) {
    if (shortfall.value !== undefined) actual.shortfallReason = shortfall.value;
  } else problems.push(shortfall.problem);
  actual.footnotes = parseFootnotes(cells.footnote.raw, actual.marker);
  return { actual, problems, warnings };
}

/** 主な取組 as stored: the one rule in shared/text/activities.ts, which the worker applies too. */
export const canonicalActivities = normalizeActivities;
