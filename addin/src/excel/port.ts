import type { SheetPort } from '../app/sheet-session.ts';
import { applyRowUpdate, type ExcelRun, readRows, selectCell, writeSheet } from './adapter.ts';

/** The SheetPort of app/sheet-session.ts over a real (or fake) `Excel.run`. */
export function excelPort(run: ExcelRun, capabilities: { notes: boolean }): SheetPort {
  return {
    writeSheet: (plan, options) => writeSheet(run, plan, { ...options, notes: capabilities.notes }),
    readRows: (name, first, count) => readRows(run, name, first, count),
    applyRowUpdate: (name, update) => applyRowUpdate(run, name, update, capabilities.notes),
    selectCell: (name, row, col) => selectCell(run, name, row, col),
  };
}

/** Notes arrived with ExcelApi 1.18; older hosts get the fill and the check column only. */
export function detectCapabilities(): { notes: boolean } {
  const requirements = typeof Office !== 'undefined' ? Office.context?.requirements : undefined;
  return { notes: requirements?.isSetSupported('ExcelApi', '1.18') ?? false };
}
