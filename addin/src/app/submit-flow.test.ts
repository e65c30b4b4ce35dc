import { describe, expect, it } from 'vitest';
import type { HistoryEntry, SaveValuesRequest } from '../../../shared/api.ts';
import { fakeExcelRun } from '../../test-support/fake-excel.ts';
import { FakeServer } from '../../test-support/fake-server.ts';
import { FakeWorkbook } from '../../test-support/fake-workbook.ts';
import type { ApiClient } from '../api/client.ts';
import { excelPort } from '../excel/port.ts';
import { address, type ColumnId, columnIndex, HEADER_ROWS } from './columns.ts';
import { SheetController } from './controller.ts';
import { translator } from './i18n.ts';
import { type RowKey, rowKey } from './keys.ts';
import { selectSheetView } from './sheet-view-model.ts';
import { MemoryStorage } from './storage.ts';

/**
 * A department's submit, as the pane runs it against a fake server and a fake workbook: 提出 opens
 * the check (blank cells listed and marked on the sheet, nothing sent), a complete sheet is
 * confirmed and submitted, a submitted one withdrawn; offline it says it needs the connection; a
 * newer copy on the server is offered for reload (never over unsent edits); a row's history opens
 * from the selected cell.
 */
const t = translator('ja');
const clock = { now: () => Date.now(), setTimer: () => 0, clearTimer: () => undefined };

function setup() {
  const server = new FakeServer();
  const book = new FakeWorkbook();
  const steps: string[] = [];
  const history: HistoryEntry[] = [];
  const base = server.api() as unknown as Record<string, unknown>;
  const api = {
    ...base,
    // A stale save is refused as a network failure here: FakeServer has no 409 (the conflict view has its own tests).
    save: async (
      _p: string,
      _fy: number,
      _d: string,
      body: SaveValuesRequest,
      ifMatch: number,
      key: string,
    ) =>
      ifMatch !== server.revision && server.online
        ? { ok: false, kind: 'network', message: 'stale' }
        : server.save(body, ifMatch, key),
    workflow: async (_p: string, _fy: number, _d: string, action: string, o: { ifMatch?: number }) => {
      steps.push(action);
      if (!server.online) return { ok: false, kind: 'network', message: 'Failed to fetch' };
      expect(o.ifMatch).toBe(server.revision);
      server.revision++;
      const submitted = action === 'submit';
      server.data.submission = {
        ...server.data.submission,
        status: submitted ? 'submitted' : 'draft',
        editable: !submitted,
        allowedActions: submitted ? ['reopen'] : ['submit'],
        submittedAt: submitted ? '2024-04-20T01:00:00Z' : null,
      };
      return {
        ok: true,
        value: { status: server.data.submission.status, revision: server.revision, comment: null },
      };
    },
    indicatorHistory: async (_p: string, indicatorId: string) => ({
      ok: true,
      value: { entries: history.filter((e) => e.indicatorId === indicatorId), nextBefore: null },
    }),
  } as unknown as ApiClient;
  let ids = 0;
  const c = new SheetController(
    {
      api,
      storage: new MemoryStorage(),
      port: excelPort(fakeExcelRun(book), { notes: true, customXml: true }),
      t,
      clock,
      newId: () => `idem-${++ids}`,
    },
    'plan-1',
    2023,
    'd-kanko',
  );
  return { server, book, c, steps, history };
}

async function type(s: ReturnType<typeof setup>, row: RowKey, column: ColumnId, text: string) {
  const at = address(HEADER_ROWS + s.c.model.rowIndex.get(row)!, columnIndex(column));
  s.book.userEdit(s.c.session.sheetName, at, [[text]]);
  await s.book.idle();
  await s.c.session.idle();
}

const cellOf = (s: ReturnType<typeof setup>, row: RowKey, column: ColumnId) => {
  const sheet = s.book.mustSheet(s.c.session.sheetName);
  const r = HEADER_ROWS + s.c.model.rowIndex.get(row)!;
  return { ...sheet.cell(r, columnIndex(column)), note: sheet.notes.get(address(r, columnIndex(column))) };
};

describe('submitting from the pane', () => {
  it('stops an incomplete sheet with the list of blank cells, marked on the sheet; sends nothing', async () => {
    const s = setup();
    await s.c.open();
    const before = cellOf(s, rowKey('indicator', 'k-2-1'), 'value');
    expect(before.note).toBeUndefined();
    await s.c.reviewSubmit();
    const view = selectSheetView(s.c.state(), t)!;
    expect(view.review?.canSubmit).toBe(false);
    expect(view.review?.summary).toMatchObject({ kpis: '指標の入力 1/6', activities: '主な取組 1/3 事業' });
    expect(view.review?.missing.map((m) => m.key)).toEqual([
      'p:p-002:activities',
      'i:k-2-1:value',
      'i:k-2-2:value',
      'i:k-2-3:status',
      'p:p-003:activities',
      'i:k-3-1:value',
      'i:k-3-2:status',
    ]);
    const marked = cellOf(s, rowKey('indicator', 'k-2-1'), 'value');
    expect(marked.note).toContain('実績値が空欄です');
    expect(marked.fill).not.toBe(before.fill);
    // Blank cells are not input errors: the heading counts none.
    expect(view.problems.title).toBe('入力エラー 0 件・確認事項 0 件');
    expect(await s.c.submit()).toBe(false);
    expect(s.steps).toEqual([]);
    s.c.dispose();
  });

  it('filled, it is confirmed and submitted; the marks go; then withdrawn', async () => {
    const s = setup();
    await s.c.open();
    await s.c.reviewSubmit();
    const kpi = (id: string) => rowKey('indicator', id);
    await type(s, rowKey('project', 'p-002'), 'activities', '説明会を開催');
    await type(s, rowKey('project', 'p-003'), 'activities', '事業者訪問');
    for (const id of ['k-2-1', 'k-2-2', 'k-3-1']) await type(s, kpi(id), 'value', '12');
    await type(s, kpi('k-2-3'), 'status', '実施中');
    // A missing value with its reason counts as filled.
    await type(s, kpi('k-3-2'), 'missingReason', '集計中');
    await type(s, kpi('k-3-2'), 'value', '(※)');
    expect(cellOf(s, kpi('k-2-1'), 'value').note).toBeUndefined();
    await s.c.saveNow();
    const view = selectSheetView(s.c.state(), t)!;
    expect(view.review).toMatchObject({ canSubmit: true, missing: [] });
    expect(view.review?.summary.kpis).toBe('指標の入力 6/6');
    expect(view.review?.summary.missing).toBe('未入力 0 件');

    expect(await s.c.submit()).toBe(true);
    expect(s.steps).toEqual(['submit']);
    const submitted = selectSheetView(s.c.state(), t)!;
    expect(submitted.submission.status).toBe('submitted');
    expect(submitted.review).toBeNull();
    expect(submitted.actions).toMatchObject({ submit: false, withdraw: '提出を取り下げる' });

    expect(await s.c.withdraw()).toBe(true);
    expect(s.steps).toEqual(['submit', 'reopen']);
    expect(selectSheetView(s.c.state(), t)!.submission.status).toBe('draft');
    s.c.dispose();
  });

  it('offline, 提出 says it needs the connection — not that something must be fixed', async () => {
    const s = setup();
    s.server.data.projects = s.server.data.projects.slice(0, 1);
    await s.c.open();
    s.server.online = false;
    await s.c.reviewSubmit();
    expect(selectSheetView(s.c.state(), t)!.review?.canSubmit).toBe(true);
    expect(await s.c.submit()).toBe(false);
    const view = selectSheetView(s.c.state(), t)!;
    expect(view.notice).toBe(t.t('submitNeedsConnection'));
    expect(view.notice).not.toBe(t.t('submitBlocked'));
    // With an edit waiting, the first step already finds the server unreachable.
    await type(s, rowKey('indicator', 'k-pv'), 'value', '150000');
    await s.c.reviewSubmit();
    expect(selectSheetView(s.c.state(), t)!.notice).toBe(t.t('submitNeedsConnection'));
    s.c.dispose();
  });
});

describe('a newer copy on the server', () => {
  it('is offered for reload when nothing of mine is waiting; reloading shows it', async () => {
    const s = setup();
    await s.c.open();
    await s.c.checkNewer();
    expect(s.c.state().newer).toBeNull();
    // A colleague saves.
    s.server.save(
      { actuals: [{ indicatorId: 'k-pv', value: '200000', basis: 'year', footnotes: [] }], activities: [] },
      s.server.revision,
      'colleague',
    );
    await s.c.checkNewer();
    const view = selectSheetView(s.c.state(), t)!;
    expect(view.newer?.button).toBe('最新の内容を読み込む');
    expect(cellOf(s, rowKey('indicator', 'k-pv'), 'value').value).toBe('144,476');
    await s.c.reloadNewer();
    expect(s.c.state().newer).toBeNull();
    expect(cellOf(s, rowKey('indicator', 'k-pv'), 'value').value).toBe('200,000');
    s.c.dispose();
  });

  it('is not offered over unsent edits: they are sent, and a stale one goes the conflict way', async () => {
    const s = setup();
    await s.c.open();
    await type(s, rowKey('indicator', 'k-pv'), 'value', '150000');
    s.server.save(
      { actuals: [], activities: [{ projectId: 'p-001', text: '別の人の取組' }] },
      s.server.revision,
      'colleague',
    );
    const requests = s.server.requests.length;
    await s.c.checkNewer();
    await s.c.engine.flush();
    expect(s.c.state().newer).toBeNull();
    expect(s.c.state().sync?.kind).not.toBe('saved');
    expect(s.server.requests.length).toBe(requests);
    s.c.dispose();
  });
});

describe('the history of a row', () => {
  it('opens from the selected cell; without a selected row it says what to do', async () => {
    const s = setup();
    await s.c.open();
    await s.c.openHistory();
    expect(s.c.state().history).toBeNull();
    expect(selectSheetView(s.c.state(), t)!.notice).toBe(t.t('historyNoRow'));
    const entry = (id: number, fiscalYear: number, after: string): HistoryEntry => ({
      id,
      at: '2024-04-20T01:00:00Z',
      fiscalYear,
      departmentId: 'd-kanko',
      indicatorId: 'k-pv',
      projectId: 'p-001',
      action: 'save',
      field: 'value',
      before: null,
      after,
      revision: id,
      userId: 'u1',
      userName: '佐藤',
      requestId: `r${id}`,
    });
    s.history.push(entry(2, 2023, '144476'), entry(1, 2022, '99'));
    const row = HEADER_ROWS + s.c.model.rowIndex.get(rowKey('indicator', 'k-pv'))!;
    s.book.selection = { sheet: s.c.session.sheetName, address: address(row, columnIndex('footnote')) };
    await s.c.openHistory();
    const view = selectSheetView(s.c.state(), t)!;
    expect(view.history?.title).toBe('履歴：① オウンドメディア等のPV数');
    expect(view.history?.rows.map((r) => [r.who, r.field, r.before, r.after])).toEqual([
      ['佐藤', '実績値', '（空欄）', '144476'],
    ]);
    s.c.closeHistory();
    expect(s.c.state().history).toBeNull();
    s.c.dispose();
  });
});
