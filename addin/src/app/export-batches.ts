import type { SheetExportPlan } from './export-plan.ts';
import { MAX_CHUNK_BYTES } from './write-plan.ts';

/**
 * How the tables are cut into Excel requests: the sheets' rows and their finishing commands
 * (merges, formats, widths, print setup) in order, packed greedily into batches of at most
 * MAX_CHUNK_BYTES (Excel on the web refuses requests over 5 MB). The four tables of a city's
 * report fit one batch, so the export takes 3 syncs: look up the sheet names, write the tables,
 * draw the charts. A very large table takes one more sync per ~2 MB.
 */
export type BatchItem =
  | { sheet: number; kind: 'rows'; start: number; end: number }
  | { sheet: number; kind: 'finish' };

export interface WriteBatch {
  items: BatchItem[];
  /** Estimated request size: the JSON of the values, number formats and commands. */
  bytes: number;
}

const encoder = new TextEncoder();
const jsonBytes = (x: unknown) => encoder.encode(JSON.stringify(x)).length;
/** Envelope of one command (object path, method, property name) in Office.js's request JSON. */
const COMMAND_BYTES = 120;

/** The finishing commands of a sheet go in one batch: for a 300-project table they are ~0.2 MB. */
export function finishBytes(plan: SheetExportPlan): number {
  const groups = [...plan.formats, ...plan.rowHeights];
  return (
    jsonBytes(plan.merges) +
    jsonBytes(groups) +
    (plan.merges.length + groups.reduce((n, g) => n + g.areas.length * 2, 0) + 20) * COMMAND_BYTES
  );
}

export function planBatches(plans: readonly SheetExportPlan[], maxBytes = MAX_CHUNK_BYTES): WriteBatch[] {
  const batches: WriteBatch[] = [];
  let current: WriteBatch = { items: [], bytes: 0 };
  const flush = () => {
    if (current.items.length > 0) batches.push(current);
    current = { items: [], bytes: 0 };
  };
  plans.forEach((plan, sheet) => {
    let open: Extract<BatchItem, { kind: 'rows' }> | null = null;
    for (let row = 0; row < plan.rows; row++) {
      const bytes = jsonBytes(plan.values[row]) + jsonBytes(plan.numberFormats[row]);
      if (open && current.bytes + bytes > maxBytes) {
        flush();
        open = null;
      }
      if (!open) {
        open = { sheet, kind: 'rows', start: row, end: row };
        current.items.push(open);
        current.bytes += 2 * COMMAND_BYTES;
      }
      open.end = row + 1;
      current.bytes += bytes;
    }
    const bytes = finishBytes(plan);
    if (current.items.length > 0 && current.bytes + bytes > maxBytes) flush();
    current.items.push({ sheet, kind: 'finish' });
    current.bytes += bytes;
  });
  flush();
  return batches;
}
