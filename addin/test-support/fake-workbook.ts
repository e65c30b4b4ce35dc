import { address, parseAddress } from '../src/app/columns.ts';

/**
 * An in-memory workbook standing in for Excel in tests: the unit tests of the Excel adapter use it
 * through fake-excel.ts, and the browser end-to-end test injects the same code into the page as
 * `Excel`/`Office`. It keeps what the add-in writes (values, number formats, fills, locks, notes,
 * validation, protection, frozen panes, custom XML parts) and behaves like Excel where the add-in
 * depends on it: locked cells of a protected sheet refuse writes, and edits fire onChanged events.
 * Its content can be saved and restored (`toState`/`restore`), as a workbook outlives the task pane.
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
  /** As OfficeExtension.Error: `errorLocation` names the failing call, e.g. 'CustomXmlPart.setXml'. */
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
    this.debugInfo = { code, message, ...(errorLocation ? { errorLocation } : {}) };
  }
}

/** A custom XML part of the workbook (ExcelApi 1.5): kept with the file, invisible on the sheets. */
export interface FakeXmlPart {
  id: string;
  namespaceUri: string;
  xml: string;
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

/** What a workbook file keeps (not event handlers, not the export's formats and charts). */
export interface BookState {
  sheets: {
    id: string;
    name: string;
    cells: [string, FakeCell][];
    columnWidths: [number, number][];
    hiddenColumns: number[];
    notes: [string, string][];
    validations: FakeSheet['validations'];
    frozen: { rows: number; columns: number };
    protected: boolean;
  }[];
  activeSheetId: string;
  nextId: number;
  customXmlParts: FakeXmlPart[];
}

export class FakeWorkbook {
  readonly sheets: FakeSheet[] = [];
  activeSheetId: string;
  enableEvents = true;
  selection: { sheet: string; address: string } | null = null;
  /** Handlers of `workbook.onSelectionChanged` (ExcelApi 1.2): Excel passes no address, only the workbook. */
  readonly selectionHandlers: ((args: { type: 'SelectionChanged' }) => unknown)[] = [];
  readonly syncs: SyncRecord[] = [];
  readonly customXmlParts: FakeXmlPart[] = [];
  /** Called after every sync and every edit by a person (the stand-in saves the workbook then). */
  afterWrite: () => void = () => undefined;
  readonly #pendingHandlers = new Set<Promise<unknown>>();
  #nextId = 1;

  constructor() {
    this.activeSheetId = this.addSheet('Sheet1').id;
  }

  /** The workbook's content, as JSON-safe data. */
  toState(): BookState {
    return {
      sheets: this.sheets.map((s) => ({
        id: s.id,
        name: s.name,
        cells: [...s.cells.entries()].map(([k, c]) => [k, { ...c }]),
        columnWidths: [...s.columnWidths.entries()],
        hiddenColumns: [...s.hiddenColumns],
        notes: [...s.notes.entries()],
        validations: s.validations.map((v) => ({ ...v })),
        frozen: { ...s.frozen },
        protected: s.protected,
      })),
      activeSheetId: this.activeSheetId,
      nextId: this.#nextId,
      customXmlParts: this.customXmlParts.map((p) => ({ ...p })),
    };
  }

  /** Replaces the content with a saved one (the same workbook opened again). */
  restore(state: BookState): void {
    this.sheets.splice(0, this.sheets.length);
    for (const saved of state.sheets) {
      const sheet = new FakeSheet(saved.id, saved.name);
      for (const [k, c] of saved.cells) sheet.cells.set(k, { ...c });
      for (const [c, w] of saved.columnWidths) sheet.columnWidths.set(c, w);
      for (const c of saved.hiddenColumns) sheet.hiddenColumns.add(c);
      for (const [a, n] of saved.notes) sheet.notes.set(a, n);
      sheet.validations.push(...saved.validations);
      sheet.frozen = { ...saved.frozen };
      sheet.protected = saved.protected;
      this.sheets.push(sheet);
    }
    this.activeSheetId = state.activeSheetId;
    this.#nextId = state.nextId;
    this.customXmlParts.splice(0, this.customXmlParts.length, ...state.customXmlParts.map((p) => ({ ...p })));
  }

  /** Adds a custom XML part (checked like Excel: well-formed, the namespace of its root element). */
  addXmlPart(xml: string): FakeXmlPart {
    const namespaceUri = xmlNamespace(xml, 'CustomXmlPartCollection.add');
    const part = {
      id: `{FA4E0000-0000-4000-8000-${String(this.#nextId++).padStart(12, '0')}}`,
      namespaceUri,
      xml,
    };
    this.customXmlParts.push(part);
    return part;
  }

  xmlPart(id: string): FakeXmlPart | undefined {
    return this.customXmlParts.find((p) => p.id.toLowerCase() === id.toLowerCase());
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
    this.afterWrite();
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
    for (const handler of sheet.changedHandlers) this.#dispatch(() => handler(args));
  }

  /**
   * A person selects a cell or block (a click, the arrow keys): the selection moves there and
   * onSelectionChanged fires (asynchronously), as Excel raises it. Await `idle()` for the handlers.
   */
  userSelect(sheetName: string, a1: string): void {
    const sheet = this.mustSheet(sheetName);
    mustParse(a1);
    this.activeSheetId = sheet.id;
    this.selection = { sheet: sheet.name, address: a1 };
    if (!this.enableEvents) return;
    for (const handler of this.selectionHandlers) this.#dispatch(() => handler({ type: 'SelectionChanged' }));
  }

  #dispatch(run: () => unknown): void {
    const p = Promise.resolve().then(run);
    this.#pendingHandlers.add(p);
    p.finally(() => this.#pendingHandlers.delete(p)).catch(() => undefined);
  }

  /** Resolves when every event handler fired so far has finished (including work they started). */
  async idle(): Promise<void> {
    while (this.#pendingHandlers.size > 0) await Promise.allSettled([...this.#pendingHandlers]);
  }
}

export function notLoaded(what: string): never {
  throw new FakeExcelError('PropertyNotLoaded', `${what} is not loaded: call load() and sync() first.`);
}

/**
 * The namespace URI of an XML part's root element, after a well-formedness check (Excel refuses
 * a part that is not well-formed XML with InvalidArgument).
 */
export function xmlNamespace(xml: string, location: string): string {
  const bad = (why: string): never => {
    throw new FakeExcelError('InvalidArgument', `The XML is not well-formed: ${why}.`, location);
  };
  const tokens = xml.match(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[^>]*>|[^<]+/g) ?? [];
  const stack: string[] = [];
  let root: { name: string; attrs: Map<string, string> } | null = null;
  let done = false;
  for (const token of tokens) {
    if (token.startsWith('<?') || token.startsWith('<!--')) continue;
    if (token.startsWith('<![CDATA[')) {
      if (stack.length === 0) bad('CDATA outside the root element');
      continue;
    }
    if (!token.startsWith('<')) {
      if (stack.length === 0 && token.trim() !== '') bad('text outside the root element');
      if (/&(?!(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/.test(token)) bad('a bare &');
      if (token.includes(']]>')) bad(']]> in text');
      continue;
    }
    const end = /^<\/([\w.:-]+)\s*>$/.exec(token);
    if (end) {
      if (stack.pop() !== end[1]) bad(`unexpected </${end[1]}>`);
      if (stack.length === 0) done = true;
      continue;
    }
    const start = /^<([\w.:-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>$/.exec(token);
    if (!start) bad(`malformed tag ${token.slice(0, 40)}`);
    const [, name, attrText, selfClosing] = start!;
    if (done) bad('a second root element');
    if (!root) {
      const attrs = new Map<string, string>();
      for (const a of attrText!.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
        attrs.set(a[1]!, a[2] ?? a[3] ?? '');
      root = { name: name!, attrs };
    }
    if (selfClosing) {
      if (stack.length === 0) done = true;
    } else stack.push(name!);
  }
  if (!root || stack.length > 0) bad('no complete root element');
  const prefix = root!.name.includes(':') ? root!.name.slice(0, root!.name.indexOf(':')) : null;
  return root!.attrs.get(prefix ? `xmlns:${prefix}` : 'xmlns') ?? '';
}
