import { describe, expect, it } from 'vitest';
import { normalizeActivities } from './activities.ts';

describe('normalizeActivities (主な取組 as stored)', () => {
  it('ends lines with LF and drops blanks around the items, keeping those between', () => {
    expect(normalizeActivities('\r\n・説明会\r\n\r\n・相談会  \n')).toBe('・説明会\n\n・相談会');
    expect(normalizeActivities('・説明会\t3回')).toBe('・説明会\t3回');
    expect(normalizeActivities('   ')).toBe('');
  });
  it('is idempotent', () => {
    for (const t of [' a\r\nb ', '\n\nx', 'y'])
      expect(normalizeActivities(normalizeActivities(t))).toBe(normalizeActivities(t));
  });
});
