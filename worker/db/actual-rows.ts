import type { Actual } from '../../shared/schema/index.ts';
import { attrsOf, opt, rest } from './rows.ts';
import { type SqlValue, toJson } from './sql.ts';

/** Row ↔ object mapping of a cycle's actuals (実績値); fields without a column go into `attrs`. */

export const ACTUAL_COLUMNS = [
  'indicator_id',
  'value',
  'missing_reason',
  'marker',
  'period',
  'basis',
  'status',
  'text',
  'footnotes',
  'attrs',
] as const;
export function actualRow(a: Actual): SqlValue[] {
  const taken = [
    'indicatorId',
    'value',
    'missingReason',
    'marker',
    'period',
    'basis',
    'status',
    'text',
    'footnotes',
  ] as const;
  return [
    a.indicatorId,
    a.value,
    a.missingReason ?? null,
    a.marker ?? null,
    a.period ?? null,
    a.basis,
    a.status ?? null,
    a.text ?? null,
    toJson(a.footnotes),
    rest(a, taken),
  ];
}
export interface ActualRecord {
  indicator_id: string;
  value: string | null;
  missing_reason: string | null;
  marker: string | null;
  period: string | null;
  basis: string;
  status: string | null;
  text: string | null;
  footnotes: string;
  attrs: string;
  seq: number;
}
export function actualFromRow(r: ActualRecord): Actual {
  return {
    indicatorId: r.indicator_id,
    value: r.value,
    ...opt('missingReason', r.missing_reason),
    ...opt('marker', r.marker),
    ...opt('period', r.period),
    basis: r.basis,
    ...opt('status', r.status),
    ...opt('text', r.text),
    footnotes: JSON.parse(r.footnotes),
    ...attrsOf(r.attrs),
  } as Actual;
}
