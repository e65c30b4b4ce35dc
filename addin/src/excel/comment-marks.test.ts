import { describe, expect, it } from 'vitest';
import { fakeExcelRun } from '../../test-support/fake-excel.ts';
import { FakeWorkbook } from '../../test-support/fake-workbook.ts';
import { address } from '../app/columns.ts';
import { writeCommentMarks } from './comment-marks.ts';

/** The conversation's marks on the sheet: one Excel.run for the whole sheet, 2 syncs whatever its size. */
function setup() {
  const book = new FakeWorkbook();
  const sheet = book.addSheet('進捗');
  sheet.protected = true;
  return { book, sheet, run: fakeExcelRun(book) };
}

const marks = (rows: number[], text = '💬 未読のコメントが 1 件あります。') =>
  rows.map((row) => ({ row, col: 1, text }));

describe('writeCommentMarks', () => {
  it('marks 500 rows in 2 syncs (look up, write), the sheet protected again', async () => {
    const { book, sheet, run } = setup();
    const rows = Array.from({ length: 500 }, (_, i) => i + 2);
    expect(await writeCommentMarks(run, '進捗', marks(rows), [])).toBe('written');
    expect(book.syncCount).toBe(2);
    expect(sheet.notes.size).toBe(500);
    expect(sheet.notes.get(address(2, 1))).toBe('💬 未読のコメントが 1 件あります。');
    expect(sheet.protected).toBe(true);
    expect(book.enableEvents).toBe(true);
  });

  it('the same marks again: looked up (1 sync), nothing written', async () => {
    const { book, run } = setup();
    await writeCommentMarks(run, '進捗', marks([2, 3]), []);
    const before = book.syncCount;
    expect(await writeCommentMarks(run, '進捗', marks([2, 3]), ['B3', 'B4'])).toBe('unchanged');
    expect(book.syncCount - before).toBe(1);
  });

  it('replaces changed marks, removes stale ones, skips a mark removed by hand, keeps a person’s note', async () => {
    const { book, sheet, run } = setup();
    await writeCommentMarks(run, '進捗', marks([2, 3, 4]), []);
    sheet.notes.delete('B4'); // removed by hand: deleting it again would fail the batch
    sheet.notes.set('B5', '担当: 佐藤'); // a person's own note where a mark now goes
    const before = book.syncCount;
    const result = await writeCommentMarks(
      run,
      '進捗',
      [...marks([2], '💬 コメント 2 件。'), ...marks([4])],
      ['B3', 'B4', 'B5'],
    );
    expect(result).toBe('written');
    expect(book.syncCount - before).toBe(2);
    // B3 rewritten, B4 (gone by hand, no longer wanted) skipped, B5 is a person's: it stays.
    expect(Object.fromEntries(sheet.notes)).toEqual({ B3: '💬 コメント 2 件。', B5: '担当: 佐藤' });
    // Once the person's note is gone, the mark goes there.
    sheet.notes.delete('B5');
    await writeCommentMarks(run, '進捗', marks([4]), ['B3']);
    expect(Object.fromEntries(sheet.notes)).toEqual({ B5: '💬 未読のコメントが 1 件あります。' });
  });

  it('nothing to mark and nothing marked: no Excel call; a missing sheet: "missing"', async () => {
    const { book, run } = setup();
    expect(await writeCommentMarks(run, '進捗', [], [])).toBe('unchanged');
    expect(book.syncCount).toBe(0);
    expect(await writeCommentMarks(run, 'もうない', marks([2]), [])).toBe('missing');
  });
});
