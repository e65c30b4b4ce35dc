import { formatTime, type Translator } from './i18n.ts';
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

export type SyncTone = 'ok' | 'pending' | 'busy' | 'error';

/** The always-visible save state, as text and a tone for its colour. */
export function syncLine(s: SyncStatus, t: Translator): { text: string; tone: SyncTone } {
  switch (s.kind) {
    case 'saved':
      return {
        text: s.at ? t.t('syncSavedAt', { time: formatTime(s.at, t.lang) }) : t.t('syncSaved'),
        tone: 'ok',
      };
    case 'unsent':
      return s.offline && s.retryAt
        ? {
            text: t.t('syncOffline', { count: s.count, time: formatTime(s.retryAt, t.lang) }),
            tone: 'pending',
          }
        : { text: t.t('syncUnsent', { count: s.count }), tone: 'pending' };
    case 'sending':
      return { text: t.t('syncSending', { count: s.count }), tone: 'busy' };
    case 'rejected':
      return { text: t.t('syncRejected', { count: s.count }), tone: 'error' };
    case 'conflict':
      return { text: t.t('syncConflict', { count: s.count }), tone: 'error' };
  }
}
