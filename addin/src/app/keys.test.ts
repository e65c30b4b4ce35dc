import { describe, expect, it } from 'vitest';
import { cellKey, keyOf, parseCellKey, parseRowKey, rowKey, rowOf } from './keys.ts';

describe('row and cell keys', () => {
  it('are built in one place and read back by one parser', () => {
    expect(rowKey('project', 'p-001')).toBe('p:p-001');
    expect(rowKey('indicator', 'k-pv')).toBe('i:k-pv');
    const key = cellKey(rowKey('indicator', 'k-pv'), 'missingReason');
    expect(key).toBe('i:k-pv:missingReason');
    expect(parseCellKey(key)).toEqual({
      row: 'i:k-pv',
      kind: 'indicator',
      id: 'k-pv',
      field: 'missingReason',
      ref: { kind: 'indicator', indicatorId: 'k-pv', field: 'missingReason' },
    });
    expect(rowOf(cellKey(rowKey('project', 'p.1_a'), 'activities'))).toBe('p:p.1_a');
  });

  it('name a cell reference the same way', () => {
    const ref = { kind: 'project', projectId: 'p-001', field: 'activities' } as const;
    expect(keyOf(ref)).toBe('p:p-001:activities');
    expect(parseCellKey(keyOf(ref)).ref).toEqual(ref);
  });

  it('take a row key from the sheet’s key column, and nothing else', () => {
    expect(parseRowKey('i:k-2-1')).toEqual({ key: 'i:k-2-1', kind: 'indicator', id: 'k-2-1' });
    for (const text of ['', 'x:k-1', 'i:', 'i:k-1:value', 'k-1']) expect(parseRowKey(text)).toBeNull();
  });
});
