import { z } from 'zod';
import * as api from '../shared/api.ts';
import { Department } from '../shared/schema/index.ts';
import { CONVERSATION_RESPONSES } from './conversation-operations.ts';
import { OPERATIONS, type Operation } from './operations.ts';

/**
 * The OpenAPI 3.1 description of /api, generated from the zod schemas of shared/api.ts (request
 * bodies as clients write them, responses as the worker sends them). A test checks that every
 * route of the app is described here and nothing else.
 */

const RESPONSES: Record<string, z.ZodType> = {
  Health: api.Health,
  AuthConfig: api.AuthConfig,
  Me: api.Me,
  PlanList: api.PlanList,
  ImportPlanResponse: api.ImportPlanResponse,
  PlanFile: api.PlanFile,
  PlanVersionList: api.PlanVersionList,
  ReviseTargetsResponse: api.ReviseTargetsResponse,
  PlanDiffResponse: api.PlanDiffResponse,
  CycleList: api.CycleList,
  CycleSummary: api.CycleSummary,
  CycleStatusResponse: api.CycleStatusResponse,
  SheetResponse: api.SheetResponse,
  SaveValuesResponse: api.SaveValuesResponse,
  ConflictDetails: api.ConflictDetails,
  WorkflowResponse: api.WorkflowResponse,
  HistoryResponse: api.HistoryResponse,
  DepartmentList: api.DepartmentList,
  Department,
  UserList: api.UserList,
  User: api.User,
  CreatedToken: api.CreatedToken,
  TokenList: api.TokenList,
  ProblemDocument: api.ProblemDocument,
  DirectoryDepartment: api.DirectoryDepartment,
  UpdatePlanResponse: api.UpdatePlanResponse,
  GoalAssignmentList: api.GoalAssignmentList,
  RemindersResponse: api.RemindersResponse,
  ImportUsersResponse: api.ImportUsersResponse,
  AuditResponse: api.AuditResponse,
  ...CONVERSATION_RESPONSES,
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('ProblemDocument') } },
});

function parametersOf(op: Operation) {
  const path = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: m[1] === 'fy' ? { type: 'integer', minimum: 1989, maximum: 2100 } : { type: 'string' },
  }));
  const query = Object.entries(op.query ?? {}).map(([name, description]) => ({
    name,
    in: 'query',
    description,
    schema: { type: 'string' },
  }));
  const headers = (op.headers ?? []).map((h) => ({
    name: h.replace('?', ''),
    in: 'header',
    required: h === 'If-Match',
    description: h.startsWith('If-Match')
      ? 'The revision the change is based on ("12")'
      : 'Retries with the same key replay the first response',
    schema: { type: 'string' },
  }));
  return [...path, ...query, ...headers];
}

function operationOf(op: Operation) {
  const ok = op.status ?? 200;
  const responses: Record<string, unknown> = {
    [ok]: op.response
      ? { description: 'OK', content: { 'application/json': { schema: ref(op.response) } } }
      : op.produces
        ? {
            description: 'The file',
            content: Object.fromEntries(
              op.produces.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
            ),
          }
        : { description: ok === 204 ? 'No content' : 'OK' },
    400: problem('Malformed request (broken JSON, wrong shape): the problems name each field'),
    404: problem(
      'Unknown plan, cycle, department, indicator or route; for department staff also anything outside their reach (the same answer)',
    ),
    413: problem('Body larger than 8 MB'),
  };
  if (op.roles !== 'public') {
    responses[401] = problem('Missing, unknown, expired or revoked token');
    responses[403] = problem(`Allowed for: ${op.roles.join(', ')} (on what the caller can see)`);
    responses[429] = {
      ...problem('Too many refused tokens from this address: wait Retry-After seconds'),
      headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
    };
  }
  if (op.body || op.rawBody) responses[422] = problem('Validation failed: per-cell problems, nothing stored');
  if (op.headers?.some((h) => h.startsWith('If-Match'))) {
    responses[409] = {
      description: 'Stale revision (with the server copy and the conflicting cells) or a refused transition',
      content: {
        'application/problem+json': { schema: { allOf: [ref('ProblemDocument'), ref('ConflictDetails')] } },
      },
    };
    responses[423] = problem('The cycle is locked');
  }
  if (op.headers?.includes('If-Match'))
    responses[428] = problem('If-Match missing: send the revision (ETag) the request is based on');
  return {
    summary: op.summary,
    ...(op.roles === 'public'
      ? { security: [] }
      : { description: `Permission ${op.permission}: roles ${op.roles.join(', ')}` }),
    parameters: parametersOf(op),
    ...(op.rawBody
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              op.rawBody.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
            ),
          },
        }
      : {}),
    ...(op.body
      ? {
          requestBody: {
            required: !op.bodyOptional,
            content: {
              'application/json': {
                schema: z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' }),
              },
            },
          },
        }
      : {}),
    responses,
  };
}

export function buildOpenApi(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(RESPONSES)) registry.add(schema, { id });
  const components = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    io: 'output',
    unrepresentable: 'any',
  }) as { schemas: Record<string, unknown> };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    (paths[op.path] as Record<string, unknown>)[op.method] = operationOf(op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shinchoku API',
      version: '1',
      description:
        'KPI progress reporting (進捗) for Japanese local government. Errors are RFC 9457 problem documents with Japanese and English messages.',
    },
    servers: [{ url: '/' }],
    components: {
      schemas: components.schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token (shk_…) or a Microsoft Entra ID access token',
        },
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
