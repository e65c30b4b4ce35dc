import { Hono } from 'hono';
import { HistoryQuery, ReturnRequest, WorkflowRequest } from '../../shared/api.ts';
import { readHistory } from '../db/history.ts';
import { departmentsOfIndicator } from '../db/plans.ts';
import type { AppEnv } from '../env.ts';
import { HttpProblem } from '../errors.ts';
import { type Ctx, etag, fyParam, idParam, ifMatch, optionalJsonBody, parseBody, readJson } from '../http.ts';
import { requireAnyDepartment, requireDepartment } from '../services/access.ts';
import { requirePlanHeader } from '../services/plan-header.ts';
import { saveValues } from '../services/save.ts';
import { loadSheetState, sheetResponse } from '../services/sheet.ts';
import { transition, type WorkflowAction } from '../services/workflow.ts';

/** A department's submission in a cycle: its sheet, saves, workflow steps and history. */
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
  requireDepartment(c.get('principal'), 'sheet.read', k.departmentId);
  const sheet = sheetResponse(await loadSheetState(c.env.DB, k));
  return c.json(sheet, 200, { ETag: etag(sheet.submission.revision) });
});

submissionRoutes.patch(BASE, async (c) => {
  const k = keyOf(c);
  requireDepartment(c.get('principal'), 'sheet.write', k.departmentId);
  const base = ifMatch(c, true) as number;
  const { text, json } = await readJson(c);
  return saveValues(c, k, text, json, base);
});

for (const action of ['submit', 'approve', 'return', 'reopen'] as const satisfies readonly WorkflowAction[]) {
  submissionRoutes.post(`${BASE}/${action}`, async (c) => {
    const k = keyOf(c);
    const { text, value } = await optionalJsonBody(c, action === 'return' ? ReturnRequest : WorkflowRequest);
    return transition(c, k, action, text, value.comment, ifMatch(c, false));
  });
}

submissionRoutes.get(`${BASE}/history`, async (c) => {
  const k = keyOf(c);
  requireDepartment(c.get('principal'), 'history.read', k.departmentId);
  await requirePlanHeader(c.env.DB, k.planId);
  const q = parseBody(HistoryQuery, c.req.query());
  return c.json(await readHistory(c.env.DB, { ...k, fiscalYear: k.fy, ...q }));
});

submissionRoutes.get('/plans/:planId/indicators/:indicatorId/history', async (c) => {
  const planId = idParam(c, 'planId', { ja: '計画', en: 'Plan' });
  const indicatorId = idParam(c, 'indicatorId', { ja: '指標', en: 'Indicator' });
  const departments = await departmentsOfIndicator(c.env.DB, planId, indicatorId);
  if (departments === null) {
    throw new HttpProblem(404, 'not_found', {
      ja: `計画「${planId}」に指標「${indicatorId}」はありません。`,
      en: `Plan "${planId}" has no indicator "${indicatorId}".`,
    });
  }
  const p = c.get('principal');
  if (p.role === 'department') requireAnyDepartment(p, 'history.read', departments);
  const q = parseBody(HistoryQuery, c.req.query());
  return c.json(await readHistory(c.env.DB, { planId, indicatorId, ...q }));
});
