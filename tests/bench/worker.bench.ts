/**
 * `npm run bench:worker`: the API against `wrangler dev` on loopback with a fresh local D1, beside the
 * bare storage cost of the same rows: bench-only routes (worker/routes/bench.ts) that run the very
 * statements the API runs, without reading the plan, validating, diffing or checking idempotency.
 * Prints median times and the ratio API ÷ bare.
 *
 *   1. saving a department sheet of 1,000 KPI values (200 projects × 5 KPIs, every value changed)
 *   2. reading a cycle's status for 300 departments
 *   3. importing a plan of 200 projects × 5 KPIs × 5 years
 *
 * RUNS (default 15) timed runs of each after one warm-up, API and bare alternating; PORT to pin the port.
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, wranglerBin, wranglerEnv } from '../../scripts/wrangler-env.ts';
import { generateToken, hashToken } from '../../worker/auth/token-crypto.ts';
import { makeActuals, makePlan } from '../../worker/test/plan-factory.ts';
import { freePort, startWranglerDev } from './wrangler-dev.ts';

const RUNS = Number(process.env.RUNS ?? 15);
const state = mkdtempSync(path.join(tmpdir(), 'shinchoku-bench-'));

function wrangler(args: string[]): void {
  const r = spawnSync(process.execPath, [wranglerBin, ...args, '--persist-to', state], {
    cwd: root,
    env: wranglerEnv(),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

let base = '';
let token = '';

async function api(method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${JSON.stringify(json).slice(0, 400)}`);
  return json;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

type Prepare = (i: number) => Promise<() => Promise<unknown>>;

/**
 * Warm-up once each, then RUNS timed runs of the API and of the bare storage, alternating so that
 * a busy machine slows both alike; `prepare` runs untimed before each run.
 */
async function measure(api: Prepare, bare: Prepare): Promise<[number, number]> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const ta = await timed(await api(i));
    const tb = await timed(await bare(i));
    if (i > 0) {
      a.push(ta);
      b.push(tb);
    }
  }
  return [median(a), median(b)];
}

async function startDev(): Promise<ChildProcess> {
  const port = Number(process.env.PORT ?? (await freePort()));
  base = `http://127.0.0.1:${port}`;
  const args = [
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--persist-to',
    state,
    '--var',
    'BENCH_ROUTES:1',
  ];
  return startWranglerDev(args, async () => (await fetch(`${base}/api/health`)).ok);
}

async function main(): Promise<void> {
  console.log(
    `Fresh local D1 in ${state}; ${RUNS} timed runs per figure (median), API and bare alternating.`,
  );
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local']);
  token = generateToken();
  const seed = path.join(state, 'seed.sql');
  writeFileSync(
    seed,
    `INSERT INTO users (id, display_name, role) VALUES ('bench', 'bench', 'admin'), ('bench-coord', 'bench', 'coordinator');
INSERT INTO api_tokens (id, user_id, token_hash, label) VALUES ('tok_bench', 'bench-coord', '${await hashToken(token)}', 'bench');\n`,
  );
  wrangler(['d1', 'execute', 'DB', '--local', '--file', seed]);
  const dev = await startDev();
  try {
    const rows: [string, number, number][] = [];

    // 1. one sheet of 1,000 values: one department with 200 projects × 5 KPIs.
    await api(
      'POST',
      '/api/plans',
      makePlan({ id: 'sheet', projects: 200, kpis: 5, years: 5, departments: 1 }),
    );
    await api('POST', '/api/plans/sheet/cycles', { fiscalYear: 2021 });
    const all = Array.from({ length: 200 }, (_, p) => p);
    let revision = 0;
    const [saveApi, saveBare] = await measure(
      async (i) => {
        const body = { actuals: makeActuals(all, 5, 1 + i) };
        return async () => {
          const res = await api('PATCH', '/api/plans/sheet/cycles/2021/submissions/dept-001', body, {
            'If-Match': `"${revision}"`,
          });
          if (res.changedCells !== 1000)
            throw new Error(`expected 1000 changed cells, got ${String(res.changedCells)}`);
          revision = res.revision as number;
        };
      },
      async (i) => {
        const actuals = makeActuals(all, 5, 500 + i);
        return async () => {
          const body = {
            planId: 'sheet',
            fiscalYear: 2021,
            departmentId: 'dept-001',
            baseRevision: revision,
            actuals,
          };
          revision = (await api('POST', '/api/bench/save', body)).revision as number;
        };
      },
    );
    rows.push(['save a sheet of 1,000 KPI values', saveApi, saveBare]);

    // 2. the status of a cycle with 300 departments.
    await api(
      'POST',
      '/api/plans',
      makePlan({ id: 'status', projects: 300, kpis: 2, years: 3, departments: 300 }),
    );
    await api('POST', '/api/plans/status/cycles', { fiscalYear: 2021 });
    const status = await api('GET', '/api/plans/status/cycles/2021/status');
    if ((status.departments as unknown[]).length !== 300) throw new Error('expected 300 departments');
    const [statusApi, statusBare] = await measure(
      async () => () => api('GET', '/api/plans/status/cycles/2021/status'),
      async () => () => api('GET', '/api/bench/plans/status/cycles/2021/status'),
    );
    rows.push(['read a cycle status of 300 departments', statusApi, statusBare]);

    // 3. import a plan of 200 projects × 5 KPIs × 5 years (a new plan id each run).
    const [importApi, importBare] = await measure(
      async (i) => {
        const plan = makePlan({ id: `imp-api-${i}`, projects: 200, kpis: 5, years: 5, departments: 20 });
        return () => api('POST', '/api/plans', plan);
      },
      async (i) => {
        const plan = makePlan({ id: `imp-bare-${i}`, projects: 200, kpis: 5, years: 5, departments: 20 });
        return () => api('POST', '/api/bench/plans', plan);
      },
    );
    rows.push(['import a plan of 200 projects × 5 KPIs × 5 years', importApi, importBare]);

    const w = Math.max(...rows.map((r) => r[0].length));
    console.log(`\n${'scenario'.padEnd(w)}  ${'API ms'.padStart(9)}  ${'bare D1 ms'.padStart(10)}  ratio`);
    for (const [name, a, b] of rows) {
      console.log(
        `${name.padEnd(w)}  ${a.toFixed(1).padStart(9)}  ${b.toFixed(1).padStart(10)}  ${(a / b).toFixed(2)}×`,
      );
    }
  } finally {
    dev.kill('SIGTERM');
    await new Promise((r) => dev.once('exit', r));
    rmSync(state, { recursive: true, force: true });
  }
}

await main();
