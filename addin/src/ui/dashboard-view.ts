import type { DepartmentStatus } from '../../../shared/api.ts';
import type { ApiClient } from '../api/client.ts';
import type { Translator } from '../app/i18n.ts';
import type { MessageKey } from '../app/messages.ts';
import { formatTime, h, mount } from './dom.ts';
import { withProgress } from './progress.ts';
import { workbookExportButton } from './workbook-export.ts';

/**
 * The coordinator's view of a cycle: counts by state, who has not submitted, approve / return with
 * a comment, lock the cycle, and the official tables to download. Works in Excel and in a plain
 * browser (where `openSheet` is absent: editing a sheet needs Excel).
 */
export interface DashboardOptions {
  api: ApiClient;
  t: Translator;
  planId: string;
  fiscalYear: number;
  inExcel: boolean;
  openSheet?: (departmentId: string) => void;
}

const STATUS: Record<string, MessageKey> = {
  draft: 'statusDraft',
  submitted: 'statusSubmitted',
  approved: 'statusApproved',
  returned: 'statusReturned',
};
const COUNT: Record<string, MessageKey> = {
  draft: 'countDraft',
  submitted: 'countSubmitted',
  approved: 'countApproved',
  returned: 'countReturned',
};
const TABLES = [
  { table: 'projects', ja: '事業の実績（KPI・達成度）', en: 'Projects (KPIs, achievement)' },
  { table: 'goals', ja: '数値目標の進捗状況', en: 'Goal indicators' },
  { table: 'revision', ja: '新旧対照表', en: 'Revision comparison' },
  { table: 'budget', ja: '当初予算額［決算額］', en: 'Budget table' },
] as const;
const FORMATS = ['xlsx', 'csv', 'html', 'json'] as const;

export function dashboard(o: DashboardOptions): { element: HTMLElement; refresh(): Promise<void> } {
  const { api, t } = o;
  const body = h('div', { class: 'dashboard-body', 'data-testid': 'dashboard' });
  const message = h('div', { class: 'message', role: 'alert' });
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
    body,
    exportsCard(o),
  );

  const act = async (
    run: () => Promise<{ ok: boolean; problem?: { messages: { ja: string; en: string } } }>,
  ) => {
    const r = await run();
    mount(message, r.ok ? '' : r.problem ? t.msg(r.problem.messages) : t.t('networkError'));
    await refresh();
  };

  const departmentRow = (d: DepartmentStatus, locked: boolean) => {
    const comment = h('input', {
      type: 'text',
      class: 'input',
      placeholder: t.t('returnComment'),
      'aria-label': t.t('returnComment'),
    });
    const canReview = !locked && (d.status === 'submitted' || d.status === 'approved');
    return h(
      'li',
      { class: 'dept', dataset: { department: d.departmentId, status: d.status } },
      h(
        'div',
        { class: 'row-between' },
        h('strong', null, d.departmentName),
        h('span', { class: `chip chip-${d.status}` }, t.t(STATUS[d.status] ?? 'statusDraft')),
      ),
      h(
        'div',
        { class: 'muted' },
        t.t('filled', { filled: d.filledCount, total: d.indicatorCount }),
        d.submittedAt && (d.status === 'submitted' || d.status === 'approved')
          ? ` · ${t.t('submittedAt', { time: formatTime(d.submittedAt, t.lang) })}`
          : '',
        d.updatedByName ? ` · ${d.updatedByName}` : '',
      ),
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
        d.status === 'submitted' && !locked
          ? h(
              'button',
              {
                class: 'btn btn-primary',
                type: 'button',
                onclick: () =>
                  act(() =>
                    api.workflow(o.planId, o.fiscalYear, d.departmentId, 'approve', { ifMatch: d.revision }),
                  ),
              },
              t.t('approve'),
            )
          : null,
        canReview ? comment : null,
        canReview
          ? h(
              'button',
              {
                class: 'btn',
                type: 'button',
                onclick: () => {
                  if (comment.value.trim() === '') {
                    mount(message, t.t('returnComment'));
                    comment.focus();
                    return;
                  }
                  void act(() =>
                    api.workflow(o.planId, o.fiscalYear, d.departmentId, 'return', {
                      comment: comment.value.trim(),
                      ifMatch: d.revision,
                    }),
                  );
                },
              },
              t.t('returnTo'),
            )
          : null,
      ),
    );
  };

  async function refresh(): Promise<void> {
    const r = await api.cycleStatus(o.planId, o.fiscalYear);
    if (!r.ok) {
      mount(
        body,
        h(
          'div',
          { class: 'banner banner-error' },
          r.kind === 'network' ? t.t('networkError') : t.msg(r.problem.messages),
        ),
      );
      return;
    }
    const s = r.value;
    const pending = s.departments.filter((d) => d.status === 'draft' || d.status === 'returned');
    mount(
      body,
      h(
        'div',
        { class: 'counts', 'data-testid': 'counts' },
        ...(['draft', 'submitted', 'approved', 'returned'] as const).map((k) =>
          h(
            'span',
            { class: `chip chip-${k}`, dataset: { count: k } },
            t.t(COUNT[k]!, { n: s.counts[k] ?? 0 }),
          ),
        ),
        s.locked ? h('span', { class: 'chip chip-locked' }, t.t('locked')) : null,
      ),
      h(
        'details',
        { class: 'card', open: true },
        h('summary', null, t.t('notSubmittedTitle', { n: pending.length })),
        h(
          'ul',
          { class: 'plain', 'data-testid': 'not-submitted' },
          ...pending.map((d) => h('li', null, d.departmentName)),
        ),
      ),
      h('ul', { class: 'dept-list' }, ...s.departments.map((d) => departmentRow(d, s.locked))),
      s.locked
        ? null
        : h(
            'button',
            {
              class: 'btn btn-danger',
              type: 'button',
              onclick: () => {
                if (confirm(t.t('lockConfirm'))) void act(() => api.lockCycle(o.planId, o.fiscalYear));
              },
            },
            t.t('lockCycle'),
          ),
    );
  }

  return { element, refresh };
}

function exportsCard(o: DashboardOptions): HTMLElement {
  const { api, t } = o;
  const progress = h('div', { class: 'progress-host', hidden: true });
  const message = h('div', { class: 'message', role: 'alert' });
  const download = async (table: string, format: string) => {
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
      return;
    }
    mount(message);
    const url = URL.createObjectURL(r.value);
    const a = h('a', { href: url, download: file });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
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
          ),
        ),
      ),
    ),
  );
}
