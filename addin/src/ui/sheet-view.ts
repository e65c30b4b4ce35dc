import type { SheetController } from '../app/controller.ts';
import type { Translator } from '../app/i18n.ts';
import { type SheetViewModel, selectSheetView } from '../app/sheet-view-model.ts';
import { conflictView } from './conflict-view.ts';
import { h, mount } from './dom.ts';
import { withProgress } from './progress.ts';

/**
 * The department's pane beside its sheet: the submission's state, the always-visible save state,
 * save / submit, the list of problems with links to their cells, and the conflict view. It renders
 * the view model (app/sheet-view-model.ts) of the controller's state and calls the controller.
 */
export function sheetPane(
  c: SheetController,
  t: Translator,
): { element: HTMLElement; start(): Promise<void>; dispose(): void } {
  const banner = h('div', { class: 'banners', 'aria-live': 'polite' });
  const status = h('div', { class: 'sync-status', role: 'status', 'data-testid': 'sync-status' });
  const progress = h('div', { class: 'progress-host', hidden: true });
  const problems = h('section', { class: 'card problems', 'data-testid': 'problems' });
  const conflictHost = h('div', { 'data-testid': 'conflict' });
  const message = h('div', { class: 'message', role: 'alert' });
  const button = (testId: string, label: string, kind = '') =>
    h('button', { class: `btn ${kind}`.trim(), type: 'button', 'data-testid': testId }, label);
  const save = button('save', t.t('saveDraft'));
  const submit = button('submit', t.t('submit'), 'btn-primary');
  const rebuild = button('rebuild', t.t('buildSheet'), 'btn-subtle');
  const element = h(
    'div',
    { class: 'sheet-pane' },
    banner,
    h('div', { class: 'sync-bar' }, status, h('div', { class: 'button-row' }, save, submit)),
    progress,
    message,
    conflictHost,
    problems,
    h('div', { class: 'button-row footer-actions' }, rebuild),
  );

  const render = () => {
    const view = selectSheetView(c.state(), t);
    if (!view) return;
    mount(banner, ...banners(view));
    if (view.sync) {
      status.className = `sync-status tone-${view.sync.tone}`;
      status.dataset.kind = view.sync.kind;
      mount(status, h('span', { class: 'dot', 'aria-hidden': 'true' }), view.sync.text);
    }
    save.hidden = !view.actions.save;
    submit.hidden = !view.actions.submit;
    mount(problems, ...problemList(view.problems, t, (row, col) => void c.selectCell(row, col)));
    if (view.conflict && !conflictHost.firstChild) {
      const apply = (choices: Parameters<SheetController['resolve']>[0]) =>
        void c.resolve(choices).then(() => mount(conflictHost));
      mount(conflictHost, conflictView(view.conflict.open, view.conflict.cells, t, apply));
    } else if (!view.conflict) mount(conflictHost);
  };

  /** Runs a step with the buttons disabled, then shows the state it left. */
  const step = async (work: () => Promise<void>) => {
    for (const b of [save, submit, rebuild]) b.disabled = true;
    try {
      await work();
    } finally {
      for (const b of [save, submit, rebuild]) b.disabled = false;
      render();
    }
  };
  let unsubscribe: (() => void) | null = null;
  const build = () =>
    step(async () => {
      const label = (done: number, total: number) => t.t('buildingSheet', { done, total });
      const result = await withProgress(progress, t, label, (p) => c.open(p));
      if (result === 'cancelled') mount(message, t.t('cancelled'));
      else if (result !== 'failed') mount(message);
      if (!unsubscribe && c.state().model) unsubscribe = c.subscribe(render);
    });

  save.addEventListener('click', () => {
    const label = (done: number, total: number) => t.t('drainingQueue', { done, total });
    void step(() => withProgress(progress, t, label, (p) => c.saveNow(p)));
  });
  submit.addEventListener('click', () => {
    void step(async () => {
      const r = await c.submit();
      mount(message, r.ok ? '' : (r.message ?? ''));
    });
  });
  rebuild.addEventListener('click', () => void build());
  const online = () => void c.online();
  window.addEventListener('online', online);

  return {
    element,
    start: () => build(),
    dispose: () => {
      window.removeEventListener('online', online);
      unsubscribe?.();
      c.dispose();
    },
  };
}

/** The sheet's title with the submission's state, then the banners. */
function banners(view: SheetViewModel): HTMLElement[] {
  const { submission: sub } = view;
  return [
    h(
      'div',
      { class: 'sheet-title' },
      h('strong', null, view.title.department),
      ' ',
      view.title.cycle,
      h('span', { class: `chip chip-${sub.status}`, 'data-testid': 'submission-status' }, sub.label),
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

/** The problems, each with a link that selects its cell. */
function problemList(
  list: SheetViewModel['problems'],
  t: Translator,
  select: (row: number, col: number) => void,
): HTMLElement[] {
  const item = (p: SheetViewModel['problems']['items'][number]) => {
    const link = h('a', { href: '#', class: 'cell-link', title: t.t('jumpToCell') }, p.address);
    link.addEventListener('click', (e) => {
      e.preventDefault();
      select(p.row, p.col);
    });
    return h(
      'li',
      { class: `problem problem-${p.severity}`, dataset: { address: p.address } },
      link,
      ' ',
      p.text,
    );
  };
  return [
    h('h2', null, list.title),
    list.items.length === 0
      ? h('p', { class: 'muted' }, t.t('noProblems'))
      : h('ul', { class: 'problem-list' }, ...list.items.map(item)),
  ];
}
