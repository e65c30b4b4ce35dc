import type { ReadCell, ReadSheet } from '../../shared/render/testing/xlsx-reader.ts';
import { columnLetter, parseAddress } from '../src/app/columns.ts';
import { exportState, type FakeChart, type PageSetup } from './fake-export.ts';
import type { FakeWorkbook } from './fake-workbook.ts';

/**
 * What the export wrote into a fake workbook's sheet, as plain data (the browser test gets it out
 * of the page as JSON), and the same read back as the xlsx tests' ReadSheet, so the sheet is held
 * to the table model by the very comparison the xlsx export passes (shared/render/testing).
 */
export interface ExportedSheet {
  name: string;
  cells: {
    row: number;
    col: number;
    value: string | number | boolean;
    numberFormat: string;
    bold: boolean;
    wrap: boolean;
    fill: string | null;
    underline: boolean;
    fontName: string | null;
  }[];
  merges: string[];
  columnWidths: Record<number, number>;
  pageLayout: PageSetup;
  charts: FakeChart[];
  showGridlines: boolean;
}

export function exportedSheet(book: FakeWorkbook, name: string): ExportedSheet {
  const sheet = book.mustSheet(name);
  const state = exportState(sheet);
  return {
    name: sheet.name,
    cells: [...sheet.cells.entries()].map(([key, c]) => {
      const [row, col] = key.split(',').map(Number) as [number, number];
      const look = state.looks.get(key) ?? {};
      return {
        row,
        col,
        value: c.value,
        numberFormat: c.numberFormat,
        bold: c.bold,
        wrap: c.wrap,
        fill: c.fill,
        underline: look.underline === true,
        fontName: look.fontName ?? null,
      };
    }),
    merges: [...state.merges],
    columnWidths: Object.fromEntries(sheet.columnWidths),
    pageLayout: structuredClone(state.pageLayout),
    charts: structuredClone(state.charts),
    showGridlines: state.showGridlines,
  };
}

/**
 * The printed table of an exported sheet (the print area: the chart data beside it is left out)
 * as a ReadSheet. Like Excel, a string that starts with `=` in a cell not formatted as text is a
 * formula; empty cells are not cells.
 */
export function readBack(sheet: ExportedSheet): ReadSheet {
  const area = parseAddress(sheet.pageLayout.printArea ?? 'A1:XFD1048576');
  const inArea = (row: number, col: number) =>
    !area || (row >= area.row && row < area.row + area.rows && col >= area.col && col < area.col + area.cols);
  const cells = new Map<string, ReadCell>();
  for (const c of sheet.cells) {
    if (c.value === '' || !inArea(c.row, c.col)) continue;
    const address = `${columnLetter(c.col)}${c.row + 1}`;
    const isText = typeof c.value === 'string';
    cells.set(address, {
      address,
      row: c.row + 1,
      col: c.col + 1,
      type: typeof c.value === 'number' ? 'n' : isText ? 's' : 'b',
      value: String(c.value),
      formula:
        isText && String(c.value).startsWith('=') && c.numberFormat !== '@' ? String(c.value).slice(1) : null,
      underline: c.underline,
      bold: c.bold,
      wrap: c.wrap,
      numFmt: c.numberFormat,
      fontName: c.fontName,
    });
  }
  const widths = Object.entries(sheet.columnWidths).sort(([a], [b]) => Number(a) - Number(b));
  return {
    name: sheet.name,
    cells,
    merges: sheet.merges,
    columnWidths: widths.map(([, w]) => w),
    pageSetup: Object.fromEntries(
      Object.entries(sheet.pageLayout).map(([k, v]) => [
        k,
        typeof v === 'object' ? JSON.stringify(v) : String(v),
      ]),
    ),
    printTitles: sheet.pageLayout.printTitleRows ?? null,
    rowBreaks: (sheet.pageLayout.horizontalPageBreaks ?? []).map((cell) => parseAddress(cell)?.row ?? -1),
  };
}
