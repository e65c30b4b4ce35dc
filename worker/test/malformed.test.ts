import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, call, dump, sheetPath, type TestUser } from './helpers.ts';
import { malformed, type Site, site as s } from './malformed-bodies.ts';
import { indicatorId, makePlan, projectId } from './plan-factory.ts';

/**
 * Bad input: generated malformed bodies (broken JSON, wrong types, huge strings, deep nesting,
 * invalid notation, unknown fields) sent to every write endpoint. Each must get a 4xx problem
 * document — never a 5xx — and the database must be exactly as before.
 */

const PLAN = 'bad-plan';
const FY = 2021;
const PER_ENDPOINT = 72;
const users = {} as Record<'admin' | 'coord' | 'staff', TestUser>;
const plan = makePlan({ id: PLAN, projects: 3, kpis: 2, years: 3, departments: 2 });

interface Endpoint {
  method: string;
  path: string;
  as: keyof typeof users;
  base: Record<string, unknown>;
  sites: Site[];
  ifMatch?: boolean;
}

const SUB = sheetPath(PLAN, FY, 'dept-001');
const workflow = (action: string, as: keyof typeof users): Endpoint => ({
  method: 'POST',
  path: `${SUB}/${action}`,
  as,
  base: { comment: '確認しました' },
  sites: [s(['comment'], 'string', 2000)],
  // Approving and returning need the revision reviewed; without it the body would never be read.
  ifMatch: action === 'approve' || action === 'return',
});

const ENDPOINTS: Endpoint[] = [
  {
    method: 'POST',
    path: '/api/plans',
    as: 'admin',
    base: { ...plan, plan: { ...plan.plan, id: 'other-plan' } },
    sites: [
      s(['plan', 'id'], 'id', 64),
      s(['plan', 'title'], 'string', 400),
      s(['plan', 'period', 'startFy'], 'fy'),
      s(['departments'], 'array'),
      s(['departments', 0, 'name'], 'string', 200),
      s(['projects', 0, 'departmentIds', 0], 'id', 64),
      s(['projects', 0, 'indicators', 0, 'targets', 0, 'value'], 'decimal', 40),
      s(['projects', 0, 'indicators', 0, 'kind'], 'enum'),
      s(['projects', 0, 'period'], 'object'),
    ],
  },
  {
    method: 'POST',
    path: `/api/plans/${PLAN}/versions`,
    as: 'coord',
    base: {
      baseVersion: 1,
      label: '変更',
      changes: [{ indicatorId: indicatorId(0, 0), fiscalYear: 2022, value: '9' }],
    },
    sites: [
      s(['baseVersion'], 'int'),
      s(['label'], 'string', 200),
      s(['changes'], 'array'),
      s(['changes', 0, 'indicatorId'], 'id', 64),
      s(['changes', 0, 'fiscalYear'], 'fy'),
      s(['changes', 0, 'value'], 'nullableDecimal', 40),
    ],
  },
  {
    method: 'POST',
    path: `/api/plans/${PLAN}/cycles`,
    as: 'coord',
    base: { fiscalYear: 2022, label: '令和4年度末時点' },
    sites: [s(['fiscalYear'], 'fy'), s(['label'], 'string', 64)],
  },
  {
    method: 'POST',
    path: `/api/plans/${PLAN}/cycles/${FY}/lock`,
    as: 'coord',
    base: { comment: 'x' },
    sites: [s(['comment'], 'string', 2000)],
  },
  {
    method: 'POST',
    path: `/api/plans/${PLAN}/cycles/${FY}/unlock`,
    as: 'coord',
    base: { comment: 'x' },
    sites: [s(['comment'], 'string', 2000)],
  },
  {
    method: 'PATCH',
    path: SUB,
    as: 'staff',
    ifMatch: true,
    base: {
      actuals: [
        {
          indicatorId: indicatorId(0, 0),
          value: '5',
          period: 'R3年度',
          footnotes: [{ marker: '(※)', text: '速報値' }],
        },
      ],
      activities: [{ projectId: projectId(0), text: '・説明会' }],
    },
    sites: [
      s(['actuals'], 'array'),
      s(['actuals', 0], 'object'),
      s(['actuals', 0, 'indicatorId'], 'id', 64),
      s(['actuals', 0, 'value'], 'nullableDecimal', 40),
      s(['actuals', 0, 'period'], 'string', 64),
      s(['actuals', 0, 'footnotes'], 'array'),
      s(['actuals', 0, 'footnotes', 0, 'marker'], 'string', 16),
      s(['activities', 0, 'text'], 'string', 8000),
    ],
  },
  workflow('submit', 'staff'),
  workflow('approve', 'coord'),
  workflow('return', 'coord'),
  workflow('reopen', 'staff'),
  {
    method: 'POST',
    path: '/api/admin/departments',
    as: 'admin',
    base: { id: 'new-dept', name: '新しい課' },
    sites: [s(['id'], 'id', 64), s(['name'], 'string', 200)],
  },
  {
    method: 'PATCH',
    path: '/api/admin/departments/dept-001',
    as: 'admin',
    base: { name: '第1課' },
    sites: [s(['name'], 'string', 200)],
  },
  {
    method: 'POST',
    path: '/api/admin/users',
    as: 'admin',
    base: { id: 'new-user', displayName: '新人', role: 'department', departmentIds: ['dept-001'] },
    sites: [
      s(['id'], 'id', 64),
      s(['displayName'], 'string', 200),
      s(['role'], 'enum'),
      s(['departmentIds'], 'array'),
      s(['departmentIds', 0], 'id', 64),
    ],
  },
  {
    method: 'PATCH',
    path: '/api/admin/users/staff',
    as: 'admin',
    base: { displayName: '職員', departmentIds: ['dept-001'] },
    sites: [s(['displayName'], 'string', 200), s(['departmentIds'], 'array')],
  },
  {
    method: 'POST',
    path: '/api/admin/users/staff/tokens',
    as: 'admin',
    base: { label: 'excel' },
    sites: [s(['label'], 'string', 200)],
  },
];

beforeAll(async () => {
  users.admin = await addUser('admin', 'admin');
  expect((await call(users.admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
  users.coord = await addUser('coord', 'coordinator');
  users.staff = await addUser('staff', 'department', ['dept-001']);
  expect(
    (await call(users.coord.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear: FY })).status,
  ).toBe(201);
});

describe('malformed bodies', () => {
  it(`${ENDPOINTS.length} write endpoints × ${PER_ENDPOINT} bodies: all 4xx problem documents, database unchanged`, async () => {
    const before = await dump();
    const revision = (await call<{ submission: { revision: number } }>(users.staff.token, 'GET', SUB)).body
      .submission.revision;
    const seen = new Map<string, number>();
    let total = 0;
    for (const [i, e] of ENDPOINTS.entries()) {
      const bodies = fc.sample(malformed(e), { numRuns: PER_ENDPOINT, seed: 20261121 + i });
      for (const b of bodies) {
        const headers: Record<string, string> = e.ifMatch ? { 'If-Match': `"${revision}"` } : {};
        const res = await call(users[e.as].token, e.method, e.path, b.text, headers);
        const where = `${e.method} ${e.path} [${b.kind}] ${b.text.slice(0, 120)} → ${res.status} ${res.text.slice(0, 200)}`;
        expect(res.status >= 400 && res.status < 500, where).toBe(true);
        expect(res.headers.get('content-type'), where).toContain('application/problem+json');
        expect(res.body, where).toMatchObject({ status: res.status, code: expect.any(String) });
        const messages = res.body.messages as { ja: string; en: string };
        expect(messages.ja.length > 0 && messages.en.length > 0, where).toBe(true);
        seen.set(b.kind, (seen.get(b.kind) ?? 0) + 1);
        total++;
      }
    }
    expect(total).toBeGreaterThanOrEqual(1000);
    expect([...seen.keys()].sort()).toEqual(
      [
        'broken JSON',
        'deep body',
        'deep nesting',
        'huge string',
        'invalid notation',
        'truncated JSON',
        'unknown field',
        'wrong type',
      ].sort(),
    );
    expect(await dump()).toBe(before);
  });
});
