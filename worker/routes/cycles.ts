import { Hono } from 'hono';
import { CreateCycleRequest, UpdateCycleRequest, WorkflowRequest } from '../../shared/api.ts';
import { jsonBody } from '../body.ts';
import type { AppEnv } from '../env.ts';
import { fyParam, meta, planAccess } from '../http.ts';
import { changeCycle, cyclesOf, lockCycle, openCycle, remindersOf, statusOf } from '../services/cycles.ts';

/**
 * /api/plans/:planId/cycles: open a report cycle (with its deadline), change its label or deadline,
 * lock and unlock it, the coordinator's dashboard and reminders.
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
    return c.json(
      await openCycle(
        c.env.DB,
        c.var.planId,
        req.fiscalYear,
        req.label ?? null,
        meta(c),
        req.deadline ?? null,
      ),
      201,
    );
  },
);

cycleRoutes.patch(
  '/plans/:planId/cycles/:fy',
  planAccess('cycle.write'),
  jsonBody(UpdateCycleRequest),
  async (c) => c.json(await changeCycle(c.env.DB, c.var.planId, fyParam(c), c.req.valid('json'), meta(c))),
);

cycleRoutes.get('/plans/:planId/cycles/:fy/reminders', planAccess('cycle.remind'), async (c) =>
  c.json(await remindersOf(c.env.DB, c.var.planId, fyParam(c))),
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
