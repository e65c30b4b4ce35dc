import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChainVerifyResponse, IndicatorAuditResponse } from '../../shared/conversation/api.ts';
import { entryHash } from '../../shared/conversation/chain.ts';
import { HTML_EXPORT_CSP } from '../routes/exports.ts';
import { fillBlanks } from './fill-sheet.ts';
import { addUser, BASE, call, db, sheetPath, type TestUser } from './helpers.ts';
import { indicatorId, makeActuals, makePlan } from './plan-factory.ts';

/**
 * The hash chain of each submission's history and what an auditor reads (docs/conversation.md §4–5):
 * intact after saves, clearings, workflow steps, comments and evidence (also when they race); a row
 * changed, removed or added behind the API's back is named by the verification; rows from before
 * hashing began are unchained, not broken; the story of a figure as JSON, CSV and HTML; routes × role.
 */

const PLAN = 'chain-plan';
const HIDDEN = 'chain-hidden';
const FY = 2022;
let admin: TestUser;
let coord: TestUser;
let u1: TestUser;
let u3: TestUser;
let hiddenStaff: TestUser;

// Project 0 is shared by dept-001 and dept-002; project 1 is dept-002's, 2 dept-003's, 3 dept-004's, 4 dept-001's.
const OWN = 4;
const verifyPath = (plan = PLAN) => `/api/plans/${plan}/cycles/${FY}/audit/verify`;
const verify = async () => (await call<ChainVerifyResponse>(coord.token, 'GET', verifyPath())).body;
const revision = async (dept: string) =>
  (await call<{ submission: { revision: number } }>(coord.token, 'GET', sheetPath(PLAN, FY, dept))).body
    .submission.revision;
const save = async (u: TestUser, dept: string, body: unknown) =>
  call(u.token, 'PATCH', sheetPath(PLAN, FY, dept), body, { 'If-Match': `"${await revision(dept)}"` });
const comment = (u: TestUser, dept: string, kpi: string, text: string) =>
  call(u.token, 'POST', `${sheetPath(PLAN, FY, dept)}/comments?indicatorId=${kpi}`, { text });

/** Runs `fn` with the history's append-only triggers lifted, as someone with the database file could. */
async function behindTheApi(sql: string, ...params: (string | number | null)[]) {
  await db.prepare('DROP TRIGGER history_no_update').run();
  await db.prepare('DROP TRIGGER history_no_delete').run();
  try {
    await db
      .prepare(sql)
      .bind(...params)
      .run();
  } finally {
    await db.batch([
      db.prepare(
        `CREATE TRIGGER history_no_update BEFORE UPDATE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END`,
      ),
      db.prepare(
        `CREATE TRIGGER history_no_delete BEFORE DELETE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END`,
      ),
    ]);
  }
}

beforeAll(async () => {
  admin = await addUser('admin', 'admin');
  const plan = makePlan({ id: PLAN, projects: 5, kpis: 2, years: 3, departments: 4, shared: true });
  expect((await call(admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
  const hidden = makePlan({ id: HIDDEN, projects: 1, kpis: 1, years: 3, departments: 1 });
  const other = { ...hidden, departments: [{ id: 'hdept-1', name: '別の課' }] };
  other.projects = (hidden.projects ?? []).map((p) => ({ ...p, departmentIds: ['hdept-1'] }));
  expect((await call(admin.token, 'POST', '/api/plans', other)).status).toBe(201);
  coord = await addUser('coord', 'coordinator');
  u1 = await addUser('u1', 'department', ['dept-001']);
  u3 = await addUser('u3', 'department', ['dept-003']);
  hiddenStaff = await addUser('hs', 'department', ['hdept-1']);
  expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear: FY })).status).toBe(201);
  expect((await call(coord.token, 'POST', `/api/plans/${HIDDEN}/cycles`, { fiscalYear: FY })).status).toBe(
    201,
  );
});

describe('the chain stays intact', () => {
  it('after saves, a clearing, comments, submit, return, resubmit and approve: every entry hashed and linked', async () => {
    expect((await save(u1, 'dept-001', { actuals: makeActuals([0, OWN], 2) })).status).toBe(200);
    expect((await save(u1, 'dept-001', { cleared: [indicatorId(OWN, 1)] })).status).toBe(200);
    expect((await comment(u1, 'dept-001', indicatorId(OWN, 0), '根拠は庁内調査')).status).toBe(201);
    await fillBlanks(u1.token, PLAN, FY, 'dept-001');
    expect((await call(u1.token, 'POST', sheetPath(PLAN, FY, 'dept-001', '/submit'))).status).toBe(200);
    const returned = await call(
      coord.token,
      'POST',
      sheetPath(PLAN, FY, 'dept-001', '/return'),
      { comment: '再確認' },
      {
        'If-Match': `"${await revision('dept-001')}"`,
      },
    );
    expect(returned.status).toBe(200);
    expect((await save(u1, 'dept-001', { actuals: makeActuals([OWN], 2, 7) })).status).toBe(200);
    expect((await call(u1.token, 'POST', sheetPath(PLAN, FY, 'dept-001', '/submit'))).status).toBe(200);
    const approved = await call(coord.token, 'POST', sheetPath(PLAN, FY, 'dept-001', '/approve'), undefined, {
      'If-Match': `"${await revision('dept-001')}"`,
    });
    expect(approved.status).toBe(200);

    const report = await verify();
    expect(report.ok).toBe(true);
    expect(report.breaks).toEqual([]);
    const chain = report.chains.find((c) => c.departmentId === 'dept-001');
    expect(chain?.unchained).toBe(0);
    expect(chain?.chained).toBeGreaterThan(8);
    const rows = await db
      .prepare(
        `SELECT id, prev_hash, hash FROM history WHERE plan_id = ? AND department_id = 'dept-001' ORDER BY id`,
      )
      .bind(PLAN)
      .all<{ id: number; prev_hash: string | null; hash: string }>();
    expect(rows.results[0]?.prev_hash).toBeNull();
    for (let i = 1; i < rows.results.length; i++)
      expect(rows.results[i]?.prev_hash).toBe(rows.results[i - 1]?.hash);
    expect(chain?.head).toBe(rows.results.at(-1)?.hash);
  });

  it('comments racing saves and each other on one sheet: all stored, the chain one line', async () => {
    const dept = 'dept-002';
    const base = await revision(dept);
    const results = await Promise.all([
      call(
        coord.token,
        'PATCH',
        sheetPath(PLAN, FY, dept),
        { actuals: makeActuals([1], 2, 3) },
        { 'If-Match': `"${base}"` },
      ),
      ...Array.from({ length: 8 }, (_, i) => comment(coord, dept, indicatorId(1, i % 2), `同時${i}`)),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, ...new Array(8).fill(201)]);
    const report = await verify();
    expect(report.breaks).toEqual([]);
    expect(report.chains.find((c) => c.departmentId === dept)?.chained).toBeGreaterThanOrEqual(10);
  });

  it('rows from before hashing began are unchained, not broken; the chain starts at the first hashed entry', async () => {
    const dept = 'dept-004';
    await db
      .prepare(
        `INSERT INTO history (at, plan_id, fiscal_year, department_id, indicator_id, action, field, before, after, user_id, request_id)
         VALUES ('2022-06-01T00:00:00.000Z', ?1, ?2, ?3, ?4, 'save', 'value', 'null', '"5"', 'u4', 'legacy-1'),
                ('2022-06-02T00:00:00.000Z', ?1, ?2, ?3, ?4, 'save', 'value', '"5"', '"6"', 'u4', 'legacy-2')`,
      )
      .bind(PLAN, FY, dept, indicatorId(3, 1))
      .run();
    const kpi = indicatorId(OWN, 0);
    expect((await comment(coord, 'dept-001', kpi, '監査用のメモ')).status).toBe(201);
    const report = await verify();
    const legacy = report.chains.find((c) => c.departmentId === dept);
    expect(legacy).toMatchObject({ entries: 2, unchained: 2, chained: 0, head: null, ok: true });
    expect(report.ok).toBe(true);
  });
});

describe('tampering is found', () => {
  it('an entry changed behind the API: a content break naming the entry, expected and found', async () => {
    const target = await db
      .prepare(
        `SELECT id, hash FROM history WHERE plan_id = ? AND department_id = 'dept-001' AND action = 'save' AND field = 'value' ORDER BY id LIMIT 1`,
      )
      .bind(PLAN)
      .first<{ id: number; hash: string }>();
    expect((await verify()).ok).toBe(true);
    await behindTheApi(`UPDATE history SET after = '"999999"' WHERE id = ?`, target?.id ?? 0);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.breaks).toContainEqual({
      departmentId: 'dept-001',
      entryId: target?.id,
      kind: 'content',
      expected: expect.stringMatching(/^[0-9a-f]{64}$/),
      found: target?.hash,
    });
    expect(report.chains.find((c) => c.departmentId === 'dept-001')?.ok).toBe(false);
    expect(report.chains.find((c) => c.departmentId === 'dept-002')?.ok).toBe(true);
  });

  it('an entry removed: the next entry’s link is broken, its expected prevHash the hash before the gap', async () => {
    const rows = await db
      .prepare(
        `SELECT id, hash, prev_hash FROM history WHERE plan_id = ? AND department_id = 'dept-002' ORDER BY id`,
      )
      .bind(PLAN)
      .all<{ id: number; hash: string; prev_hash: string | null }>();
    const [a, b, c] = rows.results.slice(2, 5);
    await behindTheApi('DELETE FROM history WHERE id = ?', b?.id ?? 0);
    const report = await verify();
    expect(report.breaks).toContainEqual({
      departmentId: 'dept-002',
      entryId: c?.id,
      kind: 'link',
      expected: a?.hash,
      found: c?.prev_hash,
    });
  });

  it('an unhashed entry slipped in after the chain began: named as unhashed', async () => {
    await behindTheApi(
      `INSERT INTO history (at, plan_id, fiscal_year, department_id, action, field, after, user_id, request_id)
       VALUES ('2030-01-01T00:00:00.000Z', ?, ?, 'dept-003', 'save', 'value', '"1"', 'x', 'forged')`,
      PLAN,
      FY,
    );
    await comment(u3, 'dept-003', indicatorId(2, 0), '先に一件');
    await behindTheApi(
      `INSERT INTO history (at, plan_id, fiscal_year, department_id, action, field, after, user_id, request_id)
       VALUES ('2030-01-01T00:00:00.000Z', ?, ?, 'dept-003', 'save', 'value', '"1"', 'x', 'forged-2')`,
      PLAN,
      FY,
    );
    const forged = await db
      .prepare(`SELECT id FROM history WHERE request_id = 'forged-2'`)
      .first<{ id: number }>();
    const report = await verify();
    expect(report.breaks).toContainEqual({
      departmentId: 'dept-003',
      entryId: forged?.id,
      kind: 'unhashed',
      expected: 'sha256',
      found: null,
    });
  });

  it('the hash is SHA-256 over the canonical entry and the previous hash (shared/conversation/chain.ts)', async () => {
    const row = await db
      .prepare(
        `SELECT * FROM history WHERE plan_id = ? AND department_id = 'dept-003' AND hash IS NOT NULL ORDER BY id LIMIT 1`,
      )
      .bind(PLAN)
      .first<Record<string, string | number | null>>();
    const e = {
      planId: String(row?.plan_id),
      fiscalYear: row?.fiscal_year as number,
      departmentId: row?.department_id as string,
      indicatorId: row?.indicator_id as string | null,
      projectId: row?.project_id as string | null,
      action: String(row?.action),
      field: row?.field as string | null,
      before: row?.before as string | null,
      after: row?.after as string | null,
      at: String(row?.at),
      userId: row?.user_id as string | null,
      requestId: String(row?.request_id),
    };
    expect(await entryHash(e, (row?.prev_hash as string | null) ?? null)).toBe(row?.hash);
    expect(await entryHash({ ...e, after: '"x"' }, (row?.prev_hash as string | null) ?? null)).not.toBe(
      row?.hash,
    );
  });
});

describe('routes × role', () => {
  it('verify: coordinator and admin 200; department 403 on their plan, 404 on a plan that is not theirs; no token 401', async () => {
    expect((await call(admin.token, 'GET', verifyPath())).status).toBe(200);
    expect((await call(coord.token, 'GET', verifyPath())).status).toBe(200);
    const own = await call(u1.token, 'GET', verifyPath());
    expect([own.status, own.body.code]).toEqual([403, 'forbidden']);
    const hidden = await call(u1.token, 'GET', verifyPath(HIDDEN));
    const none = await call(u1.token, 'GET', verifyPath('no-such-plan'));
    expect(hidden.status).toBe(404);
    expect(hidden.text.replaceAll(HIDDEN, '{p}')).toBe(none.text.replaceAll('no-such-plan', '{p}'));
    expect((await call(null, 'GET', verifyPath())).status).toBe(401);
    expect((await call(coord.token, 'GET', `/api/plans/${PLAN}/cycles/2023/audit/verify`)).status).toBe(404);
  });

  it('the story of a figure: coordinator, admin and its department 200; another department 404 as for none; no token 401', async () => {
    const path = (kpi: string) => `/api/plans/${PLAN}/indicators/${kpi}/audit`;
    const kpi = indicatorId(OWN, 0);
    for (const u of [admin, coord, u1]) expect((await call(u.token, 'GET', path(kpi))).status).toBe(200);
    const other = await call(u3.token, 'GET', path(kpi));
    const none = await call(u3.token, 'GET', path('no-such-kpi'));
    expect(other.status).toBe(404);
    expect(other.text.replaceAll(kpi, '{i}')).toBe(none.text.replaceAll('no-such-kpi', '{i}'));
    expect((await call(hiddenStaff.token, 'GET', path(kpi))).status).toBe(404);
    expect((await call(null, 'GET', path(kpi))).status).toBe(401);
    expect((await call(coord.token, 'GET', `${path(kpi)}?format=pdf`)).status).toBe(400);
  });
});

describe('the story of a figure', () => {
  const kpi = indicatorId(OWN, 0);
  it('JSON: every save with before → after, who and when; workflow steps; comments; evidence', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n%%EOF');
    await SELF.fetch(
      `${BASE}${sheetPath(PLAN, FY, 'dept-001')}/indicators/${kpi}/evidence?name=${encodeURIComponent('根拠.pdf')}`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${coord.token}`, 'Content-Type': 'application/pdf' },
        body: pdf,
      },
    ).then(async (r) => expect(r.status, await r.text()).toBe(201));
    await comment(coord, 'dept-001', kpi, '=HYPERLINK("http://x") <script>alert(1)</script>');
    const s = (
      await call<IndicatorAuditResponse>(
        coord.token,
        'GET',
        `/api/plans/${PLAN}/indicators/${kpi}/audit?fy=${FY}`,
      )
    ).body;
    expect(s.indicator.id).toBe(kpi);
    const values = s.values.filter((v) => v.field === 'value');
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect(values[0]).toMatchObject({
      action: 'save',
      userId: 'u1',
      fiscalYear: FY,
      departmentId: 'dept-001',
    });
    expect(values[1]?.before).toBe(values[0]?.after);
    expect(s.workflow.map((w) => w.action)).toEqual(expect.arrayContaining(['submit', 'return', 'approve']));
    expect(s.comments.map((c) => c.text)).toContain('根拠は庁内調査');
    expect(s.evidence.map((e) => e.fileName)).toContain('根拠.pdf');
  });

  it('CSV: UTF-8 with a BOM, Japanese headings, formula starts neutralised', async () => {
    const res = await SELF.fetch(`${BASE}/api/plans/${PLAN}/indicators/${kpi}/audit?format=csv`, {
      headers: { Authorization: `Bearer ${coord.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('日時,種別,年度,担当課,利用者,項目,変更前,変更後・内容');
    expect(text).toContain('保存');
    expect(text).toContain('差し戻し');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")`);
    expect(text.split('\r\n').every((line) => !/^[=+\-@]/.test(line))).toBe(true);
  });

  it('HTML: the strict CSP of the HTML export, Japanese headings, every text escaped', async () => {
    const res = await SELF.fetch(`${BASE}/api/plans/${PLAN}/indicators/${kpi}/audit?format=html`, {
      headers: { Authorization: `Bearer ${u1.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('Content-Security-Policy')).toBe(HTML_EXPORT_CSP);
    const html = await res.text();
    for (const h of ['値の変更履歴', '提出・承認・差し戻し', 'コメント', '証拠ファイル'])
      expect(html).toContain(`<h2>${h}</h2>`);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
