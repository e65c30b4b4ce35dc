import { canAccessDepartment, type Principal, ROLE_LABELS, type Role } from '../auth/principal.ts';
import { HttpProblem } from '../errors.ts';

/**
 * Who may do what, decided in one place. Department staff reach only their own departments'
 * submissions (a shared project is reachable through either department); coordinators reach
 * every department and run the workflow; admins manage plans, departments, users and tokens.
 */
export type Action =
  | 'plan.read'
  | 'plan.write'
  | 'cycle.write'
  | 'cycle.lock'
  | 'cycle.status'
  | 'sheet.read'
  | 'sheet.write'
  | 'submission.submit'
  | 'submission.review'
  | 'submission.reopen'
  | 'history.read'
  | 'admin';

const ALLOWED: Record<Action, readonly Role[]> = {
  'plan.read': ['admin', 'coordinator'],
  'plan.write': ['admin', 'coordinator'],
  'cycle.write': ['admin', 'coordinator'],
  'cycle.lock': ['coordinator'],
  'cycle.status': ['admin', 'coordinator'],
  'sheet.read': ['admin', 'coordinator', 'department'],
  'sheet.write': ['coordinator', 'department'],
  'submission.submit': ['coordinator', 'department'],
  'submission.review': ['coordinator'],
  'submission.reopen': ['coordinator', 'department'],
  'history.read': ['admin', 'coordinator', 'department'],
  admin: ['admin'],
};

const roleList = (roles: readonly Role[]) => ({
  ja: roles.map((r) => ROLE_LABELS[r].ja).join('・'),
  en: roles.map((r) => ROLE_LABELS[r].en).join(', '),
});

export function can(p: Principal, action: Action): boolean {
  return ALLOWED[action].includes(p.role);
}

export function requireAction(p: Principal, action: Action): void {
  if (can(p, action)) return;
  const roles = roleList(ALLOWED[action]);
  throw new HttpProblem(
    403,
    'forbidden',
    {
      ja: `この操作は${roles.ja}だけが行えます（あなたは${ROLE_LABELS[p.role].ja}です）。`,
      en: `Only ${roles.en} may do this (you are ${ROLE_LABELS[p.role].en}).`,
    },
    { action },
  );
}

/** The action, on this department's submission. */
export function requireDepartment(p: Principal, action: Action, departmentId: string): void {
  requireAction(p, action);
  if (canAccessDepartment(p, departmentId)) return;
  throw new HttpProblem(
    403,
    'department_forbidden',
    {
      ja: `担当課「${departmentId}」のシートは操作できません。あなたの担当課は ${p.departmentIds.join('、') || '（未設定）'} です。`,
      en: `You cannot access the sheet of department "${departmentId}". Your departments: ${p.departmentIds.join(', ') || '(none)'}.`,
    },
    { departmentId },
  );
}

/** For reads that span departments (an indicator's history): any one of them is enough. */
export function requireAnyDepartment(p: Principal, action: Action, departmentIds: readonly string[]): void {
  requireAction(p, action);
  if (departmentIds.some((d) => canAccessDepartment(p, d))) return;
  throw new HttpProblem(403, 'department_forbidden', {
    ja: 'この指標はあなたの担当課の事業のものではありません。',
    en: 'This indicator belongs to no project of your departments.',
  });
}
