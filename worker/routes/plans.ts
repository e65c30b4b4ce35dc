import { Hono } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import { ReviseTargetsRequest, SetGoalAssignmentsRequest, UpdatePlanRequest } from '../../shared/api.ts';
import { requirePermission } from '../auth/middleware.ts';
import { jsonBody, parseBody } from '../body.ts';
import type { AppEnv } from '../env.ts';
import { meta, planAccess } from '../http.ts';
import { requirePlanAction } from '../services/access.ts';
import {
  assignGoalIndicators,
  deletePlan,
  diffVersions,
  goalAssignments,
  importPlan,
  listPlans,
  planFileOf,
  previewRevision,
  requirePlan,
  reviseTargets,
  updatePlan,
  versionList,
} from '../services/plans.ts';

/**
 * /api/plans: import, list, export, versions and the 新旧対照表 of two versions. A plan outside a
 * department's reach answers the 404 of a missing plan before the role is judged (403 only for a
 * plan they can see).
 */
export const planRoutes = new Hono<AppEnv>();

const ListQuery = z.object({ archived: z.enum(['include', 'exclude']).default('exclude') });

// Archived plans are left out unless asked for (the console lists them to restore them).
planRoutes.get(
  '/plans',
  validator('query', (q) => parseBody(ListQuery, q)),
  async (c) =>
    c.json({
      plans: await listPlans(c.env.DB, c.get('principal'), {
        includeArchived: c.req.valid('query').archived === 'include',
      }),
    }),
);

// The file is judged whole by the shared validation (422 naming each field), not by its outline.
planRoutes.post('/plans', requirePermission('plan.write'), jsonBody(z.unknown()), async (c) =>
  c.json(await importPlan(c.env.DB, c.req.valid('json'), meta(c)), 201),
);

planRoutes.get('/plans/:planId', planAccess('plan.read'), async (c) =>
  c.json(await planFileOf(c.env.DB, c.var.planId)),
);

// Archive or restore (plan.archive) and the 未達成の理由 setting (plan.write: it changes what a
// department's sheet asks for); a body with both needs both.
planRoutes.patch('/plans/:planId', planAccess('plan.archive'), jsonBody(UpdatePlanRequest), async (c) => {
  const body = c.req.valid('json');
  if (body.shortfallReason !== undefined)
    await requirePlanAction(c.env.DB, c.get('principal'), c.var.planId, 'plan.write');
  return c.json(await updatePlan(c.env.DB, c.var.planId, body, meta(c)));
});

const DeleteQuery = z.object({ confirm: z.string().max(64).optional() }).strict();

// Only a plan no department has worked on, and only with its id repeated (?confirm=<planId>).
planRoutes.delete(
  '/plans/:planId',
  planAccess('plan.archive'),
  validator('query', (q) => parseBody(DeleteQuery, q)),
  async (c) => {
    await deletePlan(c.env.DB, c.var.planId, c.req.valid('query').confirm, meta(c));
    return c.body(null, 204);
  },
);

planRoutes.get('/plans/:planId/goal-assignments', planAccess('plan.read'), async (c) =>
  c.json(await goalAssignments(c.env.DB, c.var.planId)),
);

planRoutes.patch(
  '/plans/:planId/goal-assignments',
  planAccess('plan.write'),
  jsonBody(SetGoalAssignmentsRequest),
  async (c) => c.json(await assignGoalIndicators(c.env.DB, c.var.planId, c.req.valid('json'), meta(c))),
);

planRoutes.get('/plans/:planId/versions', planAccess('plan.read'), async (c) => {
  const loaded = await requirePlan(c.env.DB, c.var.planId);
  return c.json({
    planId: loaded.file.plan.id,
    currentVersion: loaded.currentVersion,
    versions: versionList(loaded),
  });
});

const ReviseQuery = z.object({ dryRun: z.enum(['true', 'false', '1', '0']).default('false') }).strict();

// dryRun: nothing stored; the changed targets and the 新旧対照表 the new version would have (200).
planRoutes.post(
  '/plans/:planId/versions',
  planAccess('plan.write'),
  validator('query', (q) => parseBody(ReviseQuery, q)),
  jsonBody(ReviseTargetsRequest),
  async (c) => {
    const dry = c.req.valid('query').dryRun;
    if (dry === 'true' || dry === '1')
      return c.json(await previewRevision(c.env.DB, c.var.planId, c.req.valid('json')));
    return c.json(await reviseTargets(c.env.DB, c.var.planId, c.req.valid('json'), meta(c)), 201);
  },
);

const DiffQuery = z.object({
  before: z.coerce.number().int().min(1),
  after: z.coerce.number().int().min(1).optional(),
});

planRoutes.get(
  '/plans/:planId/diff',
  planAccess('plan.read'),
  validator('query', (q) => parseBody(DiffQuery, q)),
  async (c) => {
    const loaded = await requirePlan(c.env.DB, c.var.planId);
    const q = c.req.valid('query');
    return c.json(diffVersions(loaded, q.before, q.after ?? loaded.currentVersion));
  },
);
