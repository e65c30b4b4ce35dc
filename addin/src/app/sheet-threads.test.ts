import { describe, expect, it } from 'vitest';
import type { CommentThread, ThreadComment, UnreadResponse } from '../../../shared/api.ts';
import { FakeClock } from '../../test-support/fake-clock.ts';
import { fakeExcelRun } from '../../test-support/fake-excel.ts';
import { FakeServer } from '../../test-support/fake-server.ts';
import { FakeWorkbook } from '../../test-support/fake-workbook.ts';
import { sampleGoalSheet, sampleSheet } from '../../test-support/sample-sheet.ts';
import type { ApiClient, ApiResult } from '../api/client.ts';
import type { ThreadRef } from '../api/conversation-client.ts';
import { excelPort } from '../excel/port.ts';
import { address, columnIndex, HEADER_ROWS } from './columns.ts';
import { SheetController } from './controller.ts';
import { translator } from './i18n.ts';
import { GOALS_SECTION_KEY, goalRowKey, type RowKey, rowKey } from './keys.ts';
import { buildModel } from './sheet-model.ts';
import {
  commentMarks,
  MARK_PREFIX,
  SELECTION_DEBOUNCE_MS,
  SheetThreads,
  selectUnreadList,
  threadTargetOf,
} from './sheet-threads.ts';
import { MemoryStorage } from './storage.ts';
import { type ConversationPort, ThreadsController } from './threads.ts';

/**
 * The conversation beside the department's sheet: which thread a row belongs to, the 💬 list of
 * unread threads, the marks on the sheet, and the steps against a fake workbook (sync counts) and a
 * fake conversation API — the selection read once it settles, the thread of the selected row opened,
 * marks written for the whole sheet in one Excel.run and only when they change.
 */
const PLAN = 'plan-1';
const FY = 2023;
const DEPT = 'd-kanko';

const unreadOf = (threads: [kind: 'indicator' | 'project', id: string, n: number, dept?: string][]) =>
  ({
    planId: PLAN,
    fiscalYear: FY,
    total: threads.reduce((n, t) => n + t[2], 0),
    departments: [{ departmentId: DEPT, unread: threads.reduce((n, t) => n + t[2], 0) }],
    threads: threads.map(([targetKind, targetId, unread, departmentId = DEPT]) => ({
      departmentId,
      targetKind,
      targetId,
      unread,
      lastAt: '2024-05-01T00:00:00Z',
    })),
  }) satisfies UnreadResponse;

describe('the thread of a sheet row', () => {
  const model = buildModel(sampleGoalSheet({ kpis: 4 }));

  it('a KPI row is its indicator, a project row its 主な取組, a goal indicator its indicator', () => {
    expect(threadTargetOf(model, rowKey('indicator', 'k-pv'))).toEqual({
      rowKey: 'i:k-pv',
      kind: 'indicator',
      targetId: 'k-pv',
      label: '① オウンドメディア等のPV数',
    });
    expect(threadTargetOf(model, rowKey('project', 'p-001'))).toMatchObject({
      kind: 'project',
      targetId: 'p-001',
      label: '1 東北連携による観光プロモーション事業',
    });
    expect(threadTargetOf(model, rowKey('indicator', 'goal-1-1'))).toMatchObject({
      kind: 'indicator',
      targetId: 'goal-1-1',
      label: '集中支援対象企業',
    });
  });

  it('headings, rows not on the sheet and no selection have none', () => {
    expect(threadTargetOf(model, GOALS_SECTION_KEY)).toBeNull();
    expect(threadTargetOf(model, goalRowKey('goal-1'))).toBeNull();
    expect(threadTargetOf(model, rowKey('indicator', 'elsewhere'))).toBeNull();
    expect(threadTargetOf(model, null)).toBeNull();
  });
});

describe('the 💬 list and the marks', () => {
  const model = buildModel(sampleSheet({ kpis: 6 }));
  const rowOfKey = (key: RowKey) => HEADER_ROWS + model.rowIndex.get(key)!;

  it('lists this sheet’s unread threads in sheet order, each linking to its input cell', () => {
    const unread = unreadOf([
      ['indicator', 'k-2-2', 1],
      ['project', 'p-001', 2],
      ['indicator', 'k-pv', 3],
      ['indicator', 'k-pv', 4, 'd-other'], // another department's thread of a shared KPI
      ['indicator', 'not-on-this-sheet', 5],
    ]);
    const view = selectUnreadList(model, DEPT, unread, null, 'ja');
    expect(view.items.map((x) => [x.rowKey, x.badge])).toEqual([
      ['p:p-001', '未読 2'],
      ['i:k-pv', '未読 3'],
      ['i:k-2-2', '未読 1'],
    ]);
    expect(view.title).toBe('💬 未読のコメント（6 件）');
    expect(view.items[1]).toMatchObject({
      row: rowOfKey('i:k-pv'),
      col: columnIndex('value'),
      address: address(rowOfKey('i:k-pv'), columnIndex('value')),
    });
    expect(view.items[0]!.col).toBe(columnIndex('activities'));
    expect(view.empty).toBeNull();
  });

  it('says when nothing is unread, and why the counts are missing', () => {
    expect(selectUnreadList(model, DEPT, unreadOf([]), null, 'en').empty).toBe('No unread comments.');
    // Another cycle's counts are not this sheet's.
    const other = { ...unreadOf([['indicator', 'k-pv', 1]]), fiscalYear: 2022 };
    expect(selectUnreadList(model, DEPT, other, null, 'ja').items).toEqual([]);
    const failed = selectUnreadList(model, DEPT, null, { ja: '接続できません', en: 'offline' }, 'ja');
    expect(failed.error).toBe('未読の件数を読み込めませんでした: 接続できません');
    expect(failed.empty).toBeNull();
  });

  it('marks unread rows with the count and read threads with their comments, on the name cell', () => {
    const marks = commentMarks(
      model,
      DEPT,
      unreadOf([
        ['indicator', 'k-2-1', 2],
        ['project', 'p-001', 1],
      ]),
      new Map<RowKey, number>([
        ['i:k-pv', 3],
        ['i:k-2-1', 5], // unread wins: the mark says there is something to read
        ['i:k-2-2', 0], // a thread read with nothing in it carries no mark
      ]),
      'ja',
    );
    expect(marks).toEqual([
      {
        row: rowOfKey('p:p-001'),
        col: columnIndex('project'),
        text: expect.stringContaining('未読のコメントが 1 件'),
      },
      {
        row: rowOfKey('i:k-pv'),
        col: columnIndex('indicator'),
        text: expect.stringContaining('コメント 3 件'),
      },
      {
        row: rowOfKey('i:k-2-1'),
        col: columnIndex('indicator'),
        text: expect.stringContaining('未読のコメントが 2 件'),
      },
    ]);
    expect(marks.every((m) => m.text.startsWith(MARK_PREFIX))).toBe(true);
  });
});

// --- the steps against a fake workbook and a fake conversation API ---------------------------------

const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
const comment = (id: string, text: string, by = 'u-coord'): ThreadComment => ({
  id,
  createdAt: '2024-05-01T00:00:00Z',
  createdBy: by,
  createdByName: by,
  text,
  edited: false,
  versions: [{ version: 1, text, at: '2024-05-01T00:00:00Z', userId: by, userName: by }],
});

/** The server's threads: comments per target, unread per target for the signed-in department user. */
class FakeConversation implements ConversationPort {
  readonly comments = new Map<string, ThreadComment[]>();
  readonly unreadBy = new Map<string, number>();
  readonly opened: string[] = [];
  readonly #id = (r: ThreadRef) => `${r.kind}:${r.targetId}`;
  thread = async (r: ThreadRef) => {
    this.opened.push(this.#id(r));
    return ok<CommentThread>({
      planId: r.planId,
      fiscalYear: r.fiscalYear,
      departmentId: r.departmentId,
      targetKind: r.kind,
      targetId: r.targetId,
      comments: this.comments.get(this.#id(r)) ?? [],
      unread: this.unreadBy.get(this.#id(r)) ?? 0,
    });
  };
  markRead = async (r: ThreadRef) => {
    this.unreadBy.delete(this.#id(r));
    return ok({ unread: 0 as const, lastSeq: 9 });
  };
  unread = async () =>
    ok(
      unreadOf(
        [...this.unreadBy].map(([id, n]) => {
          const [kind, target] = id.split(':') as ['indicator' | 'project', string];
          return [kind, target, n];
        }),
      ),
    );
  evidence = async () => ok({ items: [], maxBytes: 10, maxFiles: 20, allowedExtensions: ['csv'] });
  post = async () => {
    throw new Error('not used');
  };
  edit = async () => {
    throw new Error('not used');
  };
  uploadEvidence = async () => {
    throw new Error('not used');
  };
  downloadEvidence = async () => {
    throw new Error('not used');
  };
}

async function setup(options: { notes?: boolean } = {}) {
  const server = new FakeServer();
  const book = new FakeWorkbook();
  const clock = new FakeClock();
  const port = excelPort(fakeExcelRun(book), {
    notes: options.notes ?? true,
    customXml: false,
    selectionEvents: true,
  });
  const c = new SheetController(
    {
      api: server.api() as unknown as ApiClient,
      storage: new MemoryStorage(),
      port,
      t: translator('ja'),
      clock,
      newId: () => 'id',
    },
    PLAN,
    FY,
    DEPT,
  );
  expect(await c.open()).toBe('written');
  const api = new FakeConversation();
  const threads = new ThreadsController(api, 'u-staff', () => 'key');
  const s = new SheetThreads(c, threads, port, clock, 'ja');
  const sheet = () => book.mustSheet(c.sheetName!);
  const rowOfKey = (key: RowKey) => HEADER_ROWS + c.model.rowIndex.get(key)!;
  const nameCell = (key: RowKey, col: 'indicator' | 'project' = 'indicator') =>
    address(rowOfKey(key), columnIndex(col));
  /** A person clicks a cell of the row; the debounce runs out; the thread opens. */
  const select = async (key: RowKey, col = columnIndex('value')) => {
    book.userSelect(c.sheetName!, address(rowOfKey(key), col));
    await book.idle();
  };
  const settle = async () => {
    await clock.advance(SELECTION_DEBOUNCE_MS, { flush: () => s.idle() });
  };
  return { book, c, api, threads, s, sheet, nameCell, select, settle, clock, rowOfKey };
}

describe('the sheet pane’s conversation, against a fake workbook', () => {
  it('starts: one sync to watch the selection, the unread rows marked in one Excel.run (2 syncs)', async () => {
    const x = await setup();
    x.api.unreadBy.set('indicator:k-pv', 2);
    x.api.unreadBy.set('project:p-002', 1);
    x.api.unreadBy.set('indicator:k-2-3', 1);
    const before = x.book.syncCount;
    await x.s.start();
    // 1: the workbook's selection handler; 2: look up the notes of the cells concerned, then write them.
    expect(x.book.syncCount - before).toBe(3);
    expect(x.book.selectionHandlers).toHaveLength(1);
    const notes = x.sheet().notes;
    expect(notes.get(x.nameCell('i:k-pv'))).toContain('未読のコメントが 2 件');
    expect(notes.get(x.nameCell('p:p-002', 'project'))).toContain('未読のコメントが 1 件');
    expect(notes.get(x.nameCell('i:k-2-3'))).toContain('未読のコメントが 1 件');
    // The sheet stays protected, events back on.
    expect(x.sheet().protected).toBe(true);
    expect(x.book.enableEvents).toBe(true);
    expect(x.s.unreadList()?.items.map((i) => i.rowKey)).toEqual(['i:k-pv', 'p:p-002', 'i:k-2-3']);

    // Refreshing with nothing new touches nothing in the workbook.
    const again = x.book.syncCount;
    await x.s.refresh();
    expect(x.book.syncCount).toBe(again);
  });

  it('a settled selection is read once (1 sync) and opens that row’s thread', async () => {
    const x = await setup();
    x.api.comments.set('indicator:k-2-1', [comment('c1', '出典は？')]);
    await x.s.start();
    const before = x.book.syncCount;
    // Arrowing through three rows: the selection is read once, after it settles.
    await x.select('i:k-pv');
    await x.select('p:p-002');
    await x.select('i:k-2-1');
    expect(x.api.opened).toEqual([]);
    await x.settle();
    expect(x.api.opened).toEqual(['indicator:k-2-1']);
    const open = x.threads.state().open!;
    expect(open.ref).toEqual({
      planId: PLAN,
      fiscalYear: FY,
      departmentId: DEPT,
      kind: 'indicator',
      targetId: 'k-2-1',
    });
    expect(open.label).toMatch(/^① 指標2-1/);
    // 1 sync for the selection; the read thread's mark (コメント 1 件): one more Excel.run of 2 syncs.
    expect(x.book.syncCount - before).toBe(3);
    expect(x.sheet().notes.get(x.nameCell('i:k-2-1'))).toContain('コメント 1 件');

    // The same row again, another cell of it: nothing is reopened, nothing written.
    const now = x.book.syncCount;
    await x.select('i:k-2-1', columnIndex('footnote'));
    await x.settle();
    expect(x.api.opened).toEqual(['indicator:k-2-1']);
    expect(x.book.syncCount - now).toBe(1);
  });

  it('a heading row leaves the open thread; a project row opens its 主な取組', async () => {
    const x = await setup();
    await x.s.start();
    await x.select('i:k-pv');
    await x.settle();
    x.book.userSelect(x.c.sheetName!, 'A1'); // the title row
    await x.book.idle();
    await x.settle();
    expect(x.threads.state().open?.ref.targetId).toBe('k-pv');
    await x.select('p:p-001', columnIndex('activities'));
    await x.settle();
    expect(x.threads.state().open?.ref).toMatchObject({ kind: 'project', targetId: 'p-001' });
    expect(x.threads.state().open?.evidence).toBeNull();
  });

  it('a draft stays with its KPI when the selection moves on and back', async () => {
    const x = await setup();
    await x.s.start();
    await x.select('i:k-pv');
    await x.settle();
    x.threads.setDraft('算定方法を確認します');
    await x.select('i:k-2-1');
    await x.settle();
    expect(x.threads.state().open?.draft).toBe('');
    await x.select('i:k-pv');
    await x.settle();
    expect(x.threads.state().open?.draft).toBe('算定方法を確認します');
  });

  it('reading an unread thread turns its mark from 未読 to the comment count; the list loses it', async () => {
    const x = await setup();
    x.api.unreadBy.set('indicator:k-pv', 2);
    x.api.comments.set('indicator:k-pv', [comment('c1', '出典は？'), comment('c2', '確認します')]);
    await x.s.start();
    expect(x.sheet().notes.get(x.nameCell('i:k-pv'))).toContain('未読のコメントが 2 件');
    await x.s.openRow('i:k-pv');
    await x.s.idle();
    // The link selected the KPI's input cell.
    expect(x.book.selection).toEqual({
      sheet: x.c.sheetName,
      address: address(x.rowOfKey('i:k-pv'), columnIndex('value')),
    });
    expect(x.threads.state().open?.thread?.unread).toBe(0);
    expect(x.sheet().notes.get(x.nameCell('i:k-pv'))).toContain('コメント 2 件');
    expect(x.sheet().notes.get(x.nameCell('i:k-pv'))).not.toContain('未読');
    expect(x.s.unreadList()?.items).toEqual([]);
  });

  it('a rebuilt sheet gets its marks again; a person’s own note is left alone', async () => {
    const x = await setup();
    x.api.unreadBy.set('indicator:k-pv', 1);
    x.api.unreadBy.set('indicator:k-2-1', 1);
    await x.s.start();
    expect(await x.c.open()).toBe('written');
    await x.s.idle();
    expect(x.sheet().notes.get(x.nameCell('i:k-pv'))).toContain('未読のコメントが 1 件');

    // Someone wrote their own note on a marked row's name cell; the counts then change.
    x.sheet().notes.delete(x.nameCell('i:k-2-1'));
    x.sheet().notes.set(x.nameCell('i:k-2-1'), '担当: 佐藤');
    x.api.unreadBy.delete('indicator:k-2-1');
    x.api.unreadBy.set('indicator:k-pv', 3);
    const before = x.book.syncCount;
    await x.s.refresh();
    expect(x.book.syncCount - before).toBe(2);
    expect(x.sheet().notes.get(x.nameCell('i:k-pv'))).toContain('未読のコメントが 3 件');
    expect(x.sheet().notes.get(x.nameCell('i:k-2-1'))).toBe('担当: 佐藤');
  });

  it('without notes (before ExcelApi 1.18) the list works and nothing is written', async () => {
    const x = await setup({ notes: false });
    x.api.unreadBy.set('indicator:k-pv', 1);
    const before = x.book.syncCount;
    await x.s.start();
    expect(x.book.syncCount - before).toBe(1); // the selection handler only
    expect(x.sheet().notes.size).toBe(0);
    expect(x.s.unreadList()?.items).toHaveLength(1);
  });

  it('a host refusing the selection event still starts: the list and the marks work', async () => {
    const x = await setup();
    x.api.unreadBy.set('indicator:k-pv', 1);
    const errors: unknown[] = [];
    const port = {
      watchSelection: () => Promise.reject(new Error('ApiNotFound')),
      writeCommentMarks: excelPort(fakeExcelRun(x.book), { notes: true }).writeCommentMarks,
    };
    const s = new SheetThreads(x.c, x.threads, port, x.clock, 'ja');
    s.onError = (e) => errors.push(e);
    await s.start();
    expect(errors).toEqual([new Error('ApiNotFound')]);
    expect(s.unreadList()?.items.map((i) => i.rowKey)).toEqual(['i:k-pv']);
    expect(x.sheet().notes.get(x.nameCell('i:k-pv'))).toContain('未読のコメントが 1 件');
  });

  it('disposed, it stops following the selection', async () => {
    const x = await setup();
    await x.s.start();
    x.s.dispose();
    await x.select('i:k-pv');
    await x.clock.advance(SELECTION_DEBOUNCE_MS, { flush: async () => undefined });
    expect(x.api.opened).toEqual([]);
  });
});
