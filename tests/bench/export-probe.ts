/**
 * One export of the benchmark cycle to xlsx in this Node process, for `npm run bench:export`:
 * run under different `--max-old-space-size` limits to find the V8 heap the export needs (a Worker
 * isolate has 128 MB). Prints one JSON line; a heap overflow aborts the process instead.
 */
import { exportTables } from '../../shared/render/export.ts';
import { benchPlan } from './export-plan.ts';

const departments = Number(process.env.DEPARTMENTS ?? 300);
const kpis = Number(process.env.KPIS ?? 50);
const plan = benchPlan(departments, kpis);
const before = process.memoryUsage();
const t0 = performance.now();
const file = await exportTables(plan, { tables: ['projects'], format: 'xlsx', fiscalYear: 2023 });
const ms = performance.now() - t0;
const after = process.memoryUsage();
console.log(
  JSON.stringify({
    ms,
    bytes: file.body.length,
    heapUsedBefore: before.heapUsed,
    heapUsedAfter: after.heapUsed,
    maxRssKb: process.resourceUsage().maxRSS,
  }),
);
