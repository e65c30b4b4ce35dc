import { address } from '../src/app/columns.ts';
import { fakeChartCollection } from './fake-chart.ts';
import { exportState, fakeHorizontalPageBreaks, fakePageLayout, fakeRangeAreas } from './fake-export.ts';
import { FakeRange } from './fake-range.ts';
import {
  type ChangedArgs,
  FakeExcelError,
  type FakeSheet,
  type FakeWorkbook,
  mustParse,
  notLoaded,
} from './fake-workbook.ts';
import { FakeCustomXmlParts } from './fake-xml-parts.ts';

/**
 * Office.js-style proxies over a FakeWorkbook: calls queue commands, `context.sync()` runs them in
 * order, and properties can be read only after `load()` + `sync()` (else PropertyNotLoaded, as in
 * Excel). Each sync is recorded with its command count and payload size, so tests can prove batching.
 */
type Op = { json: unknown; apply: () => void };

export class FakeContext {
  readonly ops: Op[] = [];
  readonly book: FakeWorkbook;
  readonly workbook: {
    worksheets: Worksheets;
    customXmlParts: FakeCustomXmlParts;
    getSelectedRange(): FakeSelectedRange;
    onSelectionChanged: { add(handler: (args: { type: 'SelectionChanged' }) => unknown): { remove(): void } };
  };
  readonly runtime: { enableEvents: boolean };
  constructor(book: FakeWorkbook) {
    this.book = book;
    this.workbook = {
      worksheets: new Worksheets(this),
      customXmlParts: new FakeCustomXmlParts(this),
      getSelectedRange: () => new FakeSelectedRange(this),
      // Registered when the batch syncs, as Excel does; `remove` is queued like any command.
      onSelectionChanged: {
        add: (handler) => {
          this.queue({ op: 'onSelectionChanged.add' }, () => this.book.selectionHandlers.push(handler));
          return {
            remove: () =>
              this.queue({ op: 'onSelectionChanged.remove' }, () => {
                const at = this.book.selectionHandlers.indexOf(handler);
                if (at >= 0) this.book.selectionHandlers.splice(at, 1);
              }),
          };
        },
      },
    };
    const ctx = this;
    this.runtime = {
      set enableEvents(v: boolean) {
        ctx.queue({ op: 'enableEvents', v }, () => {
          ctx.book.enableEvents = v;
        });
      },
      get enableEvents(): boolean {
        return ctx.book.enableEvents;
      },
    };
  }

  queue(json: unknown, apply: () => void): void {
    this.ops.push({ json, apply });
  }

  async sync(): Promise<void> {
    const ops = this.ops.splice(0);
    const bytes = new TextEncoder().encode(JSON.stringify(ops.map((o) => o.json))).length;
    this.book.syncs.push({ ops: ops.length, bytes });
    await Promise.resolve();
    try {
      for (const op of ops) op.apply();
    } finally {
      this.book.afterWrite();
    }
  }
}

/** The selected range (`workbook.getSelectedRange()`): its address (`Sheet!B5`) and row, once loaded. */
class FakeSelectedRange {
  readonly #ctx: FakeContext;
  #loaded: { address: string; rowIndex: number } | undefined;
  constructor(ctx: FakeContext) {
    this.#ctx = ctx;
  }
  load(_props?: string | string[]): this {
    this.#ctx.queue({ op: 'load', what: 'selection' }, () => {
      const book = this.#ctx.book;
      const active = book.sheets.find((s) => s.id === book.activeSheetId)?.name ?? '';
      const at = book.selection ?? { sheet: active, address: 'A1' };
      const quoted = /^[A-Za-z0-9_]+$/.test(at.sheet) ? at.sheet : `'${at.sheet.replaceAll("'", "''")}'`;
      this.#loaded = { address: `${quoted}!${at.address}`, rowIndex: mustParse(at.address).row };
    });
    return this;
  }
  get address(): string {
    return this.#loaded?.address ?? notLoaded('Range.address');
  }
  get rowIndex(): number {
    return this.#loaded?.rowIndex ?? notLoaded('Range.rowIndex');
  }
}

/**
 * A note looked up with `notes.getItemOrNullObject` (ExcelApi 1.18): `isNullObject` and `content`
 * once loaded; deleting a note that is not there fails the batch, as in Excel.
 */
class FakeNote {
  readonly #ctx: FakeContext;
  readonly #sheet: FakeSheetHandle;
  readonly #cell: string;
  #loaded: { isNullObject: boolean; content: string } | undefined;
  constructor(ctx: FakeContext, sheet: FakeSheetHandle, cell: string) {
    this.#ctx = ctx;
    this.#sheet = sheet;
    const r = mustParse(cell);
    this.#cell = address(r.row, r.col);
  }
  load(_props?: string | string[]): this {
    this.#ctx.queue({ op: 'note.load', cell: this.#cell }, () => {
      const content = this.#sheet.must().notes.get(this.#cell);
      this.#loaded = { isNullObject: content === undefined, content: content ?? '' };
    });
    return this;
  }
  get isNullObject(): boolean {
    return this.#loaded?.isNullObject ?? notLoaded('Note.isNullObject');
  }
  get content(): string {
    return this.#loaded?.content ?? notLoaded('Note.content');
  }
  delete(): void {
    this.#ctx.queue({ op: 'note.delete', cell: this.#cell }, () => {
      if (!this.#sheet.must().notes.delete(this.#cell))
        throw new FakeExcelError('ItemNotFound', `No note at ${this.#cell}.`);
    });
  }
}

/** Resolves a worksheet once, when the first command that needs it runs (a rename keeps the identity). */
export class FakeSheetHandle {
  #resolved: FakeSheet | null | undefined;
  readonly #find: () => FakeSheet | null;
  constructor(find: () => FakeSheet | null) {
    this.#find = find;
  }
  get(): FakeSheet | null {
    if (this.#resolved === undefined) this.#resolved = this.#find();
    return this.#resolved;
  }
  must(): FakeSheet {
    const s = this.get();
    if (!s) throw new FakeExcelError('ItemNotFound', 'The worksheet does not exist.');
    return s;
  }
}

class Worksheets {
  readonly #ctx: FakeContext;
  #items: { name: string; id: string }[] | undefined;
  constructor(ctx: FakeContext) {
    this.#ctx = ctx;
  }
  /** Loads the sheets' names and ids (`load('items/name')`): the items are plain, read-only. */
  load(_props?: string | string[]): this {
    this.#ctx.queue({ op: 'load', what: 'worksheets' }, () => {
      this.#items = this.#ctx.book.sheets.map((s) => ({ name: s.name, id: s.id }));
    });
    return this;
  }
  get items(): { name: string; id: string }[] {
    return this.#items ?? notLoaded('WorksheetCollection.items');
  }
  getItem(name: string): Worksheet {
    return new Worksheet(this.#ctx, new FakeSheetHandle(() => this.#ctx.book.mustSheet(name)));
  }
  getItemOrNullObject(name: string): Worksheet {
    return new Worksheet(this.#ctx, new FakeSheetHandle(() => this.#ctx.book.sheet(name) ?? null));
  }
  getActiveWorksheet(): Worksheet {
    const book = this.#ctx.book;
    return new Worksheet(
      this.#ctx,
      new FakeSheetHandle(() => book.sheets.find((s) => s.id === book.activeSheetId) ?? null),
    );
  }
  add(name: string): Worksheet {
    let created: FakeSheet | null = null;
    const handle = new FakeSheetHandle(() => created);
    this.#ctx.queue({ op: 'addSheet', name }, () => {
      created = this.#ctx.book.addSheet(name);
      handle.get();
    });
    return new Worksheet(this.#ctx, handle);
  }
}

class Worksheet {
  readonly #ctx: FakeContext;
  readonly #sheet: FakeSheetHandle;
  #loaded: { name?: string; id?: string; isNullObject?: boolean } = {};
  readonly protection;
  readonly freezePanes;
  readonly onChanged;
  readonly notes;
  readonly charts;
  readonly pageLayout;
  readonly horizontalPageBreaks;
  constructor(ctx: FakeContext, sheet: FakeSheetHandle) {
    this.#ctx = ctx;
    this.#sheet = sheet;
    this.charts = fakeChartCollection(ctx, sheet);
    this.pageLayout = fakePageLayout(ctx, sheet);
    this.horizontalPageBreaks = fakeHorizontalPageBreaks(ctx, sheet);
    const q = (json: unknown, f: (s: FakeSheet) => void) => ctx.queue(json, () => f(sheet.must()));
    this.protection = {
      protect: (options?: unknown) =>
        q({ op: 'protect', options }, (s) => {
          s.protected = true;
        }),
      unprotect: () =>
        q({ op: 'unprotect' }, (s) => {
          s.protected = false;
        }),
    };
    this.freezePanes = {
      freezeAt: (range: FakeRange) =>
        q({ op: 'freezeAt', a: range.a1 }, (s) => {
          const r = mustParse(range.a1);
          s.frozen = { rows: r.row + r.rows, columns: r.col + r.cols };
        }),
    };
    this.onChanged = {
      add: (handler: (args: ChangedArgs) => unknown) => {
        q({ op: 'onChanged.add' }, (s) => s.changedHandlers.push(handler));
        return { remove: () => undefined };
      },
    };
    this.notes = {
      add: (cell: string, content: string) =>
        q({ op: 'note.add', cell, content }, (s) => {
          const a = address(mustParse(cell).row, mustParse(cell).col);
          if (s.notes.has(a)) throw new FakeExcelError('InvalidArgument', `${a} already has a note.`);
          s.notes.set(a, content);
        }),
      getItem: (cell: string) => ({
        delete: () =>
          q({ op: 'note.delete', cell }, (s) => {
            if (!s.notes.delete(cell)) throw new FakeExcelError('ItemNotFound', `No note at ${cell}.`);
          }),
      }),
      getItemOrNullObject: (cell: string) => new FakeNote(ctx, sheet, cell),
    };
  }
  get name(): string {
    return this.#loaded.name ?? notLoaded('Worksheet.name');
  }
  set name(value: string) {
    this.#ctx.queue({ op: 'rename', value }, () => {
      const s = this.#sheet.must();
      const clash = this.#ctx.book.sheet(value);
      if (clash && clash !== s)
        throw new FakeExcelError('ItemAlreadyExists', `A sheet named ${value} exists.`);
      s.name = value;
    });
  }
  get id(): string {
    return this.#loaded.id ?? notLoaded('Worksheet.id');
  }
  get isNullObject(): boolean {
    return this.#loaded.isNullObject ?? notLoaded('Worksheet.isNullObject');
  }
  load(_props?: string | string[]): this {
    this.#ctx.queue({ op: 'load' }, () => {
      const s = this.#sheet.get();
      this.#loaded = s ? { name: s.name, id: s.id, isNullObject: false } : { isNullObject: true };
    });
    return this;
  }
  delete(): void {
    this.#ctx.queue({ op: 'deleteSheet' }, () => this.#ctx.book.deleteSheet(this.#sheet.must()));
  }
  activate(): void {
    this.#ctx.queue({ op: 'activate' }, () => {
      this.#ctx.book.activeSheetId = this.#sheet.must().id;
    });
  }
  getRange(a1: string): FakeRange {
    mustParse(a1);
    return new FakeRange(this.#ctx, this.#sheet, a1);
  }
  getRanges(list: string) {
    return fakeRangeAreas(this.#ctx, this.#sheet, list);
  }
  set showGridlines(v: boolean) {
    this.#ctx.queue({ op: 'showGridlines', v }, () => {
      exportState(this.#sheet.must()).showGridlines = v;
    });
  }
}

/** `Excel.run` over the fake workbook; like Office.js it syncs commands left queued at the end. */
export function fakeExcelRun(book: FakeWorkbook) {
  return async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    const ctx = new FakeContext(book);
    const result = await batch(ctx as unknown as Excel.RequestContext);
    if (ctx.ops.length > 0) await ctx.sync();
    return result;
  };
}
