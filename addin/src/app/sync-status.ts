import type { QueueState } from './queue.ts';
import { unsentCells } from './queue.ts';

/**
 * What the pane always shows about saving: saved / N unsent / sending / rejected / conflict.
 * Derived from the queue and the engine's flags, so it can never disagree with what is stored.
 */
export type SyncStatus =
  | { kind: 'saved'; at: number | null }
  | { kind: 'unsent'; count: number; retryAt: number | null; offline: boolean }
  | { kind: 'sending'; count: number }
  | { kind: 'rejected'; count: number; unsent: number }
  | { kind: 'conflict'; count: number };

export interface EngineFlags {
  sending: boolean;
  /** Cells in conflict waiting for the person's choice. */
  conflictCells: number;
  /** Rows with errors on the sheet (held back from saving). */
  heldCells: number;
  offline: boolean;
}

export function syncStatus(queue: QueueState, flags: EngineFlags): SyncStatus {
  const unsent = unsentCells(queue).length;
  if (flags.conflictCells > 0 || queue.batches.some((b) => b.conflict))
    return { kind: 'conflict', count: Math.max(1, flags.conflictCells) };
  const rejected = Object.keys(queue.rejected).length + flags.heldCells;
  if (rejected > 0) return { kind: 'rejected', count: rejected, unsent };
  if (flags.sending) return { kind: 'sending', count: unsent };
  if (unsent > 0) {
    const retryAt = queue.batches.find((b) => b.attempts > 0)?.nextAttemptAt ?? null;
    return { kind: 'unsent', count: unsent, retryAt, offline: flags.offline };
  }
  return { kind: 'saved', at: queue.lastSavedAt };
}
