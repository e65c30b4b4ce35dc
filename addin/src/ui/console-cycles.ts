import type { PlanSummary } from '../../../shared/api.ts';
import { fiscalYearLabel } from '../../../shared/notation/index.ts';
import type { ApiClient } from '../api/client.ts';
import type { ConsoleAbilities } from '../app/console.ts';
import { reopenableSheets, selectCycles } from '../app/console-admin.ts';
import { ct } from '../app/console-messages.ts';
import type { Translator } from '../app/i18n.ts';
import { button, card, failureText, field, input, notice, run } from './console-kit.ts';
import { h, mount } from './dom.ts';

/**
 * The cycles tab of a plan: each cycle with its deadline (business days left), lock and unlock,
 * the next year opened with its label and deadline, and an approved sheet reopened with a reason.
 */
export function cyclesPanel(o: {
  api: ApiClient;
  t: Translator;
  can: ConsoleAbilities;
  plan: PlanSummary | null;
  fiscalYear: number | null;
  today: () => string;
  changed: () => void;
}): { element: HTMLElement; refresh(): Promise<void> } {
  const { t, api, can } = o;
  const lang = t.lang;
  const element = h('div', { class: 'console-panel', 'data-testid': 'cycles' });

  const refresh = async () => {
    if (!o.plan) return mount(element, h('div', { class: 'banner banner-info' }, t.t('noCycles')));
    const plans = await api.plansWithArchived();
    if (!plans.ok) return mount(element, h('div', { class: 'banner banner-error' }, failureText(plans, t)));
    const plan = plans.value.plans.find((p) => p.id === o.plan?.id) ?? o.plan;
    const v = selectCycles(plan, can, o.today(), lang);
    const n = notice('cycles-notice');
    const after = async (done: unknown, message?: string) => {
      if (done === null) return;
      o.changed();
      await refresh();
      if (message)
        element
          .querySelector('[data-testid="cycles-notice"]')
          ?.replaceWith(h('div', { class: 'banner banner-ok console-notice' }, message));
    };

    const openForm = () => {
      if (!v.next || !can.openCycles) return h('div', { class: 'muted' }, v.nextNote ?? '');
      const next = v.next;
      const label = input({ value: next.label, 'data-testid': 'cycle-label' });
      const deadline = input({ type: 'date', 'data-testid': 'cycle-deadline' });
      return h(
        'div',
        { class: 'console-form' },
        field(ct(lang, 'cycleYear'), h('strong', { 'data-testid': 'cycle-next-year' }, next.yearLabel)),
        field(ct(lang, 'cycleLabel'), label),
        field(ct(lang, 'cycleDeadline'), deadline),
        button(
          ct(lang, 'cycleOpen'),
          async (e) => {
            const done = await run(e.currentTarget as HTMLButtonElement, n, t, () =>
              api.openCycle(plan.id, {
                fiscalYear: next.fiscalYear,
                ...(label.value.trim() ? { label: label.value.trim() } : {}),
                ...(deadline.value ? { deadline: deadline.value } : {}),
              }),
            );
            await after(done, ct(lang, 'cycleOpened', { year: next.yearLabel }));
          },
          { kind: 'primary', testId: 'cycle-open' },
        ),
      );
    };

    const rows = v.rows.map((r) => {
      const deadline = input({ type: 'date', value: r.deadline, 'aria-label': ct(lang, 'cycleDeadline') });
      return h(
        'li',
        { dataset: { cycle: String(r.fiscalYear), locked: String(r.locked) } },
        h(
          'div',
          { class: 'row-between' },
          h('strong', null, r.title),
          h('span', { class: `chip ${r.locked ? 'chip-locked' : ''}` }, r.state),
        ),
        h(
          'div',
          {
            class: `chip ${r.deadlineState === 'overdue' ? 'chip-overdue' : r.deadlineState === 'today' ? 'chip-warn' : ''}`,
            'data-testid': 'cycle-deadline-text',
          },
          r.deadlineText,
        ),
        h(
          'div',
          { class: 'button-row' },
          r.canEditDeadline ? field(ct(lang, 'cycleDeadline'), deadline) : null,
          r.canEditDeadline
            ? button(
                ct(lang, 'cycleSaveDeadline'),
                async (e) => {
                  const done = await run(e.currentTarget as HTMLButtonElement, n, t, () =>
                    api.updateCycle(plan.id, r.fiscalYear, { deadline: deadline.value || null }),
                  );
                  await after(done, ct(lang, 'done'));
                },
                { testId: 'cycle-save-deadline' },
              )
            : null,
          r.canLock
            ? button(
                ct(lang, 'cycleLock'),
                async (e) => {
                  if (!confirm(t.t('lockConfirm'))) return;
                  await after(
                    await run(e.currentTarget as HTMLButtonElement, n, t, () =>
                      api.lockCycle(plan.id, r.fiscalYear),
                    ),
                  );
                },
                { kind: 'danger', testId: 'cycle-lock' },
              )
            : null,
          r.canUnlock
            ? button(
                ct(lang, 'cycleUnlock'),
                async (e) => {
                  await after(
                    await run(e.currentTarget as HTMLButtonElement, n, t, () =>
                      api.unlockCycle(plan.id, r.fiscalYear),
                    ),
                  );
                },
                { testId: 'cycle-unlock' },
              )
            : null,
        ),
      );
    });

    mount(
      element,
      n.element,
      card(ct(lang, 'cycleOpenTitle'), 'cycle-open-card', openForm()),
      card(ct(lang, 'cyclesTitle'), 'cycle-list', h('ul', { class: 'console-list' }, ...rows)),
      can.reopenApproved ? await reopenCard(plan) : null,
    );
  };

  /** Approved sheets of the chosen cycle, each reopened with a reason (recorded in the sheet's history). */
  const reopenCard = async (plan: PlanSummary) => {
    const fy = o.fiscalYear ?? plan.cycles[plan.cycles.length - 1]?.fiscalYear;
    if (fy === undefined) return null;
    const status = await api.cycleStatus(plan.id, fy);
    const sheets = reopenableSheets(status.ok ? status.value : null, can);
    const n = notice('reopen-notice');
    const select = h(
      'select',
      { class: 'input', 'data-testid': 'reopen-department' },
      ...sheets.map((s) => h('option', { value: s.departmentId }, s.name)),
    ) as HTMLSelectElement;
    const reason = input({ 'data-testid': 'reopen-reason' });
    return card(
      `${ct(lang, 'cycleReopenTitle')}（${fiscalYearLabel(fy, 'era-long')}）`,
      'reopen',
      sheets.length
        ? h(
            'div',
            { class: 'console-form' },
            field(t.t('department'), select),
            field(ct(lang, 'cycleReopenReason'), reason),
            button(
              ct(lang, 'cycleReopen'),
              async (e) => {
                if (!reason.value.trim()) return n.fail(ct(lang, 'cycleReopenNeedsReason'));
                const row = status.ok
                  ? status.value.departments.find((d) => d.departmentId === select.value)
                  : undefined;
                const done = await run(e.currentTarget as HTMLButtonElement, n, t, () =>
                  api.workflow(plan.id, fy, select.value, 'reopen', {
                    comment: reason.value.trim(),
                    ...(row ? { ifMatch: row.revision } : {}),
                  }),
                );
                if (done) {
                  n.ok(ct(lang, 'cycleReopened', { department: row?.departmentName ?? select.value }));
                  await refresh();
                }
              },
              { kind: 'danger', testId: 'reopen-button' },
            ),
          )
        : h('div', { class: 'muted' }, ct(lang, 'cycleReopenNone')),
      n.element,
    );
  };

  return { element, refresh };
}
