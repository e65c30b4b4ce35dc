import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLES, rolesWith } from '../roles.ts';
import {
  allowedActions,
  commentAfter,
  filledCount,
  isEditable,
  isFilled,
  SUBMISSION_STATUSES,
  transitionFor,
  WORKFLOW_ACTIONS,
} from './index.ts';

/** The workflow of docs/domain.md §10.1 as a table: who may take which step from which state. */

describe('transitions (docs/domain.md §10.1)', () => {
  it('are the documented table', () => {
    const table = Object.fromEntries(
      ROLES.map((role) => [
        role,
        Object.fromEntries(
          WORKFLOW_ACTIONS.map((a) => [
            a,
            `${transitionFor(a, role).from.join('|')} → ${transitionFor(a, role).to}`,
          ]),
        ),
      ]),
    );
    expect(table.department).toEqual({
      submit: 'draft|returned → submitted',
      approve: 'submitted → approved',
      return: 'submitted|approved → returned',
      reopen: 'submitted|returned → draft',
    });
    expect(table.coordinator?.reopen).toBe('submitted|returned|approved → draft');
  });

  it('allowedActions: the role’s steps from the state, none when locked or on another department’s sheet', () => {
    const at = (role: (typeof ROLES)[number], status: (typeof SUBMISSION_STATUSES)[number], locked = false) =>
      allowedActions(role, status, { locked, ownDepartment: true });
    expect(at('department', 'draft')).toEqual(['submit']);
    expect(at('department', 'submitted')).toEqual(['reopen']);
    expect(at('department', 'approved')).toEqual([]);
    expect(at('department', 'returned')).toEqual(['submit', 'reopen']);
    expect(at('coordinator', 'submitted')).toEqual(['approve', 'return', 'reopen']);
    expect(at('coordinator', 'approved')).toEqual(['return', 'reopen']);
    for (const status of SUBMISSION_STATUSES) {
      expect(at('admin', status)).toEqual([]);
      expect(at('coordinator', status, true)).toEqual([]);
      expect(allowedActions('department', status, { locked: false, ownDepartment: false })).toEqual([]);
      // A coordinator reaches every department: the same steps on any sheet.
      expect(allowedActions('coordinator', status, { locked: false, ownDepartment: false })).toEqual(
        at('coordinator', status),
      );
    }
  });

  it('every listed step is one the role may take from that state', () => {
    for (const role of ROLES)
      for (const status of SUBMISSION_STATUSES)
        for (const action of allowedActions(role, status, { locked: false, ownDepartment: true }))
          expect(transitionFor(action, role).from).toContain(status);
  });

  it('editing: draft and returned sheets of an unlocked cycle; a reopen keeps the comment', () => {
    expect(SUBMISSION_STATUSES.filter((s) => isEditable(s, { locked: false }))).toEqual([
      'draft',
      'returned',
    ]);
    expect(SUBMISSION_STATUSES.filter((s) => isEditable(s, { locked: true }))).toEqual([]);
    expect(commentAfter('reopen', undefined, '直してください')).toBe('直してください');
    expect(commentAfter('submit', undefined, '直してください')).toBeNull();
    expect(commentAfter('return', '出典を', null)).toBe('出典を');
  });
});

describe('roles (docs/domain.md §10.3)', () => {
  it('one table: every permission names roles that exist', () => {
    for (const permission of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[])
      for (const role of rolesWith(permission)) expect(ROLES).toContain(role);
    expect(can('admin', 'sheet.write')).toBe(false);
    expect(can('department', 'department.any')).toBe(false);
  });
});

describe('filled (the cycle status)', () => {
  it('a value, a reason for a missing one or a status; not a blank', () => {
    expect(isFilled({ value: '0' })).toBe(true);
    expect(isFilled({ value: null, missingReason: '集計中' })).toBe(true);
    expect(isFilled({ value: null, status: 'achieved' })).toBe(true);
    expect(isFilled({ value: null, missingReason: ' ' })).toBe(false);
    expect(isFilled({ value: null, missingReason: null, status: null })).toBe(false);
    expect(filledCount([{ value: '1' }, { value: null }, { value: null, missingReason: 'x' }])).toBe(2);
  });
});
