import { Hono } from 'hono';
import { CreateCycleRequest, WorkflowRequest } from '../../shared/api.ts';
import { jsonBody } from '../body.ts';
import type { AppEnv } from '../env.ts';
import { fyParam, meta, planAccess } from '../http.ts';
import { cyclesOf, lockCycle, openCycle, statusOf } from '../services/cycles.ts';

/**
 * /api/plans/:planId/cycles: open a report cycle, lock and unlock it, the coordinator's dashboard.
 * A plan outside a department's reach answers the 404 of a missing plan before the role is judged.
 */
export const cycleRoutes = new Hono<AppEnv>();

cycleRoutes.get('/plans/:planId/cycles', planAccess('plan.list'), async (c) =>
  c.json(await cyclesOf(c.env.DB, c.var.planId)),
);

cycleRoutes.post(
  '/plans/:planId/cycles',
  planAccess('cycle.write'),
  jsonBody(CreateCycleRequest),
  async (c) => {
    const req = c.req.valid('json');
    return c.json(await openCycle(c.env.DB, c.var.planId, req.fiscalYear, req.label ?? null, meta(c)), 201);
  },
);

for (const [path, locked] of [
  ['lock', true],
  ['unlock', false],
] as const) {
  cycleRoutes.post(
    `/plans/:planId/cycles/:fy/${path}`,
    planAccess('cycle.lock'),
    jsonBody(WorkflowRequest, { optional: true }),
    async (c) => {
      const comment = c.req.valid('json').comment ?? null;
      return c.json(await lockCycle(c.env.DB, c.var.planId, fyParam(c), locked, meta(c), comment));
    },
  );
}

cycleRoutes.get('/plans/:planId/cycles/:fy/status', planAccess('cycle.status'), async (c) =>
  c.json(await statusOf(c.env.DB, c.var.planId, fyParam(c), c.get('principal'))),
);
