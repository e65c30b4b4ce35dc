import { describe, expect, it } from 'vitest';
import type {
  AuditEntry,
  CycleStatusResponse,
  HistoryEntry,
  PlanSummary,
  RemindersResponse,
  SheetResponse,
  User,
} from '../../../shared/api.ts';
import { evaluateIndicator } from '../../../shared/calc/index.ts';
import { ROLES } from '../../../shared/roles.ts';
import type { PlanFile } from '../../../shared/schema/index.ts';
import { sampleSheet } from '../../test-support/sample-sheet.ts';
import { abilities, consoleTabs } from './console.ts';
import {
  reopenableSheets,
  selectAudit,
  selectCycles,
  selectDepartments,
  selectUserImport,
  selectUsers,
} from './console-admin.ts';
import { selectChainCheck } from './console-audit.ts';
import {
  changesFromGrid,
  selectImportPreview,
  selectPlans,
  targetChangesFromFile,
  targetGrid,
} from './console-plans.ts';
import { mailtoHref, reminderText, selectReminders } from './console-reminders.ts';
import {
  changesSinceSubmission,
  historyItems,
  pointersSummary,
  returnRequest,
  selectReview,
  threadButtonLabel,
} from './console-review.ts';
import { type DashboardState, selectDashboard } from './dashboard.ts';
import { translator } from './i18n.ts';

const t = translator('ja');

describe('what each role sees (shared/roles.ts)', () => {
  it('tabs', () => {
    const tabs = Object.fromEntries(ROLES.map((r) => [r, consoleTabs(r, 'ja').map((x) => x.id)]));
    expect(tabs).toEqual({
      admin: ['status', 'plans', 'cycles', 'directory', 'history'],
      coordinator: ['status', 'plans', 'cycles', 'history'],
      department: [],
    });
    expect(consoleTabs('coordinator', 'ja').map((x) => x.label)).toEqual([
      '提出状況',
      '計画',
      '報告年度',
      '操作履歴',
    ]);
    expect(consoleTabs('admin', 'en').at(3)?.label).toBe('Departments & users');
  });

  it('buttons: no 承認, 締め切る or reminders for an administrator; no user administration for a coordinator', () => {
    expect(abilities('admin')).toMatchObject({
      lock: false,
      reopenApproved: false,
      remind: false,
      administer: true,
      review: true,
    });
    expect(abilities('coordinator')).toMatchObject({
      lock: true,
      reopenApproved: true,
      remind: true,
      administer: false,
      review: true,
    });
    expect(abilities('department')).toMatchObject({
      review: false,
      writePlans: false,
      openCycles: false,
      readHistory: false,
    });
  });

  it('the conversation: threads and the return’s pointers for a coordinator; the story and the check for both', () => {
    // An administrator manages the system and is not in the conversation (comments are sheet.write's).
    expect(abilities('admin')).toMatchObject({ converse: false, followStory: true, verifyChains: true });
    expect(abilities('coordinator')).toMatchObject({ converse: true, followStory: true, verifyChains: true });
    // Department staff have no console (their own sheet's threads are their pane's).
    expect(abilities('department')).toMatchObject({
      converse: false,
      followStory: false,
      verifyChains: false,
    });
  });

  it('the dashboard offers the lock only to a role that may lock', () => {
    const state: DashboardState = {
      status: {
        planId: 'p',
        fiscalYear: 2023,
        locked: false,
        counts: { draft: 0, submitted: 0, approved: 0, returned: 0 },
        departments: [],
      },
      completeness: null,
      loadError: null,
      message: null,
    };
    expect(selectDashboard(state, t, 'admin').canLock).toBe(false);
    expect(selectDashboard(state, t, 'coordinator').canLock).toBe(true);
    expect(selectDashboard(state, t).canLock).toBe(true);
  });
});

function submitted(sheet: SheetResponse): SheetResponse {
  return {
    ...sheet,
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
  at: `2024-04-${String(10 + Math.floor(id / 10)).padStart(2, '0')}T0${id % 10}:00:00Z`,
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

describe('review before approving', () => {
  const sheet = submitted(sampleSheet({ kpis: 4 }));
  // Newest first: resubmitted (7) after a return (5); saves after the first submission (3).
  const history: HistoryEntry[] = [
    entry(7, 'submit'),
    entry(6, 'save', {
      indicatorId: 'k-pv',
      projectId: 'p-001',
      field: 'value',
      before: '120000',
      after: '144476',
    }),
    entry(5, 'return'),
    entry(4, 'save', {
      indicatorId: 'k-pv',
      projectId: 'p-001',
      field: 'value',
      before: '100000',
      after: '120000',
    }),
    entry(3, 'submit'),
    entry(2, 'save', {
      indicatorId: 'k-pv',
      projectId: 'p-001',
      field: 'value',
      before: null,
      after: '100000',
    }),
  ];

  it('shows every KPI with the 達成度 shared/calc computes, as the export prints it', () => {
    const v = selectReview(sheet, history, t);
    const pv = v.projects[0]!.rows[0]!;
    const ind = sheet.projects[0]!.indicators[0]!;
    const expected = evaluateIndicator(ind, new Map([[2023, sheet.actuals[0]!]]), 2023);
    expect(pv.achievement).toBe(expected.printed);
    expect(pv.achievement).toBe('481.6%');
    expect(pv.actual).toBe('144,476');
    expect(pv.target).toBe('30,000');
    expect(v.projects[0]!.activities).toContain('東北6県');
    expect(v.projects).toHaveLength(sheet.projects.length);
  });

  it('approves the revision shown, with the steps the server allows', () => {
    const v = selectReview(sheet, history, t);
    expect(v.revision).toBe(9);
    expect(v.revisionText).toBe('確認している版: 9');
    expect(v.actions).toEqual(['approve', 'return', 'reopen']);
    expect(v.statusLabel).toBe('提出済み');
    const readOnly = selectReview(
      { ...sheet, submission: { ...sheet.submission, allowedActions: [] } },
      history,
      t,
    );
    expect(readOnly.actions).toEqual([]);
  });

  it('what changed since the previous submission: each cell once, from its first value to its last', () => {
    const since = changesSinceSubmission(history, 'submitted');
    expect(since.first).toBe(false);
    expect(since.changes.map((e) => [e.before, e.after])).toEqual([['100000', '144476']]);
    const v = selectReview(sheet, history, t);
    expect(v.changes.title).toBe('前回の提出からの変更（1件）');
    expect(v.changes.items[0]?.what).toBe('① オウンドメディア等のPV数 実績値: 100,000 → 144,476');
    expect(v.changes.items[0]?.who).toBe('鈴木');
    expect(v.projects[0]!.rows[0]!.changed).toBe(true);
    // A draft: since its last submission.
    expect(changesSinceSubmission(history, 'draft').changes).toEqual([]);
    // Never submitted before: the first submission, every value entered.
    const first = changesSinceSubmission(history.slice(4), 'submitted');
    expect(first.first).toBe(true);
    expect(first.changes).toHaveLength(1);
  });

  it('lists the problems of the shared validation with where they are', () => {
    const bad: SheetResponse = {
      ...sheet,
      actuals: [{ indicatorId: 'k-pv', value: null, marker: '(※)', basis: 'year', footnotes: [] }],
    };
    const v = selectReview(bad, [], t);
    expect(v.problems.items.length).toBeGreaterThan(0);
    expect(v.problems.items[0]?.where).toContain('オウンドメディア等のPV数');
    expect(v.problems.title).toMatch(/^入力チェック（\d+件）$/);
    expect(selectReview(sheet, [], t).problems.title).toBe('入力チェックで問題はありません。');
  });

  it('the whole history in words: values by name and field, workflow steps with their comment', () => {
    const items = historyItems(
      [
        entry(9, 'return', { after: { status: 'returned', comment: '出典を確認' } }),
        entry(8, 'save', {
          indicatorId: 'k-pv',
          projectId: 'p-001',
          field: 'basis',
          before: null,
          after: 'year',
        }),
        entry(7, 'save', {
          indicatorId: 'k-pv',
          projectId: 'p-001',
          field: 'footnotes',
          before: null,
          after: [],
        }),
        entry(6, 'save', { projectId: 'p-001', field: 'activities', before: null, after: '・発信' }),
        ...history.slice(0, 2),
      ],
      sheet,
      t,
    );
    expect(items.map((i) => i.what)).toEqual([
      '差し戻す（出典を確認）',
      '1 東北連携による観光プロモーション事業 主な取組: （空欄） → ・発信',
      '提出',
      '① オウンドメディア等のPV数 実績値: 120,000 → 144,476',
    ]);
  });

  it('counts what is filled as shared/workflow does', () => {
    expect(selectReview(sheet, [], t).completeness).toMatch(/^KPI 入力 1\/4 · 主な取組 1\/\d$/);
  });

  it('a return points at KPIs: their ids in the sheet’s order, only those the review shows', () => {
    const v = selectReview(sheet, history, t);
    const ids = v.projects.flatMap((p) => p.rows.map((r) => r.indicatorId));
    expect(ids.length).toBeGreaterThan(2);
    // Ticked last-first, plus one no longer on the sheet: sent in the sheet's order, without it.
    const pointed = new Set([ids[2]!, 'k-gone', ids[0]!]);
    expect(returnRequest(v, '  出典を確認してください  ', pointed, t)).toEqual({
      ok: true,
      body: { comment: '出典を確認してください', indicatorIds: [ids[0], ids[2]] },
    });
    // None ticked: the plain return (the route takes the same body without pointers).
    expect(returnRequest(v, '単位を確認', new Set(), t)).toEqual({
      ok: true,
      body: { comment: '単位を確認', indicatorIds: [] },
    });
  });

  it('refuses a return the server would refuse: no comment, a comment a thread cannot hold, too many pointers', () => {
    const v = selectReview(sheet, history, t);
    const first = new Set([v.projects[0]!.rows[0]!.indicatorId]);
    expect(returnRequest(v, '   ', first, t)).toEqual({ ok: false, message: t.t('returnComment') });
    const long = returnRequest(v, 'あ'.repeat(2001), first, t);
    expect(long.ok).toBe(false);
    expect(!long.ok && long.message).toContain('2000');
    const bidi = returnRequest(v, '確認\u202Eして', first, t);
    expect(bidi.ok).toBe(false);
    // 51 KPIs on a sheet, all ticked: more than a return may point at (RETURN_POINTERS_MAX).
    const many = {
      projects: [
        {
          ...v.projects[0]!,
          rows: Array.from({ length: 51 }, (_, i) => ({ ...v.projects[0]!.rows[0]!, indicatorId: `k-${i}` })),
        },
      ],
    };
    const all = new Set(many.projects[0]!.rows.map((r) => r.indicatorId));
    expect(returnRequest(many, '確認', all, t)).toEqual({
      ok: false,
      message: '差し戻しで指摘できる指標は 50 件までです（51 件選ばれています）。',
    });
  });

  it('names the KPIs a return points at, and the thread buttons carry their unread counts', () => {
    const v = selectReview(sheet, history, t);
    const row = v.projects[0]!.rows[0]!;
    expect(pointersSummary(v, new Set(), 'ja')).toMatch(/^差し戻しで指摘する指標: なし/);
    expect(pointersSummary(v, new Set([row.indicatorId]), 'ja')).toBe(
      `差し戻しで指摘する指標（1件）: ${row.name}。コメントはそれぞれのコメント欄にも残ります。`,
    );
    expect(pointersSummary(v, new Set([row.indicatorId]), 'en')).toMatch(/^The return points at 1 indicator/);
    expect(threadButtonLabel(0, 'ja')).toBe('💬 コメント');
    expect(threadButtonLabel(3, 'ja')).toBe('💬 コメント（未読 3）');
    expect(threadButtonLabel(3, 'en')).toBe('💬 Comments (3 unread)');
  });
});

describe('the check of the history’s hash chains (docs/conversation.md §4)', () => {
  const chain = (departmentId: string, ok: boolean) => ({
    departmentId,
    entries: 12,
    unchained: 2,
    chained: 10,
    head: 'ab'.repeat(32),
    ok,
  });
  const names = new Map([['d-kanko', '文化観光局東北連携推進室']]);

  it('改ざんなし when every chain holds, with the heads to keep', () => {
    const v = selectChainCheck(
      {
        planId: 'p',
        fiscalYear: 2023,
        format: 'x',
        ok: true,
        chains: [chain('d-kanko', true), chain('d-x', true)],
        breaks: [],
      },
      names,
      'ja',
    );
    expect(v.ok).toBe(true);
    expect(v.headline).toBe('改ざんなし（2 課の履歴 20 件を検算しました）');
    expect(v.chains[0]).toMatchObject({
      department: '文化観光局東北連携推進室',
      entries: '10 件（ハッシュ導入前 2 件）',
      head: 'abababababababab',
      state: '正常',
    });
    // A department the status did not name is shown by its id.
    expect(v.chains[1]?.department).toBe('d-x');
  });

  it('each break in words, by kind; never 改ざんなし under a break', () => {
    const v = selectChainCheck(
      {
        planId: 'p',
        fiscalYear: 2023,
        format: 'x',
        ok: false,
        chains: [chain('d-kanko', false)],
        breaks: [
          { departmentId: 'd-kanko', entryId: 41, kind: 'content', expected: 'a', found: 'b' },
          { departmentId: 'd-kanko', entryId: 42, kind: 'link', expected: 'a', found: 'b' },
          { departmentId: 'd-kanko', entryId: 43, kind: 'unhashed', expected: null, found: null },
        ],
      },
      names,
      'ja',
    );
    expect(v.ok).toBe(false);
    expect(v.headline).toBe('改ざんの疑い: 3 か所で連なりが切れています');
    expect(v.breaks.map((b) => b.text)).toEqual([
      '文化観光局東北連携推進室 履歴 #41: 内容が記録時のハッシュと一致しません',
      '文化観光局東北連携推進室 履歴 #42: 直前の履歴とのつながりが切れています（削除・挿入・並べ替え）',
      '文化観光局東北連携推進室 履歴 #43: ハッシュのない履歴が途中にあります',
    ]);
    expect(v.chains[0]?.state).toBe('切れあり');
    const odd = selectChainCheck(
      {
        planId: 'p',
        fiscalYear: 2023,
        format: 'x',
        ok: true,
        chains: [],
        breaks: [{ departmentId: 'd-x', entryId: 1, kind: 'link', expected: 'a', found: 'b' }],
      },
      names,
      'en',
    );
    expect(odd.ok).toBe(false);
    expect(odd.headline).toBe('Possible tampering: the chain is broken at 1 place(s)');
  });
});

const reminders: RemindersResponse = {
  planId: 'plan-1',
  planTitle: '第2期仙台市まち・ひと・しごと創生総合戦略',
  fiscalYear: 2023,
  cycleLabel: '令和5年度末時点',
  deadline: '2026-06-12',
  locked: false,
  departments: [
    {
      departmentId: 'd-kanko',
      departmentName: '文化観光局東北連携推進室',
      status: 'draft',
      comment: null,
      filledCount: 1,
      indicatorCount: 2,
      activitiesFilled: 0,
      projectCount: 1,
      missing: [
        {
          projectId: 'p-001',
          projectNumber: 1,
          projectName: '東北連携事業',
          indicatorId: null,
          indicatorNumber: null,
          indicatorName: null,
          field: 'activities',
        },
        {
          projectId: 'p-001',
          projectNumber: 1,
          projectName: '東北連携事業',
          indicatorId: 'k-2',
          indicatorNumber: 2,
          indicatorName: '宿泊者数',
          field: 'value',
        },
      ],
      contacts: [
        { userId: 'u1', displayName: '鈴木', email: 'suzuki@example.jp' },
        { userId: 'u2', displayName: '佐藤', email: null },
      ],
    },
    {
      departmentId: 'd-kikaku',
      departmentName: '企画調整課',
      status: 'returned',
      comment: '単位を確認してください',
      filledCount: 3,
      indicatorCount: 3,
      activitiesFilled: 1,
      projectCount: 1,
      missing: [],
      contacts: [],
    },
  ],
};

describe('reminders', () => {
  it('names the department, what is missing and the deadline with business days left', () => {
    const { subject, body } = reminderText(
      reminders,
      reminders.departments[0]!,
      '2026-06-08',
      'ja',
      '政策企画課 佐藤',
    );
    expect(subject).toBe(
      '【進捗報告】令和5年度「第2期仙台市まち・ひと・しごと創生総合戦略」提出のお願い（期限 令和8年6月12日（金））',
    );
    expect(body).toContain('文化観光局東北連携推進室 ご担当者様');
    expect(body).toContain('政策企画課 佐藤です。');
    expect(body).toContain('提出期限は令和8年6月12日（金）です（あと4営業日）。');
    expect(body).toContain(
      '未入力の項目（2件）:\n・1 東北連携事業：主な取組\n・1 東北連携事業：② 宿泊者数の実績値',
    );
    const returned = reminderText(reminders, reminders.departments[1]!, '2026-06-15', 'ja', '佐藤');
    expect(returned.subject).toContain('再提出のお願い');
    expect(returned.body).toContain('差し戻しの理由: 単位を確認してください');
    expect(returned.body).toContain('提出期限（令和8年6月12日（金））を過ぎています。');
    expect(reminderText(reminders, reminders.departments[0]!, '2026-06-08', 'en', 'Sato').body).toContain(
      'The deadline is Fri 12 Jun 2026 (4 business day(s) left).',
    );
  });

  it('a mailto: link to the users with an address, and the same text for Teams', () => {
    const v = selectReminders(reminders, '2026-06-08', t, '佐藤');
    expect(v.title).toBe('未提出・入力途中の担当課（2）');
    expect(v.deadline).toEqual({ text: '提出期限 令和8年6月12日（金）まで あと4営業日', state: 'open' });
    const [kanko, kikaku] = v.items;
    expect(kanko?.recipients).toEqual(['suzuki@example.jp']);
    const url = new URL(kanko!.mailto!);
    expect(url.protocol).toBe('mailto:');
    expect(decodeURIComponent(url.pathname)).toBe('suzuki@example.jp');
    expect(url.searchParams.get('subject')).toBe(kanko!.subject);
    expect(url.searchParams.get('body')).toBe(kanko!.body.replace(/\n/g, '\r\n'));
    expect(kanko!.teams.startsWith(`${kanko!.subject}\n\n`)).toBe(true);
    expect(kanko!.detail).toBe('指標 1/2 · 主な取組 0/1 · 未入力 2件');
    expect(kikaku?.mailto).toBeNull();
    expect(mailtoHref(['a@x.jp', 'b@x.jp'], '件名', '一行目\n二行目')).toBe(
      'mailto:a@x.jp,b@x.jp?subject=%E4%BB%B6%E5%90%8D&body=%E4%B8%80%E8%A1%8C%E7%9B%AE%0D%0A%E4%BA%8C%E8%A1%8C%E7%9B%AE',
    );
    expect(selectReminders({ ...reminders, departments: [] }, '2026-06-08', t, '佐藤').empty).toBe(
      '督促が必要な担当課はありません。',
    );
  });
});

const summary = (id: string, title: string, more: Partial<PlanSummary> = {}): PlanSummary => ({
  id,
  title,
  period: { startFy: 2021, endFy: 2025 },
  issuer: null,
  currentVersion: 1,
  createdAt: '2024-01-01T00:00:00Z',
  cycles: [
    {
      fiscalYear: 2023,
      label: '令和5年度末時点',
      locked: true,
      lockedAt: null,
      lockedBy: null,
      revision: 3,
      deadline: '2024-05-31',
    },
  ],
  archived: false,
  ...more,
});

describe('plans', () => {
  it('flags two plans with one title, marks archived ones, offers archive/delete by role', () => {
    const rows = selectPlans(
      [summary('a', '総合戦略'), summary('b', '総合戦略'), summary('c', '旧計画', { archived: true })],
      abilities('coordinator'),
      'ja',
    );
    expect(rows.map((r) => [r.id, r.sameTitle, r.canArchive, r.canRestore])).toEqual([
      ['a', true, true, false],
      ['b', true, true, false],
      ['c', false, false, true],
    ]);
    expect(rows[2]?.detail).toContain('アーカイブ済み');
    expect(selectPlans([summary('a', 'x')], abilities('department'), 'ja')[0]).toMatchObject({
      canArchive: false,
      canDelete: false,
    });
  });

  it('the import preview: the summary line and every problem with its cell', () => {
    const v = selectImportPreview(
      {
        plan: null,
        summary: { projects: 3, indicators: 11, notes: 2, cellsNotRead: 1 },
        problems: [
          {
            code: 'import.cell_not_read',
            severity: 'error',
            path: '進捗状況!E12',
            message: { ja: '読めません', en: 'unreadable' },
          },
        ],
      },
      t,
    );
    expect(v.summary).toBe('3事業・11指標・注記2件を読み込みました。読めなかったセル: 1');
    expect(v.problems).toEqual([{ cell: '進捗状況!E12', severity: 'error', message: '読めません' }]);
    expect(v.problemsTitle).toBe('問題のあるセル（1件）');
    expect(v.canSave).toBe(false);
  });

  const plan = (targets: Record<string, [number, string][]>): Pick<PlanFile, 'goals' | 'projects'> => ({
    goals: [],
    projects: [
      {
        id: 'p1',
        number: 1,
        name: '事業',
        period: { startFy: 2023, endFy: 2025 },
        departmentIds: ['d'],
        footnotes: [],
        indicators: Object.entries(targets).map(([id, list], i) => ({
          id,
          number: i + 1,
          name: id,
          unit: '人',
          kind: 'increment',
          direction: 'higher_is_better',
          baseline: null,
          targets: list.map(([fiscalYear, value]) => ({ fiscalYear, value })),
          footnotes: [],
        })),
      },
    ],
  });

  it('target changes an imported table makes to a plan: matched by id or by position; 5 and 5.0 are one figure', () => {
    const existing = plan({
      k1: [
        [2023, '10'],
        [2024, '20'],
      ],
      k2: [[2023, '5']],
    });
    const incoming = plan({
      other1: [
        [2023, '10'],
        [2024, '25'],
      ],
      k2: [
        [2023, '5.0'],
        [2024, '7'],
      ],
      k3: [[2023, '1']],
    });
    expect(targetChangesFromFile(existing, incoming)).toEqual({
      changes: [
        { indicatorId: 'k1', fiscalYear: 2024, value: '25' },
        { indicatorId: 'k2', fiscalYear: 2024, value: '7' },
      ],
      skipped: 1,
    });
  });

  it('the target grid: figures as people type them; emptied cells remove a target', () => {
    const file = {
      ...plan({ k1: [[2023, '30000']] }),
      plan: { id: 'x', title: 'x', period: { startFy: 2023, endFy: 2024 }, version: 1 },
    } as PlanFile;
    const grid = targetGrid(file);
    expect(grid.years).toEqual([2023, 2024]);
    expect(grid.rows[0]?.cells.map((c) => c.shown)).toEqual(['30,000', '']);
    const typed = new Map([
      ['k1|2023', '３５,０００'],
      ['k1|2024', '△5'],
    ]);
    expect(changesFromGrid(grid, typed).changes).toEqual([
      { indicatorId: 'k1', fiscalYear: 2023, value: '35000' },
      { indicatorId: 'k1', fiscalYear: 2024, value: '-5' },
    ]);
    expect(changesFromGrid(grid, new Map([['k1|2023', '']]))).toMatchObject({
      changes: [{ indicatorId: 'k1', fiscalYear: 2023, value: null }],
    });
    expect(changesFromGrid(grid, new Map([['k1|2023', '30,000']])).changes).toEqual([]);
    expect(changesFromGrid(grid, new Map([['k1|2024', 'abc']])).problems).toHaveLength(1);
  });
});

describe('cycles, directory, history', () => {
  it('cycles: deadline in business days, the next year to open, lock buttons by role', () => {
    const p = summary('a', '総合戦略', {
      cycles: [
        {
          fiscalYear: 2023,
          label: null,
          locked: true,
          lockedAt: null,
          lockedBy: null,
          revision: 1,
          deadline: null,
        },
        {
          fiscalYear: 2024,
          label: '令和6年度末時点',
          locked: false,
          lockedAt: null,
          lockedBy: null,
          revision: 1,
          deadline: '2026-06-12',
        },
      ],
    });
    const v = selectCycles(p, abilities('coordinator'), '2026-06-08', 'ja');
    expect(v.rows.map((r) => [r.fiscalYear, r.canLock, r.canUnlock, r.deadlineText])).toEqual([
      [2024, true, false, '提出期限 令和8年6月12日（金）まで あと4営業日'],
      [2023, false, true, '提出期限は未設定です'],
    ]);
    expect(v.next).toEqual({ fiscalYear: 2025, yearLabel: '令和7年度', label: '令和7年度末時点' });
    const admin = selectCycles(p, abilities('admin'), '2026-06-08', 'ja');
    expect(admin.rows.every((r) => !r.canLock && !r.canUnlock && r.canEditDeadline)).toBe(true);
    expect(admin.canOpen).toBe(true);
    const full = selectCycles(
      summary('b', 'x', { period: { startFy: 2023, endFy: 2023 } }),
      abilities('coordinator'),
      '2026-06-08',
      'ja',
    );
    expect(full.next).toBeNull();
    expect(full.nextNote).toBe('計画期間のすべての年度が開かれています。');
  });

  it('only approved sheets the server lets reopen, and only for a role that may', () => {
    const status = {
      planId: 'p',
      fiscalYear: 2023,
      locked: false,
      counts: { draft: 0, submitted: 0, approved: 2, returned: 0 },
      departments: [
        {
          departmentId: 'a',
          departmentName: 'A課',
          status: 'approved',
          allowedActions: ['return', 'reopen'],
        },
        { departmentId: 'b', departmentName: 'B課', status: 'approved', allowedActions: [] },
        {
          departmentId: 'c',
          departmentName: 'C課',
          status: 'submitted',
          allowedActions: ['approve', 'return', 'reopen'],
        },
      ],
    } as unknown as CycleStatusResponse;
    expect(reopenableSheets(status, abilities('coordinator'))).toEqual([{ departmentId: 'a', name: 'A課' }]);
    expect(reopenableSheets(status, abilities('admin'))).toEqual([]);
  });

  it('users with their departments, state and tokens; the CSV preview with every bad line', () => {
    const departments = [
      { id: 'd1', name: '企画課', active: true },
      { id: 'd2', name: '旧課', active: false },
    ];
    expect(selectDepartments(departments, 'ja').map((d) => d.state)).toEqual(['', '無効']);
    const users: User[] = [
      {
        id: 'u1',
        displayName: '鈴木',
        role: 'department',
        email: null,
        entraOid: null,
        departmentIds: ['d1'],
        createdAt: '',
        active: false,
      },
    ];
    const rows = selectUsers(
      users,
      departments,
      [
        {
          id: 'tok_1',
          userId: 'u1',
          userDisplayName: '鈴木',
          label: 'Excel',
          createdAt: '',
          expiresAt: null,
          revokedAt: '2024-01-01T00:00:00Z',
          lastUsedAt: null,
        },
      ],
      'ja',
    );
    expect(rows[0]).toMatchObject({
      role: '担当課',
      departments: '企画課',
      state: '無効',
      canToggle: true,
      note: null,
      tokens: [{ state: '失効済み', revoked: true }],
    });
    // The administrator looking is offered no way to deactivate themself (the server refuses it).
    const admins: User[] = [
      { ...users[0]!, id: 'me', displayName: '管理者', role: 'admin', departmentIds: [], active: true },
      {
        ...users[0]!,
        id: 'other',
        displayName: '別の管理者',
        role: 'admin',
        departmentIds: [],
        active: true,
      },
    ];
    const seen = selectUsers(admins, departments, [], 'ja', 'me');
    expect(seen.map((r) => [r.name, r.heading, r.canToggle])).toEqual([
      ['管理者', '管理者（自分）', false],
      ['別の管理者', '別の管理者', true],
    ]);
    expect(seen[0]?.note).toContain('自分自身を無効にすることはできません');
    expect(selectUsers(admins, departments, [], 'en', 'me')[0]?.note).toBe(
      'You cannot deactivate yourself (another administrator can).',
    );
    const bad = selectUserImport(
      {
        users: [],
        problems: [
          {
            line: 3,
            column: 'role',
            code: 'users_csv.role',
            message: { ja: '3行目「役割」: だめ', en: 'Line 3' },
          },
        ],
      },
      departments,
      'ja',
    );
    expect(bad.canCreate).toBe(false);
    expect(bad.problems).toEqual([{ line: 3, message: '3行目「役割」: だめ' }]);
    const good = selectUserImport(
      {
        users: [
          { line: 2, user: { id: 'x', displayName: '山田', role: 'department', departmentIds: ['d1'] } },
        ],
        problems: [],
      },
      departments,
      'ja',
    );
    expect(good).toMatchObject({
      canCreate: true,
      createLabel: '1人を登録',
      rows: [{ line: 2, departments: '企画課' }],
    });
  });

  it('the history in words: who, when, what', () => {
    const e: AuditEntry = {
      id: 1,
      at: '2026-06-08T01:00:00Z',
      action: 'cycle.deadline',
      targetKind: 'cycle',
      targetId: 'plan-1/2024',
      planId: 'plan-1',
      fiscalYear: 2024,
      before: { deadline: '2026-06-12' },
      after: { deadline: '2026-06-19' },
      userId: 'c1',
      userName: '佐藤',
      requestId: 'r',
    };
    expect(selectAudit([e], 'ja')[0]).toMatchObject({
      who: '佐藤',
      action: '提出期限を変更',
      target: 'plan-1 令和6年度',
      detail: 'deadline: 2026-06-12 → deadline: 2026-06-19',
    });
    expect(selectAudit([{ ...e, action: 'user.add' }], 'en')[0]?.action).toBe('User added');
  });
});
