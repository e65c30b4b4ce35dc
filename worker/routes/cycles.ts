import { Hono } from 'hono';
import { CreateCycleRequest, WorkflowRequest } from '../../shared/api.ts';
import type { AppEnv } from '../env.ts';
import { fyParam, idParam, jsonBody, meta, optionalJsonBody } from '../http.ts';
import { canSeePlan, planNotFound, requirePlanAction } from '../services/access.ts';
import { cyclesOf, lockCycle, openCycle, statusOf } from '../services/cycles.ts';

/**
 * /api/plans/:planId/cycles: open a report cycle, lock and unlock it, the coordinator's dashboard.
 * A plan outside a department's reach answers the 404 of a missing plan before the role is judged.
 */
export const cycleRoutes = new Hono<AppEnv>();
const PLAN = { ja: '計画', en: 'Plan' };

cycleRoutes.get('/plans/:planId/cycles', async (c) => {
  const planId = idParam(c, 'planId', PLAN);
  if (!(await canSeePlan(c.env.DB, c.get('principal'), planId))) throw planNotFound(planId);
  return c.json(await cyclesOf(c.env.DB, planId));
});

cycleRoutes.post('/plans/:planId/cycles', async (c) => {
  const planId = idParam(c, 'planId', PLAN);
  await requirePlanAction(c.env.DB, c.get('principal'), planId, 'cycle.write');
  const req = await jsonBody(c, CreateCycleRequest);
  return c.json(await openCycle(c.env.DB, planId, req.fiscalYear, req.label ?? null, meta(c)), 201);
});

for (const [path, locked] of [
  ['lock', true],
  ['unlock', false],
] as const) {
  cycleRoutes.post(`/plans/:planId/cycles/:fy/${path}`, async (c) => {
    const planId = idParam(c, 'planId', PLAN);
    const fy = fyParam(c);
    await requirePlanAction(c.env.DB, c.get('principal'), planId, 'cycle.lock');
    const { value } = await optionalJsonBody(c, WorkflowRequest);
    return c.json(await lockCycle(c.env.DB, planId, fy, locked, meta(c), value.comment ?? null));
  });
}

cycleRoutes.get('/plans/:planId/cycles/:fy/status', async (c) => {
  const planId = idParam(c, 'planId', PLAN);
  const fy = fyParam(c);
  await requirePlanAction(c.env.DB, c.get('principal'), planId, 'cycle.status');
  return c.json(await statusOf(c.env.DB, planId, fy));
});
