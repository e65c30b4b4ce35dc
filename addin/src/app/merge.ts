import type { CellRef } from './cells.ts';
import type { CellKey } from './keys.ts';
import type { QueuedCell } from './queue.ts';

/**
 * Three-way merge of my unsent cells with the server's copy after a 409: for each cell, what it
 * was when I started editing (base), what I typed (mine) and what the server holds now (theirs).
 * Only a cell changed on both sides is a conflict the person must decide; nothing is decided silently.
 */
export interface ConflictCell {
  key: CellKey;
  ref: CellRef;
  base: string | null;
  mine: string;
  mineRaw: string;
  theirs: string | null;
}

export interface MergeResult {
  /** Changed on both sides, differently: ask. */
  conflicts: ConflictCell[];
  /** The server did not change the cell since my base: keep mine without asking. */
  keepMine: CellKey[];
  /** The server already holds what I typed: nothing to send. */
  alreadyEqual: CellKey[];
}

export function mergeWithServer(
  mine: readonly QueuedCell[],
  theirs: ReadonlyMap<CellKey, string | null>,
  serverConflictKeys: ReadonlySet<CellKey> = new Set(),
): MergeResult {
  const result: MergeResult = { conflicts: [], keepMine: [], alreadyEqual: [] };
  for (const cell of mine) {
    const mineValue = cell.canonical;
    const theirsValue = theirs.has(cell.key) ? (theirs.get(cell.key) ?? null) : null;
    if (sameValue(mineValue, theirsValue)) {
      result.alreadyEqual.push(cell.key);
      continue;
    }
    const theirsUnchanged = cell.base !== null && sameValue(cell.base, theirsValue);
    if (theirsUnchanged && !serverConflictKeys.has(cell.key)) {
      result.keepMine.push(cell.key);
      continue;
    }
    result.conflicts.push({
      key: cell.key,
      ref: cell.ref,
      base: cell.base,
      mine: mineValue,
      mineRaw: cell.raw,
      theirs: theirsValue,
    });
  }
  return result;
}

/** An empty cell and an absent value are the same thing. */
function sameValue(a: string | null, b: string | null): boolean {
  return (a ?? '') === (b ?? '');
}

export type Choice = 'mine' | 'theirs';

/** The cells to drop from the queue: those already equal and those where the person took theirs. */
export function keysToDrop(merge: MergeResult, choices: ReadonlyMap<CellKey, Choice>): Set<CellKey> {
  const drop = new Set(merge.alreadyEqual);
  for (const c of merge.conflicts) if (choices.get(c.key) === 'theirs') drop.add(c.key);
  return drop;
}

/** True when every conflict has a choice. */
export function isResolved(merge: MergeResult, choices: ReadonlyMap<CellKey, Choice>): boolean {
  return merge.conflicts.every((c) => choices.has(c.key));
}
