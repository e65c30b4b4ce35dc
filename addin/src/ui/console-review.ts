import type { ApiClient } from '../api/client.ts';
import { ct } from '../app/console-messages.ts';
import {
  historyItems,
  type ReviewChange,
  type ReviewViewModel,
  selectReview,
} from '../app/console-review.ts';
import type { Translator } from '../app/i18n.ts';
import { button, card, failureText, notice } from './console-kit.ts';
import { h, mount } from './dom.ts';

/**
 * A department's submission, read-only, as the coordinator reviews it: the values with 達成度,
 * footnotes and reasons, the problems, the changes since the last submission, and — when the
 * server allows them — approve / return (with a comment) / reopen, each sent with the revision
 * shown as If-Match (a sheet changed since answers 409 and nothing is approved).
 */
export interface ReviewOptions {
  api: ApiClient;
  t: Translator;
  planId: string;
  fiscalYear: number;
  departmentId: string;
  /** Back to the list; `changed` after a step went through. */
  back?: (changed: boolean) => void;
  /** Without: read only (a department user's own sheet). */
  withActions: boolean;
  /** Also the sheet's whole history (values and workflow steps), newest first. */
  showHistory?: boolean;
}

export function reviewView(o: ReviewOptions): { element: HTMLElement; load(): Promise<void> } {
  const { t } = o;
  const element = h('div', { class: 'console-panel', 'data-testid': 'review' });
  const load = async () => {
    mount(element, h('div', { class: 'muted' }, ct(t.lang, 'loading')));
    const [sheet, history] = await Promise.all([
      o.api.sheet(o.planId, o.fiscalYear, o.departmentId),
      o.api.sheetHistory(o.planId, o.fiscalYear, o.departmentId, 500),
    ]);
    // A department of the user with no project in this plan has no sheet here: nothing to show.
    if (!sheet.ok && !o.withActions && sheet.kind === 'http' && sheet.status === 404) return mount(element);
    if (!sheet.ok) return mount(element, h('div', { class: 'banner banner-error' }, failureText(sheet, t)));
    const entries = history.ok ? history.value.entries : [];
    mount(
      element,
      ...render(selectReview(sheet.value, entries, t), o, load),
      o.showHistory ? historyCard(historyItems(entries, sheet.value, t), t) : null,
    );
  };
  return { element, load };
}

function render(v: ReviewViewModel, o: ReviewOptions, reload: () => Promise<void>): HTMLElement[] {
  const { t } = o;
  const lang = t.lang;
  const n = notice('review-notice');
  const comment = h('textarea', {
    class: 'input',
    rows: 2,
    placeholder: t.t('returnComment'),
    'aria-label': t.t('returnComment'),
    'data-testid': 'review-comment',
  }) as HTMLTextAreaElement;
  const step = async (action: 'approve' | 'return' | 'reopen', btn: HTMLButtonElement) => {
    if (action === 'return' && comment.value.trim() === '') {
      n.fail(t.t('returnComment'));
      comment.focus();
      return;
    }
    btn.disabled = true;
    const r =
      action === 'reopen'
        ? await o.api.workflow(o.planId, o.fiscalYear, v.departmentId, 'reopen', {
            ifMatch: v.revision,
            ...(comment.value.trim() ? { comment: comment.value.trim() } : {}),
          })
        : await o.api.workflow(o.planId, o.fiscalYear, v.departmentId, action, {
            ifMatch: v.revision,
            ...(action === 'return' ? { comment: comment.value.trim() } : {}),
          });
    btn.disabled = false;
    if (!r.ok) {
      n.fail(failureText(r, t));
      // The sheet changed since it was shown (409): show what it holds now.
      if (r.kind === 'http' && r.status === 409) await reload();
      return;
    }
    if (o.back) o.back(true);
    else await reload();
  };
  const labels = { approve: t.t('approve'), return: t.t('returnTo'), reopen: t.t('reopen') } as const;
  const actions =
    o.withActions && v.actions.length
      ? h(
          'section',
          { class: 'card console-card', 'data-testid': 'review-actions' },
          h('div', { class: 'muted' }, v.approveHint),
          v.actions.includes('return') || v.actions.includes('reopen') ? comment : null,
          h(
            'div',
            { class: 'button-row' },
            ...v.actions.map((a) => {
              const b: HTMLButtonElement = button(labels[a], () => void step(a, b), {
                kind: a === 'approve' ? 'primary' : a === 'return' ? undefined : 'subtle',
                testId: `review-${a}`,
              });
              return b;
            }),
          ),
        )
      : null;
  return [
    o.back
      ? button(ct(lang, 'reviewBack'), () => o.back?.(false), { kind: 'subtle', testId: 'review-back' })
      : null,
    h(
      'div',
      { class: 'row-between' },
      h('h2', null, v.title),
      h('span', { class: `chip chip-${v.status}`, 'data-testid': 'review-status' }, v.statusLabel),
    ),
    h(
      'div',
      { class: 'muted' },
      [v.revisionText, v.received, v.completeness, v.locked ? t.t('locked') : null]
        .filter(Boolean)
        .join(' · '),
    ),
    v.comment ? h('div', { class: 'banner banner-warning' }, v.comment) : null,
    o.withActions ? null : h('div', { class: 'banner banner-info' }, ct(lang, 'reviewReadOnly')),
    n.element,
    ...v.projects.map((p) =>
      h(
        'section',
        { class: 'card console-project', dataset: { project: p.projectId } },
        h(
          'div',
          { class: 'row-between' },
          h('h4', null, p.heading),
          h('span', { class: 'muted' }, p.judgement),
        ),
        h(
          'div',
          { class: `pre ${p.activitiesChanged ? 'changed' : ''}` },
          h('strong', null, `${ct(lang, 'colActivities')}: `),
          p.activities || ct(lang, 'empty'),
        ),
        h(
          'div',
          { class: 'console-table-wrap' },
          h(
            'table',
            { class: 'console-table', 'data-testid': 'review-table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ...(
                  [
                    'colIndicator',
                    'colBaseline',
                    'colTarget',
                    'colActual',
                    'colAchievement',
                    'colCumulative',
                    'colJudgement',
                    'colNotes',
                  ] as const
                ).map((k) => h('th', null, ct(lang, k))),
              ),
            ),
            h(
              'tbody',
              null,
              ...p.rows.map((r) =>
                h(
                  'tr',
                  {
                    class: `${r.changed ? 'changed' : ''} ${r.problems.some((x) => x.severity === 'error') ? 'has-error' : ''}`,
                    dataset: { indicator: r.indicatorId },
                  },
                  h('td', null, r.name, r.unit ? h('span', { class: 'muted' }, `（${r.unit}）`) : null),
                  h('td', null, r.baseline),
                  h('td', { class: 'num' }, r.target),
                  h('td', { class: 'num', 'data-testid': 'review-actual' }, r.actual),
                  h('td', { class: 'num', 'data-testid': 'review-achievement' }, r.achievement),
                  h('td', { class: 'num' }, r.cumulative),
                  h('td', null, r.judgement),
                  h(
                    'td',
                    null,
                    r.notes,
                    ...r.problems.map((x) =>
                      h('div', { class: x.severity === 'error' ? 'problem' : 'warning' }, x.message),
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
    h(
      'details',
      { class: 'card', open: v.problems.items.length > 0, 'data-testid': 'review-problems' },
      h('summary', null, v.problems.title),
      h(
        'ul',
        { class: 'plain' },
        ...v.problems.items.map((p) =>
          h('li', { class: p.severity === 'error' ? 'problem' : 'warning' }, `${p.where}: ${p.message}`),
        ),
      ),
    ),
    h(
      'details',
      { class: 'card', open: true, 'data-testid': 'review-changes' },
      h('summary', null, v.changes.title),
      h(
        'ul',
        { class: 'plain' },
        ...v.changes.items.map((c) =>
          h('li', null, h('span', { class: 'muted' }, `${c.at} ${c.who} `), c.what),
        ),
        v.changes.more
          ? h('li', { class: 'muted' }, ct(lang, 'reviewMoreChanges', { n: v.changes.more }))
          : null,
      ),
    ),
    actions,
  ].filter((x): x is HTMLElement => x !== null);
}

function historyCard(items: readonly ReviewChange[], t: Translator): HTMLElement {
  return card(
    ct(t.lang, 'deptHomeHistory'),
    'department-history',
    items.length
      ? h(
          'ul',
          { class: 'plain' },
          ...items.map((c) => h('li', null, h('span', { class: 'muted' }, `${c.at} ${c.who} `), c.what)),
        )
      : h('div', { class: 'muted' }, ct(t.lang, 'deptHomeNoHistory')),
  );
}
