import { Actual } from '../../shared/schema/index.ts';
import { attrsOf, opt, ordered, rest } from './rows.ts';
import { MAX_PARAMS, type SqlValue, type Stmt, toJson } from './sql.ts';

/**
 * Row ↔ object mapping of a cycle's actuals (実績値); every field without a column (noteMarker, any
 * added later) goes into `attrs` (rows.ts).
 */

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
  return ordered(Actual, {
    ...attrsOf(r.attrs),
    indicatorId: r.indicator_id,
    value: r.value,
    ...opt('missingReason', r.missing_reason),
    ...opt('marker', r.marker),
    ...opt('period', r.period),
    basis: r.basis,
    ...opt('status', r.status),
    ...opt('text', r.text),
    footnotes: JSON.parse(r.footnotes),
  });
}

/** DELETEs of a cycle's actuals, one statement per up to 98 indicators (plan and year are bound once). */
export function deleteActualRows(planId: string, fy: number, indicatorIds: readonly string[]): Stmt[] {
  const per = MAX_PARAMS - 2;
  const out: Stmt[] = [];
  for (let start = 0; start < indicatorIds.length; start += per) {
    const ids = indicatorIds.slice(start, start + per);
    out.push({
      sql: `DELETE FROM actuals WHERE plan_id = ? AND fiscal_year = ? AND indicator_id IN (${ids.map(() => '?').join(', ')})`,
      params: [planId, fy, ...ids],
    });
  }
  return out;
}
