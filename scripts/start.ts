/**
 * `npm start`: the whole local system in one command. Builds the task pane into dist/addin when the
 * build is missing or older than addin/ or shared/, applies the migrations to the local D1, loads the
 * demo plan (data/sendai-2023.plan.json) on the first run, creates an administrator, a coordinator
 * and one user per department with fresh API tokens (the previous run's are revoked), prints them
 * with curl examples, then runs `wrangler dev` in the foreground (Ctrl-C stops it).
 *
 * Options: --https (for real Excel: the trusted localhost certificate of `npx office-addin-dev-certs
 * install`, served as https://localhost:PORT), --no-build (serve dist/addin as it is).
 * Environment: PORT (default 8787), SHINCHOKU_STATE_DIR (wrangler --persist-to; default
 * .wrangler/state; the seed SQL and demo-tokens.json are written there too), SHINCHOKU_NO_BUILD=1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { PlanFile } from '../shared/schema/index.ts';
import { validatePlanFile } from '../shared/validation/index.ts';
import { generateToken, hashToken } from '../worker/auth/token-crypto.ts';
import { buildPlanImport } from '../worker/db/plan-write.ts';
import { renderSql, type Stmt, stmt } from '../worker/db/sql.ts';
import { BUILT_PANE, buildPane, paneBuildIsStale } from './addin-build.ts';
import { root, wranglerBin, wranglerEnv } from './wrangler-env.ts';

const DEMO_FILE = path.join(root, 'data/sendai-2023.plan.json');
const TOKEN_LABEL = 'npm start';
/**
 * The department that reports the demo plan's goal indicators (docs/domain.md §10.5), so its sheet
 * shows the 数値目標 section: まちづくり政策局, whose sheets of both demo cycles are approved as
 * published, so the FY2022 values (the goals' only values that year) and the FY2023 goal table stay
 * as published. The plan file itself names no reporter; the coordinator assigns them in the console.
 */
const DEMO_GOAL_REPORTER = 'seisaku-kikaku';

/** The plan with every goal indicator not yet assigned reported by `departmentId`. */
function withGoalReporters(plan: PlanFile, departmentId: string): PlanFile {
  if (!plan.departments.some((d) => d.id === departmentId)) return plan;
  return {
    ...plan,
    goals: plan.goals.map((g) => ({
      ...g,
      indicators: g.indicators.map((i) => (i.departmentId ? i : { ...i, departmentId })),
    })),
  };
}
const USAGE =
  'usage: npm start [-- --https] [--no-build]   (environment: PORT, SHINCHOKU_STATE_DIR, SHINCHOKU_NO_BUILD=1)';

function parseOptions(): { https: boolean; build: boolean } {
  try {
    const { values } = parseArgs({
      options: { https: { type: 'boolean' }, 'no-build': { type: 'boolean' }, help: { type: 'boolean' } },
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const noBuildEnv = process.env.SHINCHOKU_NO_BUILD;
    return {
      https: values.https === true,
      build:
        values['no-build'] !== true && (noBuildEnv === undefined || noBuildEnv === '' || noBuildEnv === '0'),
    };
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const options = parseOptions();
const port = process.env.PORT ?? '8787';
// The seed SQL and the printed tokens sit inside the state they belong to, so two installs (or a
// test's throwaway state) never overwrite each other's.
const stateDir = path.resolve(process.env.SHINCHOKU_STATE_DIR ?? path.join(root, '.wrangler/state'));
const persist = ['--persist-to', stateDir];
const protocol = options.https ? 'https' : 'http';
// Office loads add-ins from https://localhost (the name the dev certificate is issued for).
const baseUrl = options.https ? `https://localhost:${port}` : `http://127.0.0.1:${port}`;

// Offline and non-interactive (scripts/wrangler-env.ts).
const env = wranglerEnv();

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
  const plan = withGoalReporters(result.plan, DEMO_GOAL_REPORTER);
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
  const file = path.join(stateDir, 'demo-seed.sql');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${statements.map(renderSql).join('\n')}\n`);
  wrangler(['d1', 'execute', 'DB', '--local', ...persist, '--file', file], true);
  const fy = Math.max(...plan.cycles.map((c) => c.fiscalYear), plan.plan.period.startFy);
  return { users: issued, planId: plan.plan.id, fy };
}

function printWelcome(users: (DemoUser & { token: string })[], planId: string, fy: number): void {
  const tokensFile = path.join(stateDir, 'demo-tokens.json');
  writeFileSync(tokensFile, `${JSON.stringify({ baseUrl, planId, fiscalYear: fy, users }, null, 2)}\n`);
  const line = '─'.repeat(78);
  console.log(
    `\n${line}\nShinchoku demo: API tokens (new on every start; the previous ones are revoked)\n${line}`,
  );
  for (const u of users) console.log(`${u.role.padEnd(11)} ${u.id.padEnd(26)} ${u.token}`);
  const dept = users.find((u) => u.role === 'department');
  const coord = users.find((u) => u.role === 'coordinator');
  console.log(`\nTry it (once "Ready on ${protocol}://127.0.0.1:${port}" appears below):\n`);
  console.log(`  curl ${baseUrl}/api/health`);
  console.log(
    `  curl -H "Authorization: Bearer ${dept?.token}" \\\n    ${baseUrl}/api/plans/${planId}/cycles/${fy}/submissions/${dept?.departmentIds[0]}`,
  );
  console.log(
    `  curl -H "Authorization: Bearer ${coord?.token}" \\\n    ${baseUrl}/api/plans/${planId}/cycles/${fy}/status`,
  );
  const built = existsSync(path.join(root, BUILT_PANE));
  console.log(`\n  Task pane: ${baseUrl}/taskpane.html${built ? '' : '   (not built: run `npm run build`)'}`);
  const saved = tokensFile.startsWith(root) ? path.relative(root, tokensFile) : tokensFile;
  console.log(`  API description: ${baseUrl}/api/openapi.json   Tokens also in ${saved}\n${line}\n`);
}

/** wrangler dev's TLS options for --https, or one line saying how to get the certificate. */
function httpsArgs(): string[] {
  if (!options.https) return [];
  const dir = path.join(homedir(), '.office-addin-dev-certs');
  const key = path.join(dir, 'localhost.key');
  const cert = path.join(dir, 'localhost.crt');
  const missing = [key, cert].filter((f) => !existsSync(f));
  if (missing.length > 0) {
    console.error(
      `HTTPS の証明書がありません / No certificate for --https (${missing.join(', ')} missing): run \`npx office-addin-dev-certs install\` first.`,
    );
    process.exit(1);
  }
  return ['--local-protocol', 'https', '--https-key-path', key, '--https-cert-path', cert];
}

/**
 * CORS admits the origins this server serves the pane from (http or https, localhost and
 * 127.0.0.1 on this port), passed with --var: wrangler.toml's ALLOWED_ORIGINS is for production
 * and ships empty, so no development origin is ever deployed. Its entries, if any, are kept.
 */
function devAllowedOrigins(toml: string, scheme: string, onPort: string): string[] {
  const configured = (/^ALLOWED_ORIGINS\s*=\s*"([^"]*)"/m.exec(toml)?.[1] ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const served = [`${scheme}://localhost:${onPort}`, `${scheme}://127.0.0.1:${onPort}`];
  return [...configured, ...served.filter((o) => !configured.includes(o))];
}

function allowedOriginsArgs(): string[] {
  const toml = readFileSync(path.join(root, 'wrangler.toml'), 'utf8');
  return ['--var', `ALLOWED_ORIGINS:${devAllowedOrigins(toml, protocol, port).join(',')}`];
}

async function ensurePaneBuilt(): Promise<void> {
  // [assets] needs the directory even when nothing is built (--no-build on a fresh clone).
  mkdirSync(path.join(root, 'dist/addin'), { recursive: true });
  if (!options.build || !paneBuildIsStale(root)) return;
  console.log('Building the task pane…');
  try {
    await buildPane(root);
  } catch (error) {
    console.error(
      `\nThe task pane did not build: ${(error as Error).message}\n(\`npm start -- --no-build\` serves the API without it.)`,
    );
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const tls = httpsArgs();
  await ensurePaneBuilt();
  mkdirSync(stateDir, { recursive: true });
  console.log('Applying migrations to the local D1…');
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', ...persist], true);
  const { users, planId, fy } = await seed();
  printWelcome(users, planId, fy);
  const devArgs = ['dev', '--ip', '127.0.0.1', '--port', port, ...persist, ...tls, ...allowedOriginsArgs()];
  const dev = spawn(process.execPath, [wranglerBin, ...devArgs], { cwd: root, env, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => dev.kill(signal));
  dev.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

await main();
