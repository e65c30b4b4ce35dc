import { describe, expect, it } from 'vitest';
import type { SaveValuesRequest } from '../../../shared/api.ts';
import type { Problem } from '../../../shared/problem.ts';
import { FakeClock } from '../../test-support/fake-clock.ts';
import { sampleBody, sampleEdit, sampleRef } from '../../test-support/sample-edits.ts';
import { sampleSheet } from '../../test-support/sample-sheet.ts';
import { cellKey, rowKey } from './keys.ts';
import type { Edit } from './queue.ts';
import { MemoryStorage } from './storage.ts';
import { type EngineDeps, type SaveOutcome, SyncEngine } from './sync-engine.ts';

const edit = (id: string, raw: string): Edit => sampleEdit(sampleRef(id), raw, { canonical: raw });

function setup(responses: SaveOutcome[], storage = new MemoryStorage(), clock = new FakeClock()) {
  const sent: { body: SaveValuesRequest; ifMatch: number; key: string }[] = [];
  const conflicts: unknown[] = [];
  let id = 0;
  const deps: EngineDeps = {
    storage,
    save: async (body, ifMatch, key) => {
      sent.push({ body, ifMatch, key });
      return responses.shift() ?? { kind: 'saved', revision: ifMatch + 1 };
    },
    bodyFor: sampleBody,
    canonicalOf: (c) => c.raw,
    isSendable: (c) => c.raw !== 'bad',
    keyOfProblem: (p: Problem) =>
      p.cell?.indicatorId ? cellKey(rowKey('indicator', p.cell.indicatorId), 'value') : null,
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    newId: () => `key-${++id}`,
    random: () => 1,
    onConflict: (body) => conflicts.push(body),
  };
  const engine = new SyncEngine(deps, 'd-1', 2023, 7);
  return { engine, sent, clock, storage, conflicts };
}

const offline: SaveOutcome = { kind: 'retry', message: { ja: 'オフライン', en: 'offline' } };

describe('the sync engine', () => {
  it('saves with If-Match and Idempotency-Key, then shows saved', async () => {
    const { engine, sent } = setup([]);
    engine.record([edit('a', '10'), edit('b', '20')]);
    expect(engine.status()).toMatchObject({ kind: 'unsent', count: 2 });
    await engine.flush();
    expect(sent).toEqual([{ body: sampleBody([{ raw: '10' }, { raw: '20' }]), ifMatch: 7, key: 'key-1' }]);
    expect(engine.status()).toMatchObject({ kind: 'saved' });
    expect(engine.queue.knownRevision).toBe(8);
  });

  it('retries the same request with backoff while offline, and drains when the connection returns', async () => {
    const { engine, sent, clock } = setup([offline, offline]);
    engine.record([edit('a', '10')]);
    await engine.flush();
    expect(engine.status()).toMatchObject({ kind: 'unsent', count: 1, offline: true });
    await clock.advance(500, engine);
    expect(sent).toHaveLength(1); // not yet: the first retry waits 1 s
    await clock.advance(600, engine);
    expect(sent).toHaveLength(2);
    engine.record([edit('b', '30')]);
    await engine.online();
    expect(sent.map((s) => s.key)).toEqual(['key-1', 'key-1', 'key-1', 'key-2']);
    expect(sent[2]!.body).toEqual(sent[0]!.body);
    expect(engine.status().kind).toBe('saved');
  });

  it('survives closing the pane: a new engine resends the stored batch with the same key', async () => {
    const storage = new MemoryStorage();
    const first = setup([offline], storage);
    first.engine.record([edit('a', '10')]);
    await first.engine.flush();
    first.engine.dispose();
    const second = setup([], storage);
    expect(second.engine.status()).toMatchObject({ kind: 'unsent', count: 1 });
    await second.engine.flush();
    expect(second.sent).toEqual([{ body: sampleBody([{ raw: '10' }]), ifMatch: 7, key: 'key-1' }]);
  });

  it('holds back cells of rows with errors, and says so', async () => {
    const { engine, sent } = setup([]);
    engine.record([edit('a', 'bad'), edit('b', '5')]);
    await engine.flush();
    expect(sent.map((s) => s.body)).toEqual([sampleBody([{ raw: '5' }])]);
    expect(engine.status()).toMatchObject({ kind: 'rejected', count: 1, unsent: 1 });
  });

  it('puts cells the server refused (422) back and does not resend them until edited', async () => {
    const problem: Problem = {
      code: 'actual.missing_reason',
      severity: 'error',
      path: 'actuals[0].missingReason',
      cell: { indicatorId: 'a', field: 'missingReason' },
      message: { ja: '理由を入力', en: 'Give a reason' },
    };
    const { engine, sent } = setup([{ kind: 'rejected', problems: [problem] }]);
    engine.record([edit('a', '0')]);
    await engine.flush();
    expect(engine.queue.rejected).toHaveProperty(['i:a:value']);
    expect(engine.status().kind).toBe('rejected');
    await engine.flush();
    expect(sent).toHaveLength(1);
    engine.record([edit('a', '3')]);
    await engine.flush();
    expect(sent).toHaveLength(2);
    expect(engine.status().kind).toBe('saved');
  });

  it('stops at a conflict and hands the server copy over, without retrying on its own', async () => {
    const details = {
      currentRevision: 9,
      yourRevision: 7,
      conflicts: [],
      server: { submission: sampleSheet().submission, actuals: [], activities: [] },
    };
    const { engine, sent, clock, conflicts } = setup([{ kind: 'conflict', details }]);
    engine.record([edit('a', '10')]);
    await engine.flush();
    expect(conflicts).toEqual([details]);
    expect(engine.status().kind).toBe('conflict');
    await clock.advance(600_000, engine);
    expect(sent).toHaveLength(1);
  });

  it('a refusal (locked cycle) keeps the edits and shows the reason', async () => {
    const message = { ja: '締め切られています', en: 'locked' };
    const { engine } = setup([{ kind: 'refused', message }]);
    engine.record([edit('a', '10')]);
    await engine.flush();
    expect(engine.refusal).toEqual(message);
    expect(engine.status()).toMatchObject({ kind: 'unsent', count: 1 });
  });

  it('reports progress while draining, and a cancel stops between requests with the rest still queued', async () => {
    const { engine, sent } = setup([offline]);
    engine.record([edit('a', '1')]);
    await engine.flush();
    engine.record([edit('b', '2')]);
    await engine.flush();
    expect(engine.queue.batches).toHaveLength(2);
    const controller = new AbortController();
    const progress: [number, number][] = [];
    await engine.online({
      signal: controller.signal,
      onProgress: (done, total) => {
        progress.push([done, total]);
        controller.abort();
      },
    });
    expect(progress).toEqual([[1, 2]]);
    expect(sent.map((s) => s.key)).toEqual(['key-1', 'key-1']);
    expect(engine.status()).toMatchObject({ kind: 'unsent', count: 1 });
    await engine.flush();
    expect(engine.status().kind).toBe('saved');
  });
});
