import type { PlanSummary } from '../../../shared/api.ts';
import type { PlanFile } from '../../../shared/schema/index.ts';
import type { ApiClient } from '../api/client.ts';
import type { ConsoleAbilities } from '../app/console.ts';
import { ct } from '../app/console-messages.ts';
import {
  changesFromGrid,
  type ImportPreview,
  selectImportPreview,
  selectPlans,
  shortfallFromForm,
  shortfallText,
  type TargetChange,
  targetChangesFromFile,
  targetGrid,
} from '../app/console-plans.ts';
import type { Translator } from '../app/i18n.ts';
import { button, card, failureText, field, input, notice, run, tableModelView } from './console-kit.ts';
import { h, mount } from './dom.ts';

/**
 * The plans tab: the list (archive, restore, delete while nobody has worked on it), a table read
 * with a preview before anything is saved (as a new plan, or as a new version of a plan), the
 * targets revised as a new version with the 新旧対照表 first, and the goal indicators' departments.
 */
export function plansPanel(o: {
  api: ApiClient;
  t: Translator;
  can: ConsoleAbilities;
  plan: PlanSummary | null;
  changed: () => void;
}): { element: HTMLElement; refresh(): Promise<void> } {
  const { t, api, can } = o;
  const lang = t.lang;
  const element = h('div', { class: 'console-panel', 'data-testid': 'plans' });
  let plans: PlanSummary[] = [];
  let focus: string | null = o.plan?.id ?? null;

  const listHost = h('div');
  const importHost = h('div');
  const targetsHost = h('div');
  const goalsHost = h('div');
  mount(element, listHost, can.importTables ? importHost : null, targetsHost, goalsHost);

  const refresh = async () => {
    const r = await api.plansWithArchived();
    if (!r.ok) return mount(listHost, h('div', { class: 'banner banner-error' }, failureText(r, t)));
    plans = r.value.plans;
    if (!plans.some((p) => p.id === focus)) focus = plans.find((p) => !p.archived)?.id ?? null;
    renderList();
    if (importHost.childElementCount === 0) renderImport();
    await renderPlanTools();
  };

  const planSelect = (onchange: (id: string) => void, testId: string) => {
    const select = h(
      'select',
      { class: 'input', 'data-testid': testId },
      ...plans
        .filter((p) => !p.archived)
        .map((p) => h('option', { value: p.id, selected: p.id === focus }, `${p.title}（${p.id}）`)),
    ) as HTMLSelectElement;
    select.addEventListener('change', () => onchange(select.value));
    return select;
  };

  // ---- 未達成の理由 (docs/domain.md §8.6): on/off and the threshold, per plan ----------------------------
  const shortfallForm = (p: ReturnType<typeof selectPlans>[number], n: ReturnType<typeof notice>) => {
    const required = h('input', {
      type: 'checkbox',
      checked: p.shortfall.required,
      'data-testid': 'plan-shortfall-required',
    }) as HTMLInputElement;
    const below = input({
      value: p.shortfall.below.toFixed(1),
      inputmode: 'decimal',
      size: 6,
      'data-testid': 'plan-shortfall-below',
    });
    return h(
      'div',
      { class: 'button-row', 'data-testid': 'plan-shortfall-form' },
      h('label', { class: 'console-field' }, required, h('span', null, shortfallText(lang, 'required'))),
      field(shortfallText(lang, 'below'), below),
      button(
        shortfallText(lang, 'save'),
        async (e) => {
          const form = shortfallFromForm(required.checked, below.value, lang);
          if (!form.ok) return n.fail(form.error);
          const b = e.currentTarget as HTMLButtonElement;
          if ((await run(b, n, t, () => api.setShortfallReason(p.id, form.value))) === null) return;
          o.changed();
          await refresh();
          listHost
            .querySelector<HTMLElement>(`[data-plan="${CSS.escape(p.id)}"] [data-testid="plan-shortfall"]`)
            ?.append(` — ${shortfallText(lang, 'saved')}`);
        },
        { testId: 'plan-shortfall-save' },
      ),
    );
  };

  // ---- the list -----------------------------------------------------------------------------------
  const renderList = () => {
    const n = notice('plans-notice');
    const rows = selectPlans(plans, can, lang);
    mount(
      listHost,
      card(
        ct(lang, 'plansTitle'),
        'plan-list',
        n.element,
        h(
          'ul',
          { class: 'console-list' },
          ...rows.map((p) =>
            h(
              'li',
              { class: p.archived ? 'inactive' : '', dataset: { plan: p.id } },
              h(
                'div',
                { class: 'row-between' },
                h('strong', null, p.title),
                p.sameTitle ? h('span', { class: 'chip chip-warn' }, ct(lang, 'planSameTitle')) : null,
              ),
              h('div', { class: 'muted' }, p.detail),
              h('div', { class: 'muted', 'data-testid': 'plan-shortfall' }, p.shortfallText),
              p.canSetShortfall ? shortfallForm(p, n) : null,
              h(
                'div',
                { class: 'button-row' },
                p.canArchive
                  ? button(
                      ct(lang, 'planArchive'),
                      async (e) => {
                        if (
                          await run(e.currentTarget as HTMLButtonElement, n, t, () =>
                            api.archivePlan(p.id, true),
                          )
                        ) {
                          o.changed();
                          await refresh();
                        }
                      },
                      { testId: 'plan-archive' },
                    )
                  : null,
                p.canRestore
                  ? button(
                      ct(lang, 'planRestore'),
                      async (e) => {
                        if (
                          await run(e.currentTarget as HTMLButtonElement, n, t, () =>
                            api.archivePlan(p.id, false),
                          )
                        ) {
                          o.changed();
                          await refresh();
                        }
                      },
                      { testId: 'plan-restore' },
                    )
                  : null,
                p.canDelete
                  ? button(
                      ct(lang, 'planDelete'),
                      async (e) => {
                        if (!confirm(ct(lang, 'planDeleteConfirm', { title: p.title, id: p.id }))) return;
                        const b = e.currentTarget as HTMLButtonElement;
                        if ((await run(b, n, t, () => api.deletePlan(p.id))) !== null) {
                          o.changed();
                          await refresh();
                          // refresh() rebuilt the list: say so in the new one.
                          listHost
                            .querySelector<HTMLElement>('[data-testid="plans-notice"]')
                            ?.replaceWith(
                              h(
                                'div',
                                { class: 'banner banner-ok console-notice' },
                                ct(lang, 'planDeleted', { id: p.id }),
                              ),
                            );
                        }
                      },
                      { kind: 'danger', testId: 'plan-delete' },
                    )
                  : null,
              ),
            ),
          ),
        ),
      ),
    );
  };

  // ---- import a table with a preview ----------------------------------------------------------------
  const renderImport = () => {
    const n = notice('import-notice');
    const file = h('input', {
      type: 'file',
      accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'data-testid': 'import-file',
    }) as HTMLInputElement;
    const planId = input({ 'data-testid': 'import-plan-id', placeholder: 'plan-2024' });
    const title = input({ 'data-testid': 'import-title' });
    const result = h('div', { class: 'console-panel', 'data-testid': 'import-preview' });
    const preview = button(
      ct(lang, 'importPreview'),
      async () => {
        n.clear();
        const chosen = file.files?.[0];
        if (!chosen) return n.fail(ct(lang, 'importFile'));
        preview.disabled = true;
        const r = await api.readTable(chosen, {
          ...(planId.value.trim() ? { planId: planId.value.trim() } : {}),
          ...(title.value.trim() ? { title: title.value.trim() } : {}),
        });
        preview.disabled = false;
        if (r.ok) {
          const v = selectImportPreview(
            { plan: r.value.plan, summary: r.value.summary, problems: r.value.warnings },
            t,
          );
          showPreview(v, r.value.plan);
        } else if (r.kind === 'http' && r.status === 422) {
          const body = r.body as { problems?: never[]; summary?: Record<string, number> } | null;
          showPreview(
            selectImportPreview(
              { plan: null, summary: body?.summary ?? null, problems: body?.problems ?? [] },
              t,
            ),
            null,
          );
          n.fail(failureText(r, t));
        } else n.fail(failureText(r, t));
      },
      { kind: 'primary', testId: 'import-preview-button' },
    );
    const showPreview = (v: ImportPreview, plan: PlanFile | null) => {
      const saveNew = plan
        ? button(
            ct(lang, 'importSaveNew'),
            async (e) => {
              const saved = await run(e.currentTarget as HTMLButtonElement, n, t, () => api.createPlan(plan));
              if (saved) {
                n.ok(ct(lang, 'importSaved', { id: saved.planId }));
                focus = saved.planId;
                o.changed();
                await refresh();
              }
            },
            { kind: 'primary', testId: 'import-save-new' },
          )
        : null;
      const versionHost = h('div', { class: 'console-panel' });
      const target = plan ? planSelect(() => undefined, 'import-version-plan') : null;
      const asVersion = plan
        ? button(
            ct(lang, 'importSaveVersion'),
            async () => {
              if (!target) return;
              const existing = await api.planFile(target.value);
              if (!existing.ok) return n.fail(failureText(existing, t));
              const { changes, skipped } = targetChangesFromFile(existing.value, plan);
              revisionFlow(versionHost, target.value, existing.value.plan.version, changes, n, {
                note: changes.length
                  ? ct(lang, 'importVersionChanges', { n: changes.length, skipped })
                  : ct(lang, 'importVersionNone'),
              });
            },
            { testId: 'import-save-version' },
          )
        : null;
      mount(
        result,
        h('div', { class: 'banner banner-info', 'data-testid': 'import-summary' }, v.summary || '—'),
        h(
          'details',
          { class: 'card', open: v.problems.length > 0 },
          h('summary', null, v.problemsTitle),
          h(
            'table',
            { class: 'console-table', 'data-testid': 'import-problems' },
            h(
              'tbody',
              null,
              ...v.problems.map((p) =>
                h(
                  'tr',
                  null,
                  h('td', null, p.cell),
                  h('td', { class: p.severity === 'error' ? 'problem' : 'warning' }, p.message),
                ),
              ),
            ),
          ),
        ),
        plan ? h('div', { class: 'muted' }, `${v.title ?? ''}（${v.planId ?? ''}）`) : null,
        plan
          ? h(
              'div',
              { class: 'button-row' },
              saveNew,
              target ? field(ct(lang, 'importVersionTarget'), target) : null,
              asVersion,
            )
          : null,
        versionHost,
      );
    };
    mount(
      importHost,
      card(
        ct(lang, 'importTitle'),
        'import',
        h('div', { class: 'muted' }, ct(lang, 'importHelp')),
        h(
          'div',
          { class: 'console-form' },
          field(ct(lang, 'importFile'), file),
          field(ct(lang, 'importPlanId'), planId),
          field(ct(lang, 'importPlanTitle'), title),
          preview,
        ),
        n.element,
        result,
      ),
    );
  };

  /** Preview the 新旧対照表 of `changes`, then store them as a new version. */
  const revisionFlow = (
    host: HTMLElement,
    planId: string,
    baseVersion: number,
    changes: TargetChange[],
    n: ReturnType<typeof notice>,
    options: { note?: string; label?: string } = {},
  ) => {
    const label = input({ 'data-testid': 'revision-label', value: options.label ?? '' });
    const table = h('div', { class: 'console-table-wrap', 'data-testid': 'revision-preview' });
    const body = () => ({
      baseVersion,
      ...(label.value.trim() ? { label: label.value.trim() } : {}),
      changes,
    });
    const save = button(
      ct(lang, 'targetsSave'),
      async (e) => {
        const saved = await run(e.currentTarget as HTMLButtonElement, n, t, () =>
          api.reviseTargets(planId, body()),
        );
        if (saved) {
          n.ok(ct(lang, 'targetsSaved', { version: saved.version, n: saved.changed }));
          mount(host);
          o.changed();
          await refresh();
        }
      },
      { kind: 'primary', testId: 'revision-save' },
    );
    save.disabled = true;
    mount(
      host,
      options.note ? h('div', { class: 'muted' }, options.note) : null,
      ...(changes.length
        ? [
            field(ct(lang, 'targetsLabel'), label),
            h(
              'div',
              { class: 'button-row' },
              button(
                ct(lang, 'targetsPreview'),
                async (e) => {
                  const r = await run(e.currentTarget as HTMLButtonElement, n, t, () =>
                    api.previewRevision(planId, body()),
                  );
                  if (!r) return;
                  mount(table, tableModelView(r.table as Parameters<typeof tableModelView>[0]));
                  save.disabled = false;
                },
                { testId: 'revision-preview-button' },
              ),
              save,
            ),
            table,
          ]
        : []),
    );
  };

  // ---- targets and goal indicators of one plan -------------------------------------------------------
  const renderPlanTools = async () => {
    if (!focus || !can.writePlans) {
      mount(targetsHost);
      mount(goalsHost);
      return;
    }
    const file = await api.planFile(focus);
    if (!file.ok) return mount(targetsHost, h('div', { class: 'banner banner-error' }, failureText(file, t)));
    const plan = file.value;
    const choose = planSelect((id) => {
      focus = id;
      void renderPlanTools();
    }, 'targets-plan');
    // Targets.
    const n = notice('targets-notice');
    const grid = targetGrid(plan);
    const typed = new Map<string, string>();
    const flowHost = h('div', { class: 'console-panel' });
    mount(
      targetsHost,
      card(
        ct(lang, 'targetsTitle'),
        'targets',
        h('div', { class: 'muted' }, ct(lang, 'targetsHelp')),
        field(lang === 'ja' ? '計画' : 'Plan', choose),
        h('div', { class: 'muted' }, ct(lang, 'targetsVersion', { version: plan.plan.version })),
        h(
          'div',
          { class: 'console-table-wrap' },
          h(
            'table',
            { class: 'console-table', 'data-testid': 'targets-grid' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', null, ct(lang, 'colIndicator')),
                ...grid.years.map((y) => h('th', null, String(y))),
              ),
            ),
            h(
              'tbody',
              null,
              ...grid.rows.map((r) =>
                h(
                  'tr',
                  { dataset: { indicator: r.indicatorId } },
                  h('td', null, r.label, h('span', { class: 'muted' }, `（${r.unit}）`)),
                  ...r.cells.map((c) => {
                    const box = h('input', {
                      class: 'input console-grid-input',
                      value: c.shown,
                      'aria-label': `${r.label} ${c.fiscalYear}`,
                      dataset: { year: String(c.fiscalYear) },
                    }) as HTMLInputElement;
                    box.addEventListener('input', () =>
                      typed.set(`${r.indicatorId}|${c.fiscalYear}`, box.value),
                    );
                    return h('td', null, box);
                  }),
                ),
              ),
            ),
          ),
        ),
        button(
          ct(lang, 'targetsPreview'),
          () => {
            n.clear();
            const { changes, problems } = changesFromGrid(grid, typed);
            if (problems.length)
              return n.fail(
                problems.map((p) => `${p.indicatorId} ${p.fiscalYear}: ${t.msg(p.message)}`).join('\n'),
              );
            if (!changes.length) return n.fail(ct(lang, 'targetsNone'));
            revisionFlow(flowHost, plan.plan.id, plan.plan.version, changes, n);
            flowHost.querySelector<HTMLButtonElement>('[data-testid="revision-preview-button"]')?.click();
          },
          { kind: 'primary', testId: 'targets-preview' },
        ),
        n.element,
        flowHost,
      ),
    );
    // Goal indicators.
    const g = notice('goals-notice');
    const assignments = await api.goalAssignments(plan.plan.id);
    if (!assignments.ok)
      return mount(goalsHost, h('div', { class: 'banner banner-error' }, failureText(assignments, t)));
    const selects = assignments.value.assignments.map((a) => {
      const select = h(
        'select',
        { class: 'input', dataset: { indicator: a.indicatorId }, 'aria-label': a.indicatorName },
        h('option', { value: '' }, ct(lang, 'goalsNone')),
        ...plan.departments.map((d) =>
          h('option', { value: d.id, selected: d.id === a.departmentId }, d.name),
        ),
      ) as HTMLSelectElement;
      return { a, select };
    });
    mount(
      goalsHost,
      card(
        ct(lang, 'goalsTitle'),
        'goals',
        h('div', { class: 'muted' }, ct(lang, 'goalsHelp')),
        selects.length
          ? h(
              'table',
              { class: 'console-table' },
              h(
                'tbody',
                null,
                ...selects.map(({ a, select }) =>
                  h(
                    'tr',
                    null,
                    h('td', null, `${lang === 'ja' ? '基本目標' : 'Goal '}${a.goalNumber} ${a.goalTitle}`),
                    h('td', null, `${a.indicatorNumber} ${a.indicatorName}`),
                    h('td', null, select),
                  ),
                ),
              ),
            )
          : h('div', { class: 'muted' }, ct(lang, 'goalsEmpty')),
        selects.length
          ? button(
              ct(lang, 'goalsSave'),
              async (e) => {
                const body = selects.map(({ a, select }) => ({
                  indicatorId: a.indicatorId,
                  departmentId: select.value || null,
                }));
                if (
                  await run(e.currentTarget as HTMLButtonElement, g, t, () =>
                    api.setGoalAssignments(plan.plan.id, body),
                  )
                )
                  g.ok(ct(lang, 'goalsSaved'));
              },
              { kind: 'primary', testId: 'goals-save' },
            )
          : null,
        g.element,
      ),
    );
  };

  return { element, refresh };
}
