/**
 * What the worker benchmarks share: wrangler run offline under the project's Node (binary and
 * environment from scripts/wrangler-env.ts), a free loopback port, and a `wrangler dev` started and
 * waited for until it answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort, root, wranglerBin, wranglerEnv } from '../../scripts/wrangler-env.ts';

export { freePort };

/** Starts `wrangler dev <args>` and resolves once `ready()` says it answers (60 s at most). */
export async function startWranglerDev(
  args: readonly string[],
  ready: () => Promise<boolean>,
): Promise<ChildProcess> {
  const dev = spawn(process.execPath, [wranglerBin, 'dev', ...args], {
    cwd: root,
    env: wranglerEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  dev.stdout?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  dev.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  for (let i = 0; i < 120; i++) {
    try {
      if (await ready()) return dev;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  dev.kill('SIGTERM');
  throw new Error(`wrangler dev did not start:\n${log}`);
}
