import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { validator } from 'hono/validator';
import {
  HistoryQuery,
  ReturnWithKpisRequest,
  SaveRequestOutline,
  WorkflowRequest,
} from '../../shared/api.ts';
import { reachesEveryDepartment } from '../../shared/roles.ts';
import {
  actionPermission,
  needsComment,
  needsReviewedRevision,
  WORKFLOW_ACTIONS,
} from '../../shared/workflow/index.ts';
import { canAccessDepartment } from '../auth/principal.ts';
import { jsonBody, parseBody } from '../body.ts';
import { readHistory } from '../db/history.ts';
import { departmentsOfIndicator, planHoldsDepartments } from '../db/plans.ts';
import type { AppEnv } from '../env.ts';
import { answer, baseRevision, etag, idParam, type SheetVar, sheetAccess, writeRequest } from '../http.ts';
import {
  HttpProblem,
  ifMatchRequired,
  indicatorNotFound,
  reviewedRevisionRequired,
  sheetNotFound,
  THING,
} from '../refusals.ts';
import { asSeenBy, outcomeSeenBy } from '../services/access.ts';
import { requirePlanHeader } from '../services/plan-header.ts';
import { saveSheet } from '../services/save.ts';
import { readSheet } from '../services/sheet.ts';
import { stepSubmission } from '../services/workflow.ts';

/**
 * A department's submission in a cycle: its sheet, saves, workflow steps and history. Each route is
 * a chain: reach first (another department's sheet is the same 404 as a missing one), then the role
 * (403), then the request's preconditions (If-Match) and its body, then the service.
 */
export const submissionRoutes = new Hono<AppEnv>();
const BASE = '/plans/:planId/cycles/:fy/submissions/:departmentId';
const historyQuery = validator('query', (q) => parseBody(HistoryQuery, q));

submissionRoutes.get(BASE, sheetAccess('sheet.read'), async (c) => {
  const p = c.get('principal');
  const sheet = await readSheet(c.env.DB, c.var.sheet, p);
  if (sheet instanceof HttpProblem) throw asSeenBy(p, c.var.sheet, sheet);
  return c.json(sheet, 200, { ETag: etag(sheet.submission.revision) });
});

submissionRoutes.patch(
  BASE,
  sheetAccess('sheet.write'),
  baseRevision(ifMatchRequired),
  jsonBody(SaveRequestOutline),
  async (c) => {
    const k = c.var.sheet;
    const outcome = await saveSheet(c.env.DB, k, c.req.valid('json'), await writeRequest(c));
    return answer(c, outcomeSeenBy(c.get('principal'), k, outcome));
  },
);

for (const action of WORKFLOW_ACTIONS) {
  submissionRoutes.post(
    `${BASE}/${action}`,
    sheetAccess(actionPermission(action)),
    // Approving and returning judge what the coordinator reviewed: that revision must come along.
    baseRevision(needsReviewedRevision(action) ? () => reviewedRevisionRequired(action) : null),
    // A return may point at KPIs: its comment is posted into their threads too (docs/conversation.md).
    jsonBody(needsComment(action) ? ReturnWithKpisRequest : WorkflowRequest, { optional: true }),
    async (c) => {
      const k = c.var.sheet;
      const outcome = await stepSubmission(c.env.DB, k, action, c.req.valid('json'), await writeRequest(c));
      return answer(c, outcomeSeenBy(c.get('principal'), k, outcome));
    },
  );
}

/** The sheet's plan must exist, and (department staff) hold one of its projects: else as if there were none. */
const sheetPlan = createMiddleware<AppEnv & SheetVar>(async (c, next) => {
  const k = c.var.sheet;
  const p = c.get('principal');
  if (reachesEveryDepartment(p.role)) await requirePlanHeader(c.env.DB, k.planId);
  else if (!(await planHoldsDepartments(c.env.DB, k.planId, [k.departmentId]))) throw sheetNotFound(k);
  await next();
});

submissionRoutes.get(`${BASE}/history`, sheetAccess('history.read'), sheetPlan, historyQuery, async (c) => {
  const k = c.var.sheet;
  return c.json(await readHistory(c.env.DB, { ...k, fiscalYear: k.fy, ...c.req.valid('query') }));
});

/** The indicator must exist, and (department staff) be one of their projects': else the same 404. */
const indicatorAccess = createMiddleware<AppEnv & { Variables: { planId: string; indicatorId: string } }>(
  async (c, next) => {
    const planId = idParam(c, 'planId', THING.plan);
    const indicatorId = idParam(c, 'indicatorId', THING.indicator);
    const p = c.get('principal');
    const departments = await departmentsOfIndicator(c.env.DB, planId, indicatorId);
    const reached = reachesEveryDepartment(p.role) || departments?.some((d) => canAccessDepartment(p, d));
    if (departments === null || !reached) throw indicatorNotFound(planId, indicatorId);
    c.set('planId', planId);
    c.set('indicatorId', indicatorId);
    await next();
  },
);

submissionRoutes.get(
  '/plans/:planId/indicators/:indicatorId/history',
  indicatorAccess,
  historyQuery,
  async (c) =>
    c.json(
      await readHistory(c.env.DB, {
        planId: c.var.planId,
        indicatorId: c.var.indicatorId,
        ...c.req.valid('query'),
      }),
    ),
);
