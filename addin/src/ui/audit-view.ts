import './conversation.css';
import type { IndicatorAuditResponse } from '../../../shared/api.ts';
import {
  type AuditStoryView,
  loadStory,
  type StoryPort,
  selectAuditStory,
  storyFile,
} from '../app/audit-story.ts';
import { cvt } from '../app/conversation-messages.ts';
import type { Lang } from '../app/i18n.ts';
import { h, mount } from './dom.ts';
import { saveFile } from './thread-panel.ts';

/**
 * The story of a figure on one page (docs/conversation.md §5): the value's changes (日時, 操作, 担当者,
 * 変更前, 変更後), the submission and approval steps, the comments with every version, the evidence
 * with its SHA-256, and the server's CSV and HTML to download. Mount it in the console, the review or
 * the sheet's pane; it loads on mount and on `refresh()`.
 */

export interface AuditViewDeps {
  client: StoryPort;
  lang: Lang;
  planId: string;
  indicatorId: string;
  /** One cycle; all cycles when absent. */
  fiscalYear?: number;
  /** Saves a downloaded file; by default a link with `download` (thread-panel.ts saveFile). */
  save?: (blob: Blob, fileName: string) => void;
}

export interface AuditView {
  element: HTMLElement;
  refresh(): Promise<void>;
  dispose(): void;
}

export function mountAuditView(container: HTMLElement, deps: AuditViewDeps): AuditView {
  const { lang } = deps;
  const save = deps.save ?? saveFile;
  const element = h('section', { class: 'card audit-view', 'data-testid': 'audit-view' });
  const message = h('div', {
    class: 'banner banner-error',
    role: 'alert',
    'data-testid': 'audit-error',
    hidden: true,
  });
  const body = h('div');
  element.append(message, body);
  container.append(element);

  const fail = (text: string) => {
    message.hidden = false;
    message.textContent = text;
  };

  const download = async (
    story: IndicatorAuditResponse,
    format: 'csv' | 'html',
    button: HTMLButtonElement,
  ) => {
    button.disabled = true;
    try {
      const file = await storyFile(deps.client, story, format);
      if (file.ok) save(file.blob, file.fileName);
      else fail(file.message[lang]);
    } finally {
      button.disabled = false;
    }
  };

  const refresh = async () => {
    message.hidden = true;
    mount(body, h('div', { class: 'muted' }, cvt(lang, 'auditLoading')));
    const loaded = await loadStory(deps.client, deps.planId, deps.indicatorId, deps.fiscalYear);
    if (!loaded.ok) {
      mount(body);
      fail(loaded.message[lang]);
      return;
    }
    const v = selectAuditStory(loaded.story, lang);
    mount(body, ...storyPage(v, lang, (format, button) => void download(loaded.story, format, button)));
  };
  void refresh();
  return { element, refresh, dispose: () => element.remove() };
}

function storyPage(
  v: AuditStoryView,
  lang: Lang,
  download: (format: 'csv' | 'html', button: HTMLButtonElement) => void,
): HTMLElement[] {
  const head5 = [v.head.at, v.head.action, v.head.who, v.head.before, v.head.after];
  const section = (heading: string, testId: string, content: HTMLElement | null) =>
    h(
      'div',
      { 'data-testid': testId },
      h('h4', null, heading),
      content ?? h('div', { class: 'muted' }, v.none),
    );
  return [
    h('h3', { 'data-testid': 'audit-title' }, v.title),
    h('div', { class: 'muted' }, `${v.subtitle} · ${v.scope}`),
    h(
      'div',
      { class: 'button-row' },
      ...v.downloads.map((d) => {
        const button = h(
          'button',
          {
            class: 'btn btn-subtle',
            type: 'button',
            'data-testid': `audit-download-${d.format}`,
            title: d.fileName,
            onclick: () => download(d.format, button),
          },
          d.label,
        ) as HTMLButtonElement;
        return button;
      }),
    ),
    section(
      v.headings.values,
      'audit-values',
      v.values.length
        ? table(
            head5,
            v.values.map((r) => [r.at, r.action, r.who, r.before, r.after]),
          )
        : null,
    ),
    section(
      v.headings.workflow,
      'audit-workflow',
      v.workflow.length
        ? table(
            [...head5, cvt(lang, 'colComment')],
            v.workflow.map((w) => [
              w.at,
              `${w.action}${w.year ? ` · ${w.year}` : ''}`,
              w.who,
              w.before,
              w.after,
              w.comment ?? '',
            ]),
          )
        : null,
    ),
    section(
      v.headings.comments,
      'audit-comments',
      v.comments.length
        ? h(
            'ol',
            { class: 'thread-comments' },
            ...v.comments.map((c) =>
              h(
                'li',
                { class: 'thread-comment', dataset: { commentId: c.id } },
                h(
                  'div',
                  { class: 'thread-meta' },
                  h('strong', null, c.who),
                  h('span', { class: 'muted' }, `${c.at} · ${c.year} · ${c.department}`),
                  c.edited ? h('span', { class: 'chip' }, c.edited) : null,
                ),
                h('div', { class: 'thread-text' }, c.text),
                c.versions.length
                  ? h(
                      'ol',
                      { class: 'thread-versions' },
                      ...c.versions.map((x) =>
                        h(
                          'li',
                          null,
                          h('div', { class: 'muted' }, `${x.action} · ${x.at} · ${x.who}`),
                          h('div', { class: 'thread-text' }, x.after),
                        ),
                      ),
                    )
                  : null,
              ),
            ),
          )
        : null,
    ),
    section(
      v.headings.evidence,
      'audit-evidence',
      v.evidence.length
        ? table(
            [v.head.at, cvt(lang, 'colFile'), cvt(lang, 'colSize'), v.head.who, cvt(lang, 'colSha')],
            v.evidence.map((e) => [e.at, e.fileName, e.size, e.who, e.sha256]),
            4,
          )
        : null,
    ),
  ];
}

/** A plain table; the cell at `monoColumn` (a hash) is set in a fixed-width face. */
function table(head: readonly string[], rows: readonly (readonly string[])[], monoColumn = -1): HTMLElement {
  return h(
    'table',
    null,
    h('thead', null, h('tr', null, ...head.map((x) => h('th', null, x)))),
    h(
      'tbody',
      null,
      ...rows.map((r) =>
        h('tr', null, ...r.map((x, i) => h('td', i === monoColumn ? { class: 'audit-sha' } : null, x))),
      ),
    ),
  );
}
