import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../shared/problem.ts';
import { problemKey } from './controller.ts';

const p = (cell: Problem['cell']): Problem => ({
  code: 'x',
  severity: 'error',
  path: 'actuals[0]',
  message: { ja: 'だめ', en: 'no' },
  ...(cell ? { cell } : {}),
});

describe('mapping the server’s problems (422) to sheet cells', () => {
  it('names the queue key of the cell each problem concerns', () => {
    expect(problemKey(p({ indicatorId: 'k1', field: 'value' }))).toBe('i:k1:value');
    expect(problemKey(p({ indicatorId: 'k1', field: 'marker' }))).toBe('i:k1:value');
    expect(problemKey(p({ indicatorId: 'k1', field: 'missingReason' }))).toBe('i:k1:missingReason');
    expect(problemKey(p({ indicatorId: 'k1', field: 'status' }))).toBe('i:k1:status');
    expect(problemKey(p({ indicatorId: 'k1', field: 'footnotes' }))).toBe('i:k1:footnote');
    expect(problemKey(p({ indicatorId: 'k1', field: 'period' }))).toBe('i:k1:period');
    expect(problemKey(p({ indicatorId: 'k1', field: 'shortfallReason' }))).toBe('i:k1:shortfallReason');
    expect(problemKey(p({ indicatorId: 'k1', field: 'toString' }))).toBe('i:k1:value');
    expect(problemKey(p({ projectId: 'p1', field: 'activities' }))).toBe('p:p1:activities');
    expect(problemKey(p(undefined))).toBeNull();
    expect(problemKey(p({ field: 'value' }))).toBeNull();
  });
});
