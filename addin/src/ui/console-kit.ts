import type { ApiResult } from '../api/client.ts';
import type { Translator } from '../app/i18n.ts';
import { h, mount } from './dom.ts';

/**
 * Small pieces the console's screens share: a message line that says what a step did or why it
 * failed (the server's Japanese/English message), a step runner that disables its button while it
 * runs, a section card, a copy-to-clipboard button, and the 新旧対照表 table model drawn as HTML.
 */

export type Failure = Exclude<ApiResult<unknown>, { ok: true }>;

export function failureText(r: Failure, t: Translator): string {
  if (r.kind === 'network') return t.t('networkError');
  const lines = [t.msg(r.problem.messages)];
  const body = r.body as { lineProblems?: { message: { ja: string; en: string } }[] } | null;
  for (const p of body?.lineProblems ?? []) lines.push(t.msg(p.message));
  return lines.join('\n');
}

export interface Notice {
  element: HTMLElement;
  ok(text: string): void;
  fail(text: string): void;
  clear(): void;
}

export function notice(testId?: string): Notice {
  const element = h('div', { class: 'console-notice', role: 'status', 'data-testid': testId, hidden: true });
  const show = (kind: 'ok' | 'error', text: string) => {
    element.hidden = false;
    element.className = `console-notice banner ${kind === 'ok' ? 'banner-ok' : 'banner-error'}`;
    mount(element, text);
  };
  return {
    element,
    ok: (text) => show('ok', text),
    fail: (text) => show('error', text),
    clear: () => {
      element.hidden = true;
      mount(element);
    },
  };
}

/** Runs a step from a button: the button is disabled meanwhile; a failure is shown in `n`. */
export async function run<T>(
  button: HTMLButtonElement | null,
  n: Notice,
  t: Translator,
  step: () => Promise<ApiResult<T>>,
): Promise<T | null> {
  if (button) button.disabled = true;
  try {
    const r = await step();
    if (r.ok) return r.value;
    n.fail(failureText(r, t));
    return null;
  } finally {
    if (button) button.disabled = false;
  }
}

export function card(
  title: string,
  testId: string,
  ...children: (Node | string | null | false)[]
): HTMLElement {
  return h(
    'section',
    { class: 'card console-card', 'data-testid': testId },
    h('h3', null, title),
    ...children,
  );
}

export function button(
  label: string,
  onclick: (e: MouseEvent) => void,
  options: { kind?: 'primary' | 'subtle' | 'danger'; testId?: string; title?: string } = {},
): HTMLButtonElement {
  return h(
    'button',
    {
      class: `btn${options.kind ? ` btn-${options.kind}` : ''}`,
      type: 'button',
      'data-testid': options.testId,
      title: options.title,
      onclick,
    },
    label,
  );
}

export function field(label: string, input: HTMLElement): HTMLElement {
  return h('label', { class: 'console-field' }, h('span', null, label), input);
}

export function input(props: Record<string, unknown> = {}): HTMLInputElement {
  return h('input', { class: 'input', type: 'text', ...props });
}

/** Copies text to the clipboard; falls back to a selected textarea where the API is refused. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { style: 'position:fixed;opacity:0' }) as HTMLTextAreaElement;
    area.value = text;
    document.body.append(area);
    area.select();
    const done = document.execCommand('copy');
    area.remove();
    return done;
  }
}

/** A text file offered for download (the CSV template). */
export function downloadText(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([`\uFEFF${text}`], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

interface ModelCell {
  text: string;
  role: string;
  colSpan: number;
  rowSpan: number;
  align?: string | undefined;
  underline?: boolean | undefined;
}
interface ModelBlock {
  id: string;
  heading?: string | undefined;
  rows: ModelCell[][];
  footnotes: { marker: string; text: string }[];
}

/** A table model (shared/tables) as HTML: spans, headers, the 新旧対照表's underlined changes. */
export function tableModelView(model: {
  title: string;
  subtitle?: string | undefined;
  blocks: ModelBlock[];
  footnotes: { marker: string; text: string }[];
}): HTMLElement {
  return h(
    'div',
    { class: 'console-table-model', 'data-testid': 'table-model' },
    h('div', { class: 'console-table-title' }, model.title),
    model.subtitle ? h('div', { class: 'muted pre' }, model.subtitle) : null,
    ...model.blocks.map((b) =>
      h(
        'div',
        { class: 'console-block' },
        b.heading ? h('div', { class: 'console-block-heading' }, b.heading) : null,
        h(
          'table',
          { class: 'console-table' },
          h(
            'tbody',
            null,
            ...b.rows.map((row) =>
              h(
                'tr',
                null,
                ...row.map((c) =>
                  h(
                    c.role === 'header' || c.role === 'title' ? 'th' : 'td',
                    {
                      colSpan: c.colSpan,
                      rowSpan: c.rowSpan,
                      class: `${c.underline ? 'changed' : ''} align-${c.align ?? 'left'}`,
                    },
                    c.underline ? h('u', null, c.text) : c.text,
                  ),
                ),
              ),
            ),
          ),
        ),
        ...b.footnotes.map((f) => h('div', { class: 'muted' }, `${f.marker}${f.text}`)),
      ),
    ),
    ...model.footnotes.map((f) => h('div', { class: 'muted' }, `${f.marker}${f.text}`)),
  );
}
