import { glossary } from '../../shared/glossary.ts';
import type { Message } from '../../shared/problem.ts';

/** admin: plans, users, tokens. coordinator: every department, approve/return/lock/export. department: its own. */
export type Role = 'admin' | 'coordinator' | 'department';

export const ROLES: readonly Role[] = ['admin', 'coordinator', 'department'];

/** Who is calling, resolved once per request by requireAuth(). */
export interface Principal {
  userId: string;
  role: Role;
  /** The departments a `department` user works for; empty for admin and coordinator. */
  departmentIds: string[];
  displayName: string;
  via: 'token' | 'entra' | 'bootstrap';
}

export const ROLE_LABELS: Record<Role, Message> = {
  admin: { ja: '管理者', en: 'administrator' },
  coordinator: { ja: '取りまとめ担当', en: 'coordinator' },
  department: { ja: glossary.department, en: 'department staff' },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Coordinators and admins see every department; department staff only those they belong to
 * (a project shared by two departments is reachable through either of them).
 */
export function canAccessDepartment(principal: Principal, departmentId: string): boolean {
  if (principal.role === 'admin' || principal.role === 'coordinator') return true;
  return principal.departmentIds.includes(departmentId);
}
