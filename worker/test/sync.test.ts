import { beforeAll, describe, expect, it } from 'vitest';
import { toD1 } from '../db/d1.ts';
import { buildSave, isGuardFailure } from '../db/submissions.ts';
import { addUser, call, count, db, dump, sheetPath, type TestUser } from './helpers.ts';
import { indicatorId, makeActuals, makePlan, projectId } from './plan-factory.ts';

/**
 * Saving a department's sheet: revisions, conflicts under concurrency, idempotent retries,
 * validation that stores nothing, shared projects. Plan: 6 projects × 3 KPIs over 3 departments;
 * p-0001 is shared by dept-001 and dept-002.
 */

const PLAN = 'sync-plan';
const FY = 2021;
let coord: TestUser;
let d1: TestUser;
let d2: TestUser;

type Sheet = {
  submission: { revision: number; status: string; comment: string | null };
  projects: { id: string; isLead: boolean; indicators: { id: string; targets: unknown[] }[] }[];
  actuals: { indicatorId: string; value: string | null }[];
};
type Conflict = {
  currentRevision: number;
  conflicts: { indicatorId?: string; field: string; server: unknown; yours: unknown }[];
  server: { actuals: unknown[] };
};

const sheet = (u: TestUser, dept: string) => call<Sheet>(u.token, 'GET', sheetPath(PLAN, FY, dept));
const save = (u: TestUser, dept: string, rev: number, body: unknown, headers: Record<string, string> = {}) =>
  call(u.token, 'PATCH', sheetPath(PLAN, FY, dept), body, { 'If-Match': `"${rev}"`, ...headers });
const cellValue = (s: Sheet, id: string) => s.actuals.find((a) => a.indicatorId === id)?.value;

beforeAll(async () => {
  const admin = await addUser('admin', 'admin');
  const plan = makePlan({ id: PLAN, projects: 6, kpis: 3, years: 3, departments: 3, shared: true });
  expect((await call(admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
  coord = await addUser('coord', 'coordinator');
  d1 = await addUser('u1', 'department', ['dept-001']);
  d2 = await addUser('u2', 'department', ['dept-002']);
  expect(
    (await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear: FY, label: '令和3年度' }))
      .status,
  ).toBe(201);
});

describe('the department sheet', () => {
  it('holds the department’s projects (a shared one on both sheets) with targets, revision and status', async () => {
    const a = await sheet(d1, 'dept-001');
    expect(a.status).toBe(200);
    expect(a.headers.get('ETag')).toBe(`"${a.body.submission.revision}"`);
    expect(a.body.projects.map((p) => p.id)).toEqual([projectId(0), projectId(3)]);
    expect(a.body.projects[0]?.isLead).toBe(true);
    expect(a.body.projects[0]?.indicators[0]?.targets).toHaveLength(3);
    expect(a.body.submission.status).toBe('draft');
    const b = await sheet(d2, 'dept-002');
    expect(b.body.projects.map((p) => p.id)).toEqual([projectId(0), projectId(1), projectId(4)]);
    expect(b.body.projects[0]?.isLead).toBe(false);
  });
});

describe('saving values', () => {
  it('stores decimals as text exactly as entered, moves the revision and records history per field', async () => {
    const before = (await sheet(d1, 'dept-001')).body.submission.revision;
    const id = indicatorId(3, 0);
    const res = await save(d1, 'dept-001', before, {
      actuals: [{ indicatorId: id, value: '1161000.50', period: 'R3年度' }],
      activities: [{ projectId: projectId(3), text: '・説明会を3回開催' }],
    });
    expect(res.status).toBe(200);
    expect(res.body.revision).toBeGreaterThan(before);
    expect(res.body.changedCells).toBe(2);
    const row = await db
      .prepare('SELECT value, typeof(value) AS t FROM actuals WHERE indicator_id = ?')
      .bind(id)
      .first();
    expect(row).toEqual({ value: '1161000.50', t: 'text' });
    const history = await db
      .prepare(
        'SELECT field, before, after, user_id, revision FROM history WHERE indicator_id = ? ORDER BY id',
      )
      .bind(id)
      .all();
    expect(history.results.map((h) => h.field).sort()).toEqual(['basis', 'footnotes', 'period', 'value']);
    expect(history.results.find((h) => h.field === 'value')).toMatchObject({
      before: 'null',
      after: '"1161000.50"',
      user_id: 'u1',
    });
    const again = await sheet(d1, 'dept-001');
    expect(cellValue(again.body, id)).toBe('1161000.50');
    expect(again.body.submission.revision).toBe(res.body.revision);
  });

  it('saving the same values again changes nothing and keeps the revision', async () => {
    const s = await sheet(d1, 'dept-001');
    const rows = await count('history');
    const res = await save(d1, 'dept-001', s.body.submission.revision, {
      actuals: [{ indicatorId: indicatorId(3, 0), value: '1161000.50', period: 'R3年度' }],
    });
    expect(res.body).toMatchObject({ changedCells: 0, revision: s.body.submission.revision });
    expect(await count('history')).toBe(rows);
  });

  it('requires If-Match (428) in a valid form (400)', async () => {
    const body = { actuals: makeActuals([3], 1) };
    expect((await call(d1.token, 'PATCH', sheetPath(PLAN, FY, 'dept-001'), body)).status).toBe(428);
    expect((await save(d1, 'dept-001', 0, body, { 'If-Match': 'yesterday' })).status).toBe(400);
  });
});

describe('concurrent saves', () => {
  it('two clients from the same revision: one 200, one 409 with the server copy and the cell; nothing lost', async () => {
    const base = (await sheet(d1, 'dept-001')).body.submission.revision;
    const id = indicatorId(3, 1);
    const [a, b] = await Promise.all([
      save(d1, 'dept-001', base, { actuals: [{ indicatorId: id, value: '111' }] }),
      save(d1, 'dept-001', base, { actuals: [{ indicatorId: id, value: '222' }] }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const [won, lost] = a.status === 200 ? [a, b] : [b, a];
    const winner = a.status === 200 ? '111' : '222';
    const loser = winner === '111' ? '222' : '111';
    const conflict = lost.body as unknown as Conflict & { code: string };
    expect(lost.headers.get('content-type')).toContain('application/problem+json');
    expect(conflict.code).toBe('revision_conflict');
    expect(conflict.currentRevision).toBe(won.body.revision);
    expect(conflict.conflicts).toEqual([{ indicatorId: id, field: 'value', server: winner, yours: loser }]);
    expect(conflict.server.actuals).toContainEqual(
      expect.objectContaining({ indicatorId: id, value: winner }),
    );
    expect(cellValue((await sheet(d1, 'dept-001')).body, id)).toBe(winner);
    // The loser resolves by saving on the new revision: both edits are in the history.
    expect(
      (await save(d1, 'dept-001', conflict.currentRevision, { actuals: [{ indicatorId: id, value: loser }] }))
        .status,
    ).toBe(200);
    const values = await db
      .prepare("SELECT after FROM history WHERE indicator_id = ? AND field = 'value' ORDER BY id")
      .bind(id)
      .all();
    expect(values.results.map((r) => r.after)).toEqual([`"${winner}"`, `"${loser}"`]);
  });

  it('ten saves racing from one revision store exactly one', async () => {
    const base = (await sheet(d1, 'dept-001')).body.submission.revision;
    const requests = () =>
      db.prepare('SELECT COUNT(DISTINCT request_id) AS n FROM history').first<{ n: number }>();
    const before = (await requests())?.n ?? 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        save(d1, 'dept-001', base, { actuals: [{ indicatorId: indicatorId(3, 2), value: String(500 + i) }] }),
      ),
    );
    const won = results.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    expect((await requests())?.n).toBe(before + 1);
    const stored = cellValue((await sheet(d1, 'dept-001')).body, indicatorId(3, 2));
    expect(stored).toBe(String(500 + results.indexOf(won[0]!)));
  });

  it('a stale save of another cell is refused too, naming no conflicting cell', async () => {
    const base = (await sheet(d1, 'dept-001')).body.submission.revision;
    expect(
      (await save(d1, 'dept-001', base, { actuals: [{ indicatorId: indicatorId(3, 0), value: '7' }] }))
        .status,
    ).toBe(200);
    const stale = await save(d1, 'dept-001', base, {
      actuals: [{ indicatorId: indicatorId(3, 1), value: '8' }],
    });
    expect(stale.status).toBe(409);
    expect((stale.body as unknown as Conflict).conflicts).toEqual([]);
  });
});

describe('Idempotency-Key', () => {
  it('a retried request returns the first response and stores nothing twice', async () => {
    const base = (await sheet(d1, 'dept-001')).body.submission.revision;
    const body = { actuals: makeActuals([3], 3, 40) };
    const key = { 'Idempotency-Key': 'retry-1' };
    const first = await save(d1, 'dept-001', base, body, key);
    expect(first.status).toBe(200);
    const rows = await count('history');
    const again = await save(d1, 'dept-001', base, body, key);
    expect(again.status).toBe(200);
    expect(again.headers.get('Idempotency-Replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await count('history')).toBe(rows);
    expect(await count('idempotency_keys', 'key = ?', 'retry-1')).toBe(1);
  });

  it('retries racing each other are stored once and all get the same answer', async () => {
    const base = (await sheet(d1, 'dept-001')).body.submission.revision;
    const body = { actuals: makeActuals([3], 3, 50) };
    const before = await count('history');
    const all = await Promise.all(
      Array.from({ length: 5 }, () => save(d1, 'dept-001', base, body, { 'Idempotency-Key': 'race-1' })),
    );
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(all.map((r) => r.body.revision)).size).toBe(1);
    expect(await count('history')).toBe(before + 3);
  });

  it('the same key with a different request is refused', async () => {
    const base = (await sheet(d1, 'dept-001')).body.submission.revision;
    const res = await save(
      d1,
      'dept-001',
      base,
      { actuals: makeActuals([3], 1, 99) },
      { 'Idempotency-Key': 'retry-1' },
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('idempotency_key_reused');
  });
});

describe('validation', () => {
  it('an invalid save gets 422 with per-cell problems and stores nothing, not even its valid cells', async () => {
    const base = (await sheet(d1, 'dept-001')).body.submission.revision;
    const snapshot = await dump();
    const res = await save(d1, 'dept-001', base, {
      actuals: [
        { indicatorId: indicatorId(3, 0), value: '42' },
        { indicatorId: indicatorId(3, 1), value: '１，２３４' },
        { indicatorId: indicatorId(3, 2), value: null },
      ],
    });
    expect(res.status).toBe(422);
    const problems = res.body.problems as {
      path: string;
      cell?: { indicatorId?: string };
      message: { ja: string; en: string };
    }[];
    expect(problems.map((p) => p.cell?.indicatorId)).toEqual(
      expect.arrayContaining([indicatorId(3, 1), indicatorId(3, 2)]),
    );
    expect(problems.every((p) => p.message.ja && p.message.en)).toBe(true);
    expect(await dump()).toBe(snapshot);
  });

  it('a KPI of another department’s project is a per-cell problem', async () => {
    const base = (await sheet(d1, 'dept-001')).body.submission.revision;
    const res = await save(d1, 'dept-001', base, {
      actuals: [{ indicatorId: indicatorId(1, 0), value: '1' }],
    });
    expect(res.status).toBe(422);
    expect(res.body.problems).toContainEqual(
      expect.objectContaining({ code: 'sheet.indicator_not_on_sheet' }),
    );
  });
});

describe('a project shared by two departments', () => {
  it('a save by one moves the other’s revision, so the other’s stale copy cannot overwrite it', async () => {
    const s1 = (await sheet(d1, 'dept-001')).body;
    const s2 = (await sheet(d2, 'dept-002')).body;
    const id = indicatorId(0, 0);
    expect(
      (await save(d1, 'dept-001', s1.submission.revision, { actuals: [{ indicatorId: id, value: '31' }] }))
        .status,
    ).toBe(200);
    const after = (await sheet(d2, 'dept-002')).body;
    expect(after.submission.revision).toBeGreaterThan(s2.submission.revision);
    expect(cellValue(after, id)).toBe('31');
    const stale = await save(d2, 'dept-002', s2.submission.revision, {
      actuals: [{ indicatorId: id, value: '32' }],
    });
    expect(stale.status).toBe(409);
    expect((stale.body as unknown as Conflict).conflicts).toEqual([
      { indicatorId: id, field: 'value', server: '31', yours: '32' },
    ]);
  });
});

describe('the revision check is inside the batch', () => {
  it('two batches built from the same revision: the second fails whole, writing nothing', async () => {
    const base = (await sheet(d1, 'dept-001')).body.submission.revision;
    const k = { planId: PLAN, fy: FY, departmentId: 'dept-001' };
    const batch = (value: string, requestId: string) =>
      buildSave(
        { ...k, userId: 'u1', requestId, now: new Date().toISOString() },
        {
          baseRevision: base,
          actuals: [{ indicatorId: indicatorId(3, 0), value, basis: 'year', footnotes: [] }],
          activities: [],
          history: [
            {
              indicatorId: indicatorId(3, 0),
              projectId: projectId(3),
              field: 'value',
              before: null,
              after: value,
            },
          ],
          sharingDepartments: [],
        },
      );
    // Both were prepared after the same read, as two requests racing past their checks would be.
    const first = batch('61', 'req-a');
    const second = batch('62', 'req-b');
    await db.batch(toD1(db, first));
    const snapshot = await dump();
    const failure = await db.batch(toD1(db, second)).then(
      () => null,
      (err: unknown) => err,
    );
    expect(isGuardFailure(failure)).toBe(true);
    expect(await dump()).toBe(snapshot);
    expect(cellValue((await sheet(d1, 'dept-001')).body, indicatorId(3, 0))).toBe('61');
  });
});
