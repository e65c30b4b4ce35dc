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
    jsonBytes(plan.print.breaks) +
    (plan.merges.length +
      plan.print.breaks.length +
      groups.reduce((n, g) => n + g.areas.length * 2, 0) +
      20) *
      COMMAND_BYTES
  );
}

export function planBatches(plans: readonly SheetExportPlan[], maxBytes = MAX_CHUNK_BYTES): WriteBatch[] {
  const packer = new BatchPacker(maxBytes);
  plans.forEach((plan, sheet) => {
    for (let row = 0; row < plan.rows; row++)
      packer.addRow(sheet, row, jsonBytes(plan.values[row]) + jsonBytes(plan.numberFormats[row]));
    packer.addFinish(sheet, finishBytes(plan));
  });
  return packer.done();
}

type RowsItem = Extract<BatchItem, { kind: 'rows' }>;

/** Greedy packing: a sheet's consecutive rows share one write until a batch is full. */
class BatchPacker {
  readonly #batches: WriteBatch[] = [];
  readonly #max: number;
  #current: WriteBatch = { items: [], bytes: 0 };
  #open: RowsItem | null = null;

  constructor(maxBytes: number) {
    this.#max = maxBytes;
  }

  #flush(): void {
    if (this.#current.items.length > 0) this.#batches.push(this.#current);
    this.#current = { items: [], bytes: 0 };
    this.#open = null;
  }

  addRow(sheet: number, row: number, bytes: number): void {
    if (this.#open && this.#current.bytes + bytes > this.#max) this.#flush();
    if (!this.#open) {
      this.#open = { sheet, kind: 'rows', start: row, end: row };
      this.#current.items.push(this.#open);
      this.#current.bytes += 2 * COMMAND_BYTES;
    }
    this.#open.end = row + 1;
    this.#current.bytes += bytes;
  }

  addFinish(sheet: number, bytes: number): void {
    if (this.#current.items.length > 0 && this.#current.bytes + bytes > this.#max) this.#flush();
    this.#current.items.push({ sheet, kind: 'finish' });
    this.#current.bytes += bytes;
    this.#open = null;
  }

  done(): WriteBatch[] {
    this.#flush();
    return this.#batches;
  }
}
