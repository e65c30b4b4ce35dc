import { beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../operations.ts';
import { addUser, call, type TestUser } from './helpers.ts';
import { indicatorId, makeActuals, makePlan, projectId } from './plan-factory.ts';

/**
 * Every route × every role, read from the roles the OpenAPI document declares: an allowed caller
 * never gets 401/403, anyone else gets 403. Department staff are tried on their own department
 * and on another one: another department's sheet or indicator answers 404, as if it did not exist
 * (worker/edges.test.ts compares those answers with the ones for ids that really do not exist).
 */

const PLAN = 'perm-plan';
const FY = 2021;
type Who = 'admin' | 'coordinator' | 'own department' | 'other department';
const users = {} as Record<Who, TestUser>;
let victimToken = '';

const params: Record<string, string> = {
  planId: PLAN,
  fy: String(FY),
  departmentId: 'dept-001',
  indicatorId: indicatorId(0, 0),
  userId: 'victim',
  tokenId: '',
};

const plan = makePlan({ id: PLAN, projects: 3, kpis: 2, years: 3, departments: 3 });

/** A valid body for each write, so that only the caller decides the outcome. */
function bodyFor(method: string, path: string): unknown {
  const key = `${method} ${path}`;
  const bodies: Record<string, unknown> = {
    'POST /api/plans': {
      ...plan,
      plan: { ...plan.plan, id: `copy-${Math.random().toString(36).slice(2, 8)}` },
    },
    'POST /api/plans/{planId}/versions': {
      baseVersion: 1,
      changes: [{ indicatorId: indicatorId(0, 0), fiscalYear: 2022, value: '12' }],
    },
    'POST /api/plans/{planId}/cycles': { fiscalYear: 2022 },
    'PATCH /api/plans/{planId}/cycles/{fy}/submissions/{departmentId}': {
      actuals: makeActuals([0], 2, Date.now() % 1000),
    },
    'POST /api/plans/{planId}/cycles/{fy}/submissions/{departmentId}/return': { comment: '確認してください' },
    'POST /api/admin/departments': { id: `d-${Math.random().toString(36).slice(2, 8)}`, name: '新しい課' },
    'PATCH /api/admin/departments/{departmentId}': { name: '第1課' },
    'POST /api/admin/users': { displayName: '新人', role: 'department', departmentIds: ['dept-002'] },
    'PATCH /api/admin/users/{userId}': { displayName: '被験者' },
    'POST /api/admin/users/{userId}/tokens': { label: 'matrix' },
  };
  return bodies[key];
}

async function requestAs(who: Who, op: (typeof OPERATIONS)[number]) {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? name);
  const headers: Record<string, string> = {};
  if (op.headers?.includes('If-Match') && op.path.includes('/submissions/')) {
    const sheetPath = path.replace(/\/(approve|return)$/, '');
    const sheet = await call<{ submission: { revision: number } }>(users.coordinator.token, 'GET', sheetPath);
    headers['If-Match'] = `"${sheet.body.submission.revision}"`;
  }
  return call(
    users[who].token,
    op.method.toUpperCase(),
    path,
    bodyFor(op.method.toUpperCase(), op.path),
    headers,
  );
}

type Verdict = 'allowed' | 403 | 404;

function expected(who: Who, op: (typeof OPERATIONS)[number]): Verdict {
  if (op.roles === 'public') return 'allowed';
  if (who === 'admin' || who === 'coordinator') return op.roles.includes(who) ? 'allowed' : 403;
  const departmentScoped =
    op.path.includes('/submissions/{departmentId}') || op.path.includes('/indicators/{indicatorId}');
  // Reach before role: another department's sheet is not there for them, whatever the action.
  if (departmentScoped && who === 'other department') return 404;
  return op.roles.includes('department') ? 'allowed' : 403;
}

beforeAll(async () => {
  users.admin = await addUser('admin', 'admin');
  expect((await call(users.admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
  users.coordinator = await addUser('coord', 'coordinator');
  users['own department'] = await addUser('own', 'department', ['dept-001']);
  users['other department'] = await addUser('other', 'department', ['dept-002']);
  victimToken = (await addUser('victim', 'department', ['dept-003'])).token;
  expect(
    (await call(users.coordinator.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear: FY })).status,
  ).toBe(201);
  const tokens = await call<{ tokens: { id: string }[] }>(
    users.admin.token,
    'GET',
    '/api/admin/tokens?userId=victim',
  );
  params.tokenId = tokens.body.tokens[0]?.id ?? '';
});

describe('route × role', () => {
  const whos: Who[] = ['admin', 'coordinator', 'own department', 'other department'];
  for (const op of OPERATIONS.filter((o) => o.roles !== 'public')) {
    it(`${op.method.toUpperCase()} ${op.path}`, async () => {
      for (const who of whos) {
        const res = await requestAs(who, op);
        const verdict = `${who}: ${res.status} ${String(res.body?.code ?? '')}`;
        const want = expected(who, op);
        if (want === 'allowed') expect(verdict).not.toMatch(/: 40[134] /);
        else if (want === 404) expect(verdict).toBe(`${who}: 404 not_found`);
        else {
          expect(verdict).toBe(`${who}: 403 ${String(res.body?.code)}`);
          expect(res.body?.code).toBe('forbidden');
        }
      }
    });
  }

  it('a department user reaches another department’s data through no route', async () => {
    const other = users['other department'].token;
    const sheet = `/api/plans/${PLAN}/cycles/${FY}/submissions/dept-001`;
    for (const [method, path, body] of [
      ['GET', sheet, undefined],
      ['PATCH', sheet, { actuals: makeActuals([0], 1) }],
      ['GET', `${sheet}/history`, undefined],
      ['POST', `${sheet}/submit`, undefined],
      ['POST', `${sheet}/reopen`, undefined],
      ['GET', `/api/plans/${PLAN}/indicators/${indicatorId(0, 1)}/history`, undefined],
    ] as const) {
      const res = await call(other, method, path, body, { 'If-Match': '"0"' });
      expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 404`);
      // Nothing of theirs but the ids asked for (echoed in the message).
      expect(res.text.replaceAll(indicatorId(0, 1), '{id}')).not.toContain(projectId(0));
    }
  });

  for (const op of OPERATIONS.filter((o) => o.roles === 'public')) {
    it(`${op.method.toUpperCase()} ${op.path} answers without a token, and to anyone`, async () => {
      expect((await call(null, op.method.toUpperCase(), op.path)).status).toBe(200);
      for (const who of whos) expect(`${who}: ${(await requestAs(who, op)).status}`).toBe(`${who}: 200`);
    });
  }

  it('the revoked token of the matrix no longer works', async () => {
    expect((await call(victimToken, 'GET', '/api/me')).status).toBe(401);
  });
});
