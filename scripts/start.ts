/**
 * `npm start`: the embedded local install in one command. Applies the migrations to the local D1,
 * loads the demo plan (data/sendai-2023.plan.json) on the first run, creates an administrator, a
 * coordinator and one user per department with fresh API tokens (the previous run's are revoked),
 * prints them with curl examples, then runs `wrangler dev` in the foreground (Ctrl-C stops it).
 *
 * Environment: PORT (default 8787), SHINCHOKU_STATE_DIR (wrangler --persist-to; default .wrangler/state).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { validatePlanFile } from '../shared/validation/index.ts';
import { generateToken, hashToken } from '../worker/auth/token-crypto.ts';
import { buildPlanImport } from '../worker/db/plan-write.ts';
import { renderSql, type Stmt, stmt } from '../worker/db/sql.ts';

const root = path.resolve(import.meta.dirname, '..');
const DEMO_FILE = path.join(root, 'data/sendai-2023.plan.json');
const TOKEN_LABEL = 'npm start';
const port = process.env.PORT ?? '8787';
const stateDir = process.env.SHINCHOKU_STATE_DIR;
const persist = stateDir ? ['--persist-to', stateDir] : [];
// The seed SQL and the printed tokens sit beside the state, so two installs never share them.
const workDir = stateDir ? path.resolve(stateDir) : path.join(root, '.wrangler');

// Offline and non-interactive: no telemetry, no cf.json download, and CI=true answers the
// migrations prompt.
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  CI: 'true',
};
const wranglerBin = path.join(root, 'node_modules/wrangler/bin/wrangler.js');

function wrangler(args: string[], capture = false): string {
  const r = spawnSync(process.execPath, [wranglerBin, ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    if (capture) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    console.error(`\nwrangler ${args.slice(0, 3).join(' ')} failed (exit ${r.status}).`);
    process.exit(r.status ?? 1);
  }
  return r.stdout ?? '';
}

function query<T>(sql: string): T[] {
  const out = wrangler(['d1', 'execute', 'DB', '--local', ...persist, '--json', '--command', sql], true);
  const parsed = JSON.parse(out.slice(out.indexOf('['))) as { results: T[] }[];
  return parsed.flatMap((r) => r.results);
}

interface DemoUser {
  id: string;
  displayName: string;
  role: 'admin' | 'coordinator' | 'department';
  departmentIds: string[];
}

async function seed(): Promise<{ users: (DemoUser & { token: string })[]; planId: string; fy: number }> {
  const result = validatePlanFile(JSON.parse(readFileSync(DEMO_FILE, 'utf8')));
  if (!result.ok) {
    for (const p of result.problems) console.error(`${p.path}: ${p.message.ja}`);
    throw new Error(`${DEMO_FILE} does not validate`);
  }
  const plan = result.plan;
  const now = new Date().toISOString();
  const statements: Stmt[] = [];
  const loaded =
    query<{ id: string }>(`SELECT id FROM plans WHERE id = '${plan.plan.id.replace(/'/g, "''")}'`).length > 0;
  if (loaded) console.log(`Demo plan "${plan.plan.id}" is already loaded; keeping its data.`);
  else
    statements.push(...buildPlanImport(plan, { userId: 'demo-admin', requestId: `npm-start-${now}`, now }));

  const users: DemoUser[] = [
    { id: 'demo-admin', displayName: '管理者（デモ）', role: 'admin', departmentIds: [] },
    { id: 'demo-coordinator', displayName: '政策企画課（デモ）', role: 'coordinator', departmentIds: [] },
    ...plan.departments.map((d) => ({
      id: `demo-${d.id}`,
      displayName: `${d.name}（デモ）`,
      role: 'department' as const,
      departmentIds: [d.id],
    })),
  ];
  // The previous run's tokens were printed to a terminal: revoke them, issue new ones.
  statements.push(
    stmt('UPDATE api_tokens SET revoked_at = ? WHERE label = ? AND revoked_at IS NULL', now, TOKEN_LABEL),
  );
  const issued: (DemoUser & { token: string })[] = [];
  for (const u of users) {
    const token = generateToken();
    issued.push({ ...u, token });
    statements.push(
      stmt(
        'INSERT OR IGNORE INTO users (id, display_name, role, created_at) VALUES (?, ?, ?, ?)',
        u.id,
        u.displayName,
        u.role,
        now,
      ),
      ...u.departmentIds.map((d) =>
        stmt('INSERT OR IGNORE INTO user_departments (user_id, department_id) VALUES (?, ?)', u.id, d),
      ),
      stmt(
        'INSERT INTO api_tokens (id, user_id, token_hash, label, created_at) VALUES (?, ?, ?, ?, ?)',
        `tok_${crypto.randomUUID().replace(/-/g, '')}`,
        u.id,
        await hashToken(token),
        TOKEN_LABEL,
        now,
      ),
    );
  }
  const file = path.join(workDir, 'demo-seed.sql');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${statements.map(renderSql).join('\n')}\n`);
  wrangler(['d1', 'execute', 'DB', '--local', ...persist, '--file', file], true);
  const fy = Math.max(...plan.cycles.map((c) => c.fiscalYear), plan.plan.period.startFy);
  return { users: issued, planId: plan.plan.id, fy };
}

function printWelcome(users: (DemoUser & { token: string })[], planId: string, fy: number): void {
  const base = `http://127.0.0.1:${port}`;
  const line = '─'.repeat(78);
  console.log(
    `\n${line}\nShinchoku demo: API tokens (new on every start; the previous ones are revoked)\n${line}`,
  );
  for (const u of users) console.log(`${u.role.padEnd(11)} ${u.id.padEnd(26)} ${u.token}`);
  const dept = users.find((u) => u.role === 'department');
  const coord = users.find((u) => u.role === 'coordinator');
  console.log(`\nTry it (once "Ready on ${base}" appears below):\n`);
  console.log(`  curl ${base}/api/health`);
  console.log(
    `  curl -H "Authorization: Bearer ${dept?.token}" \\\n    ${base}/api/plans/${planId}/cycles/${fy}/submissions/${dept?.departmentIds[0]}`,
  );
  console.log(
    `  curl -H "Authorization: Bearer ${coord?.token}" \\\n    ${base}/api/plans/${planId}/cycles/${fy}/status`,
  );
  const tokensFile = path.join(workDir, 'demo-tokens.json');
  const saved = tokensFile.startsWith(root) ? path.relative(root, tokensFile) : tokensFile;
  console.log(`\n  API description: ${base}/api/openapi.json   Tokens also in ${saved}\n${line}\n`);
  writeFileSync(
    path.join(workDir, 'demo-tokens.json'),
    `${JSON.stringify({ baseUrl: base, planId, fiscalYear: fy, users }, null, 2)}\n`,
  );
}

async function main(): Promise<void> {
  // [assets] serves the add-in build; an empty directory is fine until `npm run build` fills it.
  mkdirSync(path.join(root, 'dist/addin'), { recursive: true });
  console.log('Applying migrations to the local D1…');
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', ...persist], true);
  const { users, planId, fy } = await seed();
  printWelcome(users, planId, fy);
  const dev = spawn(process.execPath, [wranglerBin, 'dev', '--ip', '127.0.0.1', '--port', port, ...persist], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => dev.kill(signal));
  dev.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

await main();
