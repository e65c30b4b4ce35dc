import { describe, expect, it } from 'vitest';
import { sampleQueuedCell, sampleRef } from '../../test-support/sample-edits.ts';
import type { CellKey } from './keys.ts';
import { type Choice, isResolved, keysToDrop, mergeWithServer } from './merge.ts';

const cell = (id: string, raw: string, base: string | null) => sampleQueuedCell(sampleRef(id), raw, { base });

describe('merging my unsent cells with the server copy', () => {
  const mine = [cell('a', '1,200', '1000'), cell('b', '50', '40'), cell('c', '7', '5'), cell('d', '3', null)];
  const theirs = new Map<CellKey, string | null>([
    ['i:a:value', '1000'], // unchanged on the server: mine wins without asking
    ['i:b:value', '45'], // changed on both sides: ask
    ['i:c:value', '7'], // the server already holds mine
    ['i:d:value', '4'], // base unknown and different: ask
  ]);

  it('asks only about cells changed on both sides', () => {
    const m = mergeWithServer(mine, theirs);
    expect(m.keepMine).toEqual(['i:a:value']);
    expect(m.alreadyEqual).toEqual(['i:c:value']);
    expect(m.conflicts.map((c) => [c.key, c.mine, c.theirs])).toEqual([
      ['i:b:value', '50', '45'],
      ['i:d:value', '3', '4'],
    ]);
  });

  it('treats a cell the server reports as conflicting as a conflict even if it looks unchanged', () => {
    const m = mergeWithServer(mine, theirs, new Set(['i:a:value']));
    expect(m.conflicts.map((c) => c.key)).toContain('i:a:value');
  });

  it('an empty cell and a missing value are the same', () => {
    const m = mergeWithServer([cell('e', '', '5')], new Map());
    expect(m.alreadyEqual).toEqual(['i:e:value']);
  });

  it('drops the cells where theirs was chosen, and is resolved only when every conflict has a choice', () => {
    const m = mergeWithServer(mine, theirs);
    const choices = new Map<CellKey, Choice>([['i:b:value', 'theirs']]);
    expect(isResolved(m, choices)).toBe(false);
    choices.set('i:d:value', 'mine');
    expect(isResolved(m, choices)).toBe(true);
    expect([...keysToDrop(m, choices)].sort()).toEqual(['i:b:value', 'i:c:value']);
  });
});
