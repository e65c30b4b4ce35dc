import { Hono } from 'hono';
import { z } from 'zod';
import { Actual, PlanFile } from '../../shared/schema/index.ts';
import { requirePermission } from '../auth/middleware.ts';
import { jsonBody } from '../body.ts';
import { benchCycleStatusRaw } from '../db/bench.ts';
import { toD1 } from '../db/d1.ts';
import { buildPlanImport } from '../db/plan-write.ts';
import { buildSave } from '../db/submissions.ts';
import type { AppEnv } from '../env.ts';
import { fyParam, idParam, meta } from '../http.ts';
import { THING } from '../refusals.ts';

/**
 * The bare storage cost, for `npm run bench:worker` only: the very statements the API runs for the
 * same rows, without reading the plan, validating, diffing or checking idempotency. Mounted only when
 * the BENCH_ROUTES variable is "1" (worker/index.ts; the benchmark passes it to wrangler dev with
 * --var): without it /api/bench/* does not exist.
 */
export const benchRoutes = new Hono<AppEnv>();

// The same authentication cost as the API routes it is compared with (coordinator or admin).
benchRoutes.use('/bench/*', requirePermission('plan.write'));

const WriteSheet = z.object({
  planId: z.string(),
  fiscalYear: z.number().int(),
  departmentId: z.string(),
  baseRevision: z.number().int(),
  actuals: z.array(Actual),
});

/** The save batch of PATCH …/submissions/:departmentId for every given cell, one history row each. */
benchRoutes.post('/bench/save', jsonBody(WriteSheet), async (c) => {
  const req = c.req.valid('json');
  const ctx = { planId: req.planId, fy: req.fiscalYear, departmentId: req.departmentId, ...meta(c) };
  const statements = buildSave(ctx, {
    baseRevision: req.baseRevision,
    actuals: req.actuals,
    activities: [],
    history: req.actuals.map((a) => ({
      indicatorId: a.indicatorId,
      projectId: null,
      field: 'value',
      before: null,
      after: a.value,
    })),
    sharingDepartments: [],
  });
  const rows = await c.env.DB.batch(toD1(c.env.DB, statements));
  return c.json(rows[rows.length - 1]?.results?.[0] ?? {});
});

benchRoutes.get('/bench/plans/:planId/cycles/:fy/status', async (c) => {
  const rows = await benchCycleStatusRaw(c.env.DB, idParam(c, 'planId', THING.plan), fyParam(c));
  return c.json({ rows });
});

benchRoutes.post('/bench/plans', async (c) => {
  // Already-valid input: parse only (no shared validation), then the very statements the import runs.
  const plan = PlanFile.parse(await c.req.json());
  await c.env.DB.batch(toD1(c.env.DB, buildPlanImport(plan, meta(c))));
  return c.json({ planId: plan.plan.id }, 201);
});
