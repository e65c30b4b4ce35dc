import { exportTables } from '../../shared/render/export.ts';
import type { PlanFile } from '../../shared/schema/index.ts';
import { benchPlan } from './export-plan.ts';

/**
 * Bench-only Worker for `npm run bench:export`: GET /prepare builds the 300 × 50 cycle in memory
 * (kept for the isolate's life, as a loaded plan would be), GET /export renders it to xlsx with the
 * same function the API's export route uses and returns the file.
 */
let plan: PlanFile | null = null;

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const departments = Number(url.searchParams.get('departments') ?? 300);
    const kpis = Number(url.searchParams.get('kpis') ?? 50);
    if (url.pathname === '/prepare') {
      plan = benchPlan(departments, kpis);
      const rows = plan.projects.reduce((n, p) => n + p.indicators.length, 0);
      return Response.json({ projects: plan.projects.length, rows, memory: memory() });
    }
    if (url.pathname === '/export' && plan) {
      const file = await exportTables(plan, { tables: ['projects'], format: 'xlsx', fiscalYear: 2023 });
      return new Response(file.body, {
        headers: { 'Content-Type': file.contentType, 'X-Memory': JSON.stringify(memory()) },
      });
    }
    return new Response('GET /prepare first, then /export', { status: 404 });
  },
};

/** workerd's process.memoryUsage (nodejs_compat), if it reports anything. */
function memory(): unknown {
  try {
    const usage = (globalThis as { process?: { memoryUsage?: () => unknown } }).process?.memoryUsage?.();
    return usage ?? null;
  } catch (e) {
    return String(e);
  }
}
