import { glossary } from './glossary.ts';
import type { Message } from './problem.ts';

/**
 * Who may do what (docs/domain.md §10.3), declared once. The worker checks every route against this table
 * (worker/services/access.ts), worker/operations.ts and the OpenAPI document read the roles of each
 * route from it, and shared/workflow derives from it which workflow steps a caller may take. No other
 * file lists roles.
 */

export const ROLES = ['admin', 'coordinator', 'department'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, Message>> = {
  admin: { ja: '管理者', en: 'administrator' },
  coordinator: { ja: '取りまとめ担当', en: 'coordinator' },
  department: { ja: glossary.department, en: 'department staff' },
};

/** Roles that manage plans and see every department: admins and coordinators. */
const STAFF = ['admin', 'coordinator'] as const satisfies readonly Role[];
/** Roles that write sheets and run the workflow. */
const WRITERS = ['coordinator', 'department'] as const satisfies readonly Role[];

/** permission → the roles that have it. */
export const PERMISSIONS = {
  /** Who they are and which departments they work for (GET /api/me). */
  'session.read': ROLES,
  /** The plans they can see (department staff: those holding one of their projects) and their cycles. */
  'plan.list': ROLES,
  'plan.read': STAFF,
  'plan.write': STAFF,
  'plan.export': STAFF,
  /** Reading last year's table into a plan (POST /api/tables/import). */
  'table.import': STAFF,
  'cycle.write': STAFF,
  'cycle.lock': ['coordinator'],
  'cycle.status': STAFF,
  'sheet.read': ROLES,
  'sheet.write': WRITERS,
  'submission.submit': WRITERS,
  'submission.review': ['coordinator'],
  'submission.reopen': WRITERS,
  /** Reopening an approved sheet (department staff reopen only submitted or returned ones). */
  'submission.reopen_approved': ['coordinator'],
  'history.read': ROLES,
  /**
   * Reaching every department and every plan. Without it a caller reaches only their own departments'
   * sheets and the plans holding one of their projects, and needs at least one department.
   */
  'department.any': STAFF,
  /** Departments, users and API tokens. */
  admin: ['admin'],
  /** Archiving a plan (hidden from every selector) and deleting one no department has worked in. */
  'plan.archive': STAFF,
  /** A cycle's reminders: who has not submitted or is incomplete, what is missing, whom to write to. */
  'cycle.remind': ['coordinator'],
  /** The history of administrative actions (departments, users, tokens, plans, targets, cycles). */
  'audit.read': STAFF,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** The roles that have a permission. */
export const rolesWith = (permission: Permission): readonly Role[] => PERMISSIONS[permission];

export const can = (role: Role, permission: Permission): boolean => rolesWith(permission).includes(role);

/** Whether the role reaches every department (else only the caller's own). */
export const reachesEveryDepartment = (role: Role): boolean => can(role, 'department.any');

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** 管理者・取りまとめ担当 / administrator, coordinator: the roles of a permission, for messages. */
export function roleNames(roles: readonly Role[]): Message {
  return {
    ja: roles.map((r) => ROLE_LABELS[r].ja).join('・'),
    en: roles.map((r) => ROLE_LABELS[r].en).join(', '),
  };
}
