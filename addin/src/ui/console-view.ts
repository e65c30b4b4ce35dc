import './console.css';
import type { PlanSummary } from '../../../shared/api.ts';
import { todayInJapan } from '../../../shared/calendar/date.ts';
import type { Role } from '../../../shared/roles.ts';
import type { ApiClient } from '../api/client.ts';
import type { ConversationClient } from '../api/conversation-client.ts';
import { abilities, type ConsoleTab, consoleTabs } from '../app/console.ts';
import { cvt } from '../app/conversation-messages.ts';
import type { Translator } from '../app/i18n.ts';
import { reviewSheetPlan } from '../app/review-sheet.ts';
import { ThreadsController } from '../app/threads.ts';
import type { ExcelRun } from '../excel/adapter.ts';
import { writeReviewSheet } from '../excel/review-sheet.ts';
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
  /** In Excel: the workbook, for a review opened as a read-only worksheet (「Excelで開く」). */
  excelRun?: ExcelRun;
  /** The plans changed (imported, archived, a cycle opened): the page reloads its list. */
  plansChanged?: () => void;
  today?: () => string;
  /**
   * The conversation's API (comments, evidence, the story of a figure, the chain check): without it
   * the console shows none of them.
   */
  conversation?: ConversationClient;
}

export function consoleView(o: ConsoleOptions): { element: HTMLElement; refresh(): Promise<void> } {
  const { t } = o;
  const can = abilities(o.user.role);
  const today = o.today ?? (() => todayInJapan(Date.now()));
  const tabs = consoleTabs(o.user.role, t.lang);
  const panel = h('div', { class: 'console-panel', role: 'tabpanel' });
  // One controller for the console: the dashboard's unread counts and the review's threads are the
  // same state, so reading a thread in the review lowers its department's count on the dashboard.
  const threads =
    o.conversation && can.converse ? new ThreadsController(o.conversation, o.user.userId) : null;
  let leaveReview: (() => void) | null = null;
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
    leaveReview?.();
    leaveReview = null;
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
      reminders,
      threads,
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
                ...(o.excelRun ? { openInExcel: reviewInExcel(o.excelRun, t) } : {}),
                ...(o.conversation
                  ? { conversation: { client: o.conversation, threads, story: can.followStory } }
                  : {}),
              });
              leaveReview = review.dispose;
              mount(panel, review.element);
              void review.load();
              window.scrollTo?.(0, 0);
            },
          }
        : {}),
    });
    mount(panel, board.element);
    await board.refresh();
  };

  const select = async (tab: ConsoleTab) => {
    current = tab;
    leaveReview?.();
    leaveReview = null;
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
        const p = directoryPanel({ api: o.api, t, self: o.user.userId });
        mount(panel, p.element);
        return p.refresh();
      }
      case 'history': {
        const p = historyPanel({
          api: o.api,
          t,
          ...(o.conversation && can.verifyChains && o.plan && o.fiscalYear !== null
            ? {
                chains: {
                  client: o.conversation,
                  planId: o.plan.id,
                  fiscalYear: o.fiscalYear,
                  cycle: `${o.plan.title} ${o.plan.cycles.find((c) => c.fiscalYear === o.fiscalYear)?.label ?? cvt(t.lang, 'auditYear', { fy: o.fiscalYear })}`,
                },
              }
            : {}),
        });
        mount(panel, p.element);
        return p.refresh();
      }
    }
  };

  return { element, refresh: () => select(current) };
}

/** 「Excelで開く」: the review shown, written as a protected worksheet through the Excel adapter. */
function reviewInExcel(run: ExcelRun, t: Translator) {
  return (v: Parameters<typeof reviewSheetPlan>[0]) => writeReviewSheet(run, reviewSheetPlan(v, t.lang));
}
