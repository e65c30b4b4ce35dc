import type { CycleStatusResponse, DepartmentStatus } from '../../../shared/api.ts';
import type { Message } from '../../../shared/problem.ts';
import { can, type Role } from '../../../shared/roles.ts';
import type { SubmissionStatus } from '../../../shared/schema/index.ts';
import type { WorkflowAction } from '../../../shared/workflow/index.ts';
import type { ApiClient, ApiResult } from '../api/client.ts';
import { formatTime, type Translator } from './i18n.ts';
import type { MessageKey } from './messages.ts';
import { SUBMISSION_LABEL } from './sheet-view-model.ts';

/**
 * The coordinator's view of a cycle: the state (the cycle status the server answered, and what
 * the last step said), the steps (refresh, the workflow steps on a sheet, lock the cycle), and a
 * pure selector that turns the state into what the dashboard shows. Which workflow buttons a
 * department's row offers is the server's answer (`allowedActions`), never decided here.
 */
export interface DashboardState {
  status: CycleStatusResponse | null;
  /** Why the status could not be loaded. */
  loadError: Message | null;
  /** What went wrong with the last step (or what it needs); null when it went through. */
  message: Message | null;
}

/** The steps a department's row offers, in the order of its buttons. */
export const DASHBOARD_ACTIONS = ['approve', 'return', 'reopen'] as const satisfies readonly WorkflowAction[];
export type DashboardAction = (typeof DASHBOARD_ACTIONS)[number];

export class CycleDashboard {
  readonly planId: string;
  readonly fiscalYear: number;
  readonly #api: ApiClient;
  readonly #t: Translator;
  readonly #listeners = new Set<() => void>();
  #state: DashboardState = { status: null, loadError: null, message: null };

  constructor(api: ApiClient, t: Translator, planId: string, fiscalYear: number) {
    this.#api = api;
    this.#t = t;
    this.planId = planId;
    this.fiscalYear = fiscalYear;
  }

  state(): DashboardState {
    return this.#state;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(next: Partial<DashboardState>): void {
    this.#state = { ...this.#state, ...next };
    for (const l of this.#listeners) l();
  }

  async refresh(): Promise<void> {
    const r = await this.#api.cycleStatus(this.planId, this.fiscalYear);
    if (r.ok) this.#set({ status: r.value, loadError: null });
    else this.#set({ loadError: this.#failure(r) });
  }

  /**
   * A workflow step on a department's sheet, against the revision the coordinator saw (approve and
   * return judge that revision). Returning needs a comment: without one nothing is sent and
   * `false` says so.
   */
  async step(departmentId: string, action: DashboardAction, comment = ''): Promise<boolean> {
    const row = this.#state.status?.departments.find((d) => d.departmentId === departmentId);
    if (!row) return false;
    if (action === 'return' && comment.trim() === '') {
      this.#set({ message: this.#words('returnComment') });
      return false;
    }
    const { planId, fiscalYear } = this;
    const r =
      action === 'reopen'
        ? await this.#api.workflow(planId, fiscalYear, departmentId, 'reopen', { ifMatch: row.revision })
        : await this.#api.workflow(planId, fiscalYear, departmentId, action, {
            ifMatch: row.revision,
            ...(action === 'return' ? { comment: comment.trim() } : {}),
          });
    return this.#after(r);
  }

  async lock(): Promise<boolean> {
    return this.#after(await this.#api.lockCycle(this.planId, this.fiscalYear));
  }

  async #after(r: ApiResult<unknown>): Promise<boolean> {
    this.#set({ message: r.ok ? null : this.#failure(r) });
    await this.refresh();
    return r.ok;
  }

  #failure(r: Exclude<ApiResult<unknown>, { ok: true }>): Message {
    return r.kind === 'network' ? this.#words('networkError') : r.problem.messages;
  }

  #words(key: MessageKey): Message {
    return { ja: this.#t.t(key), en: this.#t.t(key) };
  }
}

// ---- the view model -------------------------------------------------------------------------------

export interface DepartmentRowView {
  departmentId: string;
  name: string;
  status: SubmissionStatus;
  statusLabel: string;
  /** 「12 / 20 件入力済み · 4/10 10:00 に受付 · 山田」 */
  detail: string;
  comment: string | null;
  /** The workflow buttons of the row: the steps the server allows, among those the dashboard offers. */
  actions: DashboardAction[];
}

export interface DashboardViewModel {
  /** Why nothing else can be shown. */
  error: string | null;
  message: string;
  counts: { status: SubmissionStatus; text: string }[];
  locked: boolean;
  notSubmitted: { title: string; names: string[] };
  departments: DepartmentRowView[];
  canLock: boolean;
}

const COUNT_LABEL: Record<SubmissionStatus, MessageKey> = {
  draft: 'countDraft',
  submitted: 'countSubmitted',
  approved: 'countApproved',
  returned: 'countReturned',
};
const STATUSES = [
  'draft',
  'submitted',
  'approved',
  'returned',
] as const satisfies readonly SubmissionStatus[];

/** The steps the server allows on a department's sheet that the dashboard has a button for. */
export function offeredActions(d: Pick<DepartmentStatus, 'allowedActions'>): DashboardAction[] {
  return DASHBOARD_ACTIONS.filter((a) => d.allowedActions.includes(a));
}

/** `role`: who looks; the lock button only for a role shared/roles.ts lets lock (an admin gets none). */
export function selectDashboard(state: DashboardState, t: Translator, role?: Role): DashboardViewModel {
  const s = state.status;
  const message = state.message ? t.msg(state.message) : '';
  if (state.loadError || !s)
    return {
      error: state.loadError ? t.msg(state.loadError) : null,
      message,
      counts: [],
      locked: false,
      notSubmitted: { title: '', names: [] },
      departments: [],
      canLock: false,
    };
  const pending = s.departments.filter((d) => d.status === 'draft' || d.status === 'returned');
  return {
    error: null,
    message,
    counts: STATUSES.map((status) => ({
      status,
      text: t.t(COUNT_LABEL[status], { n: s.counts[status] ?? 0 }),
    })),
    locked: s.locked,
    notSubmitted: {
      title: t.t('notSubmittedTitle', { n: pending.length }),
      names: pending.map((d) => d.departmentName),
    },
    departments: s.departments.map((d) => departmentRow(d, t)),
    canLock: !s.locked && (role === undefined || can(role, 'cycle.lock')),
  };
}

function departmentRow(d: DepartmentStatus, t: Translator): DepartmentRowView {
  const received =
    d.submittedAt && (d.status === 'submitted' || d.status === 'approved')
      ? ` · ${t.t('submittedAt', { time: formatTime(d.submittedAt, t.lang) })}`
      : '';
  return {
    departmentId: d.departmentId,
    name: d.departmentName,
    status: d.status,
    statusLabel: t.t(SUBMISSION_LABEL[d.status]),
    detail: `${t.t('filled', { filled: d.filledCount, total: d.indicatorCount })}${received}${d.updatedByName ? ` · ${d.updatedByName}` : ''}`,
    comment: d.comment || null,
    actions: offeredActions(d),
  };
}
