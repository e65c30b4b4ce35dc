import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsentCells } from '../../addin/src/app/queue.ts';
import type { SheetResponse } from '../../shared/api.ts';
import { indicatorId, makePlan } from '../../worker/test/plan-factory.ts';
import { call, client, sheetPath } from './harness/http.ts';
import { type LocalWorker, startLocalWorker } from './harness/local-worker.ts';
import { type LossyProxy, startLossyProxy } from './harness/lossy-proxy.ts';
import { openPane, type PaneTarget } from './harness/pane-client.ts';
import { importAndOpen, staffToken } from './harness/setup-plan.ts';

/**
 * Faults against the real local worker, with the add-in's own queue and sync engine as the client:
 * the worker killed and restarted in the middle of a stream of saves; a response lost after the
 * server committed the save; a stale save after the coordinator locked the cycle.
 */
const PLAN = 'fault-plan';
const FY = 2021;
// makePlan gives department i the projects p with p % 3 === i: dept-001 holds p0, p3, p6, p9.
const KPIS = [0, 3, 6, 9].flatMap((p) => [0, 1, 2].map((k) => indicatorId(p, k)));

let w: LocalWorker;
let proxy: LossyProxy;
const tokens: Record<string, string> = {};

type Sheet = {
  submission: { revision: number; status: string };
  actuals: { indicatorId: string; value: string | null }[];
};
type History = {
  entries: {
    action: string;
    field: string | null;
    indicatorId: string | null;
    before: unknown;
    after: unknown;
    revision: number;
  }[];
};

const target = (dept: string, baseUrl = w.baseUrl): PaneTarget => ({
  baseUrl,
  token: tokens[dept] as string,
  planId: PLAN,
  fiscalYear: FY,
  departmentId: dept,
});
const coordinator = () => client(w.baseUrl, w.user('demo-coordinator').token);
const sheetOf = async (dept: string) => (await coordinator()<Sheet>('GET', sheetPath(PLAN, FY, dept))).body;
async function historyOf(dept: string) {
  const res = await coordinator()<History>('GET', sheetPath(PLAN, FY, dept, '/history?limit=1000'));
  expect(res.status).toBe(200);
  return [...res.body.entries].reverse();
}
const valueEdits = (h: History['entries'], id: string) =>
  h.filter((e) => e.action === 'save' && e.field === 'value' && e.indicatorId === id);

beforeAll(async () => {
  w = await startLocalWorker();
  await importAndOpen(w, makePlan({ id: PLAN, projects: 12, kpis: 3, years: 3, departments: 3 }), FY);
  tokens['dept-001'] = await staffToken(w, 'kill-staff', ['dept-001']);
  tokens['dept-002'] = await staffToken(w, 'lost-staff', ['dept-002']);
  tokens['dept-003'] = await staffToken(w, 'lock-staff', ['dept-003']);
  proxy = await startLossyProxy(w.baseUrl);
});

afterAll(async () => {
  await proxy?.close();
  await w?.stop();
});

describe('the worker killed and restarted in the middle of a stream of saves', () => {
  it('delivers every queued edit after the restart, each exactly once and in order', async () => {
    const typed = new Map<string, string[]>(KPIS.map((id) => [id, []]));
    const type = (pane: Awaited<ReturnType<typeof openPane>>, round: number) => {
      for (let j = 0; j < 3; j++) {
        const id = KPIS[(round * 3 + j) % KPIS.length] as string;
        const value = String(100_000 + round * 100 + j);
        pane.type(id, value);
        typed.get(id)?.push(value);
      }
    };
    const first = await openPane(target('dept-001'));
    for (let round = 0; round < 5; round++) {
      type(first, round);
      await first.engine.flush();
    }
    // Round 5's save is on its way when the worker dies under it (SIGKILL of its process group).
    type(first, 5);
    const inFlight = first.engine.flush();
    await w.kill();
    await inFlight;
    expect((await fetch(`${w.baseUrl}/api/health`).catch(() => null)) ?? null).toBeNull();
    for (let round = 6; round < 10; round++) {
      type(first, round);
      await first.engine.flush();
    }
    expect(first.engine.offline).toBe(true);
    const waiting = first.engine.queue.batches.length;
    expect(waiting, 'batches waiting while the worker is down').toBeGreaterThanOrEqual(4);
    // The pane is closed while the worker is down; the queue lives on in the pane's storage.
    await first.close();
    await w.restart();
    const second = await openPane(target('dept-001'), first.storage);
    expect(second.engine.queue.batches.length).toBe(waiting);
    for (let round = 10; round < 13; round++) {
      type(second, round);
      await second.engine.flush();
    }
    await second.drained();
    expect(unsentCells(second.engine.queue)).toEqual([]);
    await second.close();

    const sheet = await sheetOf('dept-001');
    const history = await historyOf('dept-001');
    let total = 0;
    for (const [id, values] of typed) {
      expect(sheet.actuals.find((a) => a.indicatorId === id)?.value, id).toBe(values.at(-1));
      const edits = valueEdits(history, id);
      expect(
        edits.map((e) => e.after),
        `${id}: every edit stored once, in order`,
      ).toEqual(values);
      expect(
        edits.map((e) => e.before),
        `${id}: each edit's "before" is the previous value`,
      ).toEqual([null, ...values.slice(0, -1)]);
      total += values.length;
    }
    expect(history.filter((e) => e.action === 'save' && e.field === 'value')).toHaveLength(total);
    expect(total).toBe(39);
    expect(sheet.submission.revision).toBe(Math.max(...history.map((e) => e.revision)));
  });
});

describe('a save whose response is lost after the server committed it', () => {
  it('is retried by the queue with the same Idempotency-Key and stored once', async () => {
    const id = indicatorId(1, 0);
    const before = await sheetOf('dept-002');
    const pane = await openPane(target('dept-002', proxy.baseUrl));
    proxy.loseNext(1, (method) => method === 'PATCH');
    pane.type(id, '4321');
    await pane.engine.flush();
    expect(proxy.lost).toEqual([{ method: 'PATCH', path: sheetPath(PLAN, FY, 'dept-002'), status: 200 }]);
    const batch = pane.engine.queue.batches[0];
    expect(batch?.attempts, 'the pane saw a failure and keeps the batch').toBe(1);
    // Yet the server has it.
    const committed = await sheetOf('dept-002');
    expect(committed.actuals.find((a) => a.indicatorId === id)?.value).toBe('4321');
    expect(committed.submission.revision).toBeGreaterThan(before.submission.revision);

    await pane.drained();
    const replay = proxy.passed.find((p) => p.method === 'PATCH');
    expect(replay?.status).toBe(200);
    expect(replay?.headers['idempotency-replayed']).toBe('true');
    expect(pane.engine.queue.knownRevision).toBe(committed.submission.revision);
    const after = await sheetOf('dept-002');
    expect(after.submission.revision).toBe(committed.submission.revision);
    expect(valueEdits(await historyOf('dept-002'), id).map((e) => e.after)).toEqual(['4321']);
    await pane.close();
  });

  it('replays a workflow step (submit) whose response was lost, recording it once', async () => {
    const staff = client(proxy.baseUrl, tokens['dept-002'] as string);
    // Only a complete sheet is submitted (shared/workflow): every KPI and 主な取組 filled first.
    const sheet = (await coordinator()<SheetResponse>('GET', sheetPath(PLAN, FY, 'dept-002'))).body;
    const filled = new Set(sheet.actuals.map((a) => a.indicatorId));
    const fill = await staff(
      'PATCH',
      sheetPath(PLAN, FY, 'dept-002'),
      {
        actuals: sheet.projects.flatMap((p) =>
          p.indicators.filter((i) => !filled.has(i.id)).map((i) => ({ indicatorId: i.id, value: '1' })),
        ),
        activities: sheet.projects.map((p) => ({ projectId: p.id, text: `${p.name}の取組` })),
      },
      { 'If-Match': `"${sheet.submission.revision}"` },
    );
    expect(fill.status, fill.text).toBe(200);
    const key = crypto.randomUUID();
    const path = sheetPath(PLAN, FY, 'dept-002', '/submit');
    proxy.loseNext(1, (method, p) => method === 'POST' && p === path);
    await expect(staff('POST', path, {}, { 'Idempotency-Key': key })).rejects.toThrow();
    expect((await sheetOf('dept-002')).submission.status).toBe('submitted');
    const retry = await staff<{ status: string }>('POST', path, {}, { 'Idempotency-Key': key });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(retry.body.status).toBe('submitted');
    expect((await historyOf('dept-002')).filter((e) => e.action === 'submit')).toHaveLength(1);
  });
});

describe('a stale save after the coordinator locked the cycle', () => {
  it('is refused with 423 and a clear message, stores nothing, and stays in the queue', async () => {
    const dept = 'dept-003';
    const pane = await openPane(target(dept));
    const base = pane.engine.queue.knownRevision as number;
    // A colleague saves first (the pane's revision is now stale), then the coordinator locks.
    const colleague = client(w.baseUrl, tokens[dept] as string);
    const moved = await colleague(
      'PATCH',
      sheetPath(PLAN, FY, dept),
      {
        actuals: [{ indicatorId: indicatorId(2, 0), value: '77', basis: 'year', footnotes: [] }],
      },
      { 'If-Match': `"${base}"` },
    );
    expect(moved.status, moved.text).toBe(200);
    const lock = await coordinator()('POST', `/api/plans/${PLAN}/cycles/${FY}/lock`, { comment: '締切' });
    expect(lock.status, lock.text).toBe(200);
    const sheetBefore = await sheetOf(dept);
    const historyBefore = await historyOf(dept);

    const stale = await colleague(
      'PATCH',
      sheetPath(PLAN, FY, dept),
      {
        actuals: [{ indicatorId: indicatorId(2, 1), value: '88', basis: 'year', footnotes: [] }],
      },
      { 'If-Match': `"${base}"`, 'Idempotency-Key': crypto.randomUUID() },
    );
    expect(stale.status, stale.text).toBe(423);
    expect(stale.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = stale.body as { code: string; messages: { ja: string; en: string } };
    expect(problem.code).toBe('cycle_locked');
    expect(problem.messages.ja).toContain('ロック');
    expect(problem.messages.ja).toContain('取りまとめ担当');
    expect(problem.messages.en).toContain('locked');

    pane.type(indicatorId(2, 2), '99');
    await pane.engine.flush();
    expect(pane.engine.refusal?.ja).toBe(problem.messages.ja);
    expect(
      unsentCells(pane.engine.queue).map((c) => c.raw),
      'the edit is kept, not lost',
    ).toEqual(['99']);
    const submit = await colleague('POST', sheetPath(PLAN, FY, dept, '/submit'), {});
    expect(submit.status).toBe(423);

    expect(await sheetOf(dept)).toEqual(sheetBefore);
    expect(await historyOf(dept)).toEqual(historyBefore);
    pane.engine.dispose();
    const status = await call<{ locked: boolean }>(
      w.baseUrl,
      'GET',
      `/api/plans/${PLAN}/cycles/${FY}/status`,
      {
        token: w.user('demo-coordinator').token,
      },
    );
    expect(status.body.locked).toBe(true);
  });
});
