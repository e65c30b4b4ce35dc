import type {
  AuditEntry,
  CycleStatusResponse,
  DirectoryDepartment,
  ImportUsersResponse,
  PlanSummary,
  TokenInfo,
  User,
} from '../../../shared/api.ts';
import { deadlineStatus, type IsoDate } from '../../../shared/calendar/index.ts';
import { fiscalYearLabel } from '../../../shared/notation/index.ts';
import { ROLE_LABELS } from '../../../shared/roles.ts';
import type { ConsoleAbilities } from './console.ts';
import { ct } from './console-messages.ts';
import { formatTime, type Lang } from './i18n.ts';

/**
 * The cycles, directory and history sections as view models. Pure; every button's presence comes
 * from ConsoleAbilities (shared/roles.ts), the state from the server's answers.
 */

// ---- cycles ----------------------------------------------------------------------------------------

export interface CycleRow {
  fiscalYear: number;
  title: string;
  state: string;
  locked: boolean;
  deadline: string;
  deadlineText: string;
  deadlineState: ReturnType<typeof deadlineStatus>['state'];
  canEditDeadline: boolean;
  canLock: boolean;
  canUnlock: boolean;
}

export interface CyclesViewModel {
  rows: CycleRow[];
  /** The next year to open (within the plan period), or null with why not. */
  next: { fiscalYear: number; yearLabel: string; label: string } | null;
  nextNote: string | null;
  canOpen: boolean;
}

export function selectCycles(
  plan: PlanSummary,
  can: ConsoleAbilities,
  today: IsoDate,
  lang: Lang,
): CyclesViewModel {
  const rows = [...plan.cycles]
    .sort((a, b) => b.fiscalYear - a.fiscalYear)
    .map((c): CycleRow => {
      const d = deadlineStatus(today, c.deadline ?? null);
      return {
        fiscalYear: c.fiscalYear,
        title: `${fiscalYearLabel(c.fiscalYear, 'era-long')}${c.label ? `（${c.label}）` : ''}`,
        state: ct(lang, c.locked ? 'cycleLocked' : 'cycleOpenState'),
        locked: c.locked,
        deadline: c.deadline ?? '',
        deadlineText: d.text[lang],
        deadlineState: d.state,
        canEditDeadline: can.openCycles,
        canLock: can.lock && !c.locked,
        canUnlock: can.lock && c.locked,
      };
    });
  const last = Math.max(plan.period.startFy - 1, ...plan.cycles.map((c) => c.fiscalYear));
  const nextFy = last + 1;
  const next =
    nextFy <= plan.period.endFy
      ? {
          fiscalYear: nextFy,
          yearLabel: fiscalYearLabel(nextFy, 'era-long'),
          label: `${fiscalYearLabel(nextFy, 'era-long')}末時点`,
        }
      : null;
  return {
    rows,
    next,
    nextNote: next ? null : ct(lang, 'cycleNoNext'),
    canOpen: can.openCycles && next !== null,
  };
}

/** The approved sheets of a cycle a coordinator may reopen (with a reason). */
export function reopenableSheets(
  status: CycleStatusResponse | null,
  can: ConsoleAbilities,
): { departmentId: string; name: string }[] {
  if (!status || !can.reopenApproved) return [];
  return status.departments
    .filter((d) => d.status === 'approved' && d.allowedActions.includes('reopen'))
    .map((d) => ({ departmentId: d.departmentId, name: d.departmentName }));
}

// ---- directory -------------------------------------------------------------------------------------

export interface DepartmentRow {
  id: string;
  name: string;
  active: boolean;
  state: string;
}

export function selectDepartments(list: readonly DirectoryDepartment[], lang: Lang): DepartmentRow[] {
  return list.map((d) => ({
    id: d.id,
    name: d.name,
    active: d.active,
    state: d.active ? '' : ct(lang, 'inactive'),
  }));
}

export interface UserRow {
  id: string;
  name: string;
  /** The name as the row's heading shows it: 「（自分）」 after the administrator's own. */
  heading: string;
  role: string;
  departments: string;
  email: string;
  active: boolean;
  state: string;
  /**
   * 無効にする / 有効にする: not on the administrator's own row (the server refuses it with
   * `self_lockout`: deactivated, they could not sign in again to undo it).
   */
  canToggle: boolean;
  /** Why the own row has no 無効にする. */
  note: string | null;
  tokens: { id: string; label: string; state: string; revoked: boolean }[];
}

/** `self`: the id of the administrator looking (their own row offers no deactivation). */
export function selectUsers(
  users: readonly User[],
  departments: readonly DirectoryDepartment[],
  tokens: readonly TokenInfo[],
  lang: Lang,
  self?: string,
): UserRow[] {
  const names = new Map(departments.map((d) => [d.id, d.name]));
  return users.map((u) => ({
    id: u.id,
    name: u.displayName,
    heading: u.id === self ? `${u.displayName}${ct(lang, 'userSelf')}` : u.displayName,
    role: ROLE_LABELS[u.role][lang],
    departments: u.departmentIds.map((d) => names.get(d) ?? d).join('、'),
    email: u.email ?? '',
    active: u.active,
    state: u.active ? '' : ct(lang, 'inactive'),
    canToggle: !(u.id === self && u.active),
    note: u.id === self && u.active ? ct(lang, 'userSelfNote') : null,
    tokens: tokens
      .filter((t) => t.userId === u.id)
      .map((t) => ({
        id: t.id,
        label: t.label || t.id,
        revoked: t.revokedAt !== null,
        state: t.revokedAt
          ? ct(lang, 'tokenRevoked')
          : t.lastUsedAt
            ? ct(lang, 'tokenLastUsed', { time: formatTime(t.lastUsedAt, lang) })
            : ct(lang, 'tokenNeverUsed'),
      })),
  }));
}

/** Departments a user or a goal indicator may be given: the active ones. */
export const assignableDepartments = (list: readonly DirectoryDepartment[]) => list.filter((d) => d.active);

export interface UserImportView {
  rows: { line: number; id: string; name: string; role: string; departments: string }[];
  problemsTitle: string | null;
  problems: { line: number; message: string }[];
  canCreate: boolean;
  createLabel: string;
}

export function selectUserImport(
  r: Pick<ImportUsersResponse, 'users' | 'problems'>,
  departments: readonly DirectoryDepartment[],
  lang: Lang,
): UserImportView {
  const names = new Map(departments.map((d) => [d.id, d.name]));
  return {
    rows: r.users.map((x) => ({
      line: x.line,
      id: x.user.id ?? '',
      name: x.user.displayName,
      role: ROLE_LABELS[x.user.role][lang],
      departments: x.user.departmentIds.map((d) => names.get(d) ?? d).join('、'),
    })),
    problemsTitle: r.problems.length ? ct(lang, 'usersCsvProblems', { n: r.problems.length }) : null,
    problems: r.problems.map((p) => ({ line: p.line, message: p.message[lang] })),
    canCreate: r.problems.length === 0 && r.users.length > 0,
    createLabel: ct(lang, 'usersCsvCreate', { n: r.users.length }),
  };
}

// ---- history ---------------------------------------------------------------------------------------

const ACTION_LABEL: Record<string, { ja: string; en: string }> = {
  'department.add': { ja: '担当課を追加', en: 'Department added' },
  'department.rename': { ja: '担当課名を変更', en: 'Department renamed' },
  'department.deactivate': { ja: '担当課を無効化', en: 'Department deactivated' },
  'department.activate': { ja: '担当課を有効化', en: 'Department reactivated' },
  'user.add': { ja: '利用者を追加', en: 'User added' },
  'user.change': { ja: '利用者を変更', en: 'User changed' },
  'user.deactivate': { ja: '利用者を無効化', en: 'User deactivated' },
  'user.activate': { ja: '利用者を有効化', en: 'User reactivated' },
  'token.issue': { ja: 'トークンを発行', en: 'Token issued' },
  'token.revoke': { ja: 'トークンを失効', en: 'Token revoked' },
  'plan.import': { ja: '計画を登録', en: 'Plan imported' },
  'plan.archive': { ja: '計画をアーカイブ', en: 'Plan archived' },
  'plan.restore': { ja: '計画をアーカイブから戻す', en: 'Plan restored' },
  'plan.delete': { ja: '計画を削除', en: 'Plan deleted' },
  'plan.shortfall': { ja: '未達成の理由の設定を変更', en: 'Shortfall-reason setting changed' },
  'targets.revise': { ja: '目標値を変更（新しい版）', en: 'Targets revised (new version)' },
  'goal.assign': { ja: '数値目標の担当課を設定', en: 'Goal indicator assigned' },
  'cycle.open': { ja: '報告年度を開始', en: 'Cycle opened' },
  'cycle.deadline': { ja: '提出期限を変更', en: 'Deadline changed' },
  'cycle.label': { ja: '報告年度の表記を変更', en: 'Cycle label changed' },
  'cycle.lock': { ja: '報告年度を締切', en: 'Cycle locked' },
  'cycle.unlock': { ja: '締切を解除', en: 'Cycle unlocked' },
};

export interface AuditRow {
  id: number;
  at: string;
  who: string;
  action: string;
  target: string;
  detail: string;
}

function detailOf(e: AuditEntry): string {
  const show = (v: unknown) => {
    if (v === null || v === undefined) return '';
    if (typeof v !== 'object') return String(v);
    return Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== null && x !== undefined && !(Array.isArray(x) && x.length === 0))
      .map(([k, x]) => `${k}: ${Array.isArray(x) ? x.join(', ') : String(x)}`)
      .join(', ');
  };
  const before = show(e.before);
  const after = show(e.after);
  return before && after ? `${before} → ${after}` : before || after;
}

export function selectAudit(entries: readonly AuditEntry[], lang: Lang): AuditRow[] {
  return entries.map((e) => ({
    id: e.id,
    at: formatTime(e.at, lang),
    who: e.userName ?? e.userId ?? '',
    action: ACTION_LABEL[e.action]?.[lang] ?? e.action,
    target: e.fiscalYear
      ? `${e.targetId.split('/')[0]} ${fiscalYearLabel(e.fiscalYear, 'era-long')}`
      : e.targetId,
    detail: detailOf(e),
  }));
}
