import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, root, wranglerBin, wranglerEnv } from '../../../scripts/wrangler-env.ts';

/**
 * The real local worker for system tests and the load benchmark: `scripts/start.ts` (what
 * `npm start` runs: migrations, demo data, fresh API tokens, `wrangler dev`) on a free loopback port
 * with a fresh `--persist-to` state directory. Every process runs in a process group of its own, so
 * stopping or killing it ends start.ts, wrangler and workerd together and nothing else; a process
 * exit hook kills what is left if a test run dies before its afterAll.
 */
export { root };

export interface DemoUser {
  id: string;
  displayName: string;
  role: 'admin' | 'coordinator' | 'department';
  departmentIds: string[];
  token: string;
}

export interface LocalWorker {
  baseUrl: string;
  port: number;
  stateDir: string;
  planId: string;
  fiscalYear: number;
  users: DemoUser[];
  user(id: string): DemoUser;
  output(): string;
  /** SIGKILL of the whole process group, as a crash or a pulled plug would end it. */
  kill(): Promise<void>;
  /** `wrangler dev` again on the same port and state (no new seed: the tokens stay valid). */
  restart(extraArgs?: string[]): Promise<void>;
  /** SIGTERM (then SIGKILL after 5 s) and the state directory removed. */
  stop(): Promise<void>;
}

const live = new Set<number>();
const stateDirs = new Set<string>();
function killAll(): void {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of stateDirs) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // a process of the group still writing: leave the directory rather than fail the exit
    }
  }
}
process.once('exit', killAll);
// Ctrl-C or a runner's SIGTERM may end this process without 'exit' (a signal's default action, or
// vitest's watchdog SIGKILLing its workers right after): the detached groups would outlive it. So
// clean up at once, synchronously; then, if no one else handles the signal, let it end the process.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  const onSignal = () => {
    killAll();
    process.off(signal, onSignal);
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.on(signal, onSignal);
}

export { freePort };

interface Group {
  child: ChildProcess;
  exited: Promise<void>;
}

function spawnGroup(args: string[], env: Record<string, string>, log: (s: string) => void): Group {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: wranglerEnv(env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) live.add(child.pid);
  child.stdout?.on('data', (d: Buffer) => log(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString()));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      if (child.pid !== undefined) live.delete(child.pid);
      resolve();
    }),
  );
  return { child, exited };
}

async function endGroup(g: Group, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  const pid = g.child.pid;
  if (pid === undefined || g.child.exitCode !== null || g.child.signalCode !== null) return;
  try {
    process.kill(-pid, signal);
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }, 5000);
  await g.exited;
  clearTimeout(timer);
}

async function waitForHealth(baseUrl: string, g: Group, log: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (g.child.exitCode !== null) throw new Error(`the local worker exited:\n${log().slice(-4000)}`);
    try {
      // A bounded wait: a starting wrangler dev may accept the connection and not answer yet.
      if ((await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(10_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the local worker did not answer within ${timeoutMs / 1000} s:\n${log().slice(-4000)}`);
}

/** Starts the worker as `npm start` does, on a free port with a fresh state directory. */
export async function startLocalWorker(timeoutMs = 180_000): Promise<LocalWorker> {
  const port = await freePort();
  const stateDir = mkdtempSync(path.join(tmpdir(), 'shinchoku-system-'));
  stateDirs.add(stateDir);
  const baseUrl = `http://127.0.0.1:${port}`;
  let out = '';
  const log = (s: string) => {
    out = (out + s).slice(-200_000);
  };
  let group = spawnGroup(
    [path.join(root, 'scripts/start.ts')],
    // No task pane build as a side effect: tests that need the pane build it themselves.
    { PORT: String(port), SHINCHOKU_STATE_DIR: stateDir, SHINCHOKU_NO_BUILD: '1' },
    log,
  );
  try {
    await waitForHealth(baseUrl, group, () => out, timeoutMs);
  } catch (error) {
    await endGroup(group, 'SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
    stateDirs.delete(stateDir);
    throw error;
  }
  const seeded = JSON.parse(readFileSync(path.join(stateDir, 'demo-tokens.json'), 'utf8')) as {
    planId: string;
    fiscalYear: number;
    users: DemoUser[];
  };
  const worker: LocalWorker = {
    baseUrl,
    port,
    stateDir,
    planId: seeded.planId,
    fiscalYear: seeded.fiscalYear,
    users: seeded.users,
    user(id) {
      const u = seeded.users.find((x) => x.id === id);
      if (!u) throw new Error(`no demo user ${id}`);
      return u;
    },
    output: () => out,
    kill: () => endGroup(group, 'SIGKILL'),
    async restart(extraArgs = []) {
      await endGroup(group, 'SIGKILL');
      group = spawnGroup(
        [
          wranglerBin,
          'dev',
          '--ip',
          '127.0.0.1',
          '--port',
          String(port),
          '--persist-to',
          stateDir,
          // What scripts/start.ts passes: wrangler.toml ships no development origin.
          '--var',
          `ALLOWED_ORIGINS:http://localhost:${port},http://127.0.0.1:${port}`,
          ...extraArgs,
        ],
        {},
        log,
      );
      await waitForHealth(baseUrl, group, () => out, timeoutMs);
    },
    async stop() {
      await endGroup(group, 'SIGTERM');
      rmSync(stateDir, { recursive: true, force: true });
      stateDirs.delete(stateDir);
    },
  };
  return worker;
}

/** Rows from the local D1 of a state directory, read with `wrangler d1 execute --json`. */
export function queryD1<T>(stateDir: string, sql: string): T[] {
  const r = spawnSync(
    process.execPath,
    [wranglerBin, 'd1', 'execute', 'DB', '--local', '--persist-to', stateDir, '--json', '--command', sql],
    { cwd: root, env: wranglerEnv(), encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`wrangler d1 execute failed:\n${r.stdout}\n${r.stderr}`);
  const parsed = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as { results: T[] }[];
  return parsed.flatMap((x) => x.results);
}
