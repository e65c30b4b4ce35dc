import { expect } from 'vitest';
import type { PlanFileInput } from '../../../shared/schema/index.ts';
import { call } from './http.ts';
import type { LocalWorker } from './local-worker.ts';

/**
 * Through the API, as an administrator and a coordinator would: import a plan, open a report
 * cycle, register department staff and issue their API tokens.
 */
export async function importAndOpen(w: LocalWorker, plan: PlanFileInput, fiscalYear: number): Promise<void> {
  const admin = w.user('demo-admin').token;
  const imported = await call(w.baseUrl, 'POST', '/api/plans', { token: admin, body: plan });
  expect(imported.status, imported.text.slice(0, 1000)).toBe(201);
  const opened = await call(w.baseUrl, 'POST', `/api/plans/${plan.plan.id}/cycles`, {
    token: w.user('demo-coordinator').token,
    body: { fiscalYear },
  });
  expect(opened.status, opened.text.slice(0, 1000)).toBe(201);
}

/** A department user with a fresh API token (the secret, shown once). */
export async function staffToken(w: LocalWorker, userId: string, departmentIds: string[]): Promise<string> {
  const admin = w.user('demo-admin').token;
  const user = await call(w.baseUrl, 'POST', '/api/admin/users', {
    token: admin,
    body: { id: userId, displayName: `${userId} 担当`, role: 'department', departmentIds },
  });
  expect(user.status, user.text).toBe(201);
  const token = await call<{ token: string }>(w.baseUrl, 'POST', `/api/admin/users/${userId}/tokens`, {
    token: admin,
    body: { label: 'system test' },
  });
  expect(token.status, token.text).toBe(201);
  return token.body.token;
}
