import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, GoalAssignment, ImportUsersResponse, RemindersResponse } from '../../shared/api.ts';
import type { PlanFileInput } from '../../shared/schema/index.ts';
import { addUser, call, count, db, dump, sheetPath, type TestUser } from './helpers.ts';
import { deptId, indicatorId, makeActuals, makePlan } from './plan-factory.ts';

/**
 * The coordinator's console over HTTP: every new route × role (allowed → 2xx; a role without the
 * permission → 403; a department asking about a plan it has no project in → 404, as worker/README.md
 * "Who sees what" says), the admin history of every administrative action (who, when, what), archive
 * and delete refused while departments have worked on a plan, users from CSV (bad lines by line,
 * nothing half-written), deactivation, deadlines, reminders and goal indicators' departments.
 */

const FY = 2021;
type Who = 'admin' | 'coordinator' | 'own department' | 'other department';
const u = {} as Record<Who, TestUser>;

/** A plan with 3 departments, 2 KPIs per project and one goal of two indicators. */
function planWithGoals(id: string): PlanFileInput {
  const plan = makePlan({ id, projects: 3, kpis: 2, years: 3, departments: 3 });
  return {
    ...plan,
    goals: [
      {
        id: 'g1',
        number: 1,
        title: '活力ある地域をつくる',
        indicators: [
          {
            id: 'g1-pop',
            number: 1,
            name: '転入者数',
            unit: '人',
            kind: 'level',
            targets: [{ fiscalYear: 2023, value: '500' }],
          },
          { id: 'g1-jobs', number: 2, name: '新規雇用', unit: '人', kind: 'level', targets: [] },
        ],
      },
    ],
  };
}

async function importPlan(id: string, who: TestUser = u.admin): Promise<void> {
  const r = await call(who.token, 'POST', '/api/plans', planWithGoals(id));
  expect(r.status, r.text).toBe(201);
}

async function openCycle(planId: string, body: Record<string, unknown> = { fiscalYear: FY }): Promise<void> {
  const r = await call(u.coordinator.token, 'POST', `/api/plans/${planId}/cycles`, body);
  expect(r.status, r.text).toBe(201);
}

async function audit(who: TestUser = u.admin, query = '') {
  const r = await call<{ entries: AuditEntry[] }>(who.token, 'GET', `/api/audit${query}`);
  expect(r.status, r.text).toBe(200);
  return r.body.entries;
}

beforeAll(async () => {
  u.admin = await addUser('c-admin', 'admin');
  u.coordinator = await addUser('c-coord', 'coordinator');
  await importPlan('console-main');
  u['own department'] = await addUser('c-own', 'department', [deptId(0)]);
  // A department with no project in any plan of this file: every plan is outside its reach.
  await db.prepare("INSERT INTO departments (id, name) VALUES ('elsewhere-ka', '他の課')").run();
  u['other department'] = await addUser('c-other', 'department', ['elsewhere-ka']);
  await openCycle('console-main', { fiscalYear: FY, deadline: '2026-06-30' });
});

describe('every new route × role', () => {
  // For each route: the roles allowed (shared/roles.ts), and a request that succeeds for them.
  const allowedFor = (roles: readonly string[], who: Who) =>
    who === 'admin' || who === 'coordinator' ? roles.includes(who) : roles.includes('department');

  type Case = {
    name: string;
    roles: readonly ('admin' | 'coordinator' | 'department')[];
    /** A fresh request per caller (destructive routes get a plan of their own). */
    request: (who: Who) => Promise<{ method: string; path: string; body?: unknown }>;
    /** Department staff outside the plan: 404 (the plan is not there for them). */
    planScoped: boolean;
  };
  let n = 0;
  const freshPlan = async () => {
    const id = `console-fresh-${++n}`;
    await importPlan(id);
    return id;
  };
  const cases: Case[] = [
    {
      name: 'GET /api/plans?archived=include',
      roles: ['admin', 'coordinator', 'department'],
      request: async () => ({ method: 'GET', path: '/api/plans?archived=include' }),
      planScoped: false,
    },
    {
      name: 'PATCH /api/plans/{planId} (archive)',
      roles: ['admin', 'coordinator'],
      request: async () => ({
        method: 'PATCH',
        path: `/api/plans/${await freshPlan()}`,
        body: { archived: true },
      }),
      planScoped: true,
    },
    {
      name: 'DELETE /api/plans/{planId}',
      roles: ['admin', 'coordinator'],
      request: async () => {
        const id = await freshPlan();
        return { method: 'DELETE', path: `/api/plans/${id}?confirm=${id}` };
      },
      planScoped: true,
    },
    {
      name: 'GET /api/plans/{planId}/goal-assignments',
      roles: ['admin', 'coordinator'],
      request: async () => ({ method: 'GET', path: '/api/plans/console-main/goal-assignments' }),
      planScoped: true,
    },
    {
      name: 'PATCH /api/plans/{planId}/goal-assignments',
      roles: ['admin', 'coordinator'],
      request: async () => ({
        method: 'PATCH',
        path: '/api/plans/console-main/goal-assignments',
        body: { assignments: [{ indicatorId: 'g1-jobs', departmentId: deptId(2) }] },
      }),
      planScoped: true,
    },
    {
      name: 'POST /api/plans/{planId}/versions?dryRun=true',
      roles: ['admin', 'coordinator'],
      request: async () => ({
        method: 'POST',
        path: '/api/plans/console-main/versions?dryRun=true',
        body: {
          baseVersion: 1,
          changes: [{ indicatorId: indicatorId(0, 0), fiscalYear: 2022, value: '99' }],
        },
      }),
      planScoped: true,
    },
    {
      name: 'PATCH /api/plans/{planId}/cycles/{fy}',
      roles: ['admin', 'coordinator'],
      request: async () => ({
        method: 'PATCH',
        path: `/api/plans/console-main/cycles/${FY}`,
        body: { deadline: '2026-06-30' },
      }),
      planScoped: true,
    },
    {
      name: 'GET /api/plans/{planId}/cycles/{fy}/reminders',
      roles: ['coordinator'],
      request: async () => ({ method: 'GET', path: `/api/plans/console-main/cycles/${FY}/reminders` }),
      planScoped: true,
    },
    {
      name: 'POST /api/admin/users/import (dryRun)',
      roles: ['admin'],
      request: async () => ({
        method: 'POST',
        path: '/api/admin/users/import',
        body: { csv: `表示名,役割,担当課\n確認 太郎,担当課,${deptId(1)}\n`, dryRun: true },
      }),
      planScoped: false,
    },
    {
      name: 'PATCH /api/admin/departments/{departmentId} (deactivate)',
      roles: ['admin'],
      request: async () => {
        const id = `spare-${++n}`;
        await call(u.admin.token, 'POST', '/api/admin/departments', { id, name: `予備${n}課` });
        return { method: 'PATCH', path: `/api/admin/departments/${id}`, body: { active: false } };
      },
      planScoped: false,
    },
    {
      name: 'GET /api/audit',
      roles: ['admin', 'coordinator'],
      request: async () => ({ method: 'GET', path: '/api/audit?limit=5' }),
      planScoped: false,
    },
  ];

  for (const c of cases)
    it(c.name, async () => {
      for (const who of ['admin', 'coordinator', 'own department', 'other department'] as Who[]) {
        const r = await c.request(who);
        const res = await call(u[who].token, r.method, r.path, r.body);
        const verdict = `${who}: ${res.status} ${String((res.body as { code?: string } | null)?.code ?? '')}`;
        if (allowedFor(c.roles, who)) expect(res.status, `${verdict} ${res.text}`).toBeLessThan(300);
        else if (who === 'other department' && c.planScoped) expect(verdict).toBe(`${who}: 404 not_found`);
        else expect(verdict).toBe(`${who}: 403 forbidden`);
      }
    });
});

describe('the history of administrative actions', () => {
  it('records every action with who, when and what, newest first', async () => {
    const t0 = new Date().toISOString();
    const admin = u.admin;
    await call(admin.token, 'POST', '/api/admin/departments', { id: 'audit-ka', name: '監査課' });
    await call(admin.token, 'PATCH', '/api/admin/departments/audit-ka', { name: '監査室' });
    await call(admin.token, 'PATCH', '/api/admin/departments/audit-ka', { active: false });
    await call(admin.token, 'PATCH', '/api/admin/departments/audit-ka', { active: true });
    await call(admin.token, 'POST', '/api/admin/users', {
      id: 'audit-user',
      displayName: '監査 一郎',
      role: 'department',
      departmentIds: ['audit-ka'],
    });
    await call(admin.token, 'PATCH', '/api/admin/users/audit-user', { displayName: '監査 一朗' });
    const token = await call<{ id: string }>(admin.token, 'POST', '/api/admin/users/audit-user/tokens', {
      label: 'Excel',
    });
    await call(admin.token, 'DELETE', `/api/admin/tokens/${token.body.id}`);
    await call(admin.token, 'PATCH', '/api/admin/users/audit-user', { active: false });
    await importPlan('audit-plan', u.coordinator);
    await call(u.coordinator.token, 'PATCH', '/api/plans/audit-plan/goal-assignments', {
      assignments: [{ indicatorId: 'g1-pop', departmentId: deptId(0) }],
    });
    await call(u.coordinator.token, 'POST', '/api/plans/audit-plan/versions', {
      baseVersion: 1,
      label: '令和4年3月変更',
      changes: [{ indicatorId: indicatorId(0, 0), fiscalYear: 2022, value: '77' }],
    });
    await call(admin.token, 'POST', '/api/plans/audit-plan/cycles', {
      fiscalYear: 2022,
      deadline: '2026-07-31',
    });
    await call(u.coordinator.token, 'PATCH', '/api/plans/audit-plan/cycles/2022', { deadline: '2026-08-07' });
    await call(u.coordinator.token, 'POST', '/api/plans/audit-plan/cycles/2022/lock', { comment: '締切' });
    await call(u.coordinator.token, 'POST', '/api/plans/audit-plan/cycles/2022/unlock', {});
    await call(u.coordinator.token, 'POST', '/api/plans/audit-plan/cycles/2022/unlock', {}); // no change
    await call(admin.token, 'PATCH', '/api/plans/audit-plan', { archived: true });
    await call(admin.token, 'PATCH', '/api/plans/audit-plan', { archived: false });
    await importPlan('audit-gone', u.coordinator);
    await call(admin.token, 'DELETE', '/api/plans/audit-gone?confirm=audit-gone');

    const entries = (await audit(u.coordinator, '?limit=100')).filter((e) => e.at >= t0).reverse();
    expect(entries.map((e) => [e.action, e.targetId, e.userId])).toEqual([
      ['department.add', 'audit-ka', 'c-admin'],
      ['department.rename', 'audit-ka', 'c-admin'],
      ['department.deactivate', 'audit-ka', 'c-admin'],
      ['department.activate', 'audit-ka', 'c-admin'],
      ['user.add', 'audit-user', 'c-admin'],
      ['user.change', 'audit-user', 'c-admin'],
      ['token.issue', token.body.id, 'c-admin'],
      ['token.revoke', token.body.id, 'c-admin'],
      ['user.deactivate', 'audit-user', 'c-admin'],
      ['plan.import', 'audit-plan', 'c-coord'],
      ['goal.assign', 'g1-pop', 'c-coord'],
      ['targets.revise', 'audit-plan', 'c-coord'],
      ['cycle.open', 'audit-plan/2022', 'c-admin'],
      ['cycle.deadline', 'audit-plan/2022', 'c-coord'],
      ['cycle.lock', 'audit-plan/2022', 'c-coord'],
      ['cycle.unlock', 'audit-plan/2022', 'c-coord'],
      ['plan.archive', 'audit-plan', 'c-admin'],
      ['plan.restore', 'audit-plan', 'c-admin'],
      ['plan.import', 'audit-gone', 'c-coord'],
      ['plan.delete', 'audit-gone', 'c-admin'],
    ]);
    // Who (with their name), when, and what changed.
    for (const e of entries) {
      expect(Date.parse(e.at)).toBeGreaterThanOrEqual(Date.parse(t0));
      expect(e.userName).toMatch(/さん$/);
      expect(e.requestId).toMatch(/[0-9a-f-]{36}/);
    }
    const byAction = (a: string) => entries.find((e) => e.action === a)!;
    expect(byAction('department.rename')).toMatchObject({
      before: { name: '監査課' },
      after: { name: '監査室', active: true },
    });
    expect(byAction('user.deactivate')).toMatchObject({ before: { active: true }, after: { active: false } });
    expect(byAction('goal.assign')).toMatchObject({
      planId: 'audit-plan',
      before: { departmentId: null },
      after: { departmentId: deptId(0) },
    });
    expect(byAction('targets.revise').after).toMatchObject({
      version: 2,
      label: '令和4年3月変更',
      changed: 1,
    });
    expect(byAction('cycle.deadline')).toMatchObject({
      fiscalYear: 2022,
      before: { deadline: '2026-07-31' },
      after: { deadline: '2026-08-07' },
    });
    expect(byAction('cycle.lock').after).toEqual({ locked: true, comment: '締切' });
    expect(byAction('plan.delete').before).toEqual({ title: 'テスト計画' });
    // No secret in the history: a token's row names the user and label only.
    expect(JSON.stringify(entries)).not.toMatch(/shk_/);
    // A plan's entries alone.
    expect((await audit(u.admin, '?planId=audit-gone')).map((e) => e.action)).toEqual([
      'plan.delete',
      'plan.import',
    ]);
  });

  it('the history is append-only', async () => {
    await expect(db.prepare('DELETE FROM admin_history').run()).rejects.toThrow(/append-only/);
    await expect(db.prepare("UPDATE admin_history SET action = 'x'").run()).rejects.toThrow(/append-only/);
  });

  it('department staff do not see it', async () => {
    const r = await call(u['own department'].token, 'GET', '/api/audit');
    expect(r.status).toBe(403);
  });
});

describe('archive and delete', () => {
  it('an archived plan leaves every selector but stays readable, and comes back', async () => {
    await importPlan('archive-me');
    await call(u.coordinator.token, 'POST', '/api/plans/archive-me/cycles', { fiscalYear: FY });
    const listed = async (q = '') =>
      (
        await call<{ plans: { id: string; archived: boolean }[] }>(
          u.coordinator.token,
          'GET',
          `/api/plans${q}`,
        )
      ).body.plans;
    expect((await listed()).some((p) => p.id === 'archive-me')).toBe(true);
    expect(
      (await call(u.coordinator.token, 'PATCH', '/api/plans/archive-me', { archived: true })).body,
    ).toEqual({
      planId: 'archive-me',
      archived: true,
    });
    expect((await listed()).some((p) => p.id === 'archive-me')).toBe(false);
    expect((await listed('?archived=include')).find((p) => p.id === 'archive-me')?.archived).toBe(true);
    // Department staff of the plan do not see it in their list either.
    const staff = (await call<{ plans: { id: string }[] }>(u['own department'].token, 'GET', '/api/plans'))
      .body;
    expect(staff.plans.some((p) => p.id === 'archive-me')).toBe(false);
    expect((await call(u.coordinator.token, 'GET', '/api/plans/archive-me')).status).toBe(200);
    await call(u.coordinator.token, 'PATCH', '/api/plans/archive-me', { archived: false });
    expect((await listed()).find((p) => p.id === 'archive-me')?.archived).toBe(false);
  });

  it('refuses to delete or archive while departments have worked in an open cycle; nothing changes', async () => {
    await importPlan('in-use');
    await call(u.coordinator.token, 'POST', '/api/plans/in-use/cycles', { fiscalYear: FY });
    const sheet = sheetPath('in-use', FY, deptId(0));
    const read = await call<{ submission: { revision: number } }>(u.coordinator.token, 'GET', sheet);
    const saved = await call(
      u['own department'].token,
      'PATCH',
      sheet,
      { actuals: makeActuals([0], 2) },
      {
        'If-Match': `"${read.body.submission.revision}"`,
      },
    );
    expect(saved.status, saved.text).toBe(200);

    const before = await dump();
    const deleted = await call(u.admin.token, 'DELETE', '/api/plans/in-use?confirm=in-use');
    expect(deleted.status).toBe(409);
    expect(deleted.body.code).toBe('plan_has_values');
    const archived = await call(u.admin.token, 'PATCH', '/api/plans/in-use', { archived: true });
    expect(archived.status).toBe(409);
    expect(archived.body.code).toBe('plan_in_use');
    expect(await dump()).toBe(before);

    // Locked, the cycle's work is done: the plan can be archived, still not deleted.
    await call(u.coordinator.token, 'POST', `/api/plans/in-use/cycles/${FY}/lock`, {});
    expect((await call(u.admin.token, 'PATCH', '/api/plans/in-use', { archived: true })).status).toBe(200);
    expect((await call(u.admin.token, 'DELETE', '/api/plans/in-use?confirm=in-use')).status).toBe(409);
    expect(await count('plans', 'id = ?', 'in-use')).toBe(1);
  });

  it('deletes a plan nobody worked on, all of it, only with its id confirmed; the history stays', async () => {
    await importPlan('mistake');
    await call(u.coordinator.token, 'POST', '/api/plans/mistake/cycles', { fiscalYear: FY });
    const noConfirm = await call(u.admin.token, 'DELETE', '/api/plans/mistake');
    expect(noConfirm.status).toBe(400);
    expect(noConfirm.body.code).toBe('confirm_required');
    expect((await call(u.admin.token, 'DELETE', '/api/plans/mistake?confirm=other')).status).toBe(400);
    expect((await call(u.admin.token, 'DELETE', '/api/plans/mistake?confirm=mistake')).status).toBe(204);
    for (const table of [
      'plans',
      'plan_versions',
      'goals',
      'projects',
      'indicators',
      'targets',
      'cycles',
      'submissions',
      'goal_indicator_departments',
    ])
      expect(await count(table, table === 'plans' ? 'id = ?' : 'plan_id = ?', 'mistake'), table).toBe(0);
    expect(await count('history', 'plan_id = ?', 'mistake')).toBeGreaterThan(0);
    expect((await call(u.admin.token, 'GET', '/api/plans/mistake')).status).toBe(404);
    // The id can be used again.
    await importPlan('mistake');
  });
});

describe('users from a CSV file', () => {
  const header = '利用者ID,表示名,役割,担当課,メール';

  it('previews, then creates every user in one batch with tokens shown once', async () => {
    const csv = `${header}\r\ncsv-a,一括 一郎,担当課,${deptId(0)},ichiro@example.jp\r\ncsv-b,一括 二郎,取りまとめ担当,,\r\n`;
    const before = await dump();
    const preview = await call<ImportUsersResponse>(u.admin.token, 'POST', '/api/admin/users/import', {
      csv,
      dryRun: true,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.problems).toEqual([]);
    expect(preview.body.users.map((x) => [x.line, x.user.id])).toEqual([
      [2, 'csv-a'],
      [3, 'csv-b'],
    ]);
    expect(await dump()).toBe(before);

    const done = await call<ImportUsersResponse>(u.admin.token, 'POST', '/api/admin/users/import', {
      csv,
      issueTokens: true,
    });
    expect(done.status, done.text).toBe(201);
    expect(done.body.created.map((x) => [x.id, x.role, x.departmentIds])).toEqual([
      ['csv-a', 'department', [deptId(0)]],
      ['csv-b', 'coordinator', []],
    ]);
    expect(done.body.tokens).toHaveLength(2);
    const me = await call<{ userId: string }>(done.body.tokens[0]!.token, 'GET', '/api/me');
    expect(me.body.userId).toBe('csv-a');
    const entries = await audit();
    expect(
      entries.filter((e) => e.action === 'user.add' && ['csv-a', 'csv-b'].includes(e.targetId)),
    ).toHaveLength(2);
    expect(
      entries.filter((e) => e.action === 'token.issue' && (e.after as { userId: string }).userId === 'csv-b'),
    ).toHaveLength(1);
  });

  it('reports every bad line by its number and creates nobody', async () => {
    const csv = [
      header,
      `csv-ok,正しい 行,担当課,${deptId(1)},`,
      'csv-a,既存,担当課,dept-001,', // taken by the test above
      'csv-x,未知の課,担当課,ない課,',
      `csv-y,役割違い,係長,${deptId(1)},`,
      `csv-z,メール違い,担当課,${deptId(1)},not-mail`,
    ].join('\n');
    const before = await dump();
    const r = await call<{
      code: string;
      lineProblems: { line: number; column: string; message: { ja: string } }[];
    }>(u.admin.token, 'POST', '/api/admin/users/import', { csv });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('users_import_invalid');
    expect(r.body.lineProblems.map((p) => [p.line, p.column])).toEqual([
      [3, 'id'],
      [4, 'departments'],
      [5, 'role'],
      [6, 'email'],
    ]);
    expect(r.body.lineProblems[0]!.message.ja).toMatch(/^3行目「利用者ID」: /);
    expect(await dump()).toBe(before);
    expect(await count('users', 'id = ?', 'csv-ok')).toBe(0);
  });
});

describe('deactivation', () => {
  it('a deactivated user can no longer sign in; their tokens are revoked', async () => {
    const staff = await addUser('c-leaving', 'department', [deptId(1)]);
    expect((await call(staff.token, 'GET', '/api/me')).status).toBe(200);
    const r = await call<{ active: boolean }>(u.admin.token, 'PATCH', '/api/admin/users/c-leaving', {
      active: false,
    });
    expect(r.body.active, r.text).toBe(false);
    expect((await call(staff.token, 'GET', '/api/me')).status).toBe(401);
    expect(await count('api_tokens', 'user_id = ? AND revoked_at IS NULL', 'c-leaving')).toBe(0);
    const again = await call(u.admin.token, 'POST', '/api/admin/users/c-leaving/tokens', { label: 'x' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('user_inactive');
    await call(u.admin.token, 'PATCH', '/api/admin/users/c-leaving', { active: true });
    expect(
      (await call(u.admin.token, 'POST', '/api/admin/users/c-leaving/tokens', { label: 'x' })).status,
    ).toBe(201);
  });

  it('an administrator cannot lock themself out: not deactivated, not demoted, by themself; nothing changes', async () => {
    const self = await addUser('c-self-admin', 'admin');
    const other = await addUser('c-other-admin', 'admin');
    const before = await dump();
    for (const body of [
      { active: false },
      { role: 'coordinator' },
      { role: 'department', departmentIds: [deptId(0)] },
      { displayName: '自分', active: false },
    ]) {
      const r = await call(self.token, 'PATCH', '/api/admin/users/c-self-admin', body);
      expect(r.status, `${JSON.stringify(body)}: ${r.text}`).toBe(409);
      expect(r.body.code).toBe('self_lockout');
      const messages = r.body.messages as { ja: string; en: string };
      expect(messages.ja).toMatch(/^自分自身の.+ほかの管理者に依頼してください。$/);
      expect(messages.en).toMatch(/^You cannot .+ your own .+Ask another administrator\.$/);
    }
    expect(await dump()).toBe(before);
    expect((await call(self.token, 'GET', '/api/me')).status).toBe(200);
    // What does not lock them out goes through: their own name, their role kept as it is.
    const renamed = await call<{ displayName: string }>(
      self.token,
      'PATCH',
      '/api/admin/users/c-self-admin',
      {
        displayName: '管理者（本人）',
        role: 'admin',
        active: true,
      },
    );
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.displayName).toBe('管理者（本人）');
    // Another administrator may do either, as ever.
    const demoted = await call<{ role: string }>(other.token, 'PATCH', '/api/admin/users/c-self-admin', {
      role: 'coordinator',
    });
    expect(demoted.body.role, demoted.text).toBe('coordinator');
    const off = await call<{ active: boolean }>(other.token, 'PATCH', '/api/admin/users/c-self-admin', {
      active: false,
    });
    expect(off.body.active, off.text).toBe(false);
    expect((await call(self.token, 'GET', '/api/me')).status).toBe(401);
  });

  it('a deactivated department is listed as such and cannot be given to anyone', async () => {
    await call(u.admin.token, 'POST', '/api/admin/departments', { id: 'closed-ka', name: '廃止課' });
    await call(u.admin.token, 'PATCH', '/api/admin/departments/closed-ka', { active: false });
    const list = await call<{ departments: { id: string; active: boolean }[] }>(
      u.admin.token,
      'GET',
      '/api/admin/departments',
    );
    expect(list.body.departments.find((d) => d.id === 'closed-ka')?.active).toBe(false);
    const r = await call(u.admin.token, 'POST', '/api/admin/users', {
      displayName: 'x',
      role: 'department',
      departmentIds: ['closed-ka'],
    });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('department_inactive');
    const g = await call(u.coordinator.token, 'PATCH', '/api/plans/console-main/goal-assignments', {
      assignments: [{ indicatorId: 'g1-pop', departmentId: 'closed-ka' }],
    });
    expect(g.body.code).toBe('department_inactive');
  });
});

describe('deadlines and reminders', () => {
  it('a cycle opens with its deadline, which can change; the cycle list carries it', async () => {
    const cycles = await call<{ cycles: { fiscalYear: number; deadline: string | null }[] }>(
      u.coordinator.token,
      'GET',
      '/api/plans/console-main/cycles',
    );
    expect(cycles.body.cycles.find((c) => c.fiscalYear === FY)?.deadline).toBe('2026-06-30');
    const bad = await call(u.coordinator.token, 'PATCH', `/api/plans/console-main/cycles/${FY}`, {
      deadline: '2026-02-30',
    });
    expect(bad.status).toBe(400);
    const changed = await call<{ deadline: string | null }>(
      u.coordinator.token,
      'PATCH',
      `/api/plans/console-main/cycles/${FY}`,
      {
        deadline: '2026-07-10',
      },
    );
    expect(changed.body.deadline).toBe('2026-07-10');
  });

  it('lists who has not submitted, what is missing and whom to write to', async () => {
    await call(u.admin.token, 'PATCH', '/api/admin/users/c-own', { email: 'own@example.jp' });
    const sheet = sheetPath('console-main', FY, deptId(0));
    const read = await call<{ submission: { revision: number } }>(u.coordinator.token, 'GET', sheet);
    await call(
      u['own department'].token,
      'PATCH',
      sheet,
      { actuals: makeActuals([0], 1) },
      {
        'If-Match': `"${read.body.submission.revision}"`,
      },
    );
    const r = await call<RemindersResponse>(
      u.coordinator.token,
      'GET',
      `/api/plans/console-main/cycles/${FY}/reminders`,
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      planTitle: 'テスト計画',
      fiscalYear: FY,
      deadline: '2026-07-10',
      locked: false,
    });
    const own = r.body.departments.find((d) => d.departmentId === deptId(0))!;
    expect(own.status).toBe('draft');
    expect(own.filledCount).toBe(1);
    expect(own.indicatorCount).toBe(2);
    expect(own.missing.map((m) => [m.field, m.indicatorId])).toEqual([
      ['activities', null],
      ['value', indicatorId(0, 1)],
    ]);
    expect(own.missing[1]).toMatchObject({
      projectName: '事業1',
      indicatorName: '指標1-2',
      indicatorNumber: 2,
    });
    expect(own.contacts).toContainEqual({
      userId: 'c-own',
      displayName: 'c-own さん',
      email: 'own@example.jp',
    });
    expect(own.contacts.every((c) => c.userId !== 'c-coord')).toBe(true);
    expect(r.body.departments.map((d) => d.departmentId)).toEqual([deptId(0), deptId(1), deptId(2)]);
  });
});

describe('goal indicators and the department that reports them', () => {
  it('assigns, keeps it in D1 and in the plan file, and an import of that file restores it', async () => {
    const set = await call<{ assignments: GoalAssignment[] }>(
      u.coordinator.token,
      'PATCH',
      '/api/plans/console-main/goal-assignments',
      {
        assignments: [
          { indicatorId: 'g1-pop', departmentId: deptId(1) },
          { indicatorId: 'g1-jobs', departmentId: null },
        ],
      },
    );
    expect(set.status, set.text).toBe(200);
    expect(set.body.assignments.map((a) => [a.indicatorId, a.departmentId, a.goalNumber])).toEqual([
      ['g1-pop', deptId(1), 1],
      ['g1-jobs', null, 1],
    ]);
    expect(
      await count('goal_indicator_departments', 'plan_id = ? AND indicator_id = ?', 'console-main', 'g1-pop'),
    ).toBe(1);
    const file = await call<PlanFileInput>(u.coordinator.token, 'GET', '/api/plans/console-main');
    const pop = file.body.goals?.[0]?.indicators?.find((i) => i.id === 'g1-pop');
    expect(pop?.departmentId).toBe(deptId(1));
    expect(file.body.goals?.[0]?.indicators?.find((i) => i.id === 'g1-jobs')?.departmentId).toBeUndefined();
    // The file round-trips: imported under another id, the assignment is there.
    const copy = { ...file.body, plan: { ...file.body.plan, id: 'console-copy' }, cycles: [] };
    expect((await call(u.admin.token, 'POST', '/api/plans', copy)).status).toBe(201);
    const copied = await call<{ assignments: GoalAssignment[] }>(
      u.admin.token,
      'GET',
      '/api/plans/console-copy/goal-assignments',
    );
    expect(copied.body.assignments.find((a) => a.indicatorId === 'g1-pop')?.departmentId).toBe(deptId(1));
    // Only goal indicators.
    const notGoal = await call(u.coordinator.token, 'PATCH', '/api/plans/console-main/goal-assignments', {
      assignments: [{ indicatorId: indicatorId(0, 0), departmentId: deptId(0) }],
    });
    expect(notGoal.status).toBe(422);
    expect(notGoal.body.code).toBe('not_goal_indicator');
  });
});

describe('a target revision previewed', () => {
  it('answers the 新旧対照表 it would make and stores nothing', async () => {
    const before = await dump();
    const r = await call<{ before: number; after: number; changes: unknown[]; table: { kind: string } }>(
      u.coordinator.token,
      'POST',
      '/api/plans/console-main/versions?dryRun=true',
      { baseVersion: 1, changes: [{ indicatorId: indicatorId(1, 0), fiscalYear: 2023, value: '55' }] },
    );
    expect(r.status, r.text).toBe(200);
    expect(r.body.before).toBe(1);
    expect(r.body.after).toBe(2);
    expect(r.body.changes).toEqual([
      {
        indicatorId: indicatorId(1, 0),
        fiscalYear: 2023,
        before: { value: '12', period: null },
        after: { value: '55', period: null },
      },
    ]);
    expect(r.body.table.kind).toBe('revision');
    expect(await dump()).toBe(before);
    const stale = await call(u.coordinator.token, 'POST', '/api/plans/console-main/versions?dryRun=true', {
      baseVersion: 7,
      changes: [{ indicatorId: indicatorId(1, 0), fiscalYear: 2023, value: '55' }],
    });
    expect(stale.status).toBe(409);
  });
});
