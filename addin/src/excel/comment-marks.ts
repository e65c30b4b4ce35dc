import { address } from '../app/columns.ts';
import { type CommentMark, MARK_PREFIX, type MarksResult } from '../app/sheet-threads.ts';
import { type ExcelRun, PROTECTION, restoringEvents } from './adapter.ts';

/**
 * The conversation's marks on the department sheet: a note (ExcelApi 1.18) on the name cell of each
 * row whose KPI or 主な取組 has comments — unread ones said so — so a person scanning the sheet sees
 * where someone asked something without opening the pane's list. A note, not a column: the sheet's
 * columns are the official table's (app/columns.ts), and a note travels with the file.
 *
 * Each mark's text starts with MARK_PREFIX; only notes that start with it are ever replaced or
 * removed, so a note a person put on the same cell is left alone. The marks themselves are chosen in
 * app/sheet-threads.ts.
 */
/**
 * Brings the sheet's marks to `wanted`: one Excel.run with 2 syncs whatever the number of rows — the
 * notes at every cell concerned (wanted now, or marked before: `previous`, A1 addresses) are looked
 * up, then the stale ones are deleted and the new ones added in one batch (events off, the sheet
 * unprotected and protected again as applyRowUpdate does). Looking first means a note removed by
 * hand or by a rebuild of the sheet never fails the batch. 'missing' when the sheet is gone.
 */
export async function writeCommentMarks(
  run: ExcelRun,
  sheetName: string,
  wanted: readonly CommentMark[],
  previous: readonly string[],
): Promise<MarksResult> {
  const want = new Map(wanted.map((m) => [address(m.row, m.col), m.text]));
  const cells = [...new Set([...want.keys(), ...previous])];
  if (cells.length === 0) return 'unchanged';
  try {
    return await run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheetName);
      const found = cells.map((cell) => ({ cell, note: ws.notes.getItemOrNullObject(cell).load('content') }));
      await context.sync();
      const remove: string[] = [];
      const add: [string, string][] = [];
      for (const { cell, note } of found) {
        const text = want.get(cell);
        const current = note.isNullObject ? null : String(note.content);
        if (current !== null && !current.startsWith(MARK_PREFIX)) continue; // a person's own note
        if (current === (text ?? null)) continue;
        if (current !== null) remove.push(cell);
        if (text !== undefined) add.push([cell, text]);
      }
      if (remove.length === 0 && add.length === 0) return 'unchanged';
      return restoringEvents(context, async () => {
        context.runtime.enableEvents = false;
        ws.protection.unprotect();
        for (const cell of remove) ws.notes.getItem(cell).delete();
        for (const [cell, text] of add) ws.notes.add(cell, text);
        ws.protection.protect(PROTECTION);
        context.runtime.enableEvents = true;
        await context.sync();
        return 'written' as const;
      });
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ItemNotFound') return 'missing';
    throw error;
  }
}
