import type { IsoDate } from '../../../shared/calendar/date.ts';
import type { ApiClient } from '../api/client.ts';
import { ct } from '../app/console-messages.ts';
import { selectReminders } from '../app/console-reminders.ts';
import type { Translator } from '../app/i18n.ts';
import { button, copyText, failureText } from './console-kit.ts';
import { h, mount } from './dom.ts';

/**
 * The reminders card of the dashboard: the deadline with the business days left, each department
 * that has not submitted or is incomplete with what is missing, a ready e-mail (`mailto:` to the
 * department's users) and the same text copied for Teams.
 */
export function remindersCard(o: {
  api: ApiClient;
  t: Translator;
  planId: string;
  fiscalYear: number;
  today: () => IsoDate;
  sender: string;
}): { element: HTMLElement; refresh(): Promise<void> } {
  const { t } = o;
  const element = h('details', { class: 'card console-card', open: true, 'data-testid': 'reminders' });
  const refresh = async () => {
    const r = await o.api.reminders(o.planId, o.fiscalYear);
    if (!r.ok)
      return mount(element, h('summary', null, ct(t.lang, 'remindersTitle', { n: '?' })), failureText(r, t));
    const v = selectReminders(r.value, o.today(), t, o.sender);
    mount(
      element,
      h('summary', null, v.title),
      h(
        'div',
        {
          class: `chip ${v.deadline.state === 'overdue' ? 'chip-overdue' : v.deadline.state === 'today' ? 'chip-warn' : ''}`,
          'data-testid': 'deadline',
        },
        v.deadline.text,
      ),
      v.empty ? h('div', { class: 'muted' }, v.empty) : null,
      h(
        'ul',
        { class: 'console-list' },
        ...v.items.map((item) => {
          const copied = h('span', { class: 'muted', role: 'status' });
          const preview = h(
            'pre',
            { class: 'pre muted', hidden: true, 'data-testid': 'reminder-text' },
            item.teams,
          );
          return h(
            'li',
            { dataset: { reminder: item.departmentId } },
            h(
              'div',
              { class: 'row-between' },
              h('strong', null, item.name),
              h('span', { class: 'chip' }, item.statusLabel),
            ),
            h('div', { class: 'muted' }, item.detail),
            item.missing.length
              ? h(
                  'ul',
                  { class: 'plain muted' },
                  ...item.missing.slice(0, 5).map((m) => h('li', null, m)),
                  item.missing.length > 5 ? h('li', null, '…') : null,
                )
              : null,
            h(
              'div',
              { class: 'button-row' },
              item.mailto
                ? h(
                    'a',
                    { class: 'btn btn-primary', href: item.mailto, 'data-testid': 'reminder-mail' },
                    ct(t.lang, 'reminderMail'),
                  )
                : h('span', { class: 'muted' }, ct(t.lang, 'reminderNoAddress')),
              button(
                ct(t.lang, 'reminderCopy'),
                async () => {
                  preview.hidden = false;
                  if (await copyText(item.teams)) mount(copied, ct(t.lang, 'reminderCopied'));
                },
                { testId: 'reminder-copy' },
              ),
              copied,
            ),
            preview,
          );
        }),
      ),
    );
  };
  return { element, refresh };
}
