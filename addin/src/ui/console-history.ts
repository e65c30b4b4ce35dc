import type { AuditEntry } from '../../../shared/api.ts';
import type { ApiClient } from '../api/client.ts';
import { selectAudit } from '../app/console-admin.ts';
import { ct } from '../app/console-messages.ts';
import type { Translator } from '../app/i18n.ts';
import { button, card, failureText } from './console-kit.ts';
import { h, mount } from './dom.ts';

/** The history of administrative actions: who did what, when, newest first, a page at a time. */
export function historyPanel(o: { api: ApiClient; t: Translator }): {
  element: HTMLElement;
  refresh(): Promise<void>;
} {
  const { t, api } = o;
  const lang = t.lang;
  const element = h('div', { class: 'console-panel', 'data-testid': 'history' });
  let entries: AuditEntry[] = [];
  let next: number | null = null;

  const load = async (before?: number) => {
    const r = await api.audit({ limit: 100, ...(before ? { before } : {}) });
    if (!r.ok) return mount(element, h('div', { class: 'banner banner-error' }, failureText(r, t)));
    entries = before ? [...entries, ...r.value.entries] : r.value.entries;
    next = r.value.nextBefore;
    const rows = selectAudit(entries, lang);
    mount(
      element,
      card(
        ct(lang, 'historyTitle'),
        'audit',
        rows.length
          ? h(
              'div',
              { class: 'console-table-wrap' },
              h(
                'table',
                { class: 'console-table', 'data-testid': 'audit-table' },
                h(
                  'tbody',
                  null,
                  ...rows.map((r) =>
                    h(
                      'tr',
                      { dataset: { auditId: String(r.id) } },
                      h('td', null, r.at),
                      h('td', null, r.who),
                      h('td', null, r.action),
                      h('td', null, r.target),
                      h('td', { class: 'muted' }, r.detail),
                    ),
                  ),
                ),
              ),
            )
          : h('div', { class: 'muted' }, ct(lang, 'historyEmpty')),
        next ? button(ct(lang, 'historyMore'), () => void load(next ?? undefined), { kind: 'subtle' }) : null,
      ),
    );
  };
  return { element, refresh: () => load() };
}
