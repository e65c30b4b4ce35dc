import { describe, expect, it } from 'vitest';
import type { CycleStatusResponse, DepartmentStatus } from '../../../shared/api.ts';
import type { ApiClient } from '../api/client.ts';
import { CycleDashboard, type DashboardState, selectDashboard } from './dashboard.ts';
import { translator } from './i18n.ts';

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
  loadError: null,
  message: null,
  ...more,
});

describe('the dashboard’s view model', () => {
  it('shows on each row the workflow buttons the server allows, and no others', () => {
    const view = selectDashboard(
      state(
        status([
          department('a', 'submitted', ['approve', 'return', 'reopen']),
          // The server decides: a submitted sheet it allows nothing on gets no buttons.
          department('b', 'submitted', []),
          // Submitting is the department's step, not one of the dashboard's buttons.
          department('c', 'draft', ['submit']),
          department('d', 'returned', ['reopen']),
        ]),
      ),
      t,
    );
    expect(view.departments.map((d) => [d.departmentId, d.actions])).toEqual([
      ['a', ['approve', 'return', 'reopen']],
      ['b', []],
      ['c', []],
      ['d', ['reopen']],
    ]);
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
    expect(view.departments[0]).toMatchObject({ statusLabel: '作成中', detail: '入力 2/3', comment: null });
    expect(view.canLock).toBe(true);
    expect(selectDashboard(state(status([], true)), t)).toMatchObject({ locked: true, canLock: false });
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
    const calls: unknown[][] = [];
    const api = {
      cycleStatus: async () => ({ ok: true, value: answer }),
      workflow: async (...args: unknown[]) => {
        calls.push(args);
        return { ok: true, value: { status: 'approved', revision: 5, comment: null } };
      },
      lockCycle: async () => ({ ok: true, value: {} }),
    } as unknown as ApiClient;
    return { api, calls };
  }

  it('approves against the revision the coordinator saw, and asks for a comment before returning', async () => {
    const { api, calls } = fakeApi(status([department('a', 'submitted', ['approve', 'return'])]));
    const board = new CycleDashboard(api, t, 'plan-1', 2023);
    await board.refresh();
    expect(await board.step('a', 'approve')).toBe(true);
    expect(calls).toEqual([['plan-1', 2023, 'a', 'approve', { ifMatch: 4 }]]);
    expect(await board.step('a', 'return', '  ')).toBe(false);
    expect(selectDashboard(board.state(), t).message).toBe(t.t('returnComment'));
    expect(await board.step('a', 'return', ' 確認してください ')).toBe(true);
    expect(calls[1]).toEqual(['plan-1', 2023, 'a', 'return', { ifMatch: 4, comment: '確認してください' }]);
    expect(board.state().message).toBeNull();
  });
});
