import { Hono } from 'hono';
import { HistoryQuery, ReturnRequest, WorkflowRequest } from '../../shared/api.ts';
import { canAccessDepartment } from '../auth/principal.ts';
import { readHistory } from '../db/history.ts';
import { departmentsOfIndicator, planHoldsDepartments } from '../db/plans.ts';
import type { AppEnv } from '../env.ts';
import { type Ctx, etag, fyParam, idParam, ifMatch, optionalJsonBody, parseBody, readJson } from '../http.ts';
import { asSeenBy, indicatorNotFound, requireSheetAction, sheetNotFound } from '../services/access.ts';
import { requirePlanHeader } from '../services/plan-header.ts';
import { saveValues } from '../services/save.ts';
import { loadSheetState, sheetResponse } from '../services/sheet.ts';
import {
  ACTION_PERMISSION,
  needsReviewedRevision,
  reviewedRevisionRequired,
  transition,
  type WorkflowAction,
} from '../services/workflow.ts';

/**
 * A department's submission in a cycle: its sheet, saves, workflow steps and history. Every route
 * checks reach first (another department's sheet is the same 404 as a missing one), then the role
 * (403), then the request's preconditions and body.
 */
export const submissionRoutes = new Hono<AppEnv>();
const BASE = '/plans/:planId/cycles/:fy/submissions/:departmentId';

function keyOf(c: Ctx) {
  return {
    planId: idParam(c, 'planId', { ja: '計画', en: 'Plan' }),
    fy: fyParam(c),
    departmentId: idParam(c, 'departmentId', { ja: '担当課', en: 'Department' }),
  };
}

submissionRoutes.get(BASE, async (c) => {
  const k = keyOf(c);
  const p = c.get('principal');
  await requireSheetAction(c.env.DB, p, 'sheet.read', k);
  const sheet = await asSeenBy(p, k, async () => sheetResponse(await loadSheetState(c.env.DB, k)));
  return c.json(sheet, 200, { ETag: etag(sheet.submission.revision) });
});

submissionRoutes.patch(BASE, async (c) => {
  const k = keyOf(c);
  const p = c.get('principal');
  await requireSheetAction(c.env.DB, p, 'sheet.write', k);
  const base = ifMatch(c, true) as number;
  const { text, json } = await readJson(c);
  return asSeenBy(p, k, () => saveValues(c, k, text, json, base));
});

for (const action of ['submit', 'approve', 'return', 'reopen'] as const satisfies readonly WorkflowAction[]) {
  submissionRoutes.post(`${BASE}/${action}`, async (c) => {
    const k = keyOf(c);
    const p = c.get('principal');
    await requireSheetAction(c.env.DB, p, ACTION_PERMISSION[action], k);
    // Approving and returning judge what the coordinator reviewed: that revision must come along.
    const base = ifMatch(c, false);
    if (base === null && needsReviewedRevision(action)) throw reviewedRevisionRequired(action);
    const { text, value } = await optionalJsonBody(c, action === 'return' ? ReturnRequest : WorkflowRequest);
    return asSeenBy(p, k, () => transition(c, k, action, text, value.comment, base));
  });
}

submissionRoutes.get(`${BASE}/history`, async (c) => {
  const k = keyOf(c);
  const p = c.get('principal');
  await requireSheetAction(c.env.DB, p, 'history.read', k);
  if (p.role === 'department') {
    // Their own department, but only in a plan where it has a project: else as if there were none.
    if (!(await planHoldsDepartments(c.env.DB, k.planId, [k.departmentId]))) throw sheetNotFound(k);
  } else {
    await requirePlanHeader(c.env.DB, k.planId);
  }
  const q = parseBody(HistoryQuery, c.req.query());
  return c.json(await readHistory(c.env.DB, { ...k, fiscalYear: k.fy, ...q }));
});

submissionRoutes.get('/plans/:planId/indicators/:indicatorId/history', async (c) => {
  const planId = idParam(c, 'planId', { ja: '計画', en: 'Plan' });
  const indicatorId = idParam(c, 'indicatorId', { ja: '指標', en: 'Indicator' });
  const p = c.get('principal');
  const departments = await departmentsOfIndicator(c.env.DB, planId, indicatorId);
  // No such indicator, or (department staff) one of no project of theirs: the same 404.
  if (
    departments === null ||
    (p.role === 'department' && !departments.some((d) => canAccessDepartment(p, d)))
  )
    throw indicatorNotFound(planId, indicatorId);
  const q = parseBody(HistoryQuery, c.req.query());
  return c.json(await readHistory(c.env.DB, { planId, indicatorId, ...q }));
});
