import { expect } from 'vitest';
import { call, sheetPath } from '../../system/harness/http.ts';
import {
  type DemoUser,
  type LocalWorker,
  root,
  startLocalWorker,
} from '../../system/harness/local-worker.ts';

/**
 * The real local worker for the e2e tests and the journey: the system tests' harness
 * (scripts/start.ts, as `npm start` runs it, on a free port with a fresh state directory, in a
 * process group of its own that an exit or signal hook kills; stop() removes the state directory).
 * The session (session.ts) builds the pane itself, so start.ts does not.
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
  const r = await call<T>(w.baseUrl, method, path, {
    token: user.token,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  return { status: r.status, body: r.body };
}

/**
 * The demo department's staff user, their sheet reopened by the demo coordinator: the demo cycle
 * arrives approved, so a test that edits a sheet starts from here.
 */
export async function demoStaffOnReopenedSheet(w: LocalWorker, departmentId: string): Promise<DemoUser> {
  const path = sheetPath(w.planId, w.fiscalYear, departmentId, '/reopen');
  const reopened = await api(w, w.user('demo-coordinator'), 'POST', path, {});
  expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
  return w.user(`demo-${departmentId}`);
}
