import type { z } from 'zod';
import * as api from '../shared/api.ts';
import { Department } from '../shared/schema/index.ts';

/** Every route of /api with the roles allowed on it: the OpenAPI document and the permission tests read this. */

export type Roles = readonly ('admin' | 'coordinator' | 'department')[];
export interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  roles: Roles | 'public';
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

const ALL: Roles = ['admin', 'coordinator', 'department'];
const STAFF: Roles = ['admin', 'coordinator'];
const SUB = '/api/plans/{planId}/cycles/{fy}/submissions/{departmentId}';

export const OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: '/api/health',
    summary: 'Health check (database reachable)',
    roles: 'public',
    response: 'Health',
  },
  { method: 'get', path: '/api/openapi.json', summary: 'This document', roles: 'public' },
  {
    method: 'get',
    path: '/api/auth/config',
    summary: 'How to sign in: the Entra ID app, tenant and scopes for the add-in, or null (API tokens)',
    roles: 'public',
    response: 'AuthConfig',
  },
  { method: 'get', path: '/api/me', summary: 'The caller and their departments', roles: ALL, response: 'Me' },
  {
    method: 'get',
    path: '/api/plans',
    summary: 'Plans (department staff: those with their projects)',
    roles: ALL,
    response: 'PlanList',
  },
  {
    method: 'post',
    path: '/api/plans',
    summary: 'Import a plan file (shinchoku/plan@1)',
    roles: STAFF,
    body: api.PlanFile,
    response: 'ImportPlanResponse',
    status: 201,
  },
  {
    method: 'get',
    path: '/api/plans/{planId}',
    summary: 'Export the whole plan as a plan file',
    roles: STAFF,
    response: 'PlanFile',
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/versions',
    summary: 'Versions of the targets',
    roles: STAFF,
    response: 'PlanVersionList',
  },
  {
    method: 'post',
    path: '/api/plans/{planId}/versions',
    summary: 'Revise targets as a new version',
    roles: STAFF,
    body: api.ReviseTargetsRequest,
    response: 'ReviseTargetsResponse',
    status: 201,
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/diff',
    summary: '新旧対照表 of two versions',
    roles: STAFF,
    response: 'PlanDiffResponse',
    query: { before: 'earlier version', after: 'later version (default: current)' },
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/cycles',
    summary: 'Report cycles of a plan',
    roles: ALL,
    response: 'CycleList',
  },
  {
    method: 'post',
    path: '/api/plans/{planId}/cycles',
    summary: 'Open a report cycle (a draft submission per department)',
    roles: STAFF,
    body: api.CreateCycleRequest,
    response: 'CycleSummary',
    status: 201,
  },
  {
    method: 'post',
    path: '/api/plans/{planId}/cycles/{fy}/lock',
    summary: 'Lock the cycle against every write',
    roles: ['coordinator'],
    body: api.WorkflowRequest,
    bodyOptional: true,
    response: 'CycleSummary',
  },
  {
    method: 'post',
    path: '/api/plans/{planId}/cycles/{fy}/unlock',
    summary: 'Unlock the cycle',
    roles: ['coordinator'],
    body: api.WorkflowRequest,
    bodyOptional: true,
    response: 'CycleSummary',
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/cycles/{fy}/status',
    summary: 'Every department of the cycle: state, last change, by whom',
    roles: STAFF,
    response: 'CycleStatusResponse',
  },
  {
    method: 'get',
    path: SUB,
    summary: "A department's sheet: projects, KPIs, targets, values, revision (ETag)",
    roles: ALL,
    response: 'SheetResponse',
  },
  {
    method: 'patch',
    path: SUB,
    summary: 'Save cells (If-Match required; 409 with the server copy when stale; 422 per cell)',
    roles: ['coordinator', 'department'],
    body: api.SaveValuesRequest,
    response: 'SaveValuesResponse',
    headers: ['If-Match', 'Idempotency-Key'],
  },
  {
    method: 'post',
    path: `${SUB}/submit`,
    summary: 'Submit (draft/returned → submitted)',
    roles: ['coordinator', 'department'],
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
    roles: ['coordinator'],
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
    roles: ['coordinator'],
    body: api.ReturnRequest,
    response: 'WorkflowResponse',
    headers: ['If-Match', 'Idempotency-Key'],
  },
  {
    method: 'post',
    path: `${SUB}/reopen`,
    summary: 'Back to draft (department: withdraw; coordinator: also approved)',
    roles: ['coordinator', 'department'],
    body: api.WorkflowRequest,
    bodyOptional: true,
    response: 'WorkflowResponse',
    headers: ['If-Match?', 'Idempotency-Key'],
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/cycles/{fy}/export',
    summary: 'Official tables as xlsx, csv, html or json',
    roles: STAFF,
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
    summary: 'Read last year’s project table (.xlsx/.csv) into a plan; save=true imports it',
    roles: STAFF,
    query: { planId: 'id of the plan to create', save: 'true to store it' },
    rawBody: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
  },
  {
    method: 'get',
    path: `${SUB}/history`,
    summary: 'History of the submission, newest first',
    roles: ALL,
    response: 'HistoryResponse',
    query: { limit: '1-1000', before: 'page: entries below this id' },
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/indicators/{indicatorId}/history',
    summary: 'History of one indicator',
    roles: ALL,
    response: 'HistoryResponse',
    query: { limit: '1-1000', before: 'page: entries below this id' },
  },
  {
    method: 'get',
    path: '/api/admin/departments',
    summary: 'Departments',
    roles: ['admin'],
    response: 'DepartmentList',
  },
  {
    method: 'post',
    path: '/api/admin/departments',
    summary: 'Add a department',
    roles: ['admin'],
    body: Department,
    response: 'Department',
    status: 201,
  },
  {
    method: 'patch',
    path: '/api/admin/departments/{departmentId}',
    summary: 'Rename a department',
    roles: ['admin'],
    body: api.UpdateDepartmentRequest,
    response: 'Department',
  },
  {
    method: 'get',
    path: '/api/admin/users',
    summary: 'Users with their departments',
    roles: ['admin'],
    response: 'UserList',
  },
  {
    method: 'post',
    path: '/api/admin/users',
    summary: 'Add a user (role, departments, Entra ID oid)',
    roles: ['admin'],
    body: api.CreateUserRequest,
    response: 'User',
    status: 201,
  },
  {
    method: 'get',
    path: '/api/admin/users/{userId}',
    summary: 'One user',
    roles: ['admin'],
    response: 'User',
  },
  {
    method: 'patch',
    path: '/api/admin/users/{userId}',
    summary: 'Change a user',
    roles: ['admin'],
    body: api.UpdateUserRequest,
    response: 'User',
  },
  {
    method: 'post',
    path: '/api/admin/users/{userId}/tokens',
    summary: 'Create an API token (shown once)',
    roles: ['admin'],
    body: api.CreateTokenRequest,
    response: 'CreatedToken',
    status: 201,
  },
  {
    method: 'get',
    path: '/api/admin/tokens',
    summary: 'API tokens (never the secrets)',
    roles: ['admin'],
    response: 'TokenList',
    query: { userId: 'only this user’s' },
  },
  {
    method: 'delete',
    path: '/api/admin/tokens/{tokenId}',
    summary: 'Revoke a token',
    roles: ['admin'],
    status: 204,
  },
];
