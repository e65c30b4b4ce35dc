import './styles.css';
import type { PlanSummary } from '../../../shared/api.ts';
import { fiscalYearLabel } from '../../../shared/notation/index.ts';
import { ApiClient, type ApiResult } from '../api/client.ts';
import { ConversationClient } from '../api/conversation-client.ts';
import { type ControllerDeps, SheetController } from '../app/controller.ts';
import { type CycleChoice, chooseCycle, rememberCycle, rememberedCycle } from '../app/cycle-choice.ts';
import { pickLanguage, type Translator, translator } from '../app/i18n.ts';
import type { MessageKey } from '../app/messages.ts';
import { SheetThreads } from '../app/sheet-threads.ts';
import { type KeyValueStorage, partitionedStorage } from '../app/storage.ts';
import { ThreadsController } from '../app/threads.ts';
import { readToken } from '../auth/token-store.ts';
import { detectCapabilities, excelPort } from '../excel/port.ts';
import { h, mount } from './dom.ts';
import { sheetPane } from './sheet-view.ts';
import { type Auth, signIn } from './sign-in.ts';

/**
 * The task pane. In Excel: sign in, then the department's sheet (or, for a coordinator, the
 * dashboard with each department's sheet a click away). In a plain browser (Office reports no
 * host): the coordinator's dashboard and exports, and a note that editing a sheet needs Excel.
 */
const ROLE: Record<string, MessageKey> = {
  department: 'roleDepartment',
  coordinator: 'roleCoordinator',
  admin: 'roleAdmin',
};

async function officeHost(): Promise<string | null> {
  if (typeof Office === 'undefined') return null;
  const info = await Office.onReady();
  return info.host ? String(info.host) : null;
}

function storageFor(inOffice: boolean): KeyValueStorage {
  const partition = inOffice ? Office.context.partitionKey : undefined;
  return partitionedStorage(window.localStorage, partition);
}

export async function boot(root: HTMLElement): Promise<void> {
  const host = await officeHost();
  const inExcel = host === 'Excel';
  const t = translator(pickLanguage(inExcel ? Office.context.displayLanguage : navigator.language));
  document.documentElement.lang = t.lang;
  document.title = t.t('appTitle');
  const storage = storageFor(host !== null);
  let auth: Auth | null = null;
  // Until sign-in completes, the token being tried is the one just typed (kept in storage).
  const api = new ApiClient(window.location.origin, () =>
    auth ? auth.token() : Promise.resolve(readToken(storage)),
  );
  // The conversation (comments, evidence, the story of a figure) with the same token: the console's
  // review and, in Excel, the thread beside the sheet.
  const conversation = new ConversationClient(window.location.origin, () =>
    auth ? auth.token() : Promise.resolve(readToken(storage)),
  );
  const header = h('header', { class: 'app-header' }, h('h1', null, t.t('appTitle')));
  const main = h('main', { class: 'app-main' });
  mount(root, header, main);

  auth = await signIn(main, api, storage, t, host !== null);
  const me = await api.me();
  if (!me.ok) {
    mount(main, failure(me, t));
    if (me.kind === 'http' && me.status === 401) await auth.signOut();
    return;
  }
  const user = me.value;
  mount(header, ...userHeader(user, t, auth));

  const plans = await api.plans();
  if (!plans.ok) return mount(main, failure(plans, t));
  // The cycle last picked, else the latest: never another year in its place (app/cycle-choice.ts).
  const first = chooseCycle(plans.value.plans, rememberedCycle(storage));
  if (!first && user.role !== 'department') {
    // No cycle yet: staff set up plans and cycles in the console (ui/console-*.ts).
    const { showConsole } = await import('./console-boot.ts');
    const host = h('div', { class: 'content' });
    mount(main, host);
    const plan = plans.value.plans[0] ?? null;
    return showConsole(host, {
      api,
      t,
      user,
      plan,
      fiscalYear: null,
      inExcel,
      conversation,
      plansChanged: () => location.reload(),
    });
  }
  if (!first) return mount(main, h('div', { class: 'banner banner-info' }, t.t('noCycles')));
  const content = h('div', { class: 'content' });
  const picker = cyclePicker(plans.value.plans, first, t, (choice) => {
    rememberCycle(storage, choice);
    show(choice);
  });
  mount(main, picker, content);
  // The console changed the plans (imported, archived, a cycle opened): the picker lists them anew.
  let shownPicker = picker;
  const plansChanged = async () => {
    const again = await api.plans();
    const keep = again.ok ? chooseCycle(again.value.plans, rememberedCycle(storage)) : null;
    if (!again.ok || !keep) return;
    const fresh = cyclePicker(again.value.plans, keep, t, (choice) => {
      rememberCycle(storage, choice);
      show(choice);
    });
    shownPicker.replaceWith(fresh);
    shownPicker = fresh;
  };
  const excel = inExcel ? excelPort((batch) => Excel.run(batch), detectCapabilities()) : null;
  const deps: ControllerDeps = {
    api,
    storage,
    t,
    port: excel ?? (null as never),
    userId: user.userId,
    clock: {
      now: () => Date.now(),
      setTimer: (f: () => void, ms: number) => setTimeout(f, ms),
      clearTimer: (x: unknown) => clearTimeout(x as number),
    },
    newId: () => crypto.randomUUID(),
  };
  let current: { dispose(): void } | null = null;
  const show = (choice: CycleChoice) => {
    current?.dispose();
    current = null;
    const openSheet = async (departmentId: string, back?: () => void) => {
      const controller = new SheetController(deps, choice.plan.id, choice.fiscalYear, departmentId);
      current?.dispose();
      // The thread of the row selected on the sheet, the 💬 list and the marks (app/sheet-threads.ts).
      const threads = excel
        ? new SheetThreads(
            controller,
            new ThreadsController(conversation, user.userId, deps.newId),
            excel,
            deps.clock,
            t.lang,
          )
        : undefined;
      const pane = sheetPane(controller, t, threads);
      current = pane;
      mount(
        content,
        back ? h('button', { class: 'btn btn-subtle', type: 'button', onclick: back }, '←') : null,
        pane.element,
      );
      await pane.start();
    };
    if (user.role === 'department') {
      // In a browser: their own sheet's state and history, and where entry happens (ui/console-department.ts).
      if (!inExcel)
        return void import('./console-boot.ts').then((m) =>
          m.showDepartmentHome(content, {
            api,
            t,
            planId: choice.plan.id,
            fiscalYear: choice.fiscalYear,
            departments: user.departments,
          }),
        );
      if (user.departments.length === 0)
        return mount(content, h('div', { class: 'banner banner-info' }, t.t('noDepartments')));
      if (user.departments.length === 1) return void openSheet(user.departments[0]!.id);
      return departmentPicker(content, t, user.departments, (id) => void openSheet(id));
    }
    // The coordinator's console: the dashboard of the cycle and the other sections (ui/console-view.ts).
    const showDashboard = async () => {
      const { showConsole } = await import('./console-boot.ts');
      await showConsole(content, {
        api,
        t,
        user,
        plan: choice.plan,
        fiscalYear: choice.fiscalYear,
        inExcel,
        conversation,
        plansChanged: () => void plansChanged(),
        ...(inExcel
          ? {
              openSheet: (id: string) => void openSheet(id, () => void showDashboard()),
              excelRun: (batch) => Excel.run(batch),
            }
          : {}),
      });
    };
    void showDashboard();
  };
  show(first);
}

/** Why a request failed, as a banner. */
function failure(r: Exclude<ApiResult<unknown>, { ok: true }>, t: Translator): HTMLElement {
  return h(
    'div',
    { class: 'banner banner-error' },
    r.kind === 'network' ? t.t('networkError') : t.msg(r.problem.messages),
  );
}

/** Who is signed in, and the sign-out button. */
function userHeader(user: { displayName: string; role: string }, t: Translator, auth: Auth): HTMLElement[] {
  const signOut = h(
    'button',
    { class: 'btn btn-subtle', type: 'button', 'data-testid': 'sign-out' },
    t.t('signOut'),
  );
  signOut.addEventListener('click', async () => {
    await auth.signOut();
    window.location.reload();
  });
  return [
    h('h1', null, t.t('appTitle')),
    h(
      'span',
      { class: 'muted', 'data-testid': 'user' },
      t.t('signedInAs', { name: user.displayName, role: t.t(ROLE[user.role] ?? 'roleDepartment') }),
    ),
    signOut,
  ];
}

/** Every cycle of every plan, newest first; `first` selected. */
function cyclePicker(
  plans: readonly PlanSummary[],
  first: CycleChoice,
  t: Translator,
  pick: (choice: CycleChoice) => void,
): HTMLElement {
  const options = plans.flatMap((plan) =>
    [...plan.cycles]
      .sort((x, y) => y.fiscalYear - x.fiscalYear)
      .map((c) => ({ plan, fiscalYear: c.fiscalYear, label: c.label ?? fiscalYearLabel(c.fiscalYear) })),
  );
  const select = h(
    'select',
    { class: 'input', 'data-testid': 'cycle', 'aria-label': t.t('cycle') },
    ...options.map((o, i) =>
      h(
        'option',
        { value: String(i), selected: o.plan === first.plan && o.fiscalYear === first.fiscalYear },
        `${o.plan.title} — ${o.label}`,
      ),
    ),
  );
  select.addEventListener('change', () => {
    const o = options[Number(select.value)];
    if (o) pick(o);
  });
  return h('div', { class: 'cycle-picker' }, h('label', null, t.t('cycle')), select);
}

function departmentPicker(
  main: HTMLElement,
  t: Translator,
  departments: { id: string; name: string }[],
  pick: (id: string) => void,
) {
  const select = h(
    'select',
    { class: 'input', 'data-testid': 'department' },
    ...departments.map((d) => h('option', { value: d.id }, d.name)),
  );
  mount(
    main,
    h(
      'section',
      { class: 'card' },
      h('label', null, t.t('department')),
      select,
      h(
        'button',
        { class: 'btn btn-primary', type: 'button', onclick: () => pick(select.value) },
        t.t('buildSheet'),
      ),
    ),
  );
}

const root = document.getElementById('app');
if (root) {
  boot(root).catch((error: unknown) => {
    mount(
      root,
      h('div', { class: 'banner banner-error' }, error instanceof Error ? error.message : String(error)),
    );
  });
}
