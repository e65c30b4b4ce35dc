import { address } from '../src/app/columns.ts';
import { fakeExcelRun } from './fake-excel.ts';
import { type BookState, FakeWorkbook } from './fake-workbook.ts';
import { exportedSheet } from './read-back.ts';

/**
 * `Office` and `Excel` for the browser end-to-end test, bundled to one script and injected with
 * page.addInitScript before the task pane loads (the office.js CDN request is answered with an
 * empty stub). The workbook lives in memory; the test drives it through `window.__standin`:
 * typing and pasting fire onChanged like Excel does.
 *
 * With `workbook: '<name>'` in the config the workbook lives outside the web view, as Excel's does:
 * the test exposes `window.__standinWorkbookHost` (context.exposeFunction, so the state is kept in
 * the test process), the stand-in loads the named workbook before Office.onReady resolves and saves it
 * after every sync and every edit. Reopening the pane on the same name is reopening it on the same
 * workbook, whatever happened to the page's localStorage meanwhile.
 */
interface StandinConfig {
  /** null: behave like a plain browser (Office.onReady reports no host). */
  host?: 'Excel' | null;
  displayLanguage?: string;
  partitionKey?: string;
  /** Keep the workbook in the test process under this name (see above). */
  workbook?: string;
}

type WorkbookHost = (op: 'load' | 'save', name: string, state?: string) => Promise<string | null>;

type Values = (string | number | boolean)[][];

const w = window as unknown as Record<string, unknown>;
const config = (w.__STANDIN_CONFIG ?? {}) as StandinConfig;
const book = new FakeWorkbook();
const host = config.host === undefined ? 'Excel' : config.host;

const workbookHost = (): WorkbookHost => {
  const f = w.__standinWorkbookHost as WorkbookHost | undefined;
  if (!f) throw new Error('workbook: needs window.__standinWorkbookHost (context.exposeFunction)');
  return f;
};
let saved: Promise<unknown> = Promise.resolve();
const ready: Promise<void> = config.workbook
  ? Promise.resolve()
      .then(() => workbookHost()('load', config.workbook!))
      .then((state) => {
        if (state) book.restore(JSON.parse(state) as BookState);
        book.afterWrite = () => {
          const snapshot = JSON.stringify(book.toState());
          saved = saved.then(() => workbookHost()('save', config.workbook!, snapshot)).catch(() => undefined);
        };
      })
  : Promise.resolve();

w.Office = {
  HostType: { Excel: 'Excel' },
  context: {
    displayLanguage: config.displayLanguage ?? 'ja-JP',
    partitionKey: config.partitionKey,
    requirements: { isSetSupported: (name: string) => name === 'ExcelApi' },
  },
  onReady(callback?: (info: { host: string | null; platform: string | null }) => void) {
    const info = { host, platform: host ? 'OfficeOnline' : null };
    return ready.then(() => {
      callback?.(info);
      return info;
    });
  },
  auth: {
    getAuthContext: () =>
      Promise.reject(new Error('Nested app authentication is not available in the stand-in.')),
  },
};
const run = fakeExcelRun(book);
if (host)
  w.Excel = {
    run: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => ready.then(() => run(batch)),
  };

w.__standin = {
  book,
  sheetNames: () => book.sheets.map((s) => s.name),
  /** The sheet the add-in wrote (the last one added). */
  sheetName: () => book.sheets[book.sheets.length - 1]?.name ?? null,
  type(sheetName: string, address: string, values: Values) {
    book.userEdit(sheetName, address, values);
    return book.idle();
  },
  values: (sheetName: string, address: string) => book.mustSheet(sheetName).values(address),
  cell(sheetName: string, row: number, col: number) {
    const sheet = book.mustSheet(sheetName);
    return { ...sheet.cell(row, col), note: sheet.notes.get(address(row, col)) ?? null };
  },
  /** Every cell with content or a fill, for rendering the sheet in a screenshot. */
  dump(sheetName: string) {
    const sheet = book.mustSheet(sheetName);
    return {
      cells: [...sheet.cells.entries()].map(([k, c]) => ({ key: k, ...c })),
      notes: Object.fromEntries(sheet.notes),
      hidden: [...sheet.hiddenColumns],
    };
  },
  /** What the workbook export wrote into a sheet: cells, merges, formats, page layout, charts. */
  exported: (sheetName: string) => exportedSheet(book, sheetName),
  syncCount: () => book.syncCount,
  idle: () => book.idle(),
  /** The workbook's custom XML parts (ExcelApi 1.5): where the pane keeps its copy of unsent edits. */
  customXmlParts: () => book.customXmlParts.map((p) => ({ ...p })),
  /** Resolves once every change so far is saved in the test process (`workbook` config). */
  persisted: () => saved,
};
