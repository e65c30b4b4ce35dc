import type { SheetController } from '../app/controller.ts';
import type { Translator } from '../app/i18n.ts';
import type { MessageKey } from '../app/messages.ts';
import { conflictView } from './conflict-view.ts';
import { formatTime, h, mount } from './dom.ts';
import { withProgress } from './progress.ts';
import { statusLine } from './status.ts';

/**
 * The department's pane beside its sheet: the submission's state, the always-visible save state,
 * save / submit, the list of problems with links to their cells, and the conflict view.
 */
const SUBMISSION_LABEL: Record<string, MessageKey> = {
  draft: 'statusDraft',
  submitted: 'statusSubmitted',
  approved: 'statusApproved',
  returned: 'statusReturned',
};

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
  const save = h('button', { class: 'btn', type: 'button', 'data-testid': 'save' }, t.t('saveDraft'));
  const submit = h(
    'button',
    { class: 'btn btn-primary', type: 'button', 'data-testid': 'submit' },
    t.t('submit'),
  );
  const rebuild = h(
    'button',
    { class: 'btn btn-subtle', type: 'button', 'data-testid': 'rebuild' },
    t.t('buildSheet'),
  );
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

  const busy = (b: boolean) => {
    for (const btn of [save, submit, rebuild]) btn.disabled = b;
  };

  const render = () => {
    if (!c.session) return;
    const sub = c.model.data.submission;
    const chips = [
      h(
        'span',
        { class: `chip chip-${sub.status}`, 'data-testid': 'submission-status' },
        t.t(SUBMISSION_LABEL[sub.status] ?? 'statusDraft'),
      ),
      sub.submittedAt && (sub.status === 'submitted' || sub.status === 'approved')
        ? h('span', { class: 'muted' }, t.t('submittedAt', { time: formatTime(sub.submittedAt, t.lang) }))
        : null,
    ];
    mount(
      banner,
      h(
        'div',
        { class: 'sheet-title' },
        h('strong', null, c.model.data.department.name),
        ' ',
        c.model.data.cycle.label ?? '',
        ...chips,
      ),
      sub.status === 'returned' && sub.comment
        ? h(
            'div',
            { class: 'banner banner-warning', 'data-testid': 'returned-comment' },
            t.t('returnedComment', { comment: sub.comment }),
          )
        : null,
      c.model.data.cycle.locked ? h('div', { class: 'banner banner-info' }, t.t('lockedCycle')) : null,
      !c.model.data.cycle.locked && !sub.editable
        ? h(
            'div',
            { class: 'banner banner-info' },
            t.t('notEditable', { status: t.t(SUBMISSION_LABEL[sub.status] ?? 'statusDraft') }),
          )
        : null,
      c.error ? h('div', { class: 'banner banner-error' }, t.msg(c.error)) : null,
      c.engine.refusal
        ? h('div', { class: 'banner banner-error', 'data-testid': 'refusal' }, t.msg(c.engine.refusal))
        : null,
    );
    const line = statusLine(c.engine.status(), t);
    status.className = `sync-status tone-${line.tone}`;
    status.dataset.kind = c.engine.status().kind;
    mount(status, h('span', { class: 'dot', 'aria-hidden': 'true' }), line.text);
    submit.hidden = !sub.editable;
    save.hidden = !sub.editable;
    renderProblems();
    if (c.conflict && !conflictHost.firstChild) {
      mount(
        conflictHost,
        conflictView(
          c.conflict,
          c.model,
          t,
          (choices) => void c.resolve(choices).then(() => mount(conflictHost)),
        ),
      );
    } else if (!c.conflict) mount(conflictHost);
  };

  const renderProblems = () => {
    const list = c.session.problems();
    const errors = list.filter((p) => p.severity === 'error').length;
    mount(
      problems,
      h('h2', null, t.t('problemsTitle', { count: errors })),
      list.length === 0
        ? h('p', { class: 'muted' }, t.t('noProblems'))
        : h(
            'ul',
            { class: 'problem-list' },
            ...list.map((p) =>
              h(
                'li',
                { class: `problem problem-${p.severity}`, dataset: { address: p.address } },
                h(
                  'a',
                  {
                    href: '#',
                    class: 'cell-link',
                    title: t.t('jumpToCell'),
                    onclick: (e: Event) => {
                      e.preventDefault();
                      void c.session.selectCell(p.row, p.col);
                    },
                  },
                  p.address,
                ),
                ' ',
                p.text,
              ),
            ),
          ),
    );
  };

  const build = async () => {
    busy(true);
    try {
      const result = await withProgress(
        progress,
        t,
        (done, total) => t.t('buildingSheet', { done, total }),
        (p) => c.open(p),
      );
      if (result === 'cancelled') mount(message, t.t('cancelled'));
      else if (result !== 'failed') mount(message);
      if (!unsubscribe && c.session) unsubscribe = c.subscribe(render);
      render();
    } finally {
      busy(false);
    }
  };
  let unsubscribe: (() => void) | null = null;

  save.addEventListener('click', () => {
    busy(true);
    void withProgress(
      progress,
      t,
      (done, total) => t.t('drainingQueue', { done, total }),
      (p) => c.saveNow(p),
    ).finally(() => {
      busy(false);
      render();
    });
  });
  submit.addEventListener('click', async () => {
    busy(true);
    try {
      const r = await c.submit();
      mount(message, r.ok ? '' : (r.message ?? ''));
    } finally {
      busy(false);
      render();
    }
  });
  rebuild.addEventListener('click', () => void build());
  const online = () => void c.engine?.online();
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
