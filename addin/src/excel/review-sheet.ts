import { address } from '../app/columns.ts';
import type { ReviewSheetPlan, RowKind } from '../app/review-sheet.ts';
import type { ExcelRun } from './adapter.ts';

/**
 * Writes a review (app/review-sheet.ts) into the workbook as a protected, read-only worksheet, and
 * shows it. Two steps, one `context.sync()` each: find the sheet of an earlier review of this
 * department (to replace it: a review is a snapshot of one revision, never edited), then delete it,
 * add the new one, write every cell as text ('@' first, so that nothing reads as a formula or a
 * date), mark the header, changed and error rows, set the widths, freeze the title rows, protect and
 * activate the sheet.
 */
const LOOK: Partial<Record<RowKind, { bold: boolean; fill?: string }>> = {
  title: { bold: true },
  project: { bold: true, fill: '#EDEDED' },
  header: { bold: true, fill: '#DDEBF7' },
  section: { bold: true },
};
const CHANGED_FILL = '#FFF2CC';
const ERROR_FILL = '#FCE4D6';

export async function writeReviewSheet(run: ExcelRun, plan: ReviewSheetPlan): Promise<{ sheet: string }> {
  return run(async (context) => {
    const sheets = context.workbook.worksheets;
    const earlier = sheets.getItemOrNullObject(plan.name);
    earlier.load('isNullObject');
    await context.sync();

    if (!earlier.isNullObject) {
      // Protected by the earlier review: unprotected first, as Excel requires before deleting.
      earlier.protection.unprotect();
      earlier.delete();
    }
    const ws = sheets.add(plan.name);
    const width = plan.widths.length;
    const all = ws.getRange(address(0, 0, plan.rows.length, width));
    all.numberFormat = plan.rows.map((r) => r.map(() => '@'));
    all.values = plan.rows;
    all.format.wrapText = true;
    all.format.verticalAlignment = 'Top';
    plan.widths.forEach((w, c) => {
      ws.getRange(address(0, c, 1, 1)).format.columnWidth = w;
    });
    plan.kinds.forEach((kind, r) => {
      const look = LOOK[kind];
      if (!look) return;
      const row = ws.getRange(address(r, 0, 1, width));
      row.format.font.bold = look.bold;
      if (look.fill) row.format.fill.color = look.fill;
    });
    for (const r of plan.errors) ws.getRange(address(r, 0, 1, width)).format.fill.color = ERROR_FILL;
    for (const r of plan.changed) ws.getRange(address(r, 0, 1, width)).format.fill.color = CHANGED_FILL;
    ws.freezePanes.freezeAt(ws.getRange(address(0, 0, 1, width)));
    ws.protection.protect();
    ws.activate();
    await context.sync();
    return { sheet: plan.name };
  });
}
