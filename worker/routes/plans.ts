import { Hono } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import { ReviseTargetsRequest } from '../../shared/api.ts';
import { requirePermission } from '../auth/middleware.ts';
import { jsonBody, parseBody } from '../body.ts';
import type { AppEnv } from '../env.ts';
import { meta, planAccess } from '../http.ts';
import {
  diffVersions,
  importPlan,
  listPlans,
  requirePlan,
  reviseTargets,
  versionList,
} from '../services/plans.ts';

/**
 * /api/plans: import, list, export, versions and the 新旧対照表 of two versions. A plan outside a
 * department's reach answers the 404 of a missing plan before the role is judged (403 only for a
 * plan they can see).
 */
export const planRoutes = new Hono<AppEnv>();

planRoutes.get('/plans', async (c) => c.json({ plans: await listPlans(c.env.DB, c.get('principal')) }));

// The file is judged whole by the shared validation (422 naming each field), not by its outline.
planRoutes.post('/plans', requirePermission('plan.write'), jsonBody(z.unknown()), async (c) =>
  c.json(await importPlan(c.env.DB, c.req.valid('json'), meta(c)), 201),
);

planRoutes.get('/plans/:planId', planAccess('plan.read'), async (c) =>
  c.json((await requirePlan(c.env.DB, c.var.planId)).file),
);

planRoutes.get('/plans/:planId/versions', planAccess('plan.read'), async (c) => {
  const loaded = await requirePlan(c.env.DB, c.var.planId);
  return c.json({
    planId: loaded.file.plan.id,
    currentVersion: loaded.currentVersion,
    versions: versionList(loaded),
  });
});

planRoutes.post(
  '/plans/:planId/versions',
  planAccess('plan.write'),
  jsonBody(ReviseTargetsRequest),
  async (c) => c.json(await reviseTargets(c.env.DB, c.var.planId, c.req.valid('json'), meta(c)), 201),
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
