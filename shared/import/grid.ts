import ExcelJS from 'exceljs';
import { decimal, mul, toPlainString } from '../decimal.ts';
import { numberToDecimalString } from '../notation/index.ts';
import { displayNumber } from '../render/number-format.ts';
import { settleDeferredWork } from '../render/settle.ts';

/**
 * The printed text of an imported table as a grid of strings, whatever it came from: a CSV (RFC
 * 4180, UTF-8 with or without BOM, or Shift_JIS) or each sheet of an xlsx (each cell as Excel would
 * display it). Row and column indexes are 0-based; `address` gives the A1 name people see.
 */
export interface TextGrid {
  /** The sheet the grid was read from ('' for CSV). */
  sheet: string;
  rows: string[][];
}

export { cellAddress as address } from '../render/xml.ts';

/** A CSV field that our export guarded against formula injection (`'=…`) reads without the apostrophe. */
function unguard(field: string): string {
  return /^'[=+\-@\t\r]/.test(field) ? field.slice(1) : field;
}

/**
 * RFC 4180 with the usual leniencies: CRLF or LF line ends, a BOM, a last line without its line
 * end. A quote inside an unquoted field is kept as text. Returns null when a quoted field is not
 * closed (the file is cut off).
 */
export function parseCsv(text: string): string[][] | null {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => {
    row.push(unguard(field));
    field = '';
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\r' || ch === '\n') {
      endField();
      rows.push(row);
      row = [];
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (quoted) return null;
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

/** UTF-8 (with or without BOM); a Shift_JIS CSV as Excel saves it is read too where the runtime knows it. */
export function decodeCsv(data: Uint8Array): string | null {
  for (const encoding of ['utf-8', 'shift_jis']) {
    try {
      return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(data);
    } catch {
      // next encoding (or none: the runtime may not know Shift_JIS)
    }
  }
  return null;
}

export const isZip = (data: Uint8Array): boolean =>
  data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;

/** The format code without its `%` outside quotes (Excel shows such a value × 100); null when it has none. */
function withoutPercent(code: string): string | null {
  let out = '';
  let quoted = false;
  let found = false;
  for (const ch of code) {
    if (ch === '"') quoted = !quoted;
    if (ch === '%' && !quoted) found = true;
    else out += ch;
  }
  return found ? out : null;
}

/** A stored number as Excel shows it; a percent format (`0.0%`, typed as `481.6%`) shows it × 100. */
function shownNumber(value: number, numFmt: string | undefined): string {
  const stored = numberToDecimalString(value);
  if (stored === null) return '';
  const code = numFmt ?? 'General';
  const percentCode = withoutPercent(code);
  if (percentCode !== null) {
    const hundred = toPlainString(mul(decimal(stored), decimal('100')));
    return `${displayNumber(hundred, percentCode) ?? hundred}%`;
  }
  return displayNumber(stored, code) ?? stored;
}

/** What Excel shows in a cell: numbers through their number format, rich text joined, formula results. */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return shownNumber(value, cell.numFmt);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) {
    const result = value.result;
    if (typeof result === 'number') return shownNumber(result, cell.numFmt);
    return result === undefined || result === null || typeof result === 'object' ? '' : String(result);
  }
  if ('text' in value) return String(value.text);
  return '';
}

/** The sheets of an xlsx as text grids; null when the bytes are not an xlsx exceljs can open. */
export async function readXlsxGrids(data: Uint8Array): Promise<TextGrid[] | null> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return null;
  } finally {
    await settleDeferredWork();
  }
  return workbook.worksheets.map((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
        // A merged cell's covered positions repeat the master's value in exceljs: keep the master only.
        if (cell.isMerged && cell.master.address !== cell.address) return;
        cells[colNumber - 1] = cellText(cell);
      });
      rows[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
    });
    return { sheet: sheet.name, rows: Array.from(rows, (r) => r ?? []) };
  });
}
