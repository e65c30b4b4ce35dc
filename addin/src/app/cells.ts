import { numberToDecimalString } from '../../../shared/notation/numbers.ts';

/**
 * The cells a department fills in, named independently of where they sit on the sheet, so an
 * edit queued on Monday still means the same cell after the sheet was rebuilt on Tuesday.
 */
/**
 * `period`: the actual's period label, entered on a goal indicator's row (docs/domain.md §10.5);
 * `shortfallReason`: 未達成の理由, entered on a KPI's row when the plan asks for it (§8.6).
 */
export type IndicatorField = 'value' | 'status' | 'missingReason' | 'footnote' | 'period' | 'shortfallReason';
export type ProjectField = 'activities';
export type InputField = IndicatorField | ProjectField;

export type CellRef =
  | { kind: 'indicator'; indicatorId: string; field: IndicatorField }
  | { kind: 'project'; projectId: string; field: ProjectField };

const INDICATOR_FIELDS: readonly string[] = [
  'value',
  'status',
  'missingReason',
  'footnote',
  'period',
  'shortfallReason',
];

export function isCellRef(x: unknown): x is CellRef {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  if (r.kind === 'indicator')
    return typeof r.indicatorId === 'string' && INDICATOR_FIELDS.includes(String(r.field));
  if (r.kind === 'project') return typeof r.projectId === 'string' && r.field === 'activities';
  return false;
}

/** What Excel hands back for a cell, as the text a person typed (numbers without float noise). */
export type ExcelCellValue = string | number | boolean | null | undefined;

export function cellText(value: ExcelCellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    // Excel keeps 15 significant digits: the shared conversion drops the binary noise of the double.
    return numberToDecimalString(value) ?? String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return value;
}
