import {
  type DemoUser,
  type LocalWorker,
  root,
  startLocalWorker,
} from '../../system/harness/local-worker.ts';

/**
 * The real local worker for the end-to-end test: the system tests' harness (scripts/start.ts, as
 * `npm start` runs it, on a free port with a fresh state directory, in a process group of its own
 * that an exit or signal hook kills; stop() removes the state directory). The test builds the pane
 * itself, so start.ts does not.
 */
export type { DemoUser, LocalWorker };
export { root };

export function startWorker(timeoutMs?: number): Promise<LocalWorker> {
  return startLocalWorker(timeoutMs);
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
