import type { z } from 'zod';
import * as api from '../shared/api.ts';
import { type Permission, type Role, rolesWith } from '../shared/roles.ts';
import { Department } from '../shared/schema/index.ts';
import { actionPermission } from '../shared/workflow/index.ts';
import { CONVERSATION_SPECS } from './conversation-operations.ts';

/**
 * Every route of /api with the permission it needs (shared/roles.ts): the OpenAPI document and the
 * permission tests read this, and the roles of each route are derived from the one role table.
 */

export interface OperationSpec {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  /** What the caller needs; the route checks the same permission (routes/*.ts). */
  permission: Permission | 'public';
  body?: z.ZodType;
  bodyOptional?: boolean;
  response?: string;
  status?: number;
  headers?: ('If-Match' | 'If-Match?' | 'Idempotency-Key')[];
  query?: Record<string, string>;
  /** A file body instead of JSON (media types accepted). */
  rawBody?: string[];
  /** A file response instead of JSON (media types produced). */
  produces?: string[];
}

export interface Operation extends OperationSpec {
  /** The roles with the permission (derived; 'public' needs no token). */
  roles: readonly Role[] | 'public';
}

const SUB = '/api/plans/{planId}/cycles/{fy}/submissions/{departmentId}';

const SPECS: readonly OperationSpec[] = [
  {
    method: 'get',
    path: '/api/health',
    summary: 'Health check (database reachable)',
    permission: 'public',
    response: 'Health',
  },
  { method: 'get', path: '/api/openapi.json', summary: 'This document', permission: 'public' },
  {
    method: 'get',
    path: '/api/auth/config',
    summary: 'How to sign in: the Entra ID app, tenant and scopes for the add-in, or null (API tokens)',
    permission: 'public',
    response: 'AuthConfig',
  },
  {
    method: 'get',
    path: '/api/me',
    summary: 'The caller and their departments',
    permission: 'session.read',
    response: 'Me',
  },
  {
    method: 'get',
    path: '/api/plans',
    summary: 'Plans (department staff: those with their projects); archived ones only with ?archived=include',
    permission: 'plan.list',
    response: 'PlanList',
    query: { archived: 'include | exclude (default): archived plans' },
  },
  {
    method: 'post',
    path: '/api/plans',
    summary: 'Import a plan file (shinchoku/plan@1)',
    permission: 'plan.write',
    body: api.PlanFile,
    response: 'ImportPlanResponse',
    status: 201,
  },
  {
    method: 'get',
    path: '/api/plans/{planId}',
    summary: 'Export the whole plan as a plan file',
    permission: 'plan.read',
    response: 'PlanFile',
  },
  {
    method: 'patch',
    path: '/api/plans/{planId}',
    summary:
      'Archive (hidden from every selector) or restore a plan; refused while an open cycle holds departments’ work',
    permission: 'plan.archive',
    body: api.UpdatePlanRequest,
    response: 'UpdatePlanResponse',
  },
  {
    method: 'delete',
    path: '/api/plans/{planId}',
    summary:
      'Delete a plan no department has worked on (409 plan_has_values otherwise); ?confirm=<planId> required',
    permission: 'plan.archive',
    status: 204,
    query: { confirm: 'the plan id again' },
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/goal-assignments',
    summary: 'Goal indicators (数値目標) and the department that reports each',
    permission: 'plan.read',
    response: 'GoalAssignmentList',
  },
  {
    method: 'patch',
    path: '/api/plans/{planId}/goal-assignments',
    summary: 'Assign goal indicators to departments (null unassigns)',
    permission: 'plan.write',
    body: api.SetGoalAssignmentsRequest,
    response: 'GoalAssignmentList',
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/versions',
    summary: 'Versions of the targets',
    permission: 'plan.read',
    response: 'PlanVersionList',
  },
  {
    method: 'post',
    path: '/api/plans/{planId}/versions',
    summary:
      'Revise targets as a new version (?dryRun=true: nothing stored, the 新旧対照表 it would make, 200)',
    permission: 'plan.write',
    body: api.ReviseTargetsRequest,
    response: 'ReviseTargetsResponse',
    status: 201,
    query: { dryRun: 'true: preview only (answers PlanDiffResponse)' },
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/diff',
    summary: '新旧対照表 of two versions',
    permission: 'plan.read',
    response: 'PlanDiffResponse',
    query: { before: 'earlier version', after: 'later version (default: current)' },
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/cycles',
    summary: 'Report cycles of a plan',
    permission: 'plan.list',
    response: 'CycleList',
  },
  {
    method: 'post',
    path: '/api/plans/{planId}/cycles',
    summary: 'Open a report cycle (a draft submission per department), with its deadline',
    permission: 'cycle.write',
    body: api.CreateCycleRequest,
    response: 'CycleSummary',
    status: 201,
  },
  {
    method: 'patch',
    path: '/api/plans/{planId}/cycles/{fy}',
    summary: 'Change the label or deadline (提出期限) of a cycle',
    permission: 'cycle.write',
    body: api.UpdateCycleRequest,
    response: 'CycleSummary',
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/cycles/{fy}/reminders',
    summary: 'Who has not submitted or is incomplete: what is missing, the deadline, whom to write to',
    permission: 'cycle.remind',
    response: 'RemindersResponse',
  },
  {
    method: 'post',
    path: '/api/plans/{planId}/cycles/{fy}/lock',
    summary: 'Lock the cycle against every write',
    permission: 'cycle.lock',
    body: api.WorkflowRequest,
    bodyOptional: true,
    response: 'CycleSummary',
  },
  {
    method: 'post',
    path: '/api/plans/{planId}/cycles/{fy}/unlock',
    summary: 'Unlock the cycle',
    permission: 'cycle.lock',
    body: api.WorkflowRequest,
    bodyOptional: true,
    response: 'CycleSummary',
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/cycles/{fy}/status',
    summary: 'Every department of the cycle: state, last change, by whom',
    permission: 'cycle.status',
    response: 'CycleStatusResponse',
  },
  {
    method: 'get',
    path: SUB,
    summary: "A department's sheet: projects, KPIs, targets, values, revision (ETag)",
    permission: 'sheet.read',
    response: 'SheetResponse',
  },
  {
    method: 'patch',
    path: SUB,
    summary: 'Save cells (If-Match required; 409 with the server copy when stale; 422 per cell)',
    permission: 'sheet.write',
    body: api.SaveValuesRequest,
    response: 'SaveValuesResponse',
    headers: ['If-Match', 'Idempotency-Key'],
  },
  {
    method: 'post',
    path: `${SUB}/submit`,
    summary: 'Submit (draft/returned → submitted)',
    permission: actionPermission('submit'),
    body: api.WorkflowRequest,
    bodyOptional: true,
    response: 'WorkflowResponse',
    headers: ['If-Match?', 'Idempotency-Key'],
  },
  {
    method: 'post',
    path: `${SUB}/approve`,
    summary:
      'Approve (submitted → approved) the revision reviewed: If-Match required (428 without; 409 when the sheet changed since)',
    permission: actionPermission('approve'),
    body: api.WorkflowRequest,
    bodyOptional: true,
    response: 'WorkflowResponse',
    headers: ['If-Match', 'Idempotency-Key'],
  },
  {
    method: 'post',
    path: `${SUB}/return`,
    summary:
      'Return with a comment (→ returned) the revision reviewed: If-Match required (428 without; 409 when the sheet changed since)',
    permission: actionPermission('return'),
    body: api.ReturnWithKpisRequest,
    response: 'WorkflowResponse',
    headers: ['If-Match', 'Idempotency-Key'],
  },
  {
    method: 'post',
    path: `${SUB}/reopen`,
    summary: 'Back to draft (department: withdraw; coordinator: also approved)',
    permission: actionPermission('reopen'),
    body: api.WorkflowRequest,
    bodyOptional: true,
    response: 'WorkflowResponse',
    headers: ['If-Match?', 'Idempotency-Key'],
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/cycles/{fy}/export',
    summary: 'Official tables as xlsx, csv, html or json',
    permission: 'plan.export',
    query: {
      table: 'projects | goals | revision | budget',
      format: 'xlsx | csv | html | json',
      include: 'approved | all',
    },
    produces: [
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/csv',
      'text/html',
      'application/json',
    ],
  },
  {
    method: 'post',
    path: '/api/tables/import',
    summary:
      'Read last year’s project and goal tables (.xlsx/.csv, as exported or as published) into a plan; save=true imports it',
    permission: 'table.import',
    query: {
      planId: 'id of the plan to create',
      save: 'true to store it',
      acceptPartial:
        'true to get (or save) the plan even when some cells could not be read or kept; they stay listed',
      title: "the plan's title when only the project table is given",
    },
    rawBody: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
  },
  {
    method: 'get',
    path: `${SUB}/history`,
    summary: 'History of the submission, newest first',
    permission: 'history.read',
    response: 'HistoryResponse',
    query: { limit: '1-1000', before: 'page: entries below this id' },
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/indicators/{indicatorId}/history',
    summary: 'History of one indicator',
    permission: 'history.read',
    response: 'HistoryResponse',
    query: { limit: '1-1000', before: 'page: entries below this id' },
  },
  {
    method: 'get',
    path: '/api/admin/departments',
    summary: 'Departments',
    permission: 'admin',
    response: 'DepartmentList',
  },
  {
    method: 'post',
    path: '/api/admin/departments',
    summary: 'Add a department',
    permission: 'admin',
    body: Department,
    response: 'Department',
    status: 201,
  },
  {
    method: 'patch',
    path: '/api/admin/departments/{departmentId}',
    summary: 'Rename, deactivate or reactivate a department',
    permission: 'admin',
    body: api.UpdateDepartmentRequest,
    response: 'DirectoryDepartment',
  },
  {
    method: 'get',
    path: '/api/admin/users',
    summary: 'Users with their departments',
    permission: 'admin',
    response: 'UserList',
  },
  {
    method: 'post',
    path: '/api/admin/users',
    summary: 'Add a user (role, departments, Entra ID oid)',
    permission: 'admin',
    body: api.CreateUserRequest,
    response: 'User',
    status: 201,
  },
  {
    method: 'post',
    path: '/api/admin/users/import',
    summary:
      'Users from a CSV file: dryRun previews; otherwise all created in one batch or none (422, problems by line)',
    permission: 'admin',
    body: api.ImportUsersRequest,
    response: 'ImportUsersResponse',
    status: 201,
  },
  {
    method: 'get',
    path: '/api/admin/users/{userId}',
    summary: 'One user',
    permission: 'admin',
    response: 'User',
  },
  {
    method: 'patch',
    path: '/api/admin/users/{userId}',
    summary: 'Change a user (active: false deactivates and revokes their tokens)',
    permission: 'admin',
    body: api.UpdateUserRequest,
    response: 'User',
  },
  {
    method: 'post',
    path: '/api/admin/users/{userId}/tokens',
    summary: 'Create an API token (shown once)',
    permission: 'admin',
    body: api.CreateTokenRequest,
    response: 'CreatedToken',
    status: 201,
  },
  {
    method: 'get',
    path: '/api/admin/tokens',
    summary: 'API tokens (never the secrets)',
    permission: 'admin',
    response: 'TokenList',
    query: { userId: 'only this user’s' },
  },
  {
    method: 'delete',
    path: '/api/admin/tokens/{tokenId}',
    summary: 'Revoke a token',
    permission: 'admin',
    status: 204,
  },
  {
    method: 'get',
    path: '/api/audit',
    summary: 'History of administrative actions (who, when, what), newest first',
    permission: 'audit.read',
    response: 'AuditResponse',
    query: { limit: '1-1000', before: 'page: entries below this id', planId: 'only this plan’s' },
  },
];

export const OPERATIONS: readonly Operation[] = [...SPECS, ...CONVERSATION_SPECS].map((o) => ({
  ...o,
  roles: o.permission === 'public' ? 'public' : rolesWith(o.permission),
}));
