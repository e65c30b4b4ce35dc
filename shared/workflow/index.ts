import { can, type Permission, type Role, reachesEveryDepartment } from '../roles.ts';
import type { SubmissionStatus } from '../schema/index.ts';

/**
 * The submission workflow (docs/domain.md §10.1–10.2), the one place its rules live: the states, the
 * steps between them and who may take each, which states may be edited, and — from these — which
 * steps a caller may take on a sheet right now. The worker enforces these rules; the pane shows the
 * buttons the server lists (`allowedActions`) instead of deciding on its own.
 */

export const SUBMISSION_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'returned',
] as const satisfies readonly SubmissionStatus[];

export const WORKFLOW_ACTIONS = ['submit', 'approve', 'return', 'reopen'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

/** The states whose cells may change. */
export const EDITABLE_STATUSES: readonly SubmissionStatus[] = ['draft', 'returned'];

/** What an edit does to the state: editing a returned sheet starts the next draft; others stay. */
export const STATUS_AFTER_EDIT: Readonly<Partial<Record<SubmissionStatus, SubmissionStatus>>> = {
  returned: 'draft',
};

/** Whether a sheet's cells may change: an editable state in a cycle that is not locked. */
export function isEditable(status: SubmissionStatus, cycle: { locked: boolean }): boolean {
  return !cycle.locked && EDITABLE_STATUSES.includes(status);
}

interface Step {
  permission: Permission;
  from: readonly SubmissionStatus[];
  to: SubmissionStatus;
  /** Further states the step may start from, for the roles with a further permission. */
  alsoFrom?: { permission: Permission; from: readonly SubmissionStatus[] };
  /** The comment after the step when none is sent: none, or the one the sheet has (a reopen keeps it). */
  keepsComment?: boolean;
  /** The step judges the sheet as the caller reviewed it: its revision (If-Match) must come along. */
  judgesReviewedRevision?: boolean;
  /** The step needs a comment (why the sheet is returned). */
  needsComment?: boolean;
}

const STEPS: Readonly<Record<WorkflowAction, Step>> = {
  submit: { permission: 'submission.submit', from: ['draft', 'returned'], to: 'submitted' },
  approve: {
    permission: 'submission.review',
    from: ['submitted'],
    to: 'approved',
    judgesReviewedRevision: true,
  },
  return: {
    permission: 'submission.review',
    from: ['submitted', 'approved'],
    to: 'returned',
    judgesReviewedRevision: true,
    needsComment: true,
  },
  // Department staff withdraw a submission or resume a returned sheet; reopening an approved one
  // is the coordinator's.
  reopen: {
    permission: 'submission.reopen',
    from: ['submitted', 'returned'],
    to: 'draft',
    alsoFrom: { permission: 'submission.reopen_approved', from: ['approved'] },
    keepsComment: true,
  },
};

/** The permission a step needs (worker/services/access.ts checks it before anything else). */
export const actionPermission = (action: WorkflowAction): Permission => STEPS[action].permission;

/** The states a role may take the step from, and the state it leads to. */
export function transitionFor(
  action: WorkflowAction,
  role: Role,
): { from: readonly SubmissionStatus[]; to: SubmissionStatus } {
  const step = STEPS[action];
  const also = step.alsoFrom && can(role, step.alsoFrom.permission) ? step.alsoFrom.from : [];
  return { from: [...step.from, ...also], to: step.to };
}

/** Approving and returning judge the sheet the coordinator reviewed: they need its revision (If-Match). */
export const needsReviewedRevision = (action: WorkflowAction): boolean =>
  STEPS[action].judgesReviewedRevision === true;

/** Returning a sheet needs a comment saying why. */
export const needsComment = (action: WorkflowAction): boolean => STEPS[action].needsComment === true;

/** The sheet's comment after the step: the one sent, else (a reopen) the one it had, else none. */
export function commentAfter(action: WorkflowAction, sent: string | undefined, current: string | null) {
  return sent ?? (STEPS[action].keepsComment ? current : null);
}

/**
 * The steps a caller may take on a sheet now: those their role may take, from the sheet's state, in
 * a cycle that is not locked, on a sheet they reach (`ownDepartment`: one of their departments;
 * roles that reach every department reach every sheet).
 */
export function allowedActions(
  role: Role,
  status: SubmissionStatus,
  sheet: { locked: boolean; ownDepartment: boolean },
): WorkflowAction[] {
  if (sheet.locked || !(sheet.ownDepartment || reachesEveryDepartment(role))) return [];
  return WORKFLOW_ACTIONS.filter(
    (action) => can(role, actionPermission(action)) && transitionFor(action, role).from.includes(status),
  );
}

export {
  type Completeness,
  type FilledFields,
  filledCount,
  type GoalOnSheet,
  isActiveIn,
  isFilled,
  MISSING_CELL_CODE,
  type MissingCell,
  type MissingProjectCell,
  missingCellOf,
  missingCellProblem,
  missingGoalCellOf,
  type SheetMissingCell,
  type ShortfallCell,
  type ShortfallCheck,
  sheetCompleteness,
} from './completeness.ts';
export {
  asksShortfallReason,
  formatShortfallBelow,
  judgeShortfall,
  SHORTFALL_REASON_MAX,
  type ShortfallJudgement,
} from './shortfall.ts';
