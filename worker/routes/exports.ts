import { Hono } from 'hono';
import { z } from 'zod';
import { hasErrors } from '../../shared/problem.ts';
import { INCLUDE_VALUES } from '../../shared/render/consolidate.ts';
import {
  contentDisposition,
  EXPORT_FORMATS,
  EXPORT_TABLES,
  exportTables,
} from '../../shared/render/export.ts';
import { importProjectTable } from '../../shared/render/import-table.ts';
import { requireRole } from '../auth/middleware.ts';
import type { AppEnv } from '../env.ts';
import { HttpProblem } from '../errors.ts';
import { fyParam, idParam, invalidBody, meta, parseBody } from '../http.ts';
import { requirePlanAction } from '../services/access.ts';
import { importPlan, requirePlan } from '../services/plans.ts';

/**
 * Official exports and the import of last year's table, for coordinators and admins:
 *   GET  /api/plans/:planId/cycles/:fy/export?table=projects|goals|revision|budget
 *        &format=xlsx|csv|html|json&include=approved|all
 *   POST /api/tables/import?planId=…&save=false|true   (body: the .xlsx or .csv file)
 * The tables come from shared/render (the same code as `shinchoku export` / `import`); the plan is
 * read with the worker's own plan loader.
 */
export const exportRoutes = new Hono<AppEnv>();
const PLAN = { ja: '計画', en: 'Plan' };

const ExportQuery = z.object({
  table: z.enum(EXPORT_TABLES as [string, ...string[]]).default('projects'),
  format: z.enum(EXPORT_FORMATS as [string, ...string[]]).default('xlsx'),
  include: z.enum(INCLUDE_VALUES as [string, ...string[]]).default('approved'),
});

/** The HTML export's policy: its own inline styles, nothing else (no script, image, font or frame). */
export const HTML_EXPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const noCycle = (fy: number) =>
  new HttpProblem(404, 'cycle_not_found', {
    ja: `${fy}年度の報告年度はこの計画にありません。`,
    en: `This plan has no report cycle for FY${fy}.`,
  });

const noPreviousVersion = () =>
  new HttpProblem(404, 'no_previous_version', {
    ja: 'この計画には過去の版がないため、新旧対照表は作れません。',
    en: 'This plan has no earlier version, so there is no 新旧対照表.',
  });

exportRoutes.get('/plans/:planId/cycles/:fy/export', async (c) => {
  const planId = idParam(c, 'planId', PLAN);
  const fy = fyParam(c);
  // A plan outside a department's reach: the 404 of a missing plan; their own plan: 403.
  await requirePlanAction(c.env.DB, c.get('principal'), planId, 'plan.export');
  const query = parseBody(ExportQuery, c.req.query());
  const loaded = await requirePlan(c.env.DB, planId);
  const plan = loaded.file;
  if (!plan.cycles.some((cycle) => cycle.fiscalYear === fy)) throw noCycle(fy);
  if (query.table === 'revision' && plan.previousVersions.length === 0) throw noPreviousVersion();
  const file = await exportTables(plan, {
    tables: [query.table as (typeof EXPORT_TABLES)[number]],
    format: query.format as (typeof EXPORT_FORMATS)[number],
    include: query.include as (typeof INCLUDE_VALUES)[number],
    fiscalYear: fy,
  });
  const headers = new Headers({
    'Content-Type': file.contentType,
    'Content-Disposition': contentDisposition(file),
    'Cache-Control': 'private, no-store',
  });
  // The page is standalone: one <style> element and inline SVG; nothing to load, nothing to run.
  if (query.format === 'html') headers.set('Content-Security-Policy', HTML_EXPORT_CSP);
  return new Response(file.body, { status: 200, headers });
});

const ImportQuery = z.object({
  planId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/)
    .default('imported'),
  save: z.enum(['true', 'false', '1', '0']).default('false'),
});

exportRoutes.post('/tables/import', requireRole('coordinator', 'admin'), async (c) => {
  const query = parseBody(ImportQuery, c.req.query());
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) {
    throw new HttpProblem(400, 'empty_body', {
      ja: '読み込む表（.xlsx または .csv）を本文で送ってください。',
      en: 'Send the table to import (.xlsx or .csv) as the request body.',
    });
  }
  const result = await importProjectTable(bytes, { planId: query.planId });
  if (!result.plan || hasErrors(result.problems)) throw invalidBody(result.problems, 422);
  if (query.save === 'true' || query.save === '1') {
    const saved = await importPlan(c.env.DB, result.plan, meta(c));
    return c.json({ ...saved, warnings: [...result.problems, ...saved.warnings] }, 201);
  }
  return c.json({ plan: result.plan, warnings: result.problems });
});
