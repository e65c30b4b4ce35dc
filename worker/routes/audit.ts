import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { validator } from 'hono/validator';
import { IndicatorAuditQuery } from '../../shared/conversation/api.ts';
import { CHAIN_VERIFY_PERMISSION, INDICATOR_AUDIT_PERMISSION } from '../../shared/conversation/rules.ts';
import { storyCsv, storyHtml } from '../../shared/conversation/story.ts';
import { reachesEveryDepartment } from '../../shared/roles.ts';
import { canAccessDepartment } from '../auth/principal.ts';
import { parseBody } from '../body.ts';
import { departmentsIn, targetDepartmentsQuery } from '../db/comments.ts';
import type { AppEnv } from '../env.ts';
import { fyParam, idParam, planAccess } from '../http.ts';
import { indicatorNotFound, THING } from '../refusals.ts';
import { requireAction } from '../services/access.ts';
import { verifyCycleChains } from '../services/audit-chain.ts';
import { indicatorStory } from '../services/audit-trail.ts';
import { HTML_EXPORT_CSP } from './exports.ts';

/**
 * What an auditor (監査委員) follows (docs/conversation.md §4–5): the verification of a cycle's hash
 * chains (coordinators, administrators) and the story of one figure — as JSON, CSV or HTML
 * (coordinators, administrators, a department for its own indicators).
 */
export const auditRoutes = new Hono<AppEnv>();

auditRoutes.get('/plans/:planId/cycles/:fy/audit/verify', planAccess(CHAIN_VERIFY_PERMISSION), async (c) =>
  c.json(await verifyCycleChains(c.env.DB, c.var.planId, fyParam(c))),
);

/** The indicator must exist and (department staff) be on one of their sheets: else the 404 of a missing one. */
const indicatorReach = createMiddleware<AppEnv & { Variables: { planId: string; indicatorId: string } }>(
  async (c, next) => {
    const planId = idParam(c, 'planId', THING.plan);
    const indicatorId = idParam(c, 'indicatorId', THING.indicator);
    const p = c.get('principal');
    if (!reachesEveryDepartment(p.role)) {
      const departments = departmentsIn(
        await targetDepartmentsQuery(c.env.DB, planId, 'indicator', indicatorId).all(),
      );
      if (!departments.some((d) => canAccessDepartment(p, d))) throw indicatorNotFound(planId, indicatorId);
    }
    requireAction(p, INDICATOR_AUDIT_PERMISSION);
    c.set('planId', planId);
    c.set('indicatorId', indicatorId);
    await next();
  },
);

auditRoutes.get(
  '/plans/:planId/indicators/:indicatorId/audit',
  indicatorReach,
  validator('query', (q) => parseBody(IndicatorAuditQuery, q)),
  async (c) => {
    const q = c.req.valid('query');
    const story = await indicatorStory(c.env.DB, c.var.planId, c.var.indicatorId, q.fy ?? null);
    const name = `indicator-${c.var.indicatorId}-audit`;
    if (q.format === 'csv')
      return c.body(storyCsv(story), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}.csv"`,
      });
    if (q.format === 'html')
      return c.body(storyHtml(story), 200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': HTML_EXPORT_CSP,
      });
    return c.json(story);
  },
);
