import { address, parseAddress } from '../src/app/columns.ts';

/**
 * An in-memory workbook standing in for Excel in tests: the unit tests of the Excel adapter use it
 * through fake-excel.ts, and the browser end-to-end test injects the same code into the page as
 * `Excel`/`Office`. It keeps what the add-in writes (values, number formats, fills, locks, notes,
 * validation, protection, frozen panes) and behaves like Excel where the add-in depends on it:
 * locked cells of a protected sheet refuse writes, and edits fire onChanged events.
 */
export interface FakeCell {
  value: string | number | boolean;
  numberFormat: string;
  fill: string | null;
  fontColor: string | null;
  bold: boolean;
  locked: boolean;
  wrap: boolean;
}

export interface ChangedArgs {
  type: 'WorksheetChanged';
  address: string;
  worksheetId: string;
  changeType: 'RangeEdited';
  source: 'Local' | 'Remote';
  triggerSource: 'Unknown' | 'ThisLocalAddin';
}

export class FakeExcelError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
  }
}

const blankCell = (): FakeCell => ({
  value: '',
  numberFormat: 'General',
  fill: null,
  fontColor: null,
  bold: false,
  locked: true,
  wrap: false,
});

export class FakeSheet {
  readonly cells = new Map<string, FakeCell>();
  readonly columnWidths = new Map<number, number>();
  readonly hiddenColumns = new Set<number>();
  readonly notes = new Map<string, string>();
  readonly validations: { address: string; rule?: unknown; prompt?: unknown; errorAlert?: unknown }[] = [];
  readonly changedHandlers: ((args: ChangedArgs) => unknown)[] = [];
  frozen = { rows: 0, columns: 0 };
  protected = false;
  readonly id: string;
  name: string;
  constructor(id: string, name: string) {
    this.id = id;
    this.name = name;
  }

  cell(row: number, col: number): FakeCell {
    return this.cells.get(`${row},${col}`) ?? blankCell();
  }

  /** The cell for writing (created on first write). */
  edit(row: number, col: number): FakeCell {
    const key = `${row},${col}`;
    let c = this.cells.get(key);
    if (!c) {
      c = blankCell();
      this.cells.set(key, c);
    }
    return c;
  }

  /** Values of a block, '' for empty cells, as Range.values returns them. */
  values(a1: string): (string | number | boolean)[][] {
    const r = mustParse(a1);
    return Array.from({ length: r.rows }, (_, i) =>
      Array.from({ length: r.cols }, (_, j) => this.cell(r.row + i, r.col + j).value),
    );
  }

  /** Throws like Excel when a write would touch a locked cell of a protected sheet. */
  assertWritable(a1: string): void {
    if (!this.protected) return;
    const r = mustParse(a1);
    for (let i = 0; i < r.rows; i++)
      for (let j = 0; j < r.cols; j++)
        if (this.cell(r.row + i, r.col + j).locked)
          throw new FakeExcelError('AccessDenied', `The cell ${address(r.row + i, r.col + j)} is protected.`);
  }
}

export function mustParse(a1: string): { row: number; col: number; rows: number; cols: number } {
  const r = parseAddress(a1);
  if (!r) throw new FakeExcelError('InvalidArgument', `bad address ${a1}`);
  return r;
}

export interface SyncRecord {
  ops: number;
  bytes: number;
}

export class FakeWorkbook {
  readonly sheets: FakeSheet[] = [];
  activeSheetId: string;
  enableEvents = true;
  selection: { sheet: string; address: string } | null = null;
  readonly syncs: SyncRecord[] = [];
  readonly #pendingHandlers = new Set<Promise<unknown>>();
  #nextId = 1;

  constructor() {
    this.activeSheetId = this.addSheet('Sheet1').id;
  }

  get syncCount(): number {
    return this.syncs.length;
  }

  addSheet(name: string): FakeSheet {
    if (this.sheet(name)) throw new FakeExcelError('ItemAlreadyExists', `A sheet named ${name} exists.`);
    const sheet = new FakeSheet(`{sheet-${this.#nextId++}}`, name);
    this.sheets.push(sheet);
    return sheet;
  }

  sheet(name: string): FakeSheet | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  mustSheet(name: string): FakeSheet {
    const s = this.sheet(name);
    if (!s) throw new FakeExcelError('ItemNotFound', `No sheet named ${name}.`);
    return s;
  }

  deleteSheet(sheet: FakeSheet): void {
    if (this.sheets.length === 1)
      throw new FakeExcelError('InvalidOperation', 'A workbook keeps at least one sheet.');
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    if (this.activeSheetId === sheet.id) this.activeSheetId = this.sheets[0]!.id;
  }

  /**
   * A person types or pastes a block. Like Excel, a protected sheet refuses locked cells;
   * then onChanged fires (asynchronously) with source 'Local'. Await `idle()` for the handlers.
   */
  userEdit(sheetName: string, a1: string, values: (string | number | boolean)[][]): void {
    const sheet = this.mustSheet(sheetName);
    sheet.assertWritable(a1);
    const r = mustParse(a1);
    values.forEach((row, i) => {
      row.forEach((v, j) => {
        sheet.edit(r.row + i, r.col + j).value = v;
      });
    });
    this.fireChanged(sheet, a1, 'Unknown', 'Local');
  }

  fireChanged(
    sheet: FakeSheet,
    a1: string,
    triggerSource: ChangedArgs['triggerSource'],
    source: ChangedArgs['source'],
  ): void {
    if (!this.enableEvents) return;
    const args: ChangedArgs = {
      type: 'WorksheetChanged',
      address: a1,
      worksheetId: sheet.id,
      changeType: 'RangeEdited',
      source,
      triggerSource,
    };
    for (const handler of sheet.changedHandlers) {
      const p = Promise.resolve().then(() => handler(args));
      this.#pendingHandlers.add(p);
      p.finally(() => this.#pendingHandlers.delete(p)).catch(() => undefined);
    }
  }

  /** Resolves when every event handler fired so far has finished (including work they started). */
  async idle(): Promise<void> {
    while (this.#pendingHandlers.size > 0) await Promise.allSettled([...this.#pendingHandlers]);
  }
}

export function notLoaded(what: string): never {
  throw new FakeExcelError('PropertyNotLoaded', `${what} is not loaded: call load() and sync() first.`);
}
