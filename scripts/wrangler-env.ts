/**
 * How the project runs wrangler locally: `npm start`, `npm run token`, the benchmarks and the
 * system, e2e and journey tests' worker all take the binary and the environment from here.
 * (`.ci/run` exports the same variables in its shell.)
 */
import { createServer } from 'node:net';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

/** wrangler's own entry point, run with `process.execPath` (the project's Node 24). */
export const wranglerBin = path.join(root, 'node_modules/wrangler/bin/wrangler.js');

/**
 * Offline and non-interactive: no telemetry or error reports, no cf.json download, no banner, and
 * CI=true answers the migrations prompt.
 */
export const WRANGLER_ENV = {
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  CI: 'true',
} as const;

/** This process's environment with {@link WRANGLER_ENV} (and `extra`, e.g. PORT) over it. */
export function wranglerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...WRANGLER_ENV, ...extra };
}

/** A loopback port nothing listens on now, for a `wrangler dev` (and its inspector) to take. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
