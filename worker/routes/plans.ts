import { Hono } from 'hono';
import { z } from 'zod';
import { ReviseTargetsRequest } from '../../shared/api.ts';
import type { AppEnv } from '../env.ts';
import { idParam, jsonBody, meta, parseBody, readJson } from '../http.ts';
import { requireAction, requirePlanAction } from '../services/access.ts';
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
const PLAN = { ja: '計画', en: 'Plan' };

planRoutes.get('/plans', async (c) => c.json({ plans: await listPlans(c.env.DB, c.get('principal')) }));

planRoutes.post('/plans', async (c) => {
  requireAction(c.get('principal'), 'plan.write');
  const { json } = await readJson(c);
  return c.json(await importPlan(c.env.DB, json, meta(c)), 201);
});

planRoutes.get('/plans/:planId', async (c) => {
  const planId = idParam(c, 'planId', PLAN);
  await requirePlanAction(c.env.DB, c.get('principal'), planId, 'plan.read');
  const loaded = await requirePlan(c.env.DB, planId);
  return c.json(loaded.file);
});

planRoutes.get('/plans/:planId/versions', async (c) => {
  const planId = idParam(c, 'planId', PLAN);
  await requirePlanAction(c.env.DB, c.get('principal'), planId, 'plan.read');
  const loaded = await requirePlan(c.env.DB, planId);
  return c.json({
    planId: loaded.file.plan.id,
    currentVersion: loaded.currentVersion,
    versions: versionList(loaded),
  });
});

planRoutes.post('/plans/:planId/versions', async (c) => {
  const planId = idParam(c, 'planId', PLAN);
  await requirePlanAction(c.env.DB, c.get('principal'), planId, 'plan.write');
  const req = await jsonBody(c, ReviseTargetsRequest);
  return c.json(await reviseTargets(c.env.DB, planId, req, meta(c)), 201);
});

const DiffQuery = z.object({
  before: z.coerce.number().int().min(1),
  after: z.coerce.number().int().min(1).optional(),
});

planRoutes.get('/plans/:planId/diff', async (c) => {
  const planId = idParam(c, 'planId', PLAN);
  await requirePlanAction(c.env.DB, c.get('principal'), planId, 'plan.read');
  const loaded = await requirePlan(c.env.DB, planId);
  const q = parseBody(DiffQuery, c.req.query());
  return c.json(diffVersions(loaded, q.before, q.after ?? loaded.currentVersion));
});
