import type { MirroredSheetPort, MirrorResult } from '../app/queue-mirror.ts';
import type { SheetThreadsPort } from '../app/sheet-threads.ts';
import {
  applyRowUpdate,
  type ExcelRun,
  readRows,
  selectCell,
  selectedRow,
  watchSelection,
  writeSheet,
} from './adapter.ts';
import { writeCommentMarks } from './comment-marks.ts';
import { findMirror, readMirror, writeMirror } from './mirror.ts';

/**
 * The SheetPort of app/sheet-session.ts over a real (or fake) `Excel.run`; with custom XML parts
 * (ExcelApi 1.5) also the port of the queue's copy in the workbook (app/queue-mirror.ts); and the
 * conversation's (app/sheet-threads.ts): the selection (ExcelApi 1.2) and the marks (notes, 1.18).
 */
export function excelPort(
  run: ExcelRun,
  capabilities: { notes: boolean; customXml?: boolean; selectionEvents?: boolean },
): MirroredSheetPort & SheetThreadsPort {
  const notes = capabilities.notes;
  // One workbook-level handler for the pane's lifetime (1 sync, the first time): a sheet pane that
  // goes (another cycle, another department) drops its listener; nothing is registered twice.
  const selectionListeners = new Set<() => void>();
  let watching: Promise<void> | null = null;
  const watch = async (listener: () => void) => {
    watching ??= watchSelection(run, () => {
      for (const l of selectionListeners) l();
    }).catch((error: unknown) => {
      watching = null;
      throw error;
    });
    await watching;
    selectionListeners.add(listener);
    return () => void selectionListeners.delete(listener);
  };
  return {
    ...(capabilities.selectionEvents ? { watchSelection: watch } : {}),
    ...(notes
      ? {
          writeCommentMarks: (sheetName: string, wanted, previous) =>
            writeCommentMarks(run, sheetName, wanted, previous),
        }
      : {}),
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

/**
 * Notes arrived with ExcelApi 1.18, custom XML parts with 1.5, the workbook's selection event with
 * 1.2; older hosts go without.
 */
export function detectCapabilities(): { notes: boolean; customXml: boolean; selectionEvents: boolean } {
  const requirements = typeof Office !== 'undefined' ? Office.context?.requirements : undefined;
  return {
    notes: requirements?.isSetSupported('ExcelApi', '1.18') ?? false,
    customXml: requirements?.isSetSupported('ExcelApi', '1.5') ?? false,
    selectionEvents: requirements?.isSetSupported('ExcelApi', '1.2') ?? false,
  };
}
