import type { Role } from '../../../shared/roles.ts';
import type { ApiClient } from '../api/client.ts';
import {
  CycleDashboard,
  type DashboardViewModel,
  type DepartmentRowView,
  selectDashboard,
} from '../app/dashboard.ts';
import type { Translator } from '../app/i18n.ts';
import type { ThreadsController } from '../app/threads.ts';
import { h, mount } from './dom.ts';
import { withProgress } from './progress.ts';
import { workbookExportButton } from './workbook-export.ts';

/**
 * The coordinator's view of a cycle: counts by state, who has not submitted, how far each sheet is
 * filled (KPIs and 主な取組), each sheet's 確認 (the read-only review, where it is approved or
 * returned: never from the row, unseen), lock the cycle, and the official tables to download. It
 * renders the view model of app/dashboard.ts and calls its steps. Works in Excel and in a plain
 * browser (where `openSheet` is absent: editing a sheet needs Excel).
 */
export interface DashboardOptions {
  api: ApiClient;
  t: Translator;
  planId: string;
  fiscalYear: number;
  inExcel: boolean;
  openSheet?: (departmentId: string) => void;
  /** The console: who is looking (buttons from shared/roles.ts), a department's values to review, the reminders card. */
  role?: Role;
  reviewSheet?: (departmentId: string) => void;
  /** The reminders card, shown above the rows and read again with them (再読み込み). */
  reminders?: { element: HTMLElement; refresh(): Promise<void> } | null;
  /**
   * The conversation (a role in it only: app/console.ts `converse`): each row shows its unread
   * comments, read again with 再読み込み; the review opens the threads with the same controller, so
   * a thread read there lowers the count here.
   */
  threads?: ThreadsController | null;
}

const TABLES = [
  { table: 'projects', ja: '事業の実績（KPI・達成度）', en: 'Projects (KPIs, achievement)' },
  { table: 'goals', ja: '数値目標の進捗状況', en: 'Goal indicators' },
  { table: 'revision', ja: '新旧対照表', en: 'Revision comparison' },
  { table: 'budget', ja: '当初予算額［決算額］', en: 'Budget table' },
] as const;
const FORMATS = ['xlsx', 'csv', 'html', 'json'] as const;
const PRINT_VIEW = {
  label: { ja: '印刷用表示（PDF）', en: 'Print view (PDF)' },
  hint: {
    ja: '印刷用の表を新しいタブで開きます。ブラウザーの印刷で PDF に保存できます（A4 横）。',
    en: 'Opens the table for printing in a new tab; print it or save it as PDF from the browser (A4 landscape).',
  },
  open: { ja: '印刷用表示を開く', en: 'Open the print view' },
} as const;

export function dashboard(o: DashboardOptions): { element: HTMLElement; refresh(): Promise<void> } {
  const { t } = o;
  const board = new CycleDashboard(o.api, t, o.planId, o.fiscalYear, o.role, o.threads);
  const body = h('div', { class: 'dashboard-body', 'data-testid': 'dashboard' });
  const message = h('div', { class: 'message', role: 'alert' });
  const refresh = async () => {
    await Promise.all([board.refresh(), o.reminders?.refresh()]);
  };
  const element = h(
    'div',
    { class: 'dashboard' },
    o.inExcel
      ? null
      : h('div', { class: 'banner banner-info', 'data-testid': 'browser-note' }, t.t('browserNote')),
    h(
      'div',
      { class: 'row-between' },
      h('h2', null, t.t('dashboardTitle')),
      h('button', { class: 'btn btn-subtle', type: 'button', onclick: () => void refresh() }, t.t('refresh')),
    ),
    message,
    o.reminders?.element ?? null,
    body,
    exportsCard(o),
  );

  // The rows are rebuilt only when a new status or new unread counts arrive: a message alone (a
  // failed lock) leaves the focus in place.
  let shown: unknown = null;
  let shownUnread: unknown = null;
  const update = () => {
    const state = board.state();
    const conversation = o.threads?.state();
    const view = selectDashboard(
      state,
      t,
      o.role,
      conversation ? { counts: conversation.unread, error: conversation.unreadError } : undefined,
    );
    mount(message, view.message, view.unreadError ? h('div', { class: 'muted' }, view.unreadError) : null);
    const unread = conversation?.unread ?? null;
    if ((state.status ?? state.loadError) === shown && unread === shownUnread) return;
    shown = state.status ?? state.loadError;
    shownUnread = unread;
    if (view.error) mount(body, h('div', { class: 'banner banner-error' }, view.error));
    else mount(body, ...cycleStatus(view, board, o));
  };
  board.subscribe(update);
  // The controller lives as long as the console; this dashboard only until another tab or the review
  // replaces it: once its element has left the page, it stops listening.
  const off = o.threads?.subscribe(() => {
    if (shown !== null && !element.isConnected) off?.();
    else update();
  });

  return { element, refresh };
}

/** Counts by state, who has not submitted, a row per department, and the lock. */
function cycleStatus(view: DashboardViewModel, board: CycleDashboard, o: DashboardOptions): HTMLElement[] {
  const { t } = o;
  return [
    h(
      'div',
      { class: 'counts', 'data-testid': 'counts' },
      ...view.counts.map((c) =>
        h('span', { class: `chip chip-${c.status}`, dataset: { count: c.status } }, c.text),
      ),
      view.locked ? h('span', { class: 'chip chip-locked' }, t.t('locked')) : null,
    ),
    h(
      'details',
      { class: 'card', open: true },
      h('summary', null, view.notSubmitted.title),
      h(
        'ul',
        { class: 'plain', 'data-testid': 'not-submitted' },
        ...view.notSubmitted.names.map((name) => h('li', null, name)),
      ),
    ),
    h('ul', { class: 'dept-list' }, ...view.departments.map((d) => departmentRow(d, o))),
    ...(view.canLock
      ? [
          h(
            'button',
            {
              class: 'btn btn-danger',
              type: 'button',
              onclick: () => {
                if (confirm(t.t('lockConfirm'))) void board.lock();
              },
            },
            t.t('lockCycle'),
          ),
        ]
      : []),
  ];
}

/** A department: its state and progress, its sheet a click away (in Excel), and its review. */
function departmentRow(d: DepartmentRowView, o: DashboardOptions): HTMLElement {
  const { t } = o;
  return h(
    'li',
    { class: 'dept', dataset: { department: d.departmentId, status: d.status } },
    h(
      'div',
      { class: 'row-between' },
      h('strong', null, d.name),
      h(
        'span',
        { class: 'row-chips' },
        d.unread ? h('span', { class: 'chip chip-unread', 'data-testid': 'dept-unread' }, d.unread) : null,
        h('span', { class: `chip chip-${d.status}` }, d.statusLabel),
      ),
    ),
    h('div', { class: 'muted', 'data-testid': 'dept-detail' }, d.detail),
    d.comment ? h('div', { class: 'muted' }, d.comment) : null,
    h(
      'div',
      { class: 'button-row' },
      o.openSheet
        ? h(
            'button',
            { class: 'btn btn-subtle', type: 'button', onclick: () => o.openSheet?.(d.departmentId) },
            t.t('buildSheet'),
          )
        : null,
      o.reviewSheet
        ? h(
            'button',
            {
              class: d.awaitsReview ? 'btn btn-primary' : 'btn',
              type: 'button',
              title: t.t('reviewOpenHint'),
              'data-testid': 'review-open',
              onclick: () => o.reviewSheet?.(d.departmentId),
            },
            t.t('reviewOpen'),
          )
        : null,
    ),
  );
}

function exportsCard(o: DashboardOptions): HTMLElement {
  const { api, t } = o;
  const progress = h('div', { class: 'progress-host', hidden: true });
  const message = h('div', { class: 'message', role: 'alert' });
  /** One table as the server exports it, with progress; on failure says why and gives null. */
  const fetchExport = async (table: string, format: string): Promise<{ file: string; blob: Blob } | null> => {
    const path = `/api/plans/${encodeURIComponent(o.planId)}/cycles/${o.fiscalYear}/export?table=${table}&format=${format}`;
    const file = `${table}-${o.fiscalYear}.${format}`;
    const r = await withProgress(
      progress,
      t,
      (done, total) =>
        t.t('exporting', {
          file,
          kb: Math.round(done / 1024),
          total: total ? Math.round(total / 1024) : '?',
        }),
      (p) => api.download(path, p),
    );
    if (!r.ok) {
      mount(message, r.kind === 'network' ? t.t('networkError') : t.msg(r.problem.messages));
      return null;
    }
    mount(message);
    return { file, blob: r.value };
  };
  const download = async (table: string, format: string) => {
    const exported = await fetchExport(table, format);
    if (!exported) return;
    const url = URL.createObjectURL(exported.blob);
    const a = h('a', { href: url, download: exported.file });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  // The print view: the HTML export with its print stylesheet, in a tab of its own, for the
  // browser to print (or save as PDF) as it is — A4 landscape, no block split. The export needs
  // the bearer token, so the page is fetched here and shown from a blob URL; the tab is opened
  // within the click, before the fetch, so that no popup blocker stops it.
  const printView = async (table: string) => {
    const tab = window.open('', '_blank');
    if (tab) tab.opener = null;
    const exported = await fetchExport(table, 'html');
    if (!exported) {
      tab?.close();
      return;
    }
    const url = URL.createObjectURL(new Blob([exported.blob], { type: 'text/html;charset=utf-8' }));
    if (tab) tab.location.href = url;
    else mount(message, h('a', { href: url, target: '_blank', rel: 'noopener' }, PRINT_VIEW.open[t.lang]));
    setTimeout(() => URL.revokeObjectURL(url), 120_000);
  };
  return h(
    'details',
    { class: 'card exports' },
    h('summary', null, t.t('exports')),
    progress,
    message,
    o.inExcel
      ? workbookExportButton({
          api,
          t,
          planId: o.planId,
          fiscalYear: o.fiscalYear,
          tables: TABLES,
          progress,
          message,
        })
      : null,
    h(
      'ul',
      { class: 'plain' },
      ...TABLES.map((x) =>
        h(
          'li',
          null,
          h('div', null, x[t.lang]),
          h(
            'div',
            { class: 'button-row' },
            ...FORMATS.map((f) =>
              h(
                'button',
                { class: 'btn btn-subtle', type: 'button', onclick: () => void download(x.table, f) },
                f.toUpperCase(),
              ),
            ),
            h(
              'button',
              {
                class: 'btn btn-subtle',
                type: 'button',
                title: PRINT_VIEW.hint[t.lang],
                'data-testid': `print-view-${x.table}`,
                onclick: () => void printView(x.table),
              },
              PRINT_VIEW.label[t.lang],
            ),
          ),
        ),
      ),
    ),
  );
}
