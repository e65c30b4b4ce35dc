import type { CommentTargetKind } from '../../../shared/conversation/api.ts';
import type { ApiClient } from '../api/client.ts';
import type { ConversationClient } from '../api/conversation-client.ts';
import { ct } from '../app/console-messages.ts';
import {
  historyItems,
  pointersSummary,
  type ReviewChange,
  type ReviewViewModel,
  returnRequest,
  selectReview,
  threadButtonLabel,
} from '../app/console-review.ts';
import type { Translator } from '../app/i18n.ts';
import { type ThreadsController, unreadForTarget } from '../app/threads.ts';
import { type AuditView, mountAuditView } from './audit-view.ts';
import { button, card, failureText, notice } from './console-kit.ts';
import { h, mount } from './dom.ts';
import { mountThreadPanel, type ThreadPanel } from './thread-panel.ts';

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
  /**
   * In Excel: 「Excelで開く」 writes what is shown as a protected, read-only worksheet
   * (app/review-sheet.ts, excel/review-sheet.ts); approving or returning stays here.
   */
  openInExcel?: (v: ReviewViewModel) => Promise<{ sheet: string }>;
  /**
   * The conversation around the values (docs/conversation.md), each part only for a role that may
   * use it (app/console.ts): `threads` — a 💬 per KPI and per 主な取組 with its unread count, opening
   * the thread panel below that project's table (comments, replies, evidence files), and the
   * return's 「この指標を指摘する」; `story` — 「履歴をたどる」 per KPI (the story of the figure).
   */
  conversation?: {
    client: ConversationClient;
    threads: ThreadsController | null;
    story: boolean;
    /** Saves a downloaded file (thread-panel.ts saveFile by default). */
    save?: (blob: Blob, fileName: string) => void;
  };
}

/** What a render hands back to the review: the 💬 buttons whose counts follow the controller. */
interface Rendered {
  elements: HTMLElement[];
  threadButtons: { button: HTMLButtonElement; kind: CommentTargetKind; targetId: string }[];
}

export function reviewView(o: ReviewOptions): {
  element: HTMLElement;
  load(): Promise<void>;
  dispose(): void;
} {
  const { t } = o;
  const element = h('div', { class: 'console-panel', 'data-testid': 'review' });
  const threads = o.conversation?.threads ?? null;
  // One thread panel for the review, moved below the table of the project whose 💬 was clicked.
  const panelHost = h('div', { class: 'review-thread', 'data-testid': 'review-thread' });
  const panel: ThreadPanel | null = threads
    ? mountThreadPanel(panelHost, {
        controller: threads,
        lang: t.lang,
        ...(o.conversation?.save ? { save: o.conversation.save } : {}),
      })
    : null;
  let threadButtons: Rendered['threadButtons'] = [];
  const showCounts = () => {
    const unread = threads?.state().unread ?? null;
    for (const b of threadButtons)
      b.button.textContent = threadButtonLabel(
        unreadForTarget(unread, o.departmentId, b.kind, b.targetId),
        t.lang,
      );
  };
  const off = threads?.subscribe(showCounts);
  const dispose = () => {
    off?.();
    panel?.dispose();
    threads?.close();
  };
  const load = async () => {
    // A thread left open from before a reload would stand below nothing: closed, opened again on demand.
    threads?.close();
    mount(element, h('div', { class: 'muted' }, ct(t.lang, 'loading')));
    const [sheet, history] = await Promise.all([
      o.api.sheet(o.planId, o.fiscalYear, o.departmentId),
      o.api.sheetHistory(o.planId, o.fiscalYear, o.departmentId, 500),
      threads?.refreshUnread(o.planId, o.fiscalYear),
    ]);
    // A department of the user with no project in this plan has no sheet here: nothing to show.
    if (!sheet.ok && !o.withActions && sheet.kind === 'http' && sheet.status === 404) return mount(element);
    if (!sheet.ok) return mount(element, h('div', { class: 'banner banner-error' }, failureText(sheet, t)));
    const entries = history.ok ? history.value.entries : [];
    const rendered = render(selectReview(sheet.value, entries, t), o, load, panelHost);
    threadButtons = rendered.threadButtons;
    mount(
      element,
      ...rendered.elements,
      o.showHistory ? historyCard(historyItems(entries, sheet.value, t), t) : null,
    );
    showCounts();
  };
  return { element, load, dispose };
}

function render(
  v: ReviewViewModel,
  o: ReviewOptions,
  reload: () => Promise<void>,
  panelHost: HTMLElement,
): Rendered {
  const { t } = o;
  const lang = t.lang;
  const n = notice('review-notice');
  const conversation = o.conversation;
  const threads = conversation?.threads ?? null;
  const threadButtons: Rendered['threadButtons'] = [];
  // The KPIs the return points at: ticked in the table, named under the comment, sent with it.
  const pointing = o.withActions && v.actions.includes('return') && conversation !== undefined;
  const pointed = new Set<string>();
  const pointers = h(
    'div',
    { class: 'muted', 'data-testid': 'review-pointers' },
    pointersSummary(v, pointed, lang),
  );
  const threadButton = (kind: CommentTargetKind, targetId: string, label: string, hint: string) => {
    const b = button(
      threadButtonLabel(0, lang),
      () => {
        // Below the table of this project (or its 主な取組): where the person is looking.
        b.closest('section')?.append(panelHost);
        void threads?.open(
          { planId: o.planId, fiscalYear: o.fiscalYear, departmentId: v.departmentId, kind, targetId },
          label,
        );
      },
      { kind: 'subtle', testId: 'thread-open', title: hint },
    );
    b.dataset.thread = `${kind}:${targetId}`;
    threadButtons.push({ button: b, kind, targetId });
    return b;
  };
  // The story of a figure opens below the project that holds the KPI; one at a time.
  let story: { box: HTMLElement; view: AuditView } | null = null;
  const closeStory = () => {
    story?.view.dispose();
    story?.box.remove();
    story = null;
  };
  const openStory = (indicatorId: string, from: HTMLElement) => {
    if (!conversation) return;
    closeStory();
    const box = h(
      'section',
      { class: 'card review-story', 'data-testid': 'review-story', dataset: { indicator: indicatorId } },
      button(ct(lang, 'storyClose'), closeStory, { kind: 'subtle', testId: 'story-close' }),
    );
    from.closest('section')?.after(box);
    const view = mountAuditView(box, {
      client: conversation.client,
      lang,
      planId: o.planId,
      indicatorId,
      ...(conversation.save ? { save: conversation.save } : {}),
    });
    story = { box, view };
    box.scrollIntoView?.({ block: 'start' });
  };
  const withConversationColumn = threads !== null || conversation?.story === true || pointing;
  const comment = h('textarea', {
    class: 'input',
    rows: 2,
    placeholder: t.t('returnComment'),
    'aria-label': t.t('returnComment'),
    'data-testid': 'review-comment',
  }) as HTMLTextAreaElement;
  const step = async (action: 'approve' | 'return' | 'reopen', btn: HTMLButtonElement) => {
    const request = action === 'return' ? returnRequest(v, comment.value, pointed, t) : null;
    if (request && !request.ok) {
      n.fail(request.message);
      comment.focus();
      return;
    }
    btn.disabled = true;
    const r =
      request?.ok && request.body.indicatorIds.length > 0 && conversation
        ? // The comment also goes into each pointed KPI's thread, in the step's own batch (§1).
          await conversation.client.returnPointingAt(
            { planId: o.planId, fiscalYear: o.fiscalYear, departmentId: v.departmentId },
            request.body,
            { ifMatch: v.revision },
          )
        : action === 'reopen'
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
  const openInExcel = o.openInExcel;
  const excel = openInExcel
    ? button(
        ct(lang, 'reviewOpenInExcel'),
        async () => {
          excel!.disabled = true;
          try {
            const { sheet } = await openInExcel(v);
            n.ok(ct(lang, 'reviewExcelDone', { sheet }));
          } catch (error) {
            n.fail(
              ct(lang, 'reviewExcelFailed', {
                message: error instanceof Error ? error.message : String(error),
              }),
            );
          } finally {
            excel!.disabled = false;
          }
        },
        { testId: 'review-excel' },
      )
    : null;
  const actions =
    o.withActions && v.actions.length
      ? h(
          'section',
          { class: 'card console-card', 'data-testid': 'review-actions' },
          h('div', { class: 'muted' }, v.approveHint),
          v.actions.includes('return') || v.actions.includes('reopen') ? comment : null,
          pointing ? pointers : null,
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
  const elements = [
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
    excel,
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
          { class: `pre ${p.activitiesChanged ? 'changed' : ''}`, 'data-testid': 'review-activities' },
          h('strong', null, `${ct(lang, 'colActivities')}: `),
          p.activities || ct(lang, 'empty'),
        ),
        threads
          ? h(
              'div',
              { class: 'button-row' },
              threadButton('project', p.projectId, p.heading, ct(lang, 'threadOpenProjectHint')),
            )
          : null,
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
                    ...(withConversationColumn ? (['colConversation'] as const) : []),
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
                  withConversationColumn
                    ? h(
                        'td',
                        { class: 'review-conversation' },
                        threads
                          ? threadButton('indicator', r.indicatorId, r.name, ct(lang, 'threadOpenHint'))
                          : null,
                        conversation?.story
                          ? (() => {
                              const b: HTMLButtonElement = button(
                                ct(lang, 'storyOpen'),
                                () => openStory(r.indicatorId, b),
                                { kind: 'subtle', testId: 'story-open', title: ct(lang, 'storyOpenHint') },
                              );
                              return b;
                            })()
                          : null,
                        pointing
                          ? h(
                              'label',
                              { class: 'review-point' },
                              h('input', {
                                type: 'checkbox',
                                'data-testid': 'review-point',
                                onchange: (e: Event) => {
                                  if ((e.target as HTMLInputElement).checked) pointed.add(r.indicatorId);
                                  else pointed.delete(r.indicatorId);
                                  pointers.textContent = pointersSummary(v, pointed, lang);
                                },
                              }),
                              ct(lang, 'pointAtKpi'),
                            )
                          : null,
                      )
                    : null,
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
  ];
  return { elements: elements.filter((x): x is HTMLElement => x !== null), threadButtons };
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
