import { Hono } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import { importTables } from '../../shared/import/index.ts';
import { INCLUDE_VALUES } from '../../shared/render/consolidate.ts';
import {
  contentDisposition,
  EXPORT_FORMATS,
  EXPORT_TABLES,
  exportTables,
} from '../../shared/render/export.ts';
import { requirePermission } from '../auth/middleware.ts';
import { parseBody } from '../body.ts';
import { listDepartments } from '../db/directory.ts';
import type { AppEnv } from '../env.ts';
import { fyParam, meta, planAccess } from '../http.ts';
import { cycleNotFound, emptyBody, invalidBody, noPreviousVersion } from '../refusals.ts';
import { importPlan, requirePlan } from '../services/plans.ts';

/**
 * Official exports and the import of last year's table, for coordinators and admins:
 *   GET  /api/plans/:planId/cycles/:fy/export?table=projects|goals|revision|budget
 *        &format=xlsx|csv|html|json&include=approved|all
 *   POST /api/tables/import?planId=…&save=false|true&acceptPartial=false|true&title=…
 *        (body: the .xlsx or .csv file; answers the plan, the read summary and every problem by cell)
 * The tables come from shared/render (the same code as `shinchoku export` / `import`); the plan is
 * read with the worker's own plan loader.
 */
export const exportRoutes = new Hono<AppEnv>();

const ExportQuery = z.object({
  table: z.enum(EXPORT_TABLES as [string, ...string[]]).default('projects'),
  format: z.enum(EXPORT_FORMATS as [string, ...string[]]).default('xlsx'),
  include: z.enum(INCLUDE_VALUES as [string, ...string[]]).default('approved'),
});

/** The HTML export's policy: its own inline styles, nothing else (no script, image, font or frame). */
export const HTML_EXPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// A plan outside a department's reach: the 404 of a missing plan; their own plan: 403.
exportRoutes.get(
  '/plans/:planId/cycles/:fy/export',
  planAccess('plan.export'),
  validator('query', (q) => parseBody(ExportQuery, q)),
  async (c) => {
    const planId = c.var.planId;
    const fy = fyParam(c);
    const query = c.req.valid('query');
    const loaded = await requirePlan(c.env.DB, planId);
    const plan = loaded.file;
    if (!plan.cycles.some((cycle) => cycle.fiscalYear === fy)) throw cycleNotFound(planId, fy);
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
  },
);

const ImportQuery = z.object({
  planId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/)
    .default('imported'),
  save: z.enum(['true', 'false', '1', '0']).default('false'),
  // A plan read with cells it could not read or keep is given only when asked for (they stay listed).
  acceptPartial: z.enum(['true', 'false', '1', '0']).default('false'),
  // The plan's title, which the project table does not print (the goal table does).
  title: z.string().min(1).max(400).optional(),
});

const yes = (flag: string) => flag === 'true' || flag === '1';

exportRoutes.post(
  '/tables/import',
  requirePermission('table.import'),
  validator('query', (q) => parseBody(ImportQuery, q)),
  async (c) => {
    const query = c.req.valid('query');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length === 0) throw emptyBody();
    // Departments already registered keep their ids (a table prints only names): no duplicate by name.
    const known = await listDepartments(c.env.DB);
    const result = await importTables(bytes, {
      planId: query.planId,
      departmentIds: Object.fromEntries(known.map((d) => [d.name, d.id])),
      acceptPartial: yes(query.acceptPartial),
      ...(query.title !== undefined ? { title: query.title } : {}),
    });
    // Every problem names its cell (`進捗状況!E12`); the summary counts what was read and what was not.
    const read = { summary: result.summary, partial: result.partial };
    if (!result.plan) {
      const refused = invalidBody(result.problems, 422);
      refused.extra.summary = result.summary;
      throw refused;
    }
    if (yes(query.save)) {
      const saved = await importPlan(c.env.DB, result.plan, meta(c));
      return c.json({ ...saved, ...read, warnings: [...result.problems, ...saved.warnings] }, 201);
    }
    return c.json({ plan: result.plan, ...read, warnings: result.problems });
  },
);
