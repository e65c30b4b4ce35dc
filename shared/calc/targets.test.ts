import { describe, expect, it } from 'vitest';
import { targetsDiffer } from './targets.ts';

describe('targetsDiffer', () => {
  it('compares figures, not text: 20 and 20.0 are the same target', () => {
    expect(targetsDiffer({ value: '20' }, { value: '20.0' })).toBe(false);
    expect(targetsDiffer({ value: '-1.50' }, { value: '-1.5' })).toBe(false);
    expect(targetsDiffer({ value: '20' }, { value: '21' })).toBe(true);
  });
  it('a target added or removed is a change; none on either side is not', () => {
    expect(targetsDiffer(null, { value: '1' })).toBe(true);
    expect(targetsDiffer({ value: '1' }, undefined)).toBe(true);
    expect(targetsDiffer(null, null)).toBe(false);
  });
});
