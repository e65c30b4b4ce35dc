import { describe, expect, it } from 'vitest';
import { sampleRef as ref } from '../../test-support/sample-edits.ts';
import { sampleSheet } from '../../test-support/sample-sheet.ts';
import { openConflict, resolveConflict, serverConflictKeys } from './conflict.ts';
import { keyOf } from './keys.ts';
import { emptyQueue, recordEdits } from './queue.ts';
import { buildModel, inputText, parseInput } from './sheet-model.ts';

const data = sampleSheet({ kpis: 4 });

function setup() {
  let model = buildModel(data);
  const edits = [
    { ref: ref('k-pv'), raw: '150,000' },
    { ref: ref('k-2-1'), raw: '77' },
  ].map((e) => ({
    ref: e.ref,
    cell: parseInput(model, e.ref, e.raw)!,
    serverValue: model.server.get(keyOf(e.ref)) ?? null,
  }));
  const queue = recordEdits(emptyQueue('d-kanko', 2023, 3), edits, 1);
  model = buildModel(data, queue.pending);
  // A colleague changed k-pv's value (as I did) and k-2-2's footnote (which I did not touch).
  const server = {
    submission: { ...data.submission, revision: 5 },
    actuals: [
      { indicatorId: 'k-pv', value: '140000', basis: 'year' as const, footnotes: [] },
      {
        indicatorId: 'k-2-2',
        value: null,
        missingReason: '集計中',
        basis: 'year' as const,
        footnotes: [{ marker: '(※)', text: '集計中' }],
      },
    ],
    activities: data.activities,
  };
  const copy = {
    currentRevision: 5,
    server,
    conflicts: [{ indicatorId: 'k-pv', field: 'value', server: '140000', yours: '150000' }],
  };
  return { model, queue, copy };
}

describe('a conflict with a colleague’s save', () => {
  it('asks only about the cell both changed', () => {
    const { model, queue, copy } = setup();
    const open = openConflict(model, queue, copy);
    expect(open.merge.conflicts.map((c) => [c.key, c.mineRaw, c.theirs])).toEqual([
      ['i:k-pv:value', '150,000', '140000'],
    ]);
    expect(open.merge.keepMine).toEqual(['i:k-2-1:value']);
    expect(serverConflictKeys(copy.conflicts)).toEqual(new Set(['i:k-pv:value']));
  });

  it('taking theirs shows their value and drops mine; their other changes appear; my other edit stays queued', () => {
    const { model, queue, copy } = setup();
    const open = openConflict(model, queue, copy);
    const r = resolveConflict(model, queue, open, new Map([['i:k-pv:value', 'theirs' as const]]));
    expect(inputText(r.model, 'i:k-pv:value')).toBe('140,000');
    expect(inputText(r.model, 'i:k-2-2:footnote')).toBe('(※) 集計中');
    expect(inputText(r.model, 'i:k-2-1:value')).toBe('77');
    expect(r.queue.pending.map((c) => c.key)).toEqual(['i:k-2-1:value']);
    expect(r.queue.knownRevision).toBe(5);
  });

  it('keeping mine keeps my value queued, rebased on theirs', () => {
    const { model, queue, copy } = setup();
    const open = openConflict(model, queue, copy);
    const r = resolveConflict(model, queue, open, new Map([['i:k-pv:value', 'mine' as const]]));
    expect(inputText(r.model, 'i:k-pv:value')).toBe('150,000');
    const mine = r.queue.pending.find((c) => c.key === 'i:k-pv:value')!;
    expect(mine.base).toBe('140000');
  });
});

describe('a conflict with a colleague who cleared the cell', () => {
  // The server no longer holds k-pv at all (the colleague emptied the row) and names it with server null.
  function clearedSetup() {
    const { model, queue } = setup();
    const copy = {
      currentRevision: 6,
      server: { submission: { ...data.submission, revision: 6 }, actuals: [], activities: data.activities },
      conflicts: [{ indicatorId: 'k-pv', field: 'value', server: null, yours: '150000' }],
    };
    return { model, queue, copy };
  }

  it('asks about the cleared cell, showing theirs as empty', () => {
    const { model, queue, copy } = clearedSetup();
    const open = openConflict(model, queue, copy);
    expect(open.merge.conflicts.map((c) => [c.key, c.mineRaw, c.theirs])).toEqual([
      ['i:k-pv:value', '150,000', ''],
    ]);
  });

  it('taking theirs leaves the cell empty and drops my edit; keeping mine queues it on an empty base', () => {
    const { model, queue, copy } = clearedSetup();
    const open = openConflict(model, queue, copy);
    const theirs = resolveConflict(model, queue, open, new Map([['i:k-pv:value', 'theirs' as const]]));
    expect(inputText(theirs.model, 'i:k-pv:value')).toBe('');
    expect(theirs.queue.pending.map((c) => c.key)).not.toContain('i:k-pv:value');
    const mine = resolveConflict(model, queue, open, new Map([['i:k-pv:value', 'mine' as const]]));
    expect(inputText(mine.model, 'i:k-pv:value')).toBe('150,000');
    expect(mine.queue.pending.find((c) => c.key === 'i:k-pv:value')?.base ?? '').toBe('');
  });
});
