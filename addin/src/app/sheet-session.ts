import type { Problem } from '../../../shared/problem.ts';
import { type CellRef, cellText, type ExcelCellValue } from './cells.ts';
import { address, columnIndex, FIELD_COLUMN, HEADER_ROWS, parseAddress, ROW_FIELDS } from './columns.ts';
import { isMissingProblem } from './completeness.ts';
import type { Translator } from './i18n.ts';
import { type CellKey, keyOf, parseRowKey, type RowKey, rowOf } from './keys.ts';
import type { Edit } from './queue.ts';
import { buildRowUpdate, type RowUpdate } from './row-update.ts';
import {
  checkRows,
  inputText,
  missingInRow,
  parseInput,
  type RowCheck,
  rowAt,
  rowCount,
  type SheetModel,
} from './sheet-model.ts';
import { problemColumn } from './sheet-render.ts';
import { buildWritePlan, type SheetWritePlan } from './write-plan.ts';

/**
 * One department sheet open in Excel: keeps the model in step with the cells, turns change events
 * into edits, and refreshes computed cells and marks of the edited rows only. Excel is reached
 * through a SheetPort (excel/port.ts), so this logic runs in tests without Excel.
 */
export interface SheetChange {
  address: string;
  source: string;
  triggerSource: string;
}

export type SheetRows = ExcelCellValue[][];

export interface SheetPort {
  writeSheet(
    plan: SheetWritePlan,
    options: {
      signal?: AbortSignal;
      onProgress?: (done: number, total: number) => void;
      onChanged: (change: SheetChange) => void;
    },
  ): Promise<'written' | 'cancelled'>;
  readRows(sheetName: string, firstRow: number, rowCount: number): Promise<SheetRows | null>;
  applyRowUpdate(sheetName: string, update: RowUpdate): Promise<void>;
  selectCell(sheetName: string, row: number, col: number): Promise<void>;
  /** The sheet row (0-based) of the selected cell when it is on this sheet, else null. */
  selectedRow?(sheetName: string): Promise<number | null>;
}

/** The input cells as the add-in last wrote them (kept in storage by the controller). */
export interface SheetSnapshot {
  rows: number;
  inputs: Partial<Record<CellKey, string>>;
}

export interface ListedProblem {
  rowKey: RowKey;
  row: number;
  col: number;
  address: string;
  severity: Problem['severity'];
  /** The problem's code: a blank cell a submit needs (`submission.missing`) is listed apart from errors. */
  code: string;
  text: string;
}

export class SheetSession {
  model: SheetModel;
  readonly sheetName: string;
  readonly #port: SheetPort;
  readonly #t: Translator;
  readonly #onEdits: (edits: Edit[]) => void;
  #marks = new Map<string, string>();
  #checks = new Map<number, RowCheck>();
  #chain: Promise<void> = Promise.resolve();
  #serverProblems = new Map<RowKey, Problem[]>();
  /** Called when handling a change event fails (Excel refused a write, the sheet was deleted…). */
  onError: (error: unknown) => void = () => undefined;

  constructor(
    model: SheetModel,
    sheetName: string,
    port: SheetPort,
    t: Translator,
    onEdits: (edits: Edit[]) => void,
  ) {
    this.model = model;
    this.sheetName = sheetName;
    this.#port = port;
    this.#t = t;
    this.#onEdits = onEdits;
    this.#checks = checkRows(model, bodyRows(model));
  }

  /** Problems the server reported for cells (422), by row key; shown until the row is edited. */
  async setServerProblems(problems: ReadonlyMap<RowKey, Problem[]>): Promise<void> {
    const rows = new Set<number>();
    for (const key of [...this.#serverProblems.keys(), ...problems.keys()]) {
      const i = this.model.rowIndex.get(key);
      if (i !== undefined) rows.add(i);
    }
    this.#serverProblems = new Map(problems);
    if (rows.size > 0) await this.refreshRows(rows);
  }

  /**
   * Takes a new model (the server's copy after a conflict, with my remaining edits on top) and
   * rewrites the rows whose input cells differ, inputs included. One sync.
   */
  async replaceModel(next: SheetModel): Promise<void> {
    const changed = new Set<number>();
    for (const [key, cell] of next.cells) {
      const i = next.rowIndex.get(rowOf(key));
      if (i !== undefined && this.model.cells.get(key)?.raw !== cell.raw) changed.add(i);
    }
    if (this.model.markMissing) next.markMissing = true;
    this.model = next;
    if (changed.size > 0) await this.refreshRows(changed, { includeInputs: true });
  }

  /** Writes the whole sheet (≤ 3 syncs for 1,000 rows); a cancel leaves the previous sheet in place. */
  async build(options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}) {
    const plan = buildWritePlan(this.model, this.#t, undefined, this.#serverProblems);
    const result = await this.#port.writeSheet(plan, {
      ...options,
      onChanged: (c) => void this.handleChange(c),
    });
    if (result === 'written') {
      this.#marks = new Map(plan.notes.map((n) => [address(n.row, n.col), n.text]));
      this.#checks = checkRows(this.model, bodyRows(this.model), this.#serverProblems);
    }
    return result;
  }

  /**
   * Takes in what was typed into the sheet while the pane was closed: cells that differ from what
   * the add-in last wrote (the snapshot). Without a snapshot nothing is taken: a difference could
   * as well be a colleague's newer value, which must never be overwritten unasked. One sync.
   */
  async collectClosedEdits(snapshot: SheetSnapshot | null): Promise<number> {
    if (!snapshot) return 0;
    const rows = await this.#port.readRows(this.sheetName, HEADER_ROWS, Math.max(1, snapshot.rows));
    if (!rows) return 0;
    const edits: Edit[] = [];
    for (const cells of rows) {
      for (const { ref, key, raw } of this.#inputsOf(cells)?.items ?? []) {
        const written = snapshot.inputs[key];
        if (written === undefined || raw === written) continue;
        const cell = parseInput(this.model, ref, raw);
        if (!cell) continue;
        this.model.cells.set(key, cell);
        edits.push({ ref, cell, serverValue: parseInput(this.model, ref, written)?.canonical ?? null });
      }
    }
    if (edits.length > 0) this.#onEdits(edits);
    return edits.length;
  }

  /** What the sheet shows now, to tell later which cells were typed while the pane was closed. */
  snapshot(): SheetSnapshot {
    const inputs: SheetSnapshot['inputs'] = {};
    for (const [key, cell] of this.model.cells) inputs[key] = cell.raw;
    return { rows: rowCount(this.model), inputs };
  }

  /** Change events are handled one at a time, in order: 1 sync to read the rows, 1 to update them. */
  handleChange(change: SheetChange): Promise<void> {
    // The add-in's own writes, and a co-author's typing (their pane saves it), are not my edits.
    if (change.triggerSource === 'ThisLocalAddin' || change.source === 'Remote') return this.#chain;
    this.#chain = this.#chain.then(() => this.#handle(change)).catch((error: unknown) => this.onError(error));
    return this.#chain;
  }

  /** Resolves when every change received so far has been handled. */
  idle(): Promise<void> {
    return this.#chain;
  }

  async #handle(change: SheetChange): Promise<void> {
    const span = spanOf(change.address);
    if (!span) return;
    const first = Math.max(span.first, HEADER_ROWS);
    const last = Math.min(span.last, HEADER_ROWS + rowCount(this.model) - 1);
    if (last < first) return;
    const rows = await this.#port.readRows(this.sheetName, first, last - first + 1);
    if (rows) await this.#ingest(first, rows);
  }

  /** The model row a sheet row shows (by its hidden key) and its input cells' text. */
  #inputsOf(
    cells: SheetRows[number],
  ): { index: number; items: { ref: CellRef; key: CellKey; raw: string }[] } | null {
    const key = parseRowKey(cellText(cells[columnIndex('key')]))?.key;
    const index = key === undefined ? undefined : this.model.rowIndex.get(key);
    if (index === undefined) return null;
    const row = rowAt(this.model, index)!;
    const items: { ref: CellRef; key: CellKey; raw: string }[] = [];
    const read = (ref: CellRef) =>
      items.push({ ref, key: keyOf(ref), raw: cellText(cells[columnIndex(FIELD_COLUMN[ref.field])]) });
    if (row.kind === 'project') read({ kind: 'project', projectId: row.project.id, field: 'activities' });
    if (row.kind === 'indicator' || row.kind === 'goalIndicator')
      for (const field of ROW_FIELDS[row.kind])
        read({ kind: 'indicator', indicatorId: row.indicator!.id, field });
    return { index, items };
  }

  /** Diffs sheet rows against the model, records edits and refreshes the edited rows. */
  async #ingest(firstSheetRow: number, rows: SheetRows): Promise<void> {
    const edits: Edit[] = [];
    const changedRows = new Set<number>();
    rows.forEach((cells, k) => {
      const found = this.#inputsOf(cells);
      // A row whose key does not match its position was moved or overwritten: ignore it.
      if (!found || found.index !== firstSheetRow + k - HEADER_ROWS) return;
      for (const { ref, key, raw } of found.items) {
        if (raw === inputText(this.model, key)) continue;
        // Parsed once, here: the model, the row checks and marks, the queue and the save request
        // all take this parse from the edit.
        const cell = parseInput(this.model, ref, raw);
        if (!cell) continue;
        this.model.cells.set(key, cell);
        changedRows.add(found.index);
        edits.push({ ref, cell, serverValue: this.model.server.get(key) ?? null });
      }
    });
    if (changedRows.size === 0) return;
    // Recorded once the rows' update is computed and before it is written: the queue's copy in the
    // workbook (app/queue-mirror.ts) then goes in the same batch as the rows' marks.
    await this.refreshRows(changedRows, { beforeWrite: () => this.#onEdits(edits) });
  }

  /** Recomputes and rewrites the given rows (and their project rows). One sync. */
  async refreshRows(
    rows: Iterable<number>,
    options: { includeInputs?: boolean; beforeWrite?: () => void } = {},
  ): Promise<void> {
    const update = buildRowUpdate(this.model, rows, this.#t, this.#marks, {
      includeInputs: options.includeInputs,
      serverProblems: this.#serverProblems,
    });
    for (const [i, check] of update.checks) this.#checks.set(i, check);
    options.beforeWrite?.();
    await this.#port.applyRowUpdate(this.sheetName, update);
    this.#marks = update.marks;
  }

  /**
   * True when a row has an error: its cells are held back from saving until fixed. A blank cell a
   * submit needs is not one (emptying a cell must still reach the server).
   */
  rowHasErrors(rowKey: RowKey): boolean {
    const i = this.model.rowIndex.get(rowKey);
    return (
      i !== undefined &&
      (this.#checks.get(i)?.problems ?? []).some((p) => p.severity === 'error' && !isMissingProblem(p))
    );
  }

  /**
   * Marks on the sheet the cells a submit still needs (or stops marking them), rewriting the rows whose
   * marks change. One sync; none when nothing changes.
   */
  async markMissing(on: boolean): Promise<void> {
    if (Boolean(this.model.markMissing) === on) return;
    this.model.markMissing = on;
    const rows = bodyRows(this.model).filter((i) => on === (missingInRow(this.model, i) !== null));
    if (on && rows.length > 0) await this.refreshRows(rows);
    if (!on) await this.refreshRows(this.#rowsWith(isMissingProblem));
  }

  #rowsWith(test: (p: Problem) => boolean): number[] {
    return [...this.#checks].filter(([, c]) => c.problems.some(test)).map(([i]) => i);
  }

  /** Every problem on the sheet, in sheet order, for the pane's list. */
  problems(): ListedProblem[] {
    const out: ListedProblem[] = [];
    for (const i of [...this.#checks.keys()].sort((a, b) => a - b)) {
      for (const p of this.#checks.get(i)?.problems ?? []) {
        const row = HEADER_ROWS + i;
        const col = problemColumn(p);
        out.push({
          rowKey: rowAt(this.model, i)!.key,
          row,
          col,
          address: address(row, col),
          severity: p.severity,
          code: p.code,
          text: this.#t.msg(p.message),
        });
      }
    }
    return out;
  }

  selectCell(row: number, col: number): Promise<void> {
    return this.#port.selectCell(this.sheetName, row, col);
  }

  /** The model row of the selected cell (the history view opens from it), or null. */
  async selectedRowKey(): Promise<RowKey | null> {
    const row = (await this.#port.selectedRow?.(this.sheetName)) ?? null;
    if (row === null) return null;
    return rowAt(this.model, row - HEADER_ROWS)?.key ?? null;
  }
}

/** Every body row index, the projects' and the 数値目標 section's. */
function bodyRows(model: SheetModel): number[] {
  return Array.from({ length: rowCount(model) }, (_, i) => i);
}

/** The first and last sheet row of an event address ('H5', 'H5:K9', or several areas). */
export function spanOf(eventAddress: string): { first: number; last: number } | null {
  let first = Number.POSITIVE_INFINITY;
  let last = -1;
  for (const part of eventAddress.split(',')) {
    const r = parseAddress(part.trim());
    if (!r) continue;
    first = Math.min(first, r.row);
    last = Math.max(last, r.row + r.rows - 1);
  }
  return last < 0 ? null : { first, last };
}
