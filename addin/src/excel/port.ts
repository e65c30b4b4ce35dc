import type { MirroredSheetPort, MirrorResult } from '../app/queue-mirror.ts';
import { applyRowUpdate, type ExcelRun, readRows, selectCell, selectedRow, writeSheet } from './adapter.ts';
import { findMirror, readMirror, writeMirror } from './mirror.ts';

/**
 * The SheetPort of app/sheet-session.ts over a real (or fake) `Excel.run`; with custom XML parts
 * (ExcelApi 1.5) also the port of the queue's copy in the workbook (app/queue-mirror.ts).
 */
export function excelPort(
  run: ExcelRun,
  capabilities: { notes: boolean; customXml?: boolean },
): MirroredSheetPort {
  const notes = capabilities.notes;
  return {
    writeSheet: (plan, options) => writeSheet(run, plan, { ...options, notes }),
    readRows: (name, first, count) => readRows(run, name, first, count),
    applyRowUpdate: async (name, update) => {
      await applyRowUpdate(run, name, update, notes);
    },
    selectCell: (name, row, col) => selectCell(run, name, row, col),
    selectedRow: (name) => selectedRow(run, name),
    ...(capabilities.customXml
      ? {
          mirror: {
            readMirror: (namespace) => readMirror(run, namespace),
            findMirror: (namespace) => findMirror(run, namespace),
            writeMirror: (write) => writeMirror(run, write),
            writeSheet: async (plan, options, mirror) => {
              let outcome: MirrorResult | null = null;
              const result = await writeSheet(run, plan, {
                ...options,
                notes,
                mirror,
                onMirror: (r) => {
                  outcome = r;
                },
              });
              return { result, mirror: outcome };
            },
            applyRowUpdate: (name, update, mirror) => applyRowUpdate(run, name, update, notes, mirror),
          },
        }
      : {}),
  };
}

/** Notes arrived with ExcelApi 1.18, custom XML parts with 1.5; older hosts go without. */
export function detectCapabilities(): { notes: boolean; customXml: boolean } {
  const requirements = typeof Office !== 'undefined' ? Office.context?.requirements : undefined;
  return {
    notes: requirements?.isSetSupported('ExcelApi', '1.18') ?? false,
    customXml: requirements?.isSetSupported('ExcelApi', '1.5') ?? false,
  };
}
