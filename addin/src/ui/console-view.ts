import './console.css';
import type { PlanSummary } from '../../../shared/api.ts';
import { todayInJapan } from '../../../shared/calendar/date.ts';
import type { Role } from '../../../shared/roles.ts';
import type { ApiClient } from '../api/client.ts';
import { abilities, type ConsoleTab, consoleTabs } from '../app/console.ts';
import type { Translator } from '../app/i18n.ts';
import { cyclesPanel } from './console-cycles.ts';
import { directoryPanel } from './console-directory.ts';
import { historyPanel } from './console-history.ts';
import { plansPanel } from './console-plans.ts';
import { remindersCard } from './console-reminders.ts';
import { reviewView } from './console-review.ts';
import { dashboard } from './dashboard-view.ts';
import { h, mount } from './dom.ts';

/**
 * The coordinator's console (same page as the dashboard, in Excel and in a browser): tabs for the
 * submissions of the chosen cycle (with the review of a department's values and the reminders),
 * plans (import with preview, archive, delete, targets, goal indicators), cycles (open with a
 * deadline, lock/unlock, reopen an approved sheet), departments and users, and the history of
 * administrative actions. Which tabs and buttons appear is derived from shared/roles.ts.
 */
export interface ConsoleOptions {
  api: ApiClient;
  t: Translator;
  user: { userId: string; displayName: string; role: Role };
  /** The plan and cycle chosen in the page's picker; null before any plan or cycle exists. */
  plan: PlanSummary | null;
  fiscalYear: number | null;
  inExcel: boolean;
  openSheet?: (departmentId: string) => void;
  /** The plans changed (imported, archived, a cycle opened): the page reloads its list. */
  plansChanged?: () => void;
  today?: () => string;
}

export function consoleView(o: ConsoleOptions): { element: HTMLElement; refresh(): Promise<void> } {
  const { t } = o;
  const can = abilities(o.user.role);
  const today = o.today ?? (() => todayInJapan(Date.now()));
  const tabs = consoleTabs(o.user.role, t.lang);
  const panel = h('div', { class: 'console-panel', role: 'tabpanel' });
  let current: ConsoleTab = tabs[0]?.id ?? 'status';
  const buttons = tabs.map((tab) =>
    h(
      'button',
      {
        class: 'console-tab',
        type: 'button',
        role: 'tab',
        'aria-selected': String(tab.id === current),
        'data-testid': `tab-${tab.id}`,
        onclick: () => void select(tab.id),
      },
      tab.label,
    ),
  );
  const nav = h('nav', { class: 'console-tabs', role: 'tablist' }, ...buttons);
  const element = h(
    'div',
    { class: 'console', 'data-testid': 'console' },
    tabs.length > 1 ? nav : null,
    panel,
  );

  const showStatus = async () => {
    const plan = o.plan;
    const fiscalYear = o.fiscalYear;
    if (!plan || fiscalYear === null)
      return mount(
        panel,
        h('div', { class: 'banner banner-info', 'data-testid': 'no-cycles' }, t.t('noCycles')),
      );
    const reminders = can.remind
      ? remindersCard({
          api: o.api,
          t,
          planId: plan.id,
          fiscalYear,
          today,
          sender: o.user.displayName,
        })
      : null;
    const board = dashboard({
      api: o.api,
      t,
      planId: plan.id,
      fiscalYear,
      inExcel: o.inExcel,
      role: o.user.role,
      reminders: reminders?.element ?? null,
      ...(o.openSheet ? { openSheet: o.openSheet } : {}),
      ...(can.review
        ? {
            reviewSheet: (departmentId: string) => {
              const review = reviewView({
                api: o.api,
                t,
                planId: plan.id,
                fiscalYear,
                departmentId,
                withActions: true,
                back: () => void showStatus(),
              });
              mount(panel, review.element);
              void review.load();
              window.scrollTo?.(0, 0);
            },
          }
        : {}),
    });
    mount(panel, board.element);
    await Promise.all([board.refresh(), reminders?.refresh()]);
  };

  const select = async (tab: ConsoleTab) => {
    current = tab;
    for (const [i, b] of buttons.entries()) b.setAttribute('aria-selected', String(tabs[i]?.id === tab));
    switch (tab) {
      case 'status':
        return showStatus();
      case 'plans': {
        const p = plansPanel({ api: o.api, t, can, plan: o.plan, changed: () => o.plansChanged?.() });
        mount(panel, p.element);
        return p.refresh();
      }
      case 'cycles': {
        const p = cyclesPanel({
          api: o.api,
          t,
          can,
          plan: o.plan,
          fiscalYear: o.fiscalYear,
          today,
          changed: () => o.plansChanged?.(),
        });
        mount(panel, p.element);
        return p.refresh();
      }
      case 'directory': {
        const p = directoryPanel({ api: o.api, t });
        mount(panel, p.element);
        return p.refresh();
      }
      case 'history': {
        const p = historyPanel({ api: o.api, t });
        mount(panel, p.element);
        return p.refresh();
      }
    }
  };

  return { element, refresh: () => select(current) };
}
