import type { MissingItem } from '../app/completeness.ts';
import type { SheetController } from '../app/controller.ts';
import { cvt } from '../app/conversation-messages.ts';
import type { Translator } from '../app/i18n.ts';
import type { SheetThreads, UnreadListView } from '../app/sheet-threads.ts';
import { type SheetViewModel, selectSheetView } from '../app/sheet-view-model.ts';
import { conflictView } from './conflict-view.ts';
import { h, mount } from './dom.ts';
import { withProgress } from './progress.ts';
import { mountThreadPanel } from './thread-panel.ts';

/**
 * The department's pane beside its sheet: the open year and the submission's state, the
 * always-visible save state, save / submit / withdraw / history, the check before submitting (a
 * dialog in the pane), the cells still blank and the list of problems with links to their cells, the
 * history of a row, and the conflict view. It renders the view model (app/sheet-view-model.ts) of the
 * controller's state and calls the controller. When the pane regains focus it asks the controller
 * whether the server holds a newer copy. With `threads` (app/sheet-threads.ts) it also shows the
 * conversation: the thread of the row selected on the sheet, and the 💬 list of unread threads.
 */
export function sheetPane(
  c: SheetController,
  t: Translator,
  threads?: SheetThreads,
): { element: HTMLElement; start(): Promise<void>; dispose(): void } {
  const banner = h('div', { class: 'banners', 'aria-live': 'polite' });
  const newer = h('div', { 'data-testid': 'newer-host' });
  const status = h('div', { class: 'sync-status', role: 'status', 'data-testid': 'sync-status' });
  const progress = h('div', { class: 'progress-host', hidden: true });
  const review = h('div', { 'data-testid': 'review-host' });
  const history = h('div', { 'data-testid': 'history-host' });
  const missing = h('section', { class: 'card missing', 'data-testid': 'missing', hidden: true });
  const problems = h('section', { class: 'card problems', 'data-testid': 'problems' });
  const conflictHost = h('div', { 'data-testid': 'conflict' });
  const message = h('div', { class: 'message', role: 'alert', 'data-testid': 'message' });
  const button = (testId: string, label: string, kind = '') =>
    h('button', { class: `btn ${kind}`.trim(), type: 'button', 'data-testid': testId }, label);
  const save = button('save', t.t('saveDraft'));
  const submit = button('submit', t.t('submit'), 'btn-primary');
  const withdraw = button('withdraw', t.t('withdraw'));
  const showHistory = button('history', t.t('history'), 'btn-subtle');
  const rebuild = button('rebuild', t.t('buildSheet'), 'btn-subtle');
  const buttons = [save, submit, withdraw, showHistory, rebuild];
  const element = h(
    'div',
    { class: 'sheet-pane' },
    banner,
    newer,
    h('div', { class: 'sync-bar' }, status, h('div', { class: 'button-row' }, save, submit, withdraw)),
    progress,
    message,
    review,
    conflictHost,
    missing,
    problems,
    history,
    h('div', { class: 'button-row footer-actions' }, showHistory, rebuild),
  );
  const select = (row: number, col: number) => void c.selectCell(row, col);
  const comments = threads ? commentsCard(threads, t) : null;
  if (comments) element.insertBefore(comments.element, history);

  const render = () => {
    const view = selectSheetView(c.state(), t);
    if (!view) return;
    mount(banner, ...banners(view));
    mount(newer, view.newer ? newerBanner(view.newer, () => void reload()) : null);
    if (view.sync) {
      status.className = `sync-status tone-${view.sync.tone}`;
      status.dataset.kind = view.sync.kind;
      mount(status, h('span', { class: 'dot', 'aria-hidden': 'true' }), view.sync.text);
    }
    save.hidden = !view.actions.save;
    submit.hidden = !view.actions.submit;
    withdraw.hidden = view.actions.withdraw === null;
    withdraw.textContent = view.actions.withdraw ?? '';
    showHistory.hidden = !view.actions.history;
    mount(message, view.notice ?? '');
    mount(review, view.review ? reviewDialog(view.review, t, select, confirm, () => c.cancelSubmit()) : null);
    missing.hidden = view.missing === null || view.review !== null;
    mount(
      missing,
      ...(view.missing
        ? [h('h2', null, view.missing.title), missingList(view.missing.items, t, select)]
        : []),
    );
    mount(problems, ...problemList(view.problems, t, select));
    mount(history, view.history ? historyPanel(view.history, t, () => c.closeHistory()) : null);
    comments?.render();
    if (view.conflict && !conflictHost.firstChild) {
      const apply = (choices: Parameters<SheetController['resolve']>[0]) =>
        void c.resolve(choices).then(() => mount(conflictHost));
      mount(conflictHost, conflictView(view.conflict.open, view.conflict.cells, t, apply));
    } else if (!view.conflict) mount(conflictHost);
  };

  /** Runs a step with the buttons disabled, then shows the state it left. */
  const step = async (work: () => Promise<unknown>) => {
    for (const b of buttons) b.disabled = true;
    try {
      await work();
    } finally {
      for (const b of buttons) b.disabled = false;
      render();
    }
  };
  let unsubscribe: (() => void) | null = null;
  let threadsStarted = false;
  const build = (open: (p: Parameters<SheetController['open']>[0]) => Promise<unknown> = (p) => c.open(p)) =>
    step(async () => {
      const label = (done: number, total: number) => t.t('buildingSheet', { done, total });
      const result = await withProgress(progress, t, label, open);
      if (result === 'cancelled') mount(message, t.t('cancelled'));
      if (!unsubscribe && c.state().model) unsubscribe = c.subscribe(render);
      // The conversation once a sheet is there (its marks go on the sheet just written); once.
      if (threads && !threadsStarted && c.state().model) {
        threadsStarted = true;
        await threads.start();
      }
    });
  const reload = () => build((p) => c.reloadNewer(p));
  const confirm = () => void step(() => c.submit());

  save.addEventListener('click', () => {
    const label = (done: number, total: number) => t.t('drainingQueue', { done, total });
    void step(() => withProgress(progress, t, label, (p) => c.saveNow(p)));
  });
  submit.addEventListener('click', () => void step(() => c.reviewSubmit()));
  withdraw.addEventListener('click', () => void step(() => c.withdraw()));
  showHistory.addEventListener('click', () => void c.openHistory());
  rebuild.addEventListener('click', () => void build());
  const online = () => void c.online();
  // Back in the pane (Excel's window, another tab): is there a newer copy than the one shown?
  const focused = () => {
    if (document.visibilityState === 'hidden') return;
    void c.checkNewer();
    void threads?.refresh();
  };
  window.addEventListener('online', online);
  window.addEventListener('focus', focused);
  document.addEventListener('visibilitychange', focused);

  return {
    element,
    start: () => build(),
    dispose: () => {
      comments?.dispose();
      threads?.dispose();
      window.removeEventListener('online', online);
      window.removeEventListener('focus', focused);
      document.removeEventListener('visibilitychange', focused);
      unsubscribe?.();
      c.dispose();
    },
  };
}

/**
 * The conversation beside the sheet: the 💬 list of this sheet's threads with unread comments (each
 * a link that selects its row and opens its thread), a refresh button, and the thread panel showing
 * the thread of the row selected on the sheet (ui/thread-panel.ts).
 */
function commentsCard(
  threads: SheetThreads,
  t: Translator,
): { element: HTMLElement; render(): void; dispose(): void } {
  const lang = t.lang;
  const title = h('h2', { 'data-testid': 'unread-title' });
  const list = h('div', { 'data-testid': 'unread-threads' });
  const hint = h('p', { class: 'muted', 'data-testid': 'thread-hint' }, cvt(lang, 'threadHint'));
  const refresh = h(
    'button',
    {
      class: 'btn btn-subtle',
      type: 'button',
      'data-testid': 'threads-refresh',
      onclick: () => void threads.refresh(),
    },
    cvt(lang, 'refreshThreads'),
  );
  const close = h(
    'button',
    {
      class: 'btn btn-subtle',
      type: 'button',
      'data-testid': 'thread-close',
      onclick: () => threads.threads.close(),
    },
    cvt(lang, 'closeThread'),
  );
  const panelHost = h('div', { 'data-testid': 'thread-host' });
  const element = h(
    'section',
    { class: 'card comments', 'data-testid': 'comments' },
    h('div', { class: 'row-between' }, title, refresh),
    list,
    hint,
    h('div', { class: 'button-row' }, close),
    panelHost,
  );
  const panel = mountThreadPanel(panelHost, { controller: threads.threads, lang });
  let shown = '';
  const render = () => {
    const view = threads.unreadList();
    const open = threads.threads.state().open !== null;
    hint.hidden = open;
    close.hidden = !open;
    const key = JSON.stringify(view);
    if (key === shown) return;
    shown = key;
    mount(title, view?.title ?? '');
    mount(list, ...(view ? unreadList(view, t, (k) => void threads.openRow(k)) : []));
  };
  const unsubscribe = threads.threads.subscribe(render);
  render();
  return {
    element,
    render,
    dispose: () => {
      unsubscribe();
      panel.dispose();
    },
  };
}

function unreadList(
  view: UnreadListView,
  t: Translator,
  open: (key: UnreadListView['items'][number]['rowKey']) => void,
): HTMLElement[] {
  const out: (HTMLElement | null)[] = [
    view.error ? h('div', { class: 'banner banner-error' }, view.error) : null,
    view.empty ? h('p', { class: 'muted' }, view.empty) : null,
    view.items.length > 0
      ? h(
          'ul',
          { class: 'problem-list' },
          ...view.items.map((x) =>
            h(
              'li',
              { 'data-testid': 'unread-thread', dataset: { rowKey: x.rowKey, address: x.address } },
              cellLink(x.address, t, () => open(x.rowKey)),
              ' ',
              x.label,
              ' ',
              h('span', { class: 'chip thread-unread' }, x.badge),
            ),
          ),
        )
      : null,
  ];
  return out.filter((x): x is HTMLElement => x !== null);
}

/** The sheet's title — department, the open year, the submission's state — then the banners. */
function banners(view: SheetViewModel): HTMLElement[] {
  const { submission: sub } = view;
  return [
    h(
      'div',
      { class: 'sheet-title' },
      h('strong', null, view.title.department),
      ' ',
      h('span', { class: 'open-year', 'data-testid': 'open-year' }, view.title.cycle),
      h('span', { class: `chip chip-${sub.status}`, 'data-testid': 'submission-status' }, sub.label),
      view.title.locked
        ? h('span', { class: 'chip chip-locked', 'data-testid': 'year-locked' }, view.title.locked)
        : null,
      sub.receivedAt ? h('span', { class: 'muted' }, sub.receivedAt) : null,
    ),
    ...view.banners.map((b) =>
      h(
        'div',
        { class: `banner banner-${b.tone}`, ...(b.testId ? { 'data-testid': b.testId } : {}) },
        b.text,
      ),
    ),
  ];
}

function newerBanner(newer: NonNullable<SheetViewModel['newer']>, reload: () => void): HTMLElement {
  return h(
    'div',
    { class: 'banner banner-warning row-between', 'data-testid': 'newer-copy' },
    h('span', null, newer.text),
    h(
      'button',
      { class: 'btn btn-primary', type: 'button', 'data-testid': 'reload-newer', onclick: reload },
      newer.button,
    ),
  );
}

/** A link that selects a cell of the sheet. */
function cellLink(address: string, t: Translator, select: () => void): HTMLElement {
  const link = h('a', { href: '#', class: 'cell-link', title: t.t('jumpToCell') }, address);
  link.addEventListener('click', (e) => {
    e.preventDefault();
    select();
  });
  return link;
}

function missingList(
  items: readonly MissingItem[],
  t: Translator,
  select: (row: number, col: number) => void,
): HTMLElement {
  return h(
    'ul',
    { class: 'problem-list', 'data-testid': 'missing-list' },
    ...items.map((m) =>
      h(
        'li',
        { class: 'problem problem-missing', dataset: { address: m.address, key: m.key } },
        cellLink(m.address, t, () => select(m.row, m.col)),
        ' ',
        m.text,
      ),
    ),
  );
}

/** The check before submitting: a dialog inside the pane (not window.confirm, which Office blocks). */
function reviewDialog(
  r: NonNullable<SheetViewModel['review']>,
  t: Translator,
  select: (row: number, col: number) => void,
  confirm: () => void,
  cancel: () => void,
): HTMLElement {
  const s = r.summary;
  return h(
    'section',
    {
      class: 'card dialog',
      role: 'dialog',
      'aria-modal': 'false',
      'aria-labelledby': 'submit-review-title',
      'data-testid': 'submit-review',
    },
    h('h2', { id: 'submit-review-title' }, r.title),
    h(
      'ul',
      { class: 'plain review-summary', 'data-testid': 'review-summary' },
      h('li', null, s.kpis),
      h('li', null, s.activities),
      h('li', null, s.missing),
      h('li', null, s.errors),
      h('li', null, s.warnings),
    ),
    h('p', { class: r.canSubmit ? 'help' : 'banner banner-warning', 'data-testid': 'review-help' }, r.help),
    r.missing.length > 0 ? missingList(r.missing, t, select) : null,
    h(
      'div',
      { class: 'button-row' },
      r.canSubmit
        ? h(
            'button',
            { class: 'btn btn-primary', type: 'button', 'data-testid': 'submit-confirm', onclick: confirm },
            t.t('submitConfirm'),
          )
        : null,
      h(
        'button',
        { class: 'btn', type: 'button', 'data-testid': 'submit-cancel', onclick: cancel },
        t.t('submitCancel'),
      ),
    ),
  );
}

function historyPanel(
  v: NonNullable<SheetViewModel['history']>,
  t: Translator,
  close: () => void,
): HTMLElement {
  const head = ['historyWhen', 'historyWho', 'historyField', 'historyBefore', 'historyAfter'] as const;
  return h(
    'section',
    { class: 'card history', 'data-testid': 'history-view' },
    h(
      'div',
      { class: 'row-between' },
      h('h2', null, v.title),
      h(
        'button',
        { class: 'btn btn-subtle', type: 'button', onclick: close, 'data-testid': 'history-close' },
        t.t('historyClose'),
      ),
    ),
    v.loading ? h('p', { class: 'muted' }, t.t('historyLoading')) : null,
    v.error ? h('div', { class: 'banner banner-error' }, t.t('historyFailed', { message: v.error })) : null,
    v.empty ? h('p', { class: 'muted' }, v.empty) : null,
    v.rows.length > 0
      ? h(
          'table',
          { class: 'history-table' },
          h('thead', null, h('tr', null, ...head.map((k) => h('th', null, t.t(k))))),
          h(
            'tbody',
            null,
            ...v.rows.map((r) =>
              h(
                'tr',
                null,
                h('td', null, r.when),
                h('td', null, r.who),
                h('td', null, r.field),
                h('td', null, r.before),
                h('td', null, r.after),
              ),
            ),
          ),
        )
      : null,
  );
}

/** The problems (errors, then notes to check, in sheet order), each with a link that selects its cell. */
function problemList(
  list: SheetViewModel['problems'],
  t: Translator,
  select: (row: number, col: number) => void,
): HTMLElement[] {
  const item = (p: SheetViewModel['problems']['items'][number]) =>
    h(
      'li',
      { class: `problem problem-${p.severity}`, dataset: { address: p.address } },
      cellLink(p.address, t, () => select(p.row, p.col)),
      ' ',
      p.text,
    );
  return [
    h('h2', { 'data-testid': 'problems-title' }, list.title),
    list.items.length === 0
      ? h('p', { class: 'muted' }, t.t('noProblems'))
      : h('ul', { class: 'problem-list' }, ...list.items.map(item)),
  ];
}
