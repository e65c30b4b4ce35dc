import type { CycleStatusResponse, DepartmentStatus, UnreadResponse } from '../../../shared/api.ts';
import type { Message } from '../../../shared/problem.ts';
import { can, type Role } from '../../../shared/roles.ts';
import type { SubmissionStatus } from '../../../shared/schema/index.ts';
import type { ApiClient, ApiResult } from '../api/client.ts';
import { formatTime, type Translator } from './i18n.ts';
import type { MessageKey } from './messages.ts';
import { SUBMISSION_LABEL } from './sheet-view-model.ts';
import { type ThreadsController, unreadBadge, unreadByDepartment } from './threads.ts';

/**
 * The coordinator's view of a cycle: the state (the cycle status the server answered, how far each
 * sheet is filled, and what the last step said), the steps (refresh, lock the cycle), and a pure
 * selector that turns the state into what the dashboard shows. A row offers no workflow step of its
 * own: approving or returning a sheet nobody has looked at would be approving it blind, so each row
 * opens the read-only review (ui/console-review.ts), which approves or returns the revision it shows.
 */
export interface DashboardState {
  status: CycleStatusResponse | null;
  /**
   * How far each sheet still open is filled (the reminders' answer: KPIs and 主な取組, per
   * shared/workflow sheetCompleteness), or null when the role may not ask or the answer failed.
   */
  completeness: Map<string, Completeness> | null;
  /** Why the status could not be loaded. */
  loadError: Message | null;
  /** What went wrong with the last step (or what it needs); null when it went through. */
  message: Message | null;
}

export interface Completeness {
  activitiesFilled: number;
  projectCount: number;
}

export class CycleDashboard {
  readonly planId: string;
  readonly fiscalYear: number;
  readonly #api: ApiClient;
  readonly #t: Translator;
  readonly #withCompleteness: boolean;
  readonly #unread: Pick<ThreadsController, 'refreshUnread'> | null;
  readonly #listeners = new Set<() => void>();
  #state: DashboardState = { status: null, completeness: null, loadError: null, message: null };

  /**
   * `role`: whether to ask for the reminders (only a role with cycle.remind may: shared/roles.ts).
   * `unread`: the conversation's counts, read again with the status (再読み込み) — only for a role in
   * the conversation (app/console.ts `converse`); the counts stay in that controller's state.
   */
  constructor(
    api: ApiClient,
    t: Translator,
    planId: string,
    fiscalYear: number,
    role?: Role,
    unread?: Pick<ThreadsController, 'refreshUnread'> | null,
  ) {
    this.#api = api;
    this.#unread = unread ?? null;
    this.#t = t;
    this.planId = planId;
    this.fiscalYear = fiscalYear;
    this.#withCompleteness = role !== undefined && can(role, 'cycle.remind');
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
    const [r] = await Promise.all([
      this.#api.cycleStatus(this.planId, this.fiscalYear),
      this.#unread?.refreshUnread(this.planId, this.fiscalYear),
    ]);
    // The status carries each sheet's 主な取組 count; a worker older than the pane does not, and then
    // the reminders (coordinators only) tell it.
    const needsReminders =
      this.#withCompleteness && r.ok && r.value.departments.some((d) => d.activitiesFilled === undefined);
    const reminders = needsReminders ? await this.#api.reminders(this.planId, this.fiscalYear) : null;
    // Without the reminders the rows still show the KPIs: 主な取組 is left out rather than guessed.
    const completeness =
      reminders?.ok === true
        ? new Map(
            reminders.value.departments.map((d) => [
              d.departmentId,
              { activitiesFilled: d.activitiesFilled, projectCount: d.projectCount },
            ]),
          )
        : null;
    if (r.ok) this.#set({ status: r.value, completeness, loadError: null });
    else this.#set({ loadError: this.#failure(r) });
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
  /** 「指標 3/4 · 主な取組 0/1 · 4/10 10:00 に受付 · 山田」 */
  detail: string;
  comment: string | null;
  /**
   * The coordinator's turn: the server allows approving or returning this sheet. The row's 確認
   * stands out then; the step itself is taken in the review.
   */
  awaitsReview: boolean;
  /** 「未読 2」: comments by others on this department's threads the viewer has not read; null for none. */
  unread: string | null;
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
  /** Why the unread counts could not be read (the rows are shown without them). */
  unreadError: string | null;
}

/** The conversation's unread counts as the dashboard gets them (ThreadsController's state). */
export interface DashboardUnread {
  counts: UnreadResponse | null;
  error: Message | null;
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

/**
 * `role`: who looks; the lock button only for a role shared/roles.ts lets lock (an admin gets none).
 * `unread`: the counts of a viewer in the conversation; absent, the rows show none.
 */
export function selectDashboard(
  state: DashboardState,
  t: Translator,
  role?: Role,
  unread?: DashboardUnread,
): DashboardViewModel {
  const s = state.status;
  const message = state.message ? t.msg(state.message) : '';
  const unreadError = unread?.error ? t.msg(unread.error) : null;
  // Counts of another cycle (the picker moved on, the answer came late) are not this one's.
  const counts =
    unread?.counts && s && unread.counts.planId === s.planId && unread.counts.fiscalYear === s.fiscalYear
      ? unreadByDepartment(unread.counts)
      : null;
  if (state.loadError || !s)
    return {
      error: state.loadError ? t.msg(state.loadError) : null,
      message,
      counts: [],
      locked: false,
      notSubmitted: { title: '', names: [] },
      departments: [],
      canLock: false,
      unreadError,
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
    departments: s.departments.map((d) => departmentRow(d, state.completeness, t, counts)),
    canLock: !s.locked && (role === undefined || can(role, 'cycle.lock')),
    unreadError,
  };
}

/**
 * 主な取組 of a row: the cycle status counts them (a worker older than the pane: the reminders name every sheet not submitted or incomplete; a submitted or
 * approved sheet they leave out was complete when the server accepted it (a submit of an incomplete
 * sheet is refused), so all of its projects have theirs). Unknown (null) without either.
 */
export function activitiesOf(
  d: Pick<
    DepartmentStatus,
    'departmentId' | 'status' | 'projectCount' | 'activitiesFilled' | 'activitiesTotal'
  >,
  completeness: ReadonlyMap<string, Completeness> | null,
): Completeness | null {
  if (d.activitiesFilled !== undefined && d.activitiesTotal !== undefined)
    return { activitiesFilled: d.activitiesFilled, projectCount: d.activitiesTotal };
  if (!completeness) return null;
  const listed = completeness.get(d.departmentId);
  if (listed) return listed;
  return d.status === 'submitted' || d.status === 'approved'
    ? { activitiesFilled: d.projectCount, projectCount: d.projectCount }
    : null;
}

function departmentRow(
  d: DepartmentStatus,
  completeness: ReadonlyMap<string, Completeness> | null,
  t: Translator,
  unread: ReadonlyMap<string, number> | null,
): DepartmentRowView {
  const received =
    d.submittedAt && (d.status === 'submitted' || d.status === 'approved')
      ? t.t('submittedAt', { time: formatTime(d.submittedAt, t.lang) })
      : null;
  const activities = activitiesOf(d, completeness);
  const detail = [
    t.t('filledKpis', { filled: d.filledCount, total: d.indicatorCount }),
    activities && activities.projectCount > 0
      ? t.t('filledActivities', { filled: activities.activitiesFilled, total: activities.projectCount })
      : null,
    received,
    d.updatedByName,
  ]
    .filter(Boolean)
    .join(' · ');
  return {
    departmentId: d.departmentId,
    name: d.departmentName,
    status: d.status,
    statusLabel: t.t(SUBMISSION_LABEL[d.status]),
    detail,
    comment: d.comment || null,
    awaitsReview: d.allowedActions.includes('approve') || d.allowedActions.includes('return'),
    unread: unreadBadge(unread?.get(d.departmentId) ?? 0, t.lang),
  };
}
