import type { AuditEntry } from '../../../shared/api.ts';
import type { ApiClient } from '../api/client.ts';
import type { ConversationClient } from '../api/conversation-client.ts';
import { selectAudit } from '../app/console-admin.ts';
import { selectChainCheck } from '../app/console-audit.ts';
import { ct } from '../app/console-messages.ts';
import type { Translator } from '../app/i18n.ts';
import { button, card, failureText } from './console-kit.ts';
import { h, mount } from './dom.ts';

/**
 * The history of administrative actions: who did what, when, newest first, a page at a time; and,
 * for a role that may (`chains`, audit.read), the check that the chosen cycle's submission histories
 * are intact (docs/conversation.md §4).
 */
export function historyPanel(o: {
  api: ApiClient;
  t: Translator;
  chains?: { client: ConversationClient; planId: string; fiscalYear: number; cycle: string };
}): {
  element: HTMLElement;
  refresh(): Promise<void>;
} {
  const { t, api } = o;
  const lang = t.lang;
  const list = h('div');
  const element = h(
    'div',
    { class: 'console-panel', 'data-testid': 'history' },
    o.chains ? chainCard(o.chains, api, t) : null,
    list,
  );
  let entries: AuditEntry[] = [];
  let next: number | null = null;

  const load = async (before?: number) => {
    const r = await api.audit({ limit: 100, ...(before ? { before } : {}) });
    if (!r.ok) return mount(list, h('div', { class: 'banner banner-error' }, failureText(r, t)));
    entries = before ? [...entries, ...r.value.entries] : r.value.entries;
    next = r.value.nextBefore;
    const rows = selectAudit(entries, lang);
    mount(
      list,
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

/**
 * 「検証する」: the server recomputes every department's hash chain of the cycle; the answer is
 * 改ざんなし or each break, with the heads to keep (a cut-off end breaks no link, §4).
 */
function chainCard(
  c: { client: ConversationClient; planId: string; fiscalYear: number; cycle: string },
  api: ApiClient,
  t: Translator,
): HTMLElement {
  const lang = t.lang;
  const result = h('div', { 'data-testid': 'chain-result', role: 'status' });
  const verify = async () => {
    run.disabled = true;
    mount(result, h('div', { class: 'muted' }, ct(lang, 'chainVerifying')));
    // The names of the departments: the cycle's status has them (the check answers ids; without
    // the status the ids are shown).
    const [r, status] = await Promise.all([
      c.client.verifyChains(c.planId, c.fiscalYear),
      api.cycleStatus(c.planId, c.fiscalYear),
    ]);
    run.disabled = false;
    if (!r.ok) return mount(result, h('div', { class: 'banner banner-error' }, failureText(r, t)));
    const names = new Map(
      status.ok ? status.value.departments.map((d) => [d.departmentId, d.departmentName] as const) : [],
    );
    const v = selectChainCheck(r.value, names, lang);
    mount(
      result,
      h(
        'div',
        { class: `banner ${v.ok ? 'banner-ok' : 'banner-error'}`, 'data-testid': 'chain-headline' },
        v.headline,
      ),
      v.breaks.length
        ? h(
            'ul',
            { class: 'plain', 'data-testid': 'chain-breaks' },
            ...v.breaks.map((b) => h('li', { class: 'problem' }, b.text)),
          )
        : null,
      h(
        'div',
        { class: 'console-table-wrap' },
        h(
          'table',
          { class: 'console-table', 'data-testid': 'chain-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ...(['chainColDepartment', 'chainColEntries', 'chainColHead', 'chainColState'] as const).map(
                (k) => h('th', null, ct(lang, k)),
              ),
            ),
          ),
          h(
            'tbody',
            null,
            ...v.chains.map((x) =>
              h(
                'tr',
                { dataset: { department: x.departmentId, ok: String(x.ok) } },
                h('td', null, x.department),
                h('td', null, x.entries),
                h('td', { class: 'audit-sha' }, x.head),
                h('td', { class: x.ok ? '' : 'problem' }, x.state),
              ),
            ),
          ),
        ),
      ),
    );
  };
  const run = button(ct(lang, 'chainVerify'), () => void verify(), {
    kind: 'primary',
    testId: 'chain-verify',
  });
  return card(
    ct(lang, 'chainTitle'),
    'chains',
    h('div', { class: 'muted' }, ct(lang, 'chainExplain', { cycle: c.cycle })),
    h('div', { class: 'button-row' }, run),
    result,
  );
}
