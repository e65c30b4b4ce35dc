import type { SaveValuesRequest } from '../../shared/api.ts';
import type { CellRef, IndicatorField } from '../src/app/cells.ts';
import { keyOf } from '../src/app/keys.ts';
import type { Edit, QueuedCell } from '../src/app/queue.ts';
import type { ParsedCell } from '../src/app/row-values.ts';

/**
 * Edits and queued cells as test data. The helpers of test-support follow one convention:
 * `Fake…` is a class standing in for something real (Excel's objects, the server, the clock),
 * `fake…()` a function returning such a stand-in, `sample…()` plain test data.
 */

export function sampleRef(indicatorId: string, field: IndicatorField = 'value'): CellRef {
  return { kind: 'indicator', indicatorId, field };
}

/**
 * A cell as typed, already parsed. Without a model the canonical value is the text without
 * thousands separators; a test with a model passes what `parseInput` says.
 */
export function sampleCell(raw: string, canonical = raw.replace(/,/g, '')): ParsedCell {
  return { field: 'value', raw, canonical, result: null };
}

export function sampleEdit(
  ref: CellRef,
  raw: string,
  options: { serverValue?: string | null; canonical?: string } = {},
): Edit {
  return { ref, cell: sampleCell(raw, options.canonical), serverValue: options.serverValue ?? '' };
}

export function sampleQueuedCell(
  ref: CellRef,
  raw: string,
  options: { base?: string | null; editedAt?: number; canonical?: string } = {},
): QueuedCell {
  return {
    key: keyOf(ref),
    ref,
    raw,
    canonical: options.canonical ?? raw.replace(/,/g, ''),
    base: options.base ?? null,
    editedAt: options.editedAt ?? 0,
  };
}

/** A save request naming the queued cells (as activities), for tests of the queue and the engine. */
export function sampleBody(cells: readonly { raw: string }[]): SaveValuesRequest {
  return { actuals: [], activities: cells.map((c) => ({ projectId: 'p-1', text: c.raw })) };
}
