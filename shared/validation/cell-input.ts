import { normalizeUnit, parseValueCell } from '../notation/index.ts';
import type { CellRef, Problem } from '../problem.ts';
import { Actual, type Indicator, type QualitativeStatus } from '../schema/index.ts';
import { refusedChar } from '../text/integrity.ts';
import { percentOver100 } from './cycle-rules.ts';
import { fieldLabel } from './field-labels.ts';
import { report } from './report.ts';
import { parseQualitativeStatus, QUALITATIVE_STATUS_LABELS } from './status-labels.ts';

export type CellField = 'value' | 'missingReason' | 'status' | 'period' | 'shortfallReason';

/** What a valid cell contributes to the Actual of its indicator. */
export interface CellValues {
  /** The actual, or null for an empty cell or a footnote marker alone (`(※)`: missing, see the footnote). */
  value: { value: string | null; marker?: string };
  /** Trimmed; undefined when the cell is empty. */
  missingReason: string | undefined;
  status: QualitativeStatus | undefined;
  /** The actual's period label as printed (`R5年度`, `R1～5年(累計)`), trimmed; undefined when empty. */
  period: string | undefined;
  /** 未達成の理由 (shared/workflow/shortfall.ts), trimmed; undefined when the cell is empty. */
  shortfallReason: string | undefined;
}

export type CellInputResult<T> =
  | { ok: true; value: T; warnings: Problem[] }
  | { ok: false; problem: Problem };

const MAX_REASON = maxLengthOf('missingReason');
const MAX_PERIOD = maxLengthOf('period');
const MAX_SHORTFALL = maxLengthOf('shortfallReason');

function maxLengthOf(key: 'missingReason' | 'period' | 'shortfallReason'): number {
  const max = Actual.shape[key].unwrap().maxLength;
  return max ?? Number.POSITIVE_INFINITY;
}

const LABEL_PATH = {
  value: ['actuals', 0, 'value'],
  missingReason: ['missingReason'],
  status: ['status'],
  period: ['actuals', 0, 'period'],
  shortfallReason: ['shortfallReason'],
} as const;

/**
 * Checks one value typed or pasted into a department's sheet, before it becomes part of an Actual.
 * Notation decides what the text means (`1,234`, `△25`, `３８社`, `(※)`); this adds what the indicator
 * requires: its unit, a plausible percentage, a status only where a status is chosen.
 */
export function validateCellInput<F extends CellField>(
  indicator: Indicator,
  field: F,
  raw: unknown,
): CellInputResult<CellValues[F]> {
  const cell: CellRef = { indicatorId: indicator.id, field };
  const label = fieldLabel(LABEL_PATH[field]);
  const fail = (problem: Problem): CellInputResult<never> => ({ ok: false, problem });
  const pass = (value: unknown, warnings: Problem[] = []) =>
    ({ ok: true, value, warnings }) as CellInputResult<CellValues[F]>;

  if (raw !== undefined && raw !== null && typeof raw !== 'string' && typeof raw !== 'number')
    return fail(report('cell.wrong_type', field, [label], cell));
  const text = typeof raw === 'number' ? raw : (raw ?? null);

  if (field === 'value') {
    const parsed = parseValueCell(text);
    switch (parsed.kind) {
      case 'empty':
        return pass({ value: null });
      case 'missing':
        return pass({ value: null, marker: parsed.marker });
      case 'invalid':
        return fail(report('cell.not_a_number', field, [label, parsed.message], cell));
      case 'number': {
        if (parsed.unit !== null && normalizeUnit(parsed.unit) !== normalizeUnit(indicator.unit))
          return fail(report('cell.unit_mismatch', field, [parsed.unit, indicator.unit], cell));
        const warnings = percentOver100(indicator, parsed.value)
          ? [report('value.rate_over_100', field, [label], cell)]
          : [];
        return pass(
          parsed.marker ? { value: parsed.value, marker: parsed.marker } : { value: parsed.value },
          warnings,
        );
      }
    }
  }

  const trimmed = text === null ? '' : String(text).trim();
  if (field === 'missingReason' || field === 'shortfallReason') {
    const max = field === 'missingReason' ? MAX_REASON : MAX_SHORTFALL;
    if (trimmed.length > max) return fail(report('cell.too_long', field, [label, max], cell));
    // The same rule as the schema's (a reason may span lines), said on the cell before anything is sent.
    const refused = refusedChar(trimmed, 'multi');
    if (refused) return fail(report('text.refused_char', field, [label, refused], cell));
    return pass(trimmed === '' ? undefined : trimmed);
  }

  if (field === 'period') {
    // A goal indicator's label as the goal table prints it (docs/domain.md §10.5): one line of text.
    if (trimmed.length > MAX_PERIOD) return fail(report('cell.too_long', field, [label, MAX_PERIOD], cell));
    const refused = refusedChar(trimmed, 'single');
    if (refused) return fail(report('text.refused_char', field, [label, refused], cell));
    return pass(trimmed === '' ? undefined : trimmed);
  }

  if (trimmed === '') return pass(undefined);
  if (indicator.kind !== 'qualitative')
    return fail(report('actual.status_not_qualitative', field, [indicator.name], cell));
  const status = parseQualitativeStatus(trimmed);
  if (status === null) {
    const options = Object.values(QUALITATIVE_STATUS_LABELS).map((l) => l.ja);
    return fail(report('cell.status_unknown', field, [options], cell));
  }
  return pass(status);
}
