import { describe, expect, it } from 'vitest';
import type { HistoryEntry, SheetResponse } from '../../../shared/api.ts';
import { fakeExcelRun } from '../../test-support/fake-excel.ts';
import { FakeWorkbook } from '../../test-support/fake-workbook.ts';
import { sampleSheet } from '../../test-support/sample-sheet.ts';
import { selectReview } from '../app/console-review.ts';
import { translator } from '../app/i18n.ts';
import { reviewSheetName, reviewSheetPlan } from '../app/review-sheet.ts';
import { writeReviewSheet } from './review-sheet.ts';

/**
 * 「Excelで開く」: the review of a submission as a protected, read-only worksheet — the same view
 * model as the pane's review, written in two syncs, replaced (not duplicated) by the next review.
 */
const t = translator('ja');

/** The sample sheet submitted at revision 9, its 主な取組 a text that looks like a formula. */
function submitted(): SheetResponse {
  const sheet = sampleSheet({ kpis: 4 });
  return {
    ...sheet,
    activities: [{ projectId: 'p-001', text: '=HYPERLINK("http://x")' }],
    submission: {
      ...sheet.submission,
      status: 'submitted',
      revision: 9,
      submittedAt: '2024-04-12T01:00:00Z',
      editable: false,
      allowedActions: ['approve', 'return', 'reopen'],
    },
  };
}

const entry = (id: number, action: string, more: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id,
  at: `2024-04-10T0${id}:00:00Z`,
  fiscalYear: 2023,
  departmentId: 'd-kanko',
  indicatorId: null,
  projectId: null,
  action,
  field: null,
  before: null,
  after: null,
  revision: id,
  userId: 'u1',
  userName: '鈴木',
  requestId: `r${id}`,
  ...more,
});

/** Submitted, returned, one value changed, submitted again: one change since the last submission. */
const HISTORY: HistoryEntry[] = [
  entry(5, 'submit'),
  entry(4, 'save', {
    indicatorId: 'k-pv',
    projectId: 'p-001',
    field: 'value',
    before: '120000',
    after: '144476',
  }),
  entry(3, 'return'),
  entry(2, 'submit'),
];

describe('the review as a worksheet', () => {
  const view = selectReview(submitted(), HISTORY, t);
  const plan = reviewSheetPlan(view, 'ja');
  const text = plan.rows.map((r) => r.join('\t')).join('\n');

  it('holds what the pane’s review shows: values, 達成度, footnotes and reasons, problems, changes', () => {
    expect(plan.name).toBe(reviewSheetName(view.departmentId));
    expect(plan.rows.every((r) => r.length === plan.widths.length)).toBe(true);
    expect(plan.rows[0]![0]).toBe(view.title);
    expect(text).toContain('確認している版: 9');
    expect(text).toContain('作業ウィンドウで、表示している版（9）に対して行います');
    for (const p of view.projects)
      for (const r of p.rows) {
        const row = plan.rows.find((x) => x[0]!.startsWith(r.name))!;
        expect(row.slice(1, 8), r.name).toEqual([
          r.baseline,
          r.target,
          r.actual,
          r.achievement,
          r.cumulative,
          r.judgement,
          r.notes,
        ]);
      }
    const pv = plan.rows.find((x) => x[3] === '144,476')!;
    expect(pv[4]).toBe('481.6%');
    expect(pv[9]).toBe('変更あり');
    expect(plan.changed).toEqual([plan.rows.indexOf(pv)]);
    expect(text).toContain(view.problems.title);
    expect(text).toContain('前回の提出からの変更（1件）');
    expect(text).toContain('120,000 → 144,476');
    expect(plan.rows.filter((_, i) => plan.kinds[i] === 'header')).toHaveLength(view.projects.length);
  });

  it('is written in two syncs, as text, protected, and shown', async () => {
    const book = new FakeWorkbook();
    const run = fakeExcelRun(book);
    expect(await writeReviewSheet(run, plan)).toEqual({ sheet: plan.name });
    expect(book.syncCount).toBe(2);
    const sheet = book.sheet(plan.name)!;
    expect(sheet.protected).toBe(true);
    expect(book.activeSheetId).toBe(sheet.id);
    expect(sheet.values(`A1:J${plan.rows.length}`)).toEqual(plan.rows);
    // Text, never a formula: the 主な取組 that looks like one stays as typed, in a '@' cell.
    const activities = plan.rows.findIndex((r) => r[1] === '=HYPERLINK("http://x")');
    expect(sheet.cell(activities, 1).numberFormat).toBe('@');
    // The changed KPI's row is marked; the sheet refuses edits (read only).
    const pv = plan.rows.findIndex((x) => x[3] === '144,476');
    expect(sheet.cell(pv, 0).fill).toBe('#FFF2CC');
    expect(() => sheet.assertWritable(`D${pv + 1}`)).toThrow(/protected/);
    expect(sheet.frozen).toEqual({ rows: 1, columns: plan.widths.length });
  });

  it('replaces the sheet of an earlier review of the same department, still in two syncs', async () => {
    const book = new FakeWorkbook();
    const run = fakeExcelRun(book);
    await writeReviewSheet(run, plan);
    const approved = reviewSheetPlan(
      selectReview({ ...submitted(), submission: { ...submitted().submission, revision: 10 } }, HISTORY, t),
      'ja',
    );
    await writeReviewSheet(run, approved);
    expect(book.syncCount).toBe(4);
    expect(book.sheets.filter((s) => s.name === plan.name)).toHaveLength(1);
    const sheet = book.sheet(plan.name)!;
    expect(sheet.protected).toBe(true);
    expect(sheet.values('A1:J20').flat().join('\n')).toContain('確認している版: 10');
  });

  it('names the sheet as Excel allows: at most 31 characters, none of : \\ / ? * [ ]', () => {
    expect(reviewSheetName('kanko')).toBe('確認_kanko');
    const long = reviewSheetName('a'.repeat(40));
    expect(long).toHaveLength(31);
    expect(reviewSheetName('a[b]:c')).toBe('確認_a_b__c');
  });

  it('speaks English in the English pane', () => {
    const en = reviewSheetPlan(selectReview(submitted(), HISTORY, translator('en')), 'en');
    expect(en.rows.find((_, i) => en.kinds[i] === 'header')).toContain('Achievement');
    expect(en.rows.map((r) => r.join(' ')).join('\n')).toContain('Approve or return it in the task pane');
  });
});
