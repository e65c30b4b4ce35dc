import { describe, expect, it } from 'vitest';
import { sampleBody, sampleEdit, sampleRef } from '../../test-support/sample-edits.ts';
import { BACKOFF_MAX_MS, backoffDelay } from './backoff.ts';
import {
  dueBatch,
  type Edit,
  emptyQueue,
  loadQueue,
  markConflict,
  markFailed,
  markRejected,
  markSaved,
  type QueueState,
  rebaseAfterConflict,
  recordEdits,
  retryNow,
  saveQueue,
  takeBatch,
  unsentCells,
  withCanonicals,
} from './queue.ts';
import { MemoryStorage, partitionedStorage } from './storage.ts';

const edit = (id: string, raw: string, serverValue: string | null = '', field?: 'missingReason'): Edit =>
  sampleEdit(sampleRef(id, field), raw, { serverValue });
const all = () => true;
const body = sampleBody;
const fixedRandom = () => 1;

function queued(): QueueState {
  return recordEdits(emptyQueue('d-1', 2023, 3), [edit('a', '1,200', '1000'), edit('b', '5')], 100);
}

describe('the unsent-changes queue', () => {
  it('keeps the newest edit of a cell and its base from the first edit', () => {
    let q = queued();
    q = recordEdits(q, [edit('a', '1,300', '1200')], 200);
    expect(q.pending).toHaveLength(2);
    const a = q.pending.find((c) => c.key === 'i:a:value')!;
    expect(a.raw).toBe('1,300');
    expect(a.base).toBe('1000');
  });

  it('drops a pending edit typed back to the server value, but not one a batch carries', () => {
    let q = recordEdits(queued(), [edit('a', '1000', '1000')], 200);
    expect(q.pending.map((c) => c.key)).toEqual(['i:b:value']);
    q = takeBatch(queued(), all, body, 'key-1', 300);
    q = recordEdits(q, [edit('a', '1000', '1000')], 400);
    expect(q.pending.map((c) => c.raw)).toEqual(['1000']);
  });

  it('freezes sendable cells into a batch with a fixed key, body and base revision', () => {
    let q = takeBatch(queued(), (c) => c.key !== 'i:b:value', body, 'key-1', 300);
    expect(q.batches).toHaveLength(1);
    expect(q.batches[0]!.body).toEqual(sampleBody([{ raw: '1,200' }]));
    expect(q.pending.map((c) => c.key)).toEqual(['i:b:value']);
    const due = dueBatch(q, 300)!;
    expect(due.batch.baseRevision).toBe(3);
    q = recordEdits(due.state, [edit('c', '9')], 350);
    q = markFailed(q, 'key-1', 'offline', 400, fixedRandom);
    expect(dueBatch(q, 400)).toBeNull();
    const retry = dueBatch(q, 400 + 1000)!;
    expect(retry.batch.idempotencyKey).toBe('key-1');
    expect(retry.batch.baseRevision).toBe(3);
    expect(retry.batch.body).toEqual(sampleBody([{ raw: '1,200' }]));
  });

  it('sends batches in order and rebases later edits of saved cells', () => {
    let q = takeBatch(queued(), all, body, 'key-1', 300);
    q = dueBatch(q, 300)!.state;
    q = recordEdits(q, [edit('a', '1,400', '1000')], 310);
    q = takeBatch(q, all, body, 'key-2', 320);
    expect(dueBatch(q, 320)!.batch.idempotencyKey).toBe('key-1');
    q = markSaved(q, 'key-1', 4, 330);
    expect(q.knownRevision).toBe(4);
    expect(q.lastSavedAt).toBe(330);
    const second = dueBatch(q, 330)!;
    expect(second.batch.idempotencyKey).toBe('key-2');
    expect(second.batch.baseRevision).toBe(4);
  });

  it('rebases pending edits of saved cells on the saved value', () => {
    let q = takeBatch(queued(), all, body, 'key-1', 300);
    q = dueBatch(q, 300)!.state;
    q = recordEdits(q, [edit('a', '1,500', '1000')], 310);
    q = markSaved(q, 'key-1', 4, 330);
    expect(q.pending.find((c) => c.key === 'i:a:value')!.base).toBe('1200');
  });

  it('retries now when the connection returns, but a conflict waits for the person', () => {
    let q = takeBatch(queued(), all, body, 'key-1', 300);
    q = markFailed(q, 'key-1', 'offline', 300, fixedRandom);
    expect(dueBatch(retryNow(q, 301), 301)).not.toBeNull();
    q = markConflict(retryNow(q, 301), 'key-1');
    expect(dueBatch(retryNow(q, 302), 302)).toBeNull();
  });

  it('puts a refused batch back to pending with the problems, until the row is edited', () => {
    let q = takeBatch(queued(), all, body, 'key-1', 300);
    const problem = {
      code: 'x',
      severity: 'error' as const,
      path: 'actuals[0].value',
      message: { ja: 'だめ', en: 'no' },
    };
    q = markRejected(q, 'key-1', { 'i:a:value': [problem] });
    expect(q.batches).toHaveLength(0);
    expect(unsentCells(q)).toHaveLength(2);
    expect(Object.keys(q.rejected)).toEqual(['i:a:value']);
    q = recordEdits(q, [edit('a', 'reason', '', 'missingReason')], 400);
    expect(q.rejected).toEqual({});
  });

  it('after a conflict, drops the cells where theirs was taken and rebases the rest', () => {
    let q = takeBatch(queued(), all, body, 'key-1', 300);
    q = markConflict(q, 'key-1');
    q = recordEdits(q, [edit('c', '7')], 310);
    q = rebaseAfterConflict(q, {
      serverRevision: 9,
      dropKeys: new Set(['i:a:value']),
      serverValues: new Map([['i:b:value', '6']]),
    });
    expect(q.knownRevision).toBe(9);
    expect(q.batches).toEqual([]);
    expect(q.pending.map((c) => [c.key, c.base])).toEqual([
      ['i:b:value', '6'],
      ['i:c:value', ''],
    ]);
  });

  it('takes up a queue stored by an earlier version, whose cells had no canonical value yet', () => {
    const storage = new MemoryStorage();
    const stored = JSON.parse(
      JSON.stringify(takeBatch(queued(), (c) => c.key === 'i:a:value', body, 'k', 300)),
    );
    for (const c of [...stored.pending, ...stored.batches[0].cells]) delete c.canonical;
    saveQueue(storage, stored);
    const loaded = loadQueue(storage, 'd-1', 2023)!;
    expect(loaded.batches[0]!.idempotencyKey).toBe('k');
    const taken = withCanonicals(loaded, (c) => `parsed ${c.raw}`);
    expect(unsentCells(taken).map((c) => c.canonical)).toEqual(['parsed 1,200', 'parsed 5']);
    expect(withCanonicals(taken, () => 'again')).toBe(taken);
  });

  it('survives a restart in storage keyed by the partition, and ignores a corrupt entry', () => {
    const base = new MemoryStorage();
    const mine = partitionedStorage(base, 'tenant-a');
    const other = partitionedStorage(base, 'tenant-b');
    saveQueue(mine, takeBatch(queued(), all, body, 'key-1', 300));
    expect(loadQueue(mine, 'd-1', 2023)?.batches[0]?.idempotencyKey).toBe('key-1');
    expect(loadQueue(other, 'd-1', 2023)).toBeNull();
    base.setItem('tenant-a/shinchoku:queue:d-1:2023', '{not json');
    expect(loadQueue(mine, 'd-1', 2023)).toBeNull();
  });
});

describe('backoff', () => {
  it('doubles from one second, with jitter, and is capped', () => {
    expect(backoffDelay(1, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 1)).toBe(4000);
    expect(backoffDelay(3, () => 0)).toBe(2000);
    expect(backoffDelay(40, () => 1)).toBe(BACKOFF_MAX_MS);
  });
});
