import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The real local worker for the end-to-end test, started the way `npm start` starts it
 * (scripts/start.ts: migrations, demo data, fresh API tokens, `wrangler dev`), on a free port with
 * a fresh state directory, so the test never touches a developer's data.
 */
export interface DemoUser {
  role: 'admin' | 'coordinator' | 'department';
  id: string;
  token: string;
}

export interface LocalWorker {
  baseUrl: string;
  users: DemoUser[];
  output(): string;
  stop(): Promise<void>;
}

export const root = resolve(import.meta.dirname, '../../..');

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForHealth(
  baseUrl: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the local worker exited (${child.exitCode}):\n${log().slice(-4000)}`);
    try {
      const r = await fetch(`${baseUrl}/api/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `the local worker did not answer /api/health within ${timeoutMs / 1000} s:\n${log().slice(-4000)}`,
  );
}

export async function startWorker(timeoutMs = 180_000): Promise<LocalWorker> {
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'shinchoku-e2e-state-'));
  let out = '';
  const child = spawn(join(root, 'node_modules/.bin/node'), [join(root, 'scripts/start.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), SHINCHOKU_STATE_DIR: state, CI: 'true' },
    // Its own process group: stop() ends start.ts, wrangler and workerd together, and nothing else.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(state, { recursive: true, force: true });
  };
  try {
    await waitForHealth(baseUrl, child, () => out, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  const users = [...out.matchAll(/^(admin|coordinator|department)\s+(\S+)\s+(\S+)\s*$/gm)].map((m) => ({
    role: m[1] as DemoUser['role'],
    id: m[2]!,
    token: m[3]!,
  }));
  if (users.length === 0) {
    await stop();
    throw new Error(`no demo tokens in the output of scripts/start.ts:\n${out.slice(-4000)}`);
  }
  return { baseUrl, users, output: () => out, stop };
}

/** A call to the API as one of the demo users (the test's own checks of what the server holds). */
export async function api<T = unknown>(
  w: LocalWorker,
  user: DemoUser,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const r = await fetch(`${w.baseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${user.token}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, body: (await r.json().catch(() => null)) as T };
}
