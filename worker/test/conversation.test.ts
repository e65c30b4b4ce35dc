import { beforeAll, describe, expect, it } from 'vitest';
import type { CommentThread, ThreadComment, UnreadResponse } from '../../shared/conversation/api.ts';
import { COMMENT_MAX_CHARS } from '../../shared/conversation/rules.ts';
import { stepSubmission } from '../services/workflow.ts';
import { fillBlanks } from './fill-sheet.ts';
import { addUser, call, count, db, dump, principal, sheetPath, type TestUser } from './helpers.ts';
import { indicatorId, makePlan, projectId } from './plan-factory.ts';

/**
 * Comments on a KPI and on a project's 主な取組 (docs/conversation.md §1): who reads and posts (the
 * department, a shared project's other department, coordinators; others the 404 of a missing sheet),
 * append-only edits, the history entry of each post, unread counts and read markers, text limits, and
 * a return that points at KPIs.
 */

const PLAN = 'talk-plan';
const FY = 2022;
// Project 0 is shared by dept-001 and dept-002; project 1 is dept-002's, 2 dept-003's, 3 dept-001's.
const SHARED_KPI = indicatorId(0, 0);
const OWN_KPI = indicatorId(3, 0);
const OTHER_KPI = indicatorId(2, 0);
let admin: TestUser;
let coord: TestUser;
let u1: TestUser;
let u2: TestUser;
let u3: TestUser;

const thread = (dept: string, q: string) => `${sheetPath(PLAN, FY, dept)}/comments?${q}`;
const post = (
  u: TestUser | null,
  dept: string,
  q: string,
  text: unknown,
  headers: Record<string, string> = {},
) =>
  call<ThreadComment & { code?: string; messages?: { ja: string; en: string } }>(
    u?.token ?? null,
    'POST',
    thread(dept, q),
    { text },
    headers,
  );
const read = (u: TestUser | null, dept: string, q: string) =>
  call<CommentThread>(u?.token ?? null, 'GET', thread(dept, q));
const unread = (u: TestUser | null) =>
  call<UnreadResponse>(u?.token ?? null, 'GET', `/api/plans/${PLAN}/cycles/${FY}/comments/unread`);

beforeAll(async () => {
  admin = await addUser('admin', 'admin');
  const plan = makePlan({ id: PLAN, projects: 4, kpis: 2, years: 3, departments: 3, shared: true });
  expect((await call(admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
  coord = await addUser('coord', 'coordinator');
  u1 = await addUser('u1', 'department', ['dept-001']);
  u2 = await addUser('u2', 'department', ['dept-002']);
  u3 = await addUser('u3', 'department', ['dept-003']);
  expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear: FY })).status).toBe(201);
});

describe('every comment route × role', () => {
  const q = `indicatorId=${OWN_KPI}`;
  const routes = [
    ['GET', thread('dept-001', q), undefined],
    ['POST', thread('dept-001', q), { text: '確認お願いします' }],
    ['PATCH', thread('dept-001', q), { commentId: 'no-such-comment', text: '直し' }],
    ['POST', `${thread('dept-001', q).replace('/comments?', '/comments/read?')}`, undefined],
    ['GET', `/api/plans/${PLAN}/cycles/${FY}/comments/unread`, undefined],
  ] as const;

  it('no token: 401; admin: 403 forbidden; another department: 404 as for a sheet that does not exist', async () => {
    const missing = await read(u3, 'no-such-dept', q);
    for (const [method, path, body] of routes) {
      expect((await call(null, method, path, body)).status, `${method} ${path}`).toBe(401);
      const a = await call(admin.token, method, path, body);
      expect(`${method} ${path} ${a.status} ${String(a.body.code)}`).toBe(`${method} ${path} 403 forbidden`);
      if (path.includes('/submissions/')) {
        const other = await call(u3.token, method, path, body);
        expect(`${method} ${path} ${other.status}`).toBe(`${method} ${path} 404`);
        expect(other.text.replaceAll('dept-001', '{d}')).toBe(missing.text.replaceAll('no-such-dept', '{d}'));
      }
    }
  });

  it('coordinator and own department: allowed (the edit of a comment that does not exist is its 404)', async () => {
    for (const u of [coord, u1]) {
      const statuses = [];
      for (const [method, path, body] of routes)
        statuses.push((await call(u.token, method, path, body)).status);
      expect(statuses).toEqual([200, 201, 404, 200, 200]);
    }
  });
});

describe('a thread', () => {
  it('posts, edits as a new version (the earlier text kept, shown as edited), records each in the history', async () => {
    const q = `indicatorId=${OWN_KPI}`;
    const first = await post(u1, 'dept-001', q, '実績値の根拠は\n庁内調査です。');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      text: '実績値の根拠は\n庁内調査です。',
      edited: false,
      createdBy: 'u1',
    });
    const edited = await call<ThreadComment>(u1.token, 'PATCH', thread('dept-001', q), {
      commentId: first.body.id,
      text: '実績値の根拠は庁内調査（令和4年10月）です。',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.edited).toBe(true);
    expect(edited.body.versions.map((v) => [v.version, v.text])).toEqual([
      [1, '実績値の根拠は\n庁内調査です。'],
      [2, '実績値の根拠は庁内調査（令和4年10月）です。'],
    ]);
    const t = await read(coord, 'dept-001', q);
    const c = t.body.comments.find((x) => x.id === first.body.id);
    expect(c?.text).toBe('実績値の根拠は庁内調査（令和4年10月）です。');
    expect(c?.versions).toHaveLength(2);
    const history = await db
      .prepare(
        `SELECT action, user_id, at, after, hash FROM history WHERE plan_id = ? AND department_id = 'dept-001'
          AND indicator_id = ? AND action LIKE 'comment%' ORDER BY id`,
      )
      .bind(PLAN, OWN_KPI)
      .all<{ action: string; user_id: string; at: string; after: string; hash: string | null }>();
    const mine = history.results.filter((h) => JSON.parse(h.after).commentId === first.body.id);
    expect(mine.map((h) => [h.action, h.user_id])).toEqual([
      ['comment', 'u1'],
      ['comment_edit', 'u1'],
    ]);
    expect(mine.every((h) => /^[0-9a-f]{64}$/.test(h.hash ?? ''))).toBe(true);
    expect(mine[0]?.at).toBe(first.body.createdAt);
  });

  it('refuses editing another person’s comment (403), and stores nothing', async () => {
    const q = `indicatorId=${OWN_KPI}`;
    const mine = await post(u1, 'dept-001', q, '私のコメント');
    const before = await dump();
    const other = await call(coord.token, 'PATCH', thread('dept-001', q), {
      commentId: mine.body.id,
      text: '上書き',
    });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('comment_not_author');
    expect(await dump()).toBe(before);
  });

  it('the history is append-only for comments too: an UPDATE or DELETE of a comment version is refused', async () => {
    await expect(db.prepare(`UPDATE comment_versions SET text = 'x'`).run()).rejects.toThrow(/append-only/);
    await expect(db.prepare('DELETE FROM comments').run()).rejects.toThrow(/append-only/);
  });

  it('empty, too long, a control or a bidi override: 422 naming the field and the limit; nothing stored', async () => {
    const q = `indicatorId=${OWN_KPI}`;
    const before = await dump();
    const empty = await post(u1, 'dept-001', q, '  \n ');
    expect(empty.status).toBe(422);
    expect(empty.body.code).toBe('comment_invalid');
    const long = await post(u1, 'dept-001', q, 'あ'.repeat(COMMENT_MAX_CHARS + 1));
    expect(long.status).toBe(422);
    expect(long.body.messages?.ja).toContain(`${COMMENT_MAX_CHARS}文字まで`);
    expect(long.body.messages?.en).toContain(`at most ${COMMENT_MAX_CHARS} characters`);
    // Exactly the limit, in characters as a person counts them (a surrogate pair is one): stored.
    const bidi = await post(u1, 'dept-001', q, '確認\u202Eです');
    expect(bidi.status).toBe(422);
    expect(JSON.stringify(bidi.body)).toContain('text');
    const cr = await post(u1, 'dept-001', q, '一行目\r\n二行目');
    expect(cr.status).toBe(422);
    const shape = await call(u1.token, 'POST', thread('dept-001', q), { text: 12 });
    expect(shape.status).toBe(400);
    expect(await dump()).toBe(before);
    const atLimit = await post(u1, 'dept-001', q, '𠮷'.repeat(COMMENT_MAX_CHARS));
    expect(atLimit.status).toBe(201);
  });

  it('a query naming no thread, or both kinds: 400 naming the parameters; an id not on the sheet: the 404 of none', async () => {
    const none = await call(u1.token, 'GET', `${sheetPath(PLAN, FY, 'dept-001')}/comments`);
    expect(none.status).toBe(400);
    const both = await read(u1, 'dept-001', `indicatorId=${OWN_KPI}&projectId=${projectId(3)}`);
    expect(both.status).toBe(400);
    const foreign = await read(u1, 'dept-001', `indicatorId=${OTHER_KPI}`);
    const nothing = await read(u1, 'dept-001', 'indicatorId=no-such-kpi');
    expect(foreign.status).toBe(404);
    expect(foreign.text.replaceAll(OTHER_KPI, '{id}')).toBe(nothing.text.replaceAll('no-such-kpi', '{id}'));
    const coordForeign = await read(coord, 'dept-001', `indicatorId=${OTHER_KPI}`);
    expect(coordForeign.status).toBe(404);
  });

  it('a project’s 主な取組 has its own thread (?projectId=)', async () => {
    const q = `projectId=${projectId(3)}`;
    expect((await post(u1, 'dept-001', q, '主な取組の表現を確認してください')).status).toBe(201);
    const t = await read(coord, 'dept-001', q);
    expect(t.body).toMatchObject({ targetKind: 'project', targetId: projectId(3), departmentId: 'dept-001' });
    expect(t.body.comments.map((c) => c.text)).toEqual(['主な取組の表現を確認してください']);
    expect(
      (await read(u1, 'dept-001', `indicatorId=${OWN_KPI}`)).body.comments.map((c) => c.text),
    ).not.toContain('主な取組の表現を確認してください');
  });

  it('a shared project: the other department reads and posts in the thread; a third department gets the 404', async () => {
    const q = `indicatorId=${SHARED_KPI}`;
    expect((await post(u1, 'dept-001', q, '共同事業の値です')).status).toBe(201);
    expect((await post(u2, 'dept-001', q, '第2課も確認しました')).status).toBe(201);
    const seen = await read(u2, 'dept-001', q);
    expect(seen.status).toBe(200);
    expect(seen.body.comments.map((c) => c.text)).toEqual(['共同事業の値です', '第2課も確認しました']);
    expect((await read(u3, 'dept-001', q)).status).toBe(404);
    expect((await post(u3, 'dept-001', q, '割り込み')).status).toBe(404);
    // dept-002's own KPI is not reachable through dept-001's sheet, for anyone.
    expect((await read(u1, 'dept-002', `indicatorId=${indicatorId(1, 0)}`)).status).toBe(404);
  });

  it('with an Idempotency-Key a retried post is stored once and answered the same', async () => {
    const q = `indicatorId=${OWN_KPI}`;
    const key = { 'Idempotency-Key': `post-${Date.now()}` };
    const n = await count('comments');
    const a = await post(u1, 'dept-001', q, '一度だけ', key);
    const b = await post(u1, 'dept-001', q, '一度だけ', key);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get('Idempotency-Replayed')).toBe('true');
    expect(b.body.id).toBe(a.body.id);
    expect(await count('comments')).toBe(n + 1);
    // Two copies of one request at once (a retry racing the original): one comment, one answer.
    const raced = { 'Idempotency-Key': `race-${Date.now()}` };
    const [c, d] = await Promise.all([
      post(u1, 'dept-001', q, '同時の再送', raced),
      post(u1, 'dept-001', q, '同時の再送', raced),
    ]);
    expect([c.status, d.status]).toEqual([201, 201]);
    expect(d.body.id).toBe(c.body.id);
    expect(await count('comments')).toBe(n + 2);
  });
});

describe('unread counts and read markers', () => {
  it('counts others’ posts and edits per thread and department; marking read resets; reach is respected', async () => {
    const q = `indicatorId=${indicatorId(3, 1)}`;
    const base = (await unread(coord)).body;
    const baseThread = (u: UnreadResponse) =>
      u.threads.find((t) => t.targetId === indicatorId(3, 1) && t.departmentId === 'dept-001')?.unread ?? 0;
    expect(baseThread(base)).toBe(0);
    const p = await post(u1, 'dept-001', q, '未読1');
    await post(u1, 'dept-001', q, '未読2');
    await call(u1.token, 'PATCH', thread('dept-001', q), { commentId: p.body.id, text: '未読1（修正）' });
    const forCoord = (await unread(coord)).body;
    expect(baseThread(forCoord)).toBe(3);
    expect(forCoord.departments.find((d) => d.departmentId === 'dept-001')?.unread).toBeGreaterThanOrEqual(3);
    expect(baseThread((await unread(u1)).body)).toBe(0); // their own posts
    expect((await read(coord, 'dept-001', q)).body.unread).toBe(3);
    // dept-003 sees none of dept-001's threads; dept-002 sees only the shared project's.
    expect((await unread(u3)).body.threads).toEqual([]);
    expect((await unread(u2)).body.threads.every((t) => t.targetId.startsWith(projectId(0)))).toBe(true);

    const marked = await call<{ unread: number; lastSeq: number }>(
      coord.token,
      'POST',
      `${sheetPath(PLAN, FY, 'dept-001')}/comments/read?${q}`,
    );
    expect(marked.status).toBe(200);
    expect(marked.body.unread).toBe(0);
    expect(baseThread((await unread(coord)).body)).toBe(0);
    await post(u1, 'dept-001', q, '未読3');
    expect(baseThread((await unread(coord)).body)).toBe(1);
    expect((await read(coord, 'dept-001', q)).body.unread).toBe(1);
  });

  it('a cycle that does not exist: 404', async () => {
    const r = await call(coord.token, 'GET', `/api/plans/${PLAN}/cycles/2023/comments/unread`);
    expect(r.status).toBe(404);
  });
});

describe('a return that points at KPIs', () => {
  const k = { planId: PLAN, fy: FY, departmentId: 'dept-003' };
  const w = (revision: number, requestId: string) => ({
    principal: principal('coord', 'coordinator'),
    meta: { userId: 'coord', requestId, now: new Date().toISOString() },
    base: revision,
    idempotency: null,
  });
  const revision = async () =>
    (await call<{ submission: { revision: number } }>(coord.token, 'GET', sheetPath(PLAN, FY, 'dept-003')))
      .body.submission.revision;

  it('posts the return comment into each KPI’s thread in the same batch; an id not on the sheet: 422, nothing stored', async () => {
    await fillBlanks(u3.token, PLAN, FY, 'dept-003');
    expect((await call(u3.token, 'POST', sheetPath(PLAN, FY, 'dept-003', '/submit'))).status).toBe(200);
    const before = await dump();
    const bad = await stepSubmission(
      db,
      k,
      'return',
      { comment: '数値を確認してください', indicatorIds: [OTHER_KPI, OWN_KPI] },
      w(await revision(), 'req-bad'),
    );
    expect(bad.kind).toBe('refused');
    if (bad.kind === 'refused') {
      expect(bad.problem.status).toBe(422);
      expect(JSON.stringify(bad.problem.extra)).toContain('indicatorIds[1]');
      expect(JSON.stringify(bad.problem.extra)).not.toContain('indicatorIds[0]');
    }
    expect(await dump()).toBe(before);

    const ok = await stepSubmission(
      db,
      k,
      'return',
      { comment: '数値を確認してください', indicatorIds: [OTHER_KPI, indicatorId(2, 1)] },
      w(await revision(), 'req-ok'),
    );
    expect(ok.kind).toBe('written');
    for (const id of [OTHER_KPI, indicatorId(2, 1)]) {
      const t = await read(u3, 'dept-003', `indicatorId=${id}`);
      expect(t.body.comments.map((c) => [c.text, c.createdBy])).toEqual([
        ['数値を確認してください', 'coord'],
      ]);
      expect(t.body.unread).toBe(1);
    }
    const steps = await db
      .prepare(`SELECT action FROM history WHERE request_id = 'req-ok' ORDER BY id`)
      .all<{ action: string }>();
    expect(steps.results.map((r) => r.action)).toEqual(['return', 'comment', 'comment']);
    const sheet = await call<{ submission: { status: string } }>(
      u3.token,
      'GET',
      sheetPath(PLAN, FY, 'dept-003'),
    );
    expect(sheet.body.submission.status).toBe('returned');
  });

  it('over HTTP: POST …/return with indicatorIds posts into those threads; the plain return still works', async () => {
    await fillBlanks(u3.token, PLAN, FY, 'dept-003');
    expect((await call(u3.token, 'POST', sheetPath(PLAN, FY, 'dept-003', '/submit'))).status).toBe(200);
    const kpi = indicatorId(2, 1);
    const before = (await read(u3, 'dept-003', `indicatorId=${kpi}`)).body.comments.length;
    const r = await call(
      coord.token,
      'POST',
      sheetPath(PLAN, FY, 'dept-003', '/return'),
      { comment: '根拠資料を添付してください', indicatorIds: [kpi] },
      { 'If-Match': `"${await revision()}"` },
    );
    expect(r.status).toBe(200);
    const t = await read(u3, 'dept-003', `indicatorId=${kpi}`);
    expect(t.body.comments.slice(before).map((c) => c.text)).toEqual(['根拠資料を添付してください']);
    const unknownField = await call(
      coord.token,
      'POST',
      sheetPath(PLAN, FY, 'dept-003', '/return'),
      { comment: 'x', indicatorIdz: [kpi] },
      { 'If-Match': `"${await revision()}"` },
    );
    expect(unknownField.status).toBe(400);
  });
});
