/**
 * `npm run bench:load`: 100 simulated department clients saving and submitting at once against
 * `wrangler dev` on loopback (started as `npm start` starts it, on a fresh local D1), for 60 s.
 * Prints requests/s, latency percentiles and status counts, then checks in the database (wrangler
 * d1 execute --json) that every acknowledged write is there exactly once and the history matches.
 *
 *   npm run bench:load -- --duration 60 --clients 100 --departments 100 --coauthored 10 --think 1500
 *
 * --coauthored N: the last N clients work on the sheets of the first N departments (two people on
 * one sheet: 409s, refetch and reapply). --think: mean pause between a client's writes (default the
 * add-in's autosave delay), jittered ×0.5–1.5. Exits non-zero if the verification fails or a 5xx
 * was seen. Rows: `open` is each client's first read of its sheet (all at once, a burst), `steady`
 * everything after it, then each kind of request (`read` = a refetch after a 409).
 */
import { cpus, loadavg } from 'node:os';
import { AUTOSAVE_DELAY_MS } from '../../addin/src/app/sync-engine.ts';
import { deptId, makePlan } from '../../worker/test/plan-factory.ts';
import { call } from '../system/harness/http.ts';
import { queryD1, startLocalWorker } from '../system/harness/local-worker.ts';
import { importAndOpen } from '../system/harness/setup-plan.ts';
import { runClient, type Sample, type Shared } from './load/client.ts';
import { type CommentRow, type HistoryRow, verify } from './load/verify.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw =
    i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number, got ${raw}`);
  return value;
}

const DURATION_S = option('duration', 60);
const CLIENTS = option('clients', 100);
const DEPARTMENTS = option('departments', 100);
const COAUTHORED = Math.min(option('coauthored', 10), CLIENTS, DEPARTMENTS);
const THINK_MS = option('think', AUTOSAVE_DELAY_MS);
const PLAN = 'load-plan';
const FY = 2021;

const pct = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

function report(samples: Sample[], seconds: number): void {
  const row = (label: string, xs: Sample[]) => {
    const ms = xs.map((x) => x.ms).sort((a, b) => a - b);
    console.log(
      `${label.padEnd(8)} ${String(xs.length).padStart(7)} ${(xs.length / seconds).toFixed(1).padStart(8)}/s  p50 ${fmt(pct(ms, 50))}  p95 ${fmt(pct(ms, 95))}  p99 ${fmt(pct(ms, 99))}  max ${fmt(ms.at(-1) ?? Number.NaN)}`,
    );
  };
  console.log('\nrequests   count     rate   latency');
  row('all', samples);
  row(
    'steady',
    samples.filter((s) => s.kind !== 'open'),
  );
  for (const kind of ['open', 'save', 'read', 'submit', 'reopen', 'comment'])
    row(
      kind,
      samples.filter((s) => s.kind === kind),
    );
  const byStatus = new Map<string, number>();
  for (const s of samples) {
    const key = `${s.kind} ${s.status === 0 ? 'network error' : s.status}`;
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
  }
  console.log('\nstatus counts:');
  for (const [key, n] of [...byStatus].sort()) console.log(`  ${key.padEnd(22)} ${n}`);
}

async function main(): Promise<void> {
  console.log(
    `Load: ${CLIENTS} clients on ${DEPARTMENTS} departments (${COAUTHORED} sheets with two clients), ${DURATION_S} s, think ${THINK_MS} ms; loopback only.`,
  );
  const w = await startLocalWorker();
  const stop = () => void w.stop();
  process.once('SIGINT', stop);
  try {
    // 3 projects × 3 KPIs per department.
    await importAndOpen(
      w,
      makePlan({ id: PLAN, projects: DEPARTMENTS * 3, kpis: 3, years: 3, departments: DEPARTMENTS }),
      FY,
    );
    const admin = w.user('demo-admin').token;
    const tokens: string[] = [];
    for (let d = 0; d < DEPARTMENTS; d++) {
      const id = `load-${deptId(d)}`;
      await call(w.baseUrl, 'POST', '/api/admin/users', {
        token: admin,
        body: { id, displayName: id, role: 'department', departmentIds: [deptId(d)] },
      });
      const t = await call<{ token: string }>(w.baseUrl, 'POST', `/api/admin/users/${id}/tokens`, {
        token: admin,
        body: { label: 'load' },
      });
      if (t.status !== 201) throw new Error(`token for ${id}: ${t.text}`);
      tokens.push(t.body.token);
    }
    const shared: Shared = {
      baseUrl: w.baseUrl,
      planId: PLAN,
      fiscalYear: FY,
      deadline: Date.now() + DURATION_S * 1000,
      thinkMs: THINK_MS,
      submitEvery: 8,
      commentEvery: 10,
      acks: [],
      samples: [],
      abandoned: {},
    };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, (_, c) => {
        const d = c >= CLIENTS - COAUTHORED ? c - (CLIENTS - COAUTHORED) : c % DEPARTMENTS;
        return runClient(shared, c, deptId(d), tokens[d] as string);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    report(shared.samples, seconds);
    const load = loadavg().map((x) => x.toFixed(2));
    console.log(
      `\n${seconds.toFixed(1)} s; ${cpus().length} CPUs; load average ${load.join(' ')} (1/5/15 min)`,
    );
    console.log(`\nwrites given up: ${JSON.stringify(shared.abandoned)}`);
    const fivexx = shared.samples.filter((s) => s.status >= 500).length;
    // The hash chain of every sheet's history, as the coordinator's audit route verifies it.
    const chains = await call<{ ok: boolean; chains: unknown[]; breaks: unknown[] }>(
      w.baseUrl,
      'GET',
      `/api/plans/${PLAN}/cycles/${FY}/audit/verify`,
      { token: w.user('demo-coordinator').token },
    );
    const chainsOk = chains.status === 200 && chains.body.ok;
    console.log(
      `\nhash chains (GET …/audit/verify): ${chains.status}, ${chains.body?.chains?.length ?? 0} sheets, ${chains.body?.breaks?.length ?? '?'} breaks`,
    );

    await w.kill();
    const where = `plan_id = '${PLAN}' AND fiscal_year = ${FY}`;
    const history = queryD1<HistoryRow>(
      w.stateDir,
      `SELECT id, department_id, indicator_id, action, field, before, after, revision FROM history WHERE ${where} ORDER BY id`,
    );
    const actuals = queryD1<{ indicator_id: string; value: string | null }>(
      w.stateDir,
      `SELECT indicator_id, value FROM actuals WHERE ${where}`,
    );
    const comments = queryD1<CommentRow>(
      w.stateDir,
      `SELECT c.department_id, c.target_id, v.text FROM comments c JOIN comment_versions v ON v.comment_id = c.id
        WHERE c.plan_id = '${PLAN}' AND c.fiscal_year = ${FY}`,
    );
    const v = verify(shared.acks, history, actuals, comments);
    console.log('\nverification in the database (wrangler d1 execute --local --json):');
    console.log(JSON.stringify(v, null, 2));
    const pass = v.ok && fivexx === 0 && chainsOk;
    console.log(
      `\n${pass ? 'PASS' : 'FAIL'}: ${v.ackedSaves} acknowledged saves (${v.ackedCells} cells), ` +
        `${v.workflow.acked} workflow steps, ${v.comments.acked} comments; missing ${v.missing + v.comments.missing}, ` +
        `duplicated ${v.duplicated + v.comments.duplicated}, unacknowledged ${v.unacknowledged + v.comments.unacknowledged}, ` +
        `5xx ${fivexx}, hash chains ${chainsOk ? 'intact' : 'BROKEN'}`,
    );
    process.exitCode = pass ? 0 : 1;
  } finally {
    await w.stop();
  }
}

await main();
