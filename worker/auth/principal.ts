import { isRole, ROLE_LABELS, ROLES, type Role, reachesEveryDepartment } from '../../shared/roles.ts';

/** The roles and what each may do are shared/roles.ts; re-exported for the auth module and scripts. */
export { isRole, ROLE_LABELS, ROLES, type Role };

/** Who is calling, resolved once per request by requireAuth(). */
export interface Principal {
  userId: string;
  role: Role;
  /** The departments a `department` user works for; empty for admin and coordinator. */
  departmentIds: string[];
  displayName: string;
  via: 'token' | 'entra' | 'bootstrap';
}

/**
 * Coordinators and admins see every department; department staff only those they belong to
 * (a project shared by two departments is reachable through either of them).
 */
export function canAccessDepartment(principal: Principal, departmentId: string): boolean {
  return reachesEveryDepartment(principal.role) || principal.departmentIds.includes(departmentId);
}
