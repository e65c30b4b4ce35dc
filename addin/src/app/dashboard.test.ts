import { describe, expect, it } from 'vitest';
import type { CycleStatusResponse, DepartmentStatus, UnreadResponse } from '../../../shared/api.ts';
import type { ApiClient } from '../api/client.ts';
import { CycleDashboard, type DashboardState, selectDashboard } from './dashboard.ts';
import { translator } from './i18n.ts';
import { type ConversationPort, ThreadsController } from './threads.ts';

const t = translator('ja');

const department = (
  id: string,
  status: DepartmentStatus['status'],
  allowed: DepartmentStatus['allowedActions'],
) =>
  ({
    departmentId: id,
    departmentName: `${id}課`,
    status,
    revision: 4,
    comment: null,
    submittedAt: null,
    updatedAt: '2024-04-10T00:00:00Z',
    updatedBy: null,
    updatedByName: null,
    projectCount: 1,
    indicatorCount: 3,
    filledCount: 2,
    allowedActions: allowed,
  }) satisfies DepartmentStatus;

const status = (departments: DepartmentStatus[], locked = false): CycleStatusResponse => ({
  planId: 'plan-1',
  fiscalYear: 2023,
  locked,
  counts: { draft: 1, submitted: 1, approved: 0, returned: 1 },
  departments,
});
const state = (s: CycleStatusResponse | null, more: Partial<DashboardState> = {}): DashboardState => ({
  status: s,
  completeness: null,
  loadError: null,
  message: null,
  ...more,
});

describe('the dashboard’s view model', () => {
  it('offers no workflow step on a row: the coordinator’s turn shows as the review standing out', () => {
    const view = selectDashboard(
      state(
        status([
          department('a', 'submitted', ['approve', 'return', 'reopen']),
          // The server decides: a submitted sheet it allows nothing on is not the coordinator's turn.
          department('b', 'submitted', []),
          department('c', 'draft', ['submit']),
          department('d', 'returned', ['reopen']),
        ]),
      ),
      t,
    );
    expect(view.departments.map((d) => [d.departmentId, d.awaitsReview])).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
      ['d', false],
    ]);
    expect(view.departments.every((d) => !('actions' in d))).toBe(true);
  });

  it('counts by state, lists who has not submitted and offers the lock while the cycle is open', () => {
    const view = selectDashboard(
      state(
        status([
          department('a', 'draft', []),
          department('b', 'submitted', []),
          department('c', 'returned', []),
        ]),
      ),
      t,
    );
    expect(view.counts.map((c) => c.text)).toEqual(['作成中 1', '提出済み 1', '承認済み 0', '差し戻し 1']);
    expect(view.notSubmitted).toEqual({ title: t.t('notSubmittedTitle', { n: 2 }), names: ['a課', 'c課'] });
    // Without the reminders (an administrator's board), the KPIs only: 主な取組 is not guessed.
    expect(view.departments[0]).toMatchObject({ statusLabel: '作成中', detail: '指標 2/3', comment: null });
    expect(view.canLock).toBe(true);
    expect(selectDashboard(state(status([], true)), t)).toMatchObject({ locked: true, canLock: false });
  });

  it('shows 主な取組 beside the KPIs, from the reminders; a submitted sheet they leave out is complete', () => {
    const completeness = new Map([['a', { activitiesFilled: 0, projectCount: 1 }]]);
    const s = status([
      { ...department('a', 'draft', []), projectCount: 1 },
      { ...department('b', 'submitted', []), projectCount: 2, filledCount: 3 },
      { ...department('c', 'returned', []), projectCount: 1 },
    ]);
    const view = selectDashboard(state(s, { completeness }), t);
    expect(view.departments.map((d) => d.detail)).toEqual([
      '指標 2/3 · 主な取組 0/1',
      '指標 3/3 · 主な取組 2/2',
      // Not submitted and not in the reminders (they were read before it changed): not guessed.
      '指標 2/3',
    ]);
    const en = selectDashboard(state(s, { completeness }), translator('en'));
    expect(en.departments[0]?.detail).toBe('KPIs 2/3 · Main activities 0/1');
  });

  it('shows why the status could not be loaded, and what the last step said', () => {
    const view = selectDashboard(
      state(null, {
        loadError: { ja: '通信できません', en: 'offline' },
        message: { ja: '古い', en: 'stale' },
      }),
      t,
    );
    expect(view).toMatchObject({ error: '通信できません', message: '古い', departments: [] });
  });
});

describe('the dashboard’s steps', () => {
  function fakeApi(answer: CycleStatusResponse) {
    const calls: string[] = [];
    const api = {
      cycleStatus: async () => {
        calls.push('status');
        return { ok: true, value: answer };
      },
      reminders: async () => {
        calls.push('reminders');
        return {
          ok: true,
          value: {
            departments: [{ departmentId: 'a', activitiesFilled: 1, projectCount: 2 }],
          },
        };
      },
      lockCycle: async () => {
        calls.push('lock');
        return { ok: false, kind: 'http', status: 403, problem: { messages: { ja: '権限', en: 'no' } } };
      },
    } as unknown as ApiClient;
    return { api, calls };
  }

  it('asks for the reminders only for a role that may (a coordinator), and shows 主な取組 from them', async () => {
    const { api, calls } = fakeApi(status([{ ...department('a', 'draft', []), projectCount: 2 }]));
    const board = new CycleDashboard(api, t, 'plan-1', 2023, 'coordinator');
    await board.refresh();
    expect(calls.sort()).toEqual(['reminders', 'status']);
    expect(selectDashboard(board.state(), t).departments[0]?.detail).toBe('指標 2/3 · 主な取組 1/2');

    const admin = fakeApi(status([department('a', 'draft', [])]));
    const adminBoard = new CycleDashboard(admin.api, t, 'plan-1', 2023, 'admin');
    await adminBoard.refresh();
    expect(admin.calls).toEqual(['status']);
  });

  it('takes 主な取組 from the cycle status when it carries the counts: no reminders asked, an administrator sees them too', async () => {
    const row = { ...department('a', 'draft', []), projectCount: 2, activitiesFilled: 2, activitiesTotal: 2 };
    for (const role of ['coordinator', 'admin'] as const) {
      const { api, calls } = fakeApi(status([row]));
      const board = new CycleDashboard(api, t, 'plan-1', 2023, role);
      await board.refresh();
      expect(calls).toEqual(['status']);
      expect(selectDashboard(board.state(), t).departments[0]?.detail).toBe('指標 2/3 · 主な取組 2/2');
    }
  });

  it('says why a lock was refused, and reads the status again', async () => {
    const { api, calls } = fakeApi(status([department('a', 'submitted', [])]));
    const board = new CycleDashboard(api, t, 'plan-1', 2023, 'coordinator');
    expect(await board.lock()).toBe(false);
    expect(calls[0]).toBe('lock');
    expect(calls).toContain('status');
    expect(selectDashboard(board.state(), t).message).toBe('権限');
  });
});

describe('unread comments on the dashboard (docs/conversation.md §1)', () => {
  const unread = (departments: [string, number][], fiscalYear = 2023): UnreadResponse => ({
    planId: 'plan-1',
    fiscalYear,
    total: departments.reduce((n, [, u]) => n + u, 0),
    departments: departments.map(([departmentId, u]) => ({ departmentId, unread: u })),
    threads: departments.map(([departmentId, u]) => ({
      departmentId,
      targetKind: 'indicator' as const,
      targetId: `k-${departmentId}`,
      unread: u,
      lastAt: '2024-04-10T00:00:00Z',
    })),
  });
  const s = status([department('a', 'submitted', []), department('b', 'draft', [])]);

  it('each row says how many comments are unread, Japanese first; none says nothing', () => {
    const view = selectDashboard(state(s), t, 'coordinator', { counts: unread([['a', 2]]), error: null });
    expect(view.departments.map((d) => [d.departmentId, d.unread])).toEqual([
      ['a', '未読 2'],
      ['b', null],
    ]);
    const en = selectDashboard(state(s), translator('en'), 'coordinator', {
      counts: unread([['a', 2]]),
      error: null,
    });
    expect(en.departments[0]?.unread).toBe('2 unread');
  });

  it('shows no count without the conversation (an administrator), nor another cycle’s counts', () => {
    expect(selectDashboard(state(s), t, 'admin').departments.map((d) => d.unread)).toEqual([null, null]);
    const late = selectDashboard(state(s), t, 'coordinator', {
      counts: unread([['a', 2]], 2022),
      error: null,
    });
    expect(late.departments.map((d) => d.unread)).toEqual([null, null]);
  });

  it('says why the counts could not be read, and still shows the rows', () => {
    const view = selectDashboard(state(s), t, 'coordinator', {
      counts: null,
      error: { ja: 'サーバーに接続できません', en: 'offline' },
    });
    expect(view.unreadError).toBe('サーバーに接続できません');
    expect(view.departments).toHaveLength(2);
  });

  it('再読み込み reads the counts again with the status; reading a thread lowers its department’s count', async () => {
    let answer = unread([['a', 2]]);
    const asked: string[] = [];
    const port = {
      unread: async (planId: string, fy: number) => {
        asked.push(`${planId}/${fy}`);
        return { ok: true, value: answer };
      },
      thread: async () => ({
        ok: true,
        value: { planId: 'plan-1', fiscalYear: 2023, departmentId: 'a', unread: 2, comments: [] },
      }),
      evidence: async () => ({ ok: true, value: { items: [], maxBytes: 1, maxFiles: 20 } }),
      markRead: async () => ({ ok: true, value: {} }),
    } as unknown as ConversationPort;
    const threads = new ThreadsController(port, 'coord');
    const api = {
      cycleStatus: async () => ({ ok: true, value: s }),
      reminders: async () => ({ ok: true, value: { departments: [] } }),
    } as unknown as ApiClient;
    const board = new CycleDashboard(api, t, 'plan-1', 2023, 'coordinator', threads);
    const view = () =>
      selectDashboard(board.state(), t, 'coordinator', {
        counts: threads.state().unread,
        error: threads.state().unreadError,
      }).departments.map((d) => d.unread);
    await board.refresh();
    expect(asked).toEqual(['plan-1/2023']);
    expect(view()).toEqual(['未読 2', null]);
    answer = unread([
      ['a', 2],
      ['b', 1],
    ]);
    await board.refresh();
    expect(view()).toEqual(['未読 2', '未読 1']);
    await threads.open(
      { planId: 'plan-1', fiscalYear: 2023, departmentId: 'a', kind: 'indicator', targetId: 'k-a' },
      '①',
    );
    expect(view()).toEqual([null, '未読 1']);
  });
});
