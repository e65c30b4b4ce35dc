import type { SaveValuesRequest } from '../../../shared/api.ts';
import type { Message, Problem } from '../../../shared/problem.ts';
import type { ConflictAnswer } from '../api/client.ts';
import { type CellKey, rowOf } from './keys.ts';
import {
  dueBatch,
  type Edit,
  emptyQueue,
  loadQueue,
  markConflict,
  markFailed,
  markRejected,
  markSaved,
  mergeQueues,
  type QueuedCell,
  type QueueState,
  type Rejected,
  recordEdits,
  rejectedCells,
  retryNow,
  saveQueue,
  takeBatch,
  unsentCells,
  withCanonicals,
} from './queue.ts';
import type { KeyValueStorage } from './storage.ts';
import { type SyncStatus, syncStatus } from './sync-status.ts';

/**
 * Sends the unsent-changes queue of one submission: freezes edits into batches, sends them in
 * order with If-Match and Idempotency-Key, retries with backoff, and stops for a person on a
 * conflict (409), a refusal of cells (422) or a refusal of the request (locked, no permission).
 * Every queue change is persisted before anything else happens.
 */
export type SaveOutcome =
  | { kind: 'saved'; revision: number }
  /** The 409's server copy and conflicting cells; null when the answer carried none. */
  | { kind: 'conflict'; details: ConflictAnswer | null }
  | { kind: 'rejected'; problems: Problem[] }
  | { kind: 'retry'; message: Message }
  | { kind: 'refused'; message: Message };

export interface EngineDeps {
  storage: KeyValueStorage;
  save(body: SaveValuesRequest, ifMatch: number, idempotencyKey: string): Promise<SaveOutcome>;
  /** The request body for queued cells (whole rows as the sheet shows them now). */
  bodyFor(cells: readonly QueuedCell[]): SaveValuesRequest;
  /** The canonical value of a cell stored by an earlier version without it (see withCanonicals). */
  canonicalOf(cell: QueuedCell): string;
  /** False while the cell's row has an error on the sheet: it waits until fixed. */
  isSendable(cell: QueuedCell): boolean;
  /** The cell key a server problem belongs to (null: not a cell of this sheet). */
  keyOfProblem(p: Problem): CellKey | null;
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  newId(): string;
  random?: () => number;
  /** A batch was saved: its cells are what the server now holds. */
  onSaved?: (cells: readonly QueuedCell[], revision: number) => void;
  /** A 409 arrived: the queue waits until the person resolves it (see conflict.ts). */
  onConflict?: (details: ConflictAnswer | null) => void;
  /** The queue as the workbook's mirror holds it (read when the pane opened), merged with the stored one. */
  mirrored?: QueueState | null;
  /** Names a new copy of the queue (see QueueState.origin). */
  newOrigin?: () => string;
  /**
   * Called before each request leaves, after its batch was frozen and stamped: the workbook's mirror
   * is brought up to date here, so a request the server may store is in the workbook with its key.
   */
  beforeSend?: () => Promise<void>;
  /** A run of sends ended (saved, failed, stopped): the mirror drops what the server acknowledged. */
  afterDrain?: () => void;
}

export const AUTOSAVE_DELAY_MS = 1500;

export class SyncEngine {
  queue: QueueState;
  sending = false;
  offline = false;
  conflictCells = 0;
  refusal: Message | null = null;
  readonly #deps: EngineDeps;
  readonly #listeners = new Set<() => void>();
  #timer: unknown = null;
  #running: Promise<void> | null = null;

  constructor(deps: EngineDeps, departmentId: string, fiscalYear: number, serverRevision: number) {
    this.#deps = deps;
    const local = loadQueue(deps.storage, departmentId, fiscalYear);
    // The workbook's mirror brings back what a wiped localStorage lost; an edit in both is one edit.
    const stored = mergeQueues(local, deps.mirrored ?? null);
    // A conflict is not kept across restarts: the retry brings the server's copy back.
    const base = stored
      ? retryNow(
          withCanonicals(
            { ...stored, batches: stored.batches.map((b) => ({ ...b, conflict: false })) },
            deps.canonicalOf,
          ),
          deps.now(),
        )
      : null;
    const origin = () => (deps.newOrigin ?? (() => globalThis.crypto.randomUUID()))();
    this.queue = base ?? emptyQueue(departmentId, fiscalYear, serverRevision, origin());
    if (this.queue.origin === undefined) this.queue = { ...this.queue, origin: origin(), seq: 0 };
    if (unsentCells(this.queue).length === 0) this.queue = { ...this.queue, knownRevision: serverRevision };
    if (stored !== local) saveQueue(deps.storage, this.queue);
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  status(): SyncStatus {
    return syncStatus(this.queue, {
      sending: this.sending,
      conflictCells: this.conflictCells,
      heldCells: this.queue.pending.filter((c) => !this.#sendable(c)).length,
      offline: this.offline,
    });
  }

  #set(queue: QueueState): void {
    const next = { ...queue, seq: (queue.seq ?? 0) + 1 };
    saveQueue(this.#deps.storage, next);
    this.queue = next;
    this.#notify();
  }

  #notify(): void {
    for (const l of this.#listeners) l();
  }

  record(edits: Edit[]): void {
    this.#set(recordEdits(this.queue, edits, this.#deps.now()));
    this.#schedule(AUTOSAVE_DELAY_MS);
  }

  /** Replaces the queue (after a conflict was resolved) and sends it. */
  replaceQueue(queue: QueueState): Promise<void> {
    this.conflictCells = 0;
    this.#set(queue);
    return this.flush();
  }

  /** The connection is back (or the person pressed save): everything waiting may go now. */
  online(
    progress: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<void> {
    this.offline = false;
    this.#set(retryNow(this.queue, this.#deps.now()));
    return this.flush(progress);
  }

  #schedule(ms: number): void {
    if (this.#timer !== null) this.#deps.clearTimer(this.#timer);
    this.#timer = this.#deps.setTimer(
      () => {
        this.#timer = null;
        void this.flush();
      },
      Math.max(0, ms),
    );
  }

  /**
   * Sends what can be sent now. One run at a time; a run started while another is going waits
   * for it and then runs again. `onProgress` reports batches sent of those due; a cancel stops
   * after the request in flight (its batch is either saved or still queued, never lost).
   */
  flush(
    options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<void> {
    const previous = this.#running ?? Promise.resolve();
    const run = previous.then(() => this.#drain(options));
    this.#running = run.finally(() => {
      if (this.#running === run) this.#running = null;
    });
    return this.#running;
  }

  async #drain(options: {
    signal?: AbortSignal;
    onProgress?: (done: number, total: number) => void;
  }): Promise<void> {
    const d = this.#deps;
    this.refusal = null;
    if (this.queue.pending.some((c) => this.#sendable(c)))
      this.#set(takeBatch(this.queue, (c) => this.#sendable(c), d.bodyFor, d.newId(), d.now()));
    const total = this.queue.batches.length;
    let done = 0;
    while (!options.signal?.aborted) {
      const due = dueBatch(this.queue, d.now());
      if (!due) break;
      this.#set(due.state);
      this.sending = true;
      this.#notify();
      // The mirror is a second copy, never a gate: a failed write does not hold the request back.
      if (d.beforeSend) await d.beforeSend().catch(() => undefined);
      const outcome = await d.save(due.batch.body, due.batch.baseRevision ?? 0, due.batch.idempotencyKey);
      this.sending = false;
      const key = due.batch.idempotencyKey;
      if (outcome.kind === 'saved') {
        this.offline = false;
        d.onSaved?.(due.batch.cells, outcome.revision);
        this.#set(markSaved(this.queue, key, outcome.revision, d.now()));
        options.onProgress?.(++done, total);
        continue;
      }
      if (outcome.kind === 'retry') {
        this.offline = true;
        this.#set(markFailed(this.queue, key, outcome.message.en, d.now(), d.random));
      } else if (outcome.kind === 'conflict') {
        this.#set(markConflict(this.queue, key));
        d.onConflict?.(outcome.details);
      } else if (outcome.kind === 'rejected') {
        const byKey: Rejected = {};
        for (const p of outcome.problems) {
          const k = d.keyOfProblem(p);
          if (k) byKey[k] = [...(byKey[k] ?? []), p];
        }
        this.#set(markRejected(this.queue, key, byKey));
      } else {
        this.refusal = outcome.message;
        this.#notify();
      }
      break;
    }
    const next = this.queue.batches[0];
    if (next && !next.conflict && this.refusal === null) this.#schedule(next.nextAttemptAt - d.now());
    d.afterDrain?.();
  }

  /** A cell waits while its row has an error on the sheet or was refused by the server. */
  #sendable(cell: QueuedCell): boolean {
    const row = rowOf(cell.key);
    return this.#deps.isSendable(cell) && !rejectedCells(this.queue.rejected).some(([k]) => rowOf(k) === row);
  }

  /** True when nothing is waiting to be sent and nothing blocks a submit. */
  isClean(): boolean {
    return unsentCells(this.queue).length === 0 && this.conflictCells === 0;
  }

  dispose(): void {
    if (this.#timer !== null) this.#deps.clearTimer(this.#timer);
    this.#listeners.clear();
  }
}
