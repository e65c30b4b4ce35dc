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
    reviewing: false,
    notice: null,
    newer: null,
    history: null,
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
    expect(view.title).toEqual({
      department: '文化観光局東北連携推進室',
      cycle: '令和5年度末時点',
      year: '令和5年度',
      locked: null,
    });
    expect(view.submission).toEqual({ status: 'draft', label: '作成中', receivedAt: null });
    expect(view.banners).toEqual([]);
    expect(view.sync).toEqual({ kind: 'saved', tone: 'ok', text: t.t('syncSaved') });
    expect(view.actions).toEqual({ save: true, submit: true, withdraw: null, history: true });
    expect(view.problems).toEqual({
      title: '入力エラー 0 件・確認事項 0 件',
      errors: 0,
      warnings: 0,
      items: [],
    });
    expect(view.missing).toBeNull();
    expect(view.review).toBeNull();
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
    expect(locked.banners.map((b) => b.text)).toEqual([
      '令和5年度の報告は締め切られています。この年度のまま閲覧のみで表示しています（別の年度は「報告年度」で選べます）。',
    ]);
    expect(locked.title).toMatchObject({ cycle: '令和5年度末時点', locked: '締切済み・閲覧のみ' });
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
          {
            rowKey: 'i:k-pv',
            row: 3,
            col: 7,
            address: 'H4',
            severity: 'error',
            code: 'cell.not_a_number',
            text: '数値ではありません',
          },
          {
            rowKey: 'i:k-2-1',
            row: 5,
            col: 7,
            address: 'H6',
            severity: 'warning',
            code: 'value.rate_over_100',
            text: '100%超',
          },
        ],
      }),
      t,
    )!;
    expect(view.banners).toEqual([
      { tone: 'error', text: '書けません' },
      { tone: 'error', text: '締め切られています', testId: 'refusal' },
    ]);
    expect(view.sync).toMatchObject({ kind: 'rejected', tone: 'error' });
    // Errors and notes to check are counted apart: the heading never says 0 above a yellow note.
    expect(view.problems.title).toBe('入力エラー 1 件・確認事項 1 件');
    expect(view.problems.items).toHaveLength(2);
  });

  it('names a conflicting cell by its KPI and column', () => {
    const model = buildModel(sampleSheet());
    const kpi = model.rows[1]!.indicator!;
    expect(cellLabel(model, 'i:k-pv:value', t)).toBe(`${kpi.number}. ${kpi.name} — 実績値`);
    expect(cellLabel(model, 'i:gone:footnote', t)).toMatch(/^gone — /);
  });

  it('nothing of the blank cells before the person asks to submit; then every blank cell, with its address', () => {
    expect(selectSheetView(stateOf(), t)!.missing).toBeNull();
    const model = buildModel(sampleSheet());
    model.markMissing = true;
    const view = selectSheetView({ ...stateOf(), model }, t)!;
    expect(view.missing?.title).toBe('未入力 4 件');
    expect(view.missing?.items.map((m) => [m.key, m.address])).toEqual([
      ['p:p-002:activities', 'L5'],
      ['i:k-2-1:value', 'H6'],
      ['i:k-2-2:value', 'H7'],
      ['i:k-2-3:status', 'I8'],
    ]);
    expect(view.missing?.items[0]?.text).toBe(
      '事業「2 テスト事業2」の主な取組が空欄です。今年度の主な取組を入力してください。',
    );
  });

  it('the check before submitting: filled n/m, notes, blank cells; 提出する only for a complete, saved, clean sheet', () => {
    const blank = selectSheetView(stateOf(undefined, { reviewing: true }), t)!;
    expect(blank.review).toMatchObject({
      title: '提出の前に確認',
      summary: {
        kpis: '指標の入力 1/4',
        activities: '主な取組 1/2 事業',
        warnings: '確認事項 0 件',
        missing: '未入力 4 件',
        errors: '入力エラー 0 件',
      },
      canSubmit: false,
    });
    expect(blank.review?.missing).toHaveLength(4);
    expect(blank.review?.help).toContain('空欄です');

    const complete = (s: SheetResponse): SheetResponse => ({
      ...s,
      projects: s.projects.slice(0, 1),
    });
    const ready = selectSheetView(stateOf(complete, { reviewing: true }), t)!;
    expect(ready.review).toMatchObject({ canSubmit: true, missing: [] });
    expect(ready.review?.summary.kpis).toBe('指標の入力 1/1');
    expect(ready.review?.help).toContain('文化観光局東北連携推進室の令和5年度の報告を提出します');
    // Unsent edits or an error hold it back, and it says why.
    const unsent = selectSheetView(
      stateOf(complete, {
        reviewing: true,
        sync: { kind: 'unsent', count: 1, retryAt: null, offline: false },
      }),
      t,
    )!;
    expect(unsent.review).toMatchObject({ canSubmit: false, help: t.t('submitBlocked') });
  });

  it('offers 取り下げ for a submitted sheet when the server lists reopen; not for an editable one', () => {
    const submitted = selectSheetView(
      stateOf(withSubmission({ status: 'submitted', editable: false, allowedActions: ['reopen'] })),
      t,
    )!;
    expect(submitted.actions).toMatchObject({ submit: false, withdraw: '提出を取り下げる' });
    const returned = selectSheetView(
      stateOf(withSubmission({ status: 'returned', editable: true, allowedActions: ['submit', 'reopen'] })),
      t,
    )!;
    expect(returned.actions.withdraw).toBeNull();
    const approved = selectSheetView(
      stateOf(withSubmission({ status: 'approved', editable: false, allowedActions: [] })),
      t,
    )!;
    expect(approved.actions.withdraw).toBeNull();
  });

  it('says when the server holds a newer copy, with a button to load it', () => {
    const view = selectSheetView(
      stateOf(undefined, { newer: { revision: 9, updatedBy: 'u-sato', updatedAt: '2024-04-20T01:00:00Z' } }),
      t,
    )!;
    expect(view.newer?.text).toMatch(/^サーバーに新しい内容があります（u-sato、/);
    expect(view.newer?.button).toBe('最新の内容を読み込む');
    expect(selectSheetView(stateOf(), t)!.newer).toBeNull();
  });

  it('always shows the open year, also when the cycle has no label', () => {
    const view = selectSheetView(
      stateOf((s) => ({ ...s, cycle: { ...s.cycle, label: null } })),
      t,
    )!;
    expect(view.title.cycle).toBe('令和5年度');
    const other = selectSheetView(
      stateOf((s) => ({ ...s, cycle: { ...s.cycle, label: '中間報告' } })),
      t,
    )!;
    expect(other.title.cycle).toBe('令和5年度 中間報告');
  });

  it('a sheet with no project active in the year says there is nothing to report', () => {
    const view = selectSheetView(
      stateOf((s) => ({ ...s, projects: [], actuals: [], activities: [] })),
      t,
    )!;
    expect(view.banners.map((b) => b.testId)).toContain('nothing-to-report');
    expect(view.actions.history).toBe(false);
  });

  it('the history of a row: when, who, field, before and after', () => {
    const view = selectSheetView(
      stateOf(undefined, {
        history: {
          rowKey: 'i:k-pv',
          error: null,
          entries: [
            {
              id: 2,
              at: '2024-04-20T01:00:00Z',
              fiscalYear: 2023,
              departmentId: 'd-kanko',
              indicatorId: 'k-pv',
              projectId: 'p-001',
              action: 'save',
              field: 'value',
              before: '1234',
              after: '144476',
              revision: 4,
              userId: 'u1',
              userName: '佐藤',
              requestId: 'r',
            },
          ],
        },
      }),
      t,
    )!;
    expect(view.history).toMatchObject({
      title: '履歴：① オウンドメディア等のPV数',
      loading: false,
      empty: null,
      rows: [{ who: '佐藤', field: '実績値', before: '1234', after: '144476' }],
    });
    const loading = selectSheetView(
      stateOf(undefined, { history: { rowKey: 'p:p-001', entries: null, error: null } }),
      t,
    )!;
    expect(loading.history).toMatchObject({
      loading: true,
      title: '履歴：1 東北連携による観光プロモーション事業 — 主な取組',
    });
    const none = selectSheetView(
      stateOf(undefined, { history: { rowKey: 'p:p-001', entries: [], error: null } }),
      t,
    )!;
    expect(none.history?.empty).toBe('令和5年度の変更はまだありません。');
  });
});
