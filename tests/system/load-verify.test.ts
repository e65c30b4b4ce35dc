import { describe, expect, it } from 'vitest';
import type { Ack } from '../bench/load/client.ts';
import { type HistoryRow, verify } from '../bench/load/verify.ts';

/** The load benchmark's database check must catch each way a write can go wrong. */
const ack = (key: string, revision: number, cells: Record<string, string>): Ack => ({
  kind: 'save',
  departmentId: 'd1',
  key,
  revision,
  cells,
});
let id = 0;
const row = (indicator: string, before: string | null, after: string, revision: number): HistoryRow => ({
  id: ++id,
  department_id: 'd1',
  indicator_id: indicator,
  action: 'save',
  field: 'value',
  before: before === null ? null : JSON.stringify(before),
  after: JSON.stringify(after),
  revision,
});

const acks = [ack('k1', 1, { a: '10', b: '20' }), ack('k2', 2, { a: '11' })];
const good = () => [row('a', null, '10', 1), row('b', null, '20', 1), row('a', '10', '11', 2)];
const finals = [
  { indicator_id: 'a', value: '11' },
  { indicator_id: 'b', value: '20' },
];

describe('the load benchmark’s verification', () => {
  it('passes when every acknowledged cell is stored once and the history chains', () => {
    const v = verify(acks, good(), finals);
    expect(v).toMatchObject({ ackedSaves: 2, ackedCells: 3, storedValueEdits: 3, ok: true });
  });

  it('fails on a lost, a duplicated, an unacknowledged or a misnumbered write', () => {
    const [a10, b20, a11] = good() as [HistoryRow, HistoryRow, HistoryRow];
    expect(verify(acks, [a10, a11], finals)).toMatchObject({ missing: 1, ok: false });
    expect(verify(acks, [...good(), { ...a11, id: 99, before: JSON.stringify('11') }], finals)).toMatchObject(
      {
        duplicated: 1,
        ok: false,
      },
    );
    expect(verify(acks, [...good(), row('b', '20', '21', 3)], finals)).toMatchObject({
      unacknowledged: 1,
      ok: false,
    });
    expect(verify(acks, [a10, b20, { ...a11, revision: 5 }], finals)).toMatchObject({
      wrongRevision: 1,
      ok: false,
    });
  });

  it('fails when the history does not chain or does not end at the stored value', () => {
    const [a10, b20, a11] = good() as [HistoryRow, HistoryRow, HistoryRow];
    expect(verify(acks, [a10, b20, { ...a11, before: JSON.stringify('9') }], finals)).toMatchObject({
      chainBreaks: 1,
      ok: false,
    });
    expect(verify(acks, good(), [{ indicator_id: 'a', value: '10' }, finals[1]!])).toMatchObject({
      finalMismatches: 1,
      ok: false,
    });
  });

  it('fails when an acknowledged submit is not recorded once', () => {
    const submit: Ack = { kind: 'submit', departmentId: 'd1', key: 's', revision: 3, cells: {} };
    const recorded = { ...row('a', '11', '11', 3), action: 'submit', field: 'status', indicator_id: null };
    expect(verify([...acks, submit], [...good(), recorded], finals).ok).toBe(true);
    expect(verify([...acks, submit], good(), finals)).toMatchObject({
      workflow: { acked: 1, stored: 0, mismatchedDepartments: 1 },
      ok: false,
    });
  });
});
