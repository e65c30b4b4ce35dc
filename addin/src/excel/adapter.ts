import { address, COLUMN_COUNT, HEADER_ROWS } from '../app/columns.ts';
import type { MirrorResult, MirrorWrite } from '../app/queue-mirror.ts';
import type { RowUpdate } from '../app/row-update.ts';
import { type CellFormat, cellProps, type SheetWritePlan, type ValidationSpec } from '../app/write-plan.ts';
import { queueMirrorWrite, syncWithMirror } from './mirror.ts';

/**
 * The only code that touches Excel. Every function is one logical step with a fixed number of
 * `context.sync()` calls: whole 2-D arrays are queued first and sent together, never a sync inside
 * a loop over rows or cells. Plans come ready-made from app/ (write-plan.ts, row-update.ts).
 */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface SheetChange {
  address: string;
  /** 'Local' for this user's typing or pasting; 'Remote' for a co-author. */
  source: string;
  /** 'ThisLocalAddin' when the change was this add-in's own write. */
  triggerSource: string;
}

export interface WriteOptions {
  /** Notes (ExcelApi 1.18) where supported; otherwise the check column alone explains a bad cell. */
  notes: boolean;
  signal?: AbortSignal;
  onProgress?: (doneRows: number, totalRows: number) => void;
  onChanged?: (change: SheetChange) => void;
  /** The queue's copy in the workbook (app/queue-mirror.ts), written last in the last batch. */
  mirror?: MirrorWrite | null;
  /** What became of that write. */
  onMirror?: (result: MirrorResult | null) => void;
}

export type WriteResult = 'written' | 'cancelled';

/** How the department sheet is protected; every batch that unprotects it restores exactly this. */
export const PROTECTION: Excel.WorksheetProtectionOptions = {
  allowAutoFilter: true,
  allowFormatColumns: true,
  allowFormatRows: true,
  allowInsertRows: false,
  allowDeleteRows: false,
  allowInsertColumns: false,
  allowDeleteColumns: false,
  allowSort: false,
  allowEditObjects: true,
};

/**
 * Writes the department sheet into a temporary worksheet, then swaps it in for the old one in the
 * last batch. A cancel between chunks deletes the temporary sheet: the old sheet stays as it was.
 * Syncs: 1 to look up the sheets, then 1 per chunk (a 1,000-row sheet is one chunk: 2 syncs).
 */
export async function writeSheet(
  run: ExcelRun,
  plan: SheetWritePlan,
  options: WriteOptions,
): Promise<WriteResult> {
  return run((context) => restoringEvents(context, () => writeInBatches(context, plan, options)));
}

/** Events are switched off while the add-in writes; a failed batch must not leave them off. */
export async function restoringEvents<T>(context: Excel.RequestContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    context.runtime.enableEvents = true;
    await context.sync().catch(() => undefined);
    throw error;
  }
}

async function writeInBatches(
  context: Excel.RequestContext,
  plan: SheetWritePlan,
  options: WriteOptions,
): Promise<WriteResult> {
  const sheets = context.workbook.worksheets;
  const old = sheets.getItemOrNullObject(plan.sheetName);
  const stale = sheets.getItemOrNullObject(plan.tempSheetName);
  old.load('isNullObject');
  stale.load('isNullObject');
  await context.sync();

  const total = plan.body.values.length;
  if (!stale.isNullObject) stale.delete();
  const ws = sheets.add(plan.tempSheetName);
  context.runtime.enableEvents = false;
  writeFrame(ws, plan);
  // One request per chunk, not per row: a chunk is as many rows as fit in ~2 MB (Excel on the web
  // refuses requests over 5 MB), and the gap between chunks is where a cancel can stop cleanly.
  for (let c = 0; c < plan.chunks.length; c++) {
    const chunk = plan.chunks[c]!;
    writeBodyRows(ws, plan, chunk.start, chunk.end);
    const last = c === plan.chunks.length - 1;
    if (last) {
      finish(ws, plan, options.notes);
      if (!old.isNullObject) old.delete();
      ws.name = plan.sheetName;
      ws.activate();
      if (options.onChanged) ws.onChanged.add(async (e) => options.onChanged?.(toChange(e)));
      context.runtime.enableEvents = true;
      const mirrorId = options.mirror ? queueMirrorWrite(context, options.mirror) : null;
      options.onMirror?.(await syncWithMirror(context, mirrorId));
    } else await context.sync();
    options.onProgress?.(chunk.end, total);
    if (!last && options.signal?.aborted) {
      ws.delete();
      context.runtime.enableEvents = true;
      await context.sync();
      return 'cancelled';
    }
  }
  return 'written';
}

function toChange(e: Excel.WorksheetChangedEventArgs): SheetChange {
  return {
    address: e.address,
    source: String(e.source),
    triggerSource: String(e.triggerSource ?? 'Unknown'),
  };
}

/** Column widths and formats, header rows, hidden key column: the parts that do not depend on chunks. */
function writeFrame(ws: Excel.Worksheet, plan: SheetWritePlan): void {
  const rows = Math.max(1, plan.body.values.length);
  const columns = ws.getRange(address(0, 0, HEADER_ROWS + rows, COLUMN_COUNT));
  columns.setColumnProperties(
    plan.columnWidths.map((width, c) => ({
      columnIndex: c,
      format: { ...cellProps(plan.columnFormats[c]!).format, columnWidth: width },
    })),
  );
  const header = ws.getRange(address(0, 0, HEADER_ROWS, COLUMN_COUNT));
  header.numberFormat = plan.header.values.map((r) => r.map(() => '@'));
  header.values = plan.header.values;
  header.setCellProperties(plan.header.formats.map((r) => r.map(cellProps)));
  for (const c of plan.hiddenColumns) ws.getRange(address(0, c, HEADER_ROWS + rows, 1)).columnHidden = true;
}

/** Text format first, so nothing typed or written is taken for a formula or a date. */
function writeBodyRows(ws: Excel.Worksheet, plan: SheetWritePlan, start: number, end: number): void {
  if (end <= start) return;
  const range = ws.getRange(address(HEADER_ROWS + start, 0, end - start, COLUMN_COUNT));
  const values = plan.body.values.slice(start, end);
  range.numberFormat = values.map((r) => r.map(() => '@'));
  range.values = values;
  range.setCellProperties(plan.body.formats.slice(start, end).map((r) => r.map(cellProps)));
}

function finish(ws: Excel.Worksheet, plan: SheetWritePlan, notes: boolean): void {
  const rows = plan.body.values.length;
  if (rows > 0)
    for (const v of plan.validations)
      applyValidation(ws.getRange(address(HEADER_ROWS, v.column, rows, 1)), v);
  if (notes) for (const n of plan.notes) ws.notes.add(address(n.row, n.col), n.text);
  ws.freezePanes.freezeAt(ws.getRange(address(0, 0, plan.freeze.rows, plan.freeze.columns)));
  ws.protection.protect(PROTECTION);
}

function applyValidation(range: Excel.Range, v: ValidationSpec): void {
  range.dataValidation.clear();
  range.dataValidation.rule =
    v.rule.kind === 'list'
      ? { list: { inCellDropDown: true, source: v.rule.items.join(',') } }
      : { decimal: { formula1: -1e15, formula2: 1e15, operator: 'Between' } };
  range.dataValidation.prompt = { showPrompt: true, title: v.prompt.title, message: v.prompt.message };
  range.dataValidation.errorAlert =
    v.alert === 'stop'
      ? { showAlert: true, style: 'Stop', title: v.prompt.title, message: v.prompt.message }
      : { showAlert: false, style: 'Information', title: v.prompt.title, message: v.prompt.message };
}

/** Reads whole sheet rows (all columns, the hidden key included). One sync. Null when the sheet is gone. */
export async function readRows(
  run: ExcelRun,
  sheetName: string,
  firstRow: number,
  rowCount: number,
): Promise<(string | number | boolean)[][] | null> {
  try {
    return await run(async (context) => {
      const range = context.workbook.worksheets
        .getItem(sheetName)
        .getRange(address(firstRow, 0, rowCount, COLUMN_COUNT));
      range.load('values');
      await context.sync();
      return range.values as (string | number | boolean)[][];
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ItemNotFound') return null;
    throw error;
  }
}

/**
 * Writes computed cells, formats and notes of edited rows. One sync, events off, protection
 * restored; the queue's copy in the workbook (when given) is written last in the same batch.
 */
export async function applyRowUpdate(
  run: ExcelRun,
  sheetName: string,
  update: RowUpdate,
  notes: boolean,
  mirror: MirrorWrite | null = null,
): Promise<MirrorResult | null> {
  if (update.blocks.length === 0 && update.setNotes.length === 0 && update.clearNotes.length === 0)
    return null;
  return run((context) =>
    restoringEvents(context, async () => {
      const ws = context.workbook.worksheets.getItem(sheetName);
      context.runtime.enableEvents = false;
      ws.protection.unprotect();
      for (const b of update.blocks) {
        if (b.values) {
          const range = ws.getRange(address(b.row, b.col, b.values.length, b.values[0]?.length ?? 1));
          range.numberFormat = b.values.map((r) => r.map(() => '@'));
          range.values = b.values;
        }
        if (b.formats) {
          ws.getRange(address(b.row, b.col, b.formats.length, b.formats[0]?.length ?? 1)).setCellProperties(
            b.formats.map((r) => r.map((f: CellFormat) => cellProps(f))),
          );
        }
      }
      if (notes) {
        for (const n of update.clearNotes) ws.notes.getItem(address(n.row, n.col)).delete();
        for (const n of update.setNotes) ws.notes.add(address(n.row, n.col), n.text);
      }
      ws.protection.protect(PROTECTION);
      context.runtime.enableEvents = true;
      return syncWithMirror(context, mirror ? queueMirrorWrite(context, mirror) : null);
    }),
  );
}

/** Jumps to a cell (the problem list's links). One sync. */
export async function selectCell(run: ExcelRun, sheetName: string, row: number, col: number): Promise<void> {
  await run(async (context) => {
    const ws = context.workbook.worksheets.getItem(sheetName);
    ws.activate();
    ws.getRange(address(row, col)).select();
    await context.sync();
  });
}

/**
 * The sheet row (0-based) of the selected cell when it is on `sheetName`, else null (the history
 * view opens from it). `getSelectedRange` is ExcelApi 1.1. One sync.
 */
export async function selectedRow(run: ExcelRun, sheetName: string): Promise<number | null> {
  return run(async (context) => {
    const range = context.workbook.getSelectedRange();
    range.load('address,rowIndex');
    await context.sync();
    const bang = range.address.lastIndexOf('!');
    const sheet =
      bang < 0
        ? ''
        : range.address
            .slice(0, bang)
            .replace(/^'(.*)'$/, '$1')
            .replaceAll("''", "'");
    return sheet === sheetName ? range.rowIndex : null;
  });
}

/**
 * Calls `onSelect` whenever the person moves the selection anywhere in the workbook
 * (`workbook.onSelectionChanged`, ExcelApi 1.2). Excel passes no address with it: the listener reads
 * the selection itself (selectedRow, 1 sync), debounced. Registered once (1 sync); a workbook-level
 * handler outlives the department sheet, which is swapped for a new worksheet on every rebuild.
 */
export async function watchSelection(run: ExcelRun, onSelect: () => void): Promise<void> {
  await run(async (context) => {
    context.workbook.onSelectionChanged.add(async () => onSelect());
    await context.sync();
  });
}
