import { describe, expect, it } from 'vitest';
import type { SheetResponse } from '../../../shared/api.ts';
import { sampleSheet } from '../../test-support/sample-sheet.ts';
import type { SheetState } from './controller.ts';
import { translator } from './i18n.ts';
import { buildModel } from './sheet-model.ts';
import { cellLabel, selectSheetView } from './sheet-view-model.ts';

const t = translator('ja');

function stateOf(change: (s: SheetResponse) => SheetResponse = (s) => s, extra: Partial<SheetState> = {}) {
  return {
    model: buildModel(change(sampleSheet())),
    error: null,
    refusal: null,
    sync: { kind: 'saved', at: null },
    problems: [],
    conflict: null,
    ...extra,
  } satisfies SheetState;
}
const withSubmission = (sub: Partial<SheetResponse['submission']>) => (s: SheetResponse) => ({
  ...s,
  submission: { ...s.submission, ...sub },
});

describe('the department pane’s view model', () => {
  it('is nothing until the sheet has loaded', () => {
    expect(selectSheetView({ ...stateOf(), model: null }, t)).toBeNull();
  });

  it('shows the submission’s state, the save state and the buttons of a draft', () => {
    const view = selectSheetView(stateOf(), t)!;
    expect(view.title).toEqual({ department: '文化観光局東北連携推進室', cycle: '令和5年度末時点' });
    expect(view.submission).toEqual({ status: 'draft', label: '作成中', receivedAt: null });
    expect(view.banners).toEqual([]);
    expect(view.sync).toEqual({ kind: 'saved', tone: 'ok', text: t.t('syncSaved') });
    expect(view.actions).toEqual({ save: true, submit: true });
    expect(view.problems).toEqual({ title: t.t('problemsTitle', { count: 0 }), items: [] });
  });

  it('offers submit only when the server lists it, whatever the state looks like', () => {
    const listed = selectSheetView(
      stateOf(withSubmission({ status: 'approved', allowedActions: ['submit'] })),
      t,
    )!;
    expect(listed.actions.submit).toBe(true);
    const unlisted = selectSheetView(stateOf(withSubmission({ status: 'draft', allowedActions: [] })), t)!;
    expect(unlisted.actions.submit).toBe(false);
  });

  it('says why a sheet cannot be edited: a returned sheet’s comment, a locked cycle, a submitted sheet', () => {
    const returned = selectSheetView(
      stateOf(withSubmission({ status: 'returned', comment: '数値を確認' })),
      t,
    )!;
    expect(returned.banners).toEqual([
      {
        tone: 'warning',
        text: t.t('returnedComment', { comment: '数値を確認' }),
        testId: 'returned-comment',
      },
    ]);
    const locked = selectSheetView(
      stateOf((s) => ({
        ...s,
        cycle: { ...s.cycle, locked: true },
        submission: { ...s.submission, editable: false },
      })),
      t,
    )!;
    expect(locked.banners.map((b) => b.text)).toEqual([t.t('lockedCycle')]);
    expect(locked.actions.save).toBe(false);
    const submitted = selectSheetView(
      stateOf(withSubmission({ status: 'submitted', editable: false, submittedAt: '2024-04-20T01:00:00Z' })),
      t,
    )!;
    expect(submitted.banners.map((b) => b.text)).toEqual([t.t('notEditable', { status: '提出済み' })]);
    expect(submitted.submission.receivedAt).toMatch(/に受付$/);
  });

  it('shows errors, refusals and the problems list', () => {
    const view = selectSheetView(
      stateOf(undefined, {
        error: { ja: '書けません', en: 'cannot write' },
        refusal: { ja: '締め切られています', en: 'locked' },
        sync: { kind: 'rejected', count: 1, unsent: 1 },
        problems: [
          { rowKey: 'i:k-pv', row: 3, col: 7, address: 'H4', severity: 'error', text: '数値ではありません' },
          { rowKey: 'i:k-2-1', row: 5, col: 7, address: 'H6', severity: 'warning', text: '100%超' },
        ],
      }),
      t,
    )!;
    expect(view.banners).toEqual([
      { tone: 'error', text: '書けません' },
      { tone: 'error', text: '締め切られています', testId: 'refusal' },
    ]);
    expect(view.sync).toMatchObject({ kind: 'rejected', tone: 'error' });
    expect(view.problems.title).toBe(t.t('problemsTitle', { count: 1 }));
    expect(view.problems.items).toHaveLength(2);
  });

  it('names a conflicting cell by its KPI and column', () => {
    const model = buildModel(sampleSheet());
    const kpi = model.rows[1]!.indicator!;
    expect(cellLabel(model, 'i:k-pv:value', t)).toBe(`${kpi.number}. ${kpi.name} — 実績値`);
    expect(cellLabel(model, 'i:gone:footnote', t)).toMatch(/^gone — /);
  });
});
