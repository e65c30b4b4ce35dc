import './conversation.css';
import { cvt } from '../app/conversation-messages.ts';
import type { Lang } from '../app/i18n.ts';
import {
  type CommentView,
  type EvidenceView,
  selectThreadView,
  type ThreadsController,
} from '../app/threads.ts';
import { h, mount } from './dom.ts';

/**
 * The comment thread beside a KPI or a project's 主な取組 (docs/conversation.md §1) and, for a KPI,
 * its evidence files (§2): renders `selectThreadView` and calls the controller. The lead opens a
 * thread with `controller.open(ref, label)`; the panel shows whatever thread is open and hides when
 * none is. The textarea and the file input are made once and kept, so typing never loses the caret
 * to a re-render; the comment list is redrawn only when what it shows changed.
 */

export interface ThreadPanelDeps {
  controller: ThreadsController;
  lang: Lang;
  /** Saves a downloaded file; by default a link with `download` (see saveFile). */
  save?: (blob: Blob, fileName: string) => void;
}

export interface ThreadPanel {
  element: HTMLElement;
  dispose(): void;
}

/**
 * Saves bytes as a file. The routes need the bearer token, so the file is fetched and handed over as
 * a Blob; it is retyped as octet-stream so that the browser (or Excel's web view) saves it and never
 * renders it inline, whatever it is.
 */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
  const a = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function mountThreadPanel(container: HTMLElement, deps: ThreadPanelDeps): ThreadPanel {
  const { controller: c, lang } = deps;
  const save = deps.save ?? saveFile;

  const title = h('h3', { class: 'thread-title', 'data-testid': 'thread-title' });
  const unread = h('span', { class: 'chip thread-unread', 'data-testid': 'thread-unread', hidden: true });
  const status = h('div', { class: 'muted', 'data-testid': 'thread-status', role: 'status' });
  const list = h('ol', { class: 'thread-comments', 'data-testid': 'thread-comments' });
  const draft = h('textarea', {
    class: 'input thread-draft',
    rows: 3,
    'data-testid': 'thread-draft',
    oninput: () => c.setDraft(draft.value),
    onkeydown: (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void c.post();
    },
  }) as HTMLTextAreaElement;
  const draftCaption = h('span', { class: 'muted' });
  const draftLabel = h('label', { class: 'thread-draft-label' }, draftCaption, draft);
  const count = h('span', { class: 'muted', 'data-testid': 'thread-draft-count' });
  const problem = h('div', { class: 'message', 'data-testid': 'thread-draft-problem', role: 'alert' });
  const send = h('button', {
    class: 'btn btn-primary',
    type: 'button',
    'data-testid': 'thread-send',
    onclick: () => void c.post(),
  }) as HTMLButtonElement;
  const notice = h('div', { 'data-testid': 'thread-notice', role: 'status', hidden: true });
  const evidence = evidenceSection(c, lang, save);

  const element = h(
    'section',
    { class: 'card thread-panel', 'data-testid': 'thread-panel', hidden: true },
    h('div', { class: 'row-between' }, title, unread),
    status,
    list,
    h(
      'div',
      { class: 'thread-composer' },
      draftLabel,
      h('div', { class: 'row-between' }, count, send),
      problem,
    ),
    notice,
    evidence.element,
  );
  container.append(element);

  let listShown = '';
  const update = () => {
    const view = selectThreadView(c.state(), lang);
    element.hidden = view === null;
    if (!view) return;
    title.textContent = view.title;
    unread.hidden = view.unread === null;
    unread.textContent = view.unread ?? '';
    status.textContent = view.loadError ?? (view.loading ? cvt(lang, 'threadLoading') : (view.empty ?? ''));
    status.className = view.loadError ? 'banner banner-error' : 'muted';
    // What the list shows, without the text being edited: typing in the edit box keeps its caret.
    const shown = JSON.stringify(
      view.comments.map((x) => ({ ...x, editing: x.editing && { saving: x.editing.saving } })),
    );
    if (shown !== listShown) {
      listShown = shown;
      mount(list, ...view.comments.map((x) => commentItem(x, c, lang)));
    }
    for (const x of view.comments) {
      if (!x.editing) continue;
      const item = list.querySelector(`[data-comment-id="${CSS.escape(x.id)}"]`);
      const set = (id: string, text: string) => {
        const el = item?.querySelector(`[data-testid="${id}"]`);
        if (el) el.textContent = text;
      };
      set('comment-edit-count', x.editing.count);
      set('comment-edit-problem', x.editing.problem ?? '');
    }
    draftCaption.textContent = view.draft.label;
    if (draft.value !== view.draft.text) draft.value = view.draft.text;
    draft.disabled = view.loadError !== null;
    count.textContent = view.draft.count;
    count.className = view.draft.over ? 'message' : 'muted';
    problem.textContent = view.draft.problem ?? '';
    send.textContent = view.draft.sendLabel;
    send.disabled = !view.draft.canSend;
    notice.hidden = view.notice === null;
    notice.className = view.notice?.kind === 'error' ? 'banner banner-error' : 'banner';
    notice.textContent = view.notice?.text ?? '';
    evidence.update(view.evidence);
  };
  const unsubscribe = c.subscribe(update);
  update();
  return {
    element,
    dispose: () => {
      unsubscribe();
      element.remove();
    },
  };
}

function commentItem(x: CommentView, c: ThreadsController, lang: Lang): HTMLElement {
  const editBox = x.editing
    ? (() => {
        const area = h('textarea', {
          class: 'input',
          rows: 3,
          'data-testid': 'comment-edit-text',
          oninput: () => c.setEditText(area.value),
        }) as HTMLTextAreaElement;
        area.value = x.editing.text;
        return h(
          'div',
          { class: 'thread-edit' },
          area,
          h(
            'div',
            { class: 'row-between' },
            h('span', { class: 'muted', 'data-testid': 'comment-edit-count' }, x.editing.count),
            h(
              'span',
              { class: 'button-row' },
              h(
                'button',
                {
                  class: 'btn btn-subtle',
                  type: 'button',
                  'data-testid': 'comment-edit-cancel',
                  onclick: () => c.cancelEdit(),
                },
                cvt(lang, 'cancelEdit'),
              ),
              h(
                'button',
                {
                  class: 'btn btn-primary',
                  type: 'button',
                  'data-testid': 'comment-edit-save',
                  disabled: x.editing.saving,
                  onclick: () => void c.saveEdit(),
                },
                cvt(lang, x.editing.saving ? 'savingEdit' : 'saveEdit'),
              ),
            ),
          ),
          h(
            'div',
            { class: 'message', role: 'alert', 'data-testid': 'comment-edit-problem' },
            x.editing.problem ?? '',
          ),
        );
      })()
    : null;
  return h(
    'li',
    {
      class: `thread-comment${x.mine ? ' thread-mine' : ''}`,
      'data-testid': 'thread-comment',
      dataset: { commentId: x.id },
    },
    h(
      'div',
      { class: 'thread-meta' },
      h('strong', { 'data-testid': 'comment-author' }, x.author),
      h('span', { class: 'muted' }, x.at),
      x.edited ? h('span', { class: 'chip', 'data-testid': 'comment-edited' }, x.edited) : null,
    ),
    editBox ?? h('div', { class: 'thread-text', 'data-testid': 'comment-text' }, x.text),
    x.versionsToggle
      ? h(
          'button',
          {
            class: 'btn btn-subtle thread-small',
            type: 'button',
            'data-testid': 'comment-versions-toggle',
            onclick: () => c.toggleVersions(x.id),
          },
          x.versionsToggle,
        )
      : null,
    x.versions.length
      ? h(
          'ol',
          { class: 'thread-versions', 'data-testid': 'comment-versions' },
          ...x.versions.map((v) =>
            h('li', null, h('div', { class: 'muted' }, v.label), h('div', { class: 'thread-text' }, v.text)),
          ),
        )
      : null,
    x.canEdit
      ? h(
          'button',
          {
            class: 'btn btn-subtle thread-small',
            type: 'button',
            'data-testid': 'comment-edit',
            onclick: () => c.startEdit(x.id),
          },
          cvt(lang, 'edit'),
        )
      : null,
  );
}

/** The evidence files of the open KPI's value: the list with downloads, the limit, the file input. */
function evidenceSection(
  c: ThreadsController,
  lang: Lang,
  save: (blob: Blob, fileName: string) => void,
): { element: HTMLElement; update(view: EvidenceView | null): void } {
  const limit = h('div', { class: 'muted', 'data-testid': 'evidence-limit' });
  const count = h('span', { class: 'muted', 'data-testid': 'evidence-count' });
  const items = h('ul', { class: 'evidence-list', 'data-testid': 'evidence-list' });
  const status = h('div', { 'data-testid': 'evidence-status', role: 'status', hidden: true });
  const downloadError = h('div', {
    class: 'banner banner-error',
    'data-testid': 'evidence-download-error',
    hidden: true,
  });
  const input = h('input', {
    type: 'file',
    'data-testid': 'evidence-file',
    onchange: () => {
      const file = input.files?.[0];
      input.value = '';
      if (file) void c.upload(file);
    },
  }) as HTMLInputElement;
  const element = h(
    'section',
    { class: 'thread-evidence', 'data-testid': 'evidence', hidden: true },
    h('div', { class: 'row-between' }, h('h4', null, cvt(lang, 'evidenceTitle')), count),
    items,
    h('label', { class: 'btn btn-subtle evidence-choose' }, cvt(lang, 'evidenceChoose'), input),
    limit,
    status,
    downloadError,
  );
  let listed = '';
  const download = async (id: string) => {
    const got = await c.download(id);
    if (got) save(got.blob, got.fileName);
  };
  return {
    element,
    update(view) {
      element.hidden = view === null;
      if (!view) return;
      limit.textContent = view.limit;
      count.textContent = view.count;
      input.accept = view.accept;
      input.disabled = !view.canUpload;
      const shown = JSON.stringify([view.items, view.empty, view.loading, view.loadError]);
      if (shown !== listed) {
        listed = shown;
        mount(
          items,
          view.loadError ? h('li', { class: 'banner banner-error' }, view.loadError) : null,
          view.loading ? h('li', { class: 'muted' }, cvt(lang, 'evidenceLoading')) : null,
          view.empty ? h('li', { class: 'muted' }, view.empty) : null,
          ...view.items.map((x) =>
            h(
              'li',
              { 'data-testid': 'evidence-item', dataset: { evidenceId: x.id } },
              h(
                'div',
                { class: 'row-between' },
                h('strong', null, x.fileName),
                h(
                  'button',
                  {
                    class: 'btn btn-subtle thread-small',
                    type: 'button',
                    'data-testid': 'evidence-download',
                    onclick: () => void download(x.id),
                  },
                  cvt(lang, 'evidenceDownload'),
                ),
              ),
              h('div', { class: 'muted' }, x.meta),
              h('div', { class: 'muted evidence-sha', title: 'SHA-256' }, `SHA-256 ${x.sha256}`),
            ),
          ),
        );
      }
      status.hidden = view.status === null;
      status.className =
        view.status?.kind === 'error'
          ? 'banner banner-error'
          : view.status?.kind === 'busy'
            ? 'muted'
            : 'banner';
      status.textContent = view.status?.text ?? '';
      downloadError.hidden = view.downloadError === null;
      downloadError.textContent = view.downloadError ?? '';
    },
  };
}
