import type { SaveValuesRequest } from '../../../shared/api.ts';
import type { Problem } from '../../../shared/problem.ts';
import { backoffDelay } from './backoff.ts';
import { type CellRef, isCellRef } from './cells.ts';
import { type CellKey, keyOf, rowOf } from './keys.ts';
import type { ParsedCell } from './row-values.ts';
import { type KeyValueStorage, readJson, writeJson } from './storage.ts';

/**
 * The unsent-changes queue of one submission (a department in a report cycle). Pure functions
 * over a plain, JSON-serialisable state; the caller persists every new state before acting on it,
 * so closing the pane or Excel at any moment loses nothing.
 *
 * - `pending`: edits not yet put into a request; a newer edit of the same cell replaces the older.
 * - `batches`: frozen requests, sent strictly in order. A batch keeps its Idempotency-Key and, from
 *   its first attempt on, its base revision, so a retry is the very same request.
 */
export interface QueuedCell {
  key: CellKey;
  ref: CellRef;
  /** As typed. */
  raw: string;
  /** What the server will hold once it is saved: the canonical value of its parse (row-values.ts). */
  canonical: string;
  /** The cell's canonical value on the server when it was first edited (null: unknown). */
  base: string | null;
  editedAt: number;
}

export interface Batch {
  idempotencyKey: string;
  cells: QueuedCell[];
  /** The request body, built once from the rows of these cells: a retry sends exactly the same. */
  body: SaveValuesRequest;
  /** If-Match: stamped at the first attempt with the revision known then. */
  baseRevision: number | null;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  conflict: boolean;
}

export interface QueueState {
  version: 1;
  departmentId: string;
  fiscalYear: number;
  /** The submission's revision as last confirmed by the server. */
  knownRevision: number | null;
  pending: QueuedCell[];
  batches: Batch[];
  /** Cells the server refused (422), by cell key, until the row is edited again. */
  rejected: Rejected;
  lastSavedAt: number | null;
  /**
   * Which copy of the queue this is (one per storage it was started in) and how often it was
   * written. The workbook keeps a mirror of the queue (see {@link mergeQueues}); a mirror of the
   * same copy, written no later, knows nothing the local copy does not.
   */
  origin?: string;
  seq?: number;
}

export function emptyQueue(
  departmentId: string,
  fiscalYear: number,
  knownRevision: number | null,
  origin?: string,
): QueueState {
  return {
    version: 1,
    departmentId,
    fiscalYear,
    knownRevision,
    pending: [],
    batches: [],
    rejected: {},
    lastSavedAt: null,
    ...(origin !== undefined ? { origin, seq: 0 } : {}),
  };
}

export type Rejected = Partial<Record<CellKey, Problem[]>>;

/** The refused cells with their problems. */
export function rejectedCells(rejected: Rejected): [CellKey, Problem[]][] {
  return Object.entries(rejected).flatMap(([key, problems]) =>
    problems ? [[key as CellKey, problems] as [CellKey, Problem[]]] : [],
  );
}

export interface Edit {
  ref: CellRef;
  /** The cell as typed, parsed once where the edit was read (sheet-session.ts). */
  cell: ParsedCell;
  /** The server's canonical value the sheet showed (null: unknown). */
  serverValue: string | null;
}

/** Records edits. An edit back to the server's value cancels a pending one, unless a batch carries the cell. */
export function recordEdits(state: QueueState, edits: readonly Edit[], now: number): QueueState {
  if (edits.length === 0) return state;
  const pending = new Map(state.pending.map((c) => [c.key, c]));
  const inBatches = new Set(state.batches.flatMap((b) => b.cells.map((c) => c.key)));
  const editedRows = new Set<string>();
  for (const edit of edits) {
    const key = keyOf(edit.ref);
    editedRows.add(rowOf(key));
    const previous = pending.get(key);
    const base = previous ? previous.base : edit.serverValue;
    const { raw, canonical } = edit.cell;
    if (!inBatches.has(key) && base !== null && canonical === base) {
      pending.delete(key);
      continue;
    }
    pending.set(key, { key, ref: edit.ref, raw, canonical, base, editedAt: now });
  }
  const rejected = Object.fromEntries(
    rejectedCells(state.rejected).filter(([key]) => !editedRows.has(rowOf(key))),
  );
  return { ...state, pending: [...pending.values()], rejected };
}

/** Freezes the sendable pending cells into a new batch at the end of the line. */
export function takeBatch(
  state: QueueState,
  isSendable: (cell: QueuedCell) => boolean,
  makeBody: (cells: readonly QueuedCell[]) => SaveValuesRequest,
  idempotencyKey: string,
  now: number,
): QueueState {
  const ready = state.pending.filter(isSendable);
  if (ready.length === 0) return state;
  const batch: Batch = {
    idempotencyKey,
    cells: ready,
    body: makeBody(ready),
    baseRevision: null,
    createdAt: now,
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    conflict: false,
  };
  const taken = new Set(ready.map((c) => c.key));
  return {
    ...state,
    pending: state.pending.filter((c) => !taken.has(c.key)),
    batches: [...state.batches, batch],
  };
}

/** The batch to send now, with its base revision stamped; null when nothing is due or a conflict blocks. */
export function dueBatch(state: QueueState, now: number): { state: QueueState; batch: Batch } | null {
  const first = state.batches[0];
  if (!first || first.conflict || first.nextAttemptAt > now) return null;
  if (first.baseRevision !== null) return { state, batch: first };
  const stamped = { ...first, baseRevision: state.knownRevision };
  return { state: { ...state, batches: [stamped, ...state.batches.slice(1)] }, batch: stamped };
}

/** The server accepted the batch: drop it, remember the revision, and rebase later edits of its cells. */
export function markSaved(
  state: QueueState,
  idempotencyKey: string,
  revision: number,
  now: number,
): QueueState {
  const batch = state.batches.find((b) => b.idempotencyKey === idempotencyKey);
  if (!batch) return state;
  const saved = new Map(batch.cells.map((c) => [c.key, c.canonical]));
  return {
    ...state,
    knownRevision: revision,
    batches: state.batches.filter((b) => b !== batch),
    pending: state.pending.map((c) => (saved.has(c.key) ? { ...c, base: saved.get(c.key) ?? c.base } : c)),
    lastSavedAt: now,
  };
}

/** A network failure or a server error: retry later with backoff (same key, same base revision). */
export function markFailed(
  state: QueueState,
  idempotencyKey: string,
  error: string,
  now: number,
  random: () => number = Math.random,
): QueueState {
  return mapBatch(state, idempotencyKey, (b) => ({
    ...b,
    attempts: b.attempts + 1,
    nextAttemptAt: now + backoffDelay(b.attempts + 1, random),
    lastError: error,
  }));
}

/** The connection is back (or the user asked): every waiting batch may go now. */
export function retryNow(state: QueueState, now: number): QueueState {
  return { ...state, batches: state.batches.map((b) => (b.conflict ? b : { ...b, nextAttemptAt: now })) };
}

export function markConflict(state: QueueState, idempotencyKey: string): QueueState {
  return mapBatch(state, idempotencyKey, (b) => ({ ...b, conflict: true }));
}

/**
 * 422: the server refused the whole batch (never half a write). The refused rows go back to
 * pending and wait for an edit; the rest of the batch goes back too and is re-sent in a new batch.
 */
export function markRejected(state: QueueState, idempotencyKey: string, problemsByKey: Rejected): QueueState {
  const batch = state.batches.find((b) => b.idempotencyKey === idempotencyKey);
  if (!batch) return state;
  const pendingKeys = new Set(state.pending.map((c) => c.key));
  const back = batch.cells.filter((c) => !pendingKeys.has(c.key));
  return {
    ...state,
    batches: state.batches.filter((b) => b !== batch),
    pending: [...back, ...state.pending],
    rejected: { ...state.rejected, ...problemsByKey },
  };
}

/**
 * After a conflict is resolved: every unsent cell (batches and pending) goes back to pending,
 * rebased on the server's copy; the cells whose server value was taken leave the queue. The next
 * flush builds a fresh batch (new Idempotency-Key) against the server's revision.
 */
export function rebaseAfterConflict(
  state: QueueState,
  resolution: {
    serverRevision: number;
    dropKeys: ReadonlySet<CellKey>;
    serverValues: ReadonlyMap<CellKey, string | null>;
  },
): QueueState {
  const pending = unsentCells(state)
    .filter((c) => !resolution.dropKeys.has(c.key))
    .map((c) => ({ ...c, base: resolution.serverValues.get(c.key) ?? c.base }));
  return { ...state, knownRevision: resolution.serverRevision, batches: [], pending };
}

/** Every unsent cell, newest edit per key (pending wins over batches). */
export function unsentCells(state: QueueState): QueuedCell[] {
  const byKey = new Map<CellKey, QueuedCell>();
  for (const b of state.batches) for (const c of b.cells) byKey.set(c.key, c);
  for (const c of state.pending) byKey.set(c.key, c);
  return [...byKey.values()];
}

function mapBatch(state: QueueState, key: string, f: (b: Batch) => Batch): QueueState {
  return { ...state, batches: state.batches.map((b) => (b.idempotencyKey === key ? f(b) : b)) };
}

// ---- persistence ------------------------------------------------------------------------------

export function queueStorageKey(departmentId: string, fiscalYear: number): string {
  return `queue:${departmentId}:${fiscalYear}`;
}

/** A stored cell; one stored by an earlier version has no `canonical` yet (see withCanonicals). */
function isQueuedCell(x: unknown): x is QueuedCell {
  const c = x as QueuedCell;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.raw === 'string' &&
    (c.canonical === undefined || typeof c.canonical === 'string') &&
    isCellRef(c.ref) &&
    c.key === keyOf(c.ref)
  );
}

function isBatch(x: unknown): x is Batch {
  const b = x as Batch;
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof b.idempotencyKey === 'string' &&
    Array.isArray(b.cells) &&
    b.cells.every(isQueuedCell) &&
    isSaveBody(b.body)
  );
}

/**
 * The shape of a stored request body. Its content is not judged here: the request goes as it was
 * built (a retry is the very same request) and the server says what it refuses (422), while a
 * stored queue thrown away for it would lose edits.
 */
function isSaveBody(x: unknown): x is SaveValuesRequest {
  const b = x as SaveValuesRequest;
  return (
    typeof b === 'object' &&
    b !== null &&
    Array.isArray(b.actuals) &&
    Array.isArray(b.activities) &&
    (b.cleared === undefined || Array.isArray(b.cleared))
  );
}

/**
 * Cells queued by an earlier version were stored without their canonical value: it is worked out
 * once, when the stored queue is taken up (every cell queued since carries it from its edit).
 */
export function withCanonicals(state: QueueState, canonicalOf: (cell: QueuedCell) => string): QueueState {
  const fill = (c: QueuedCell): QueuedCell =>
    typeof c.canonical === 'string' ? c : { ...c, canonical: canonicalOf(c) };
  const complete = (cells: readonly QueuedCell[]) => cells.every((c) => typeof c.canonical === 'string');
  if (complete(state.pending) && state.batches.every((b) => complete(b.cells))) return state;
  return {
    ...state,
    pending: state.pending.map(fill),
    batches: state.batches.map((b) => ({ ...b, cells: b.cells.map(fill) })),
  };
}

function isQueueState(x: unknown): x is QueueState {
  const s = x as QueueState;
  return (
    typeof s === 'object' &&
    s !== null &&
    s.version === 1 &&
    Array.isArray(s.pending) &&
    s.pending.every(isQueuedCell) &&
    Array.isArray(s.batches) &&
    s.batches.every(isBatch)
  );
}

export function loadQueue(
  storage: KeyValueStorage,
  departmentId: string,
  fiscalYear: number,
): QueueState | null {
  return readJson(storage, queueStorageKey(departmentId, fiscalYear), isQueueState);
}

export function saveQueue(storage: KeyValueStorage, state: QueueState): void {
  writeJson(storage, queueStorageKey(state.departmentId, state.fiscalYear), state);
}

// ---- the mirror in the workbook ---------------------------------------------------------------

/**
 * The queue is also kept in the workbook (a custom XML part, see excel/mirror.ts), because Office
 * updates and cache clean-ups wipe the web view's localStorage. One part per submission and person:
 * its namespace names the department, the fiscal year and the signed-in user, so `getByNamespace`
 * finds exactly it, and two colleagues co-authoring the workbook never write (or send) each
 * other's unsent edits.
 */
export const MIRROR_NAMESPACE = 'urn:shinchoku:unsent-edits:1';
const MIRROR_ROOT = 'unsentEdits';

export function mirrorNamespace(departmentId: string, fiscalYear: number, userId?: string): string {
  const user = userId ? `:${encodeURIComponent(userId)}` : '';
  return `${MIRROR_NAMESPACE}:${encodeURIComponent(departmentId)}:${fiscalYear}${user}`;
}

/**
 * What the workbook keeps of a queue: the unsent edits and the frozen requests with their
 * Idempotency-Keys, bodies and base revisions. Retry bookkeeping (attempts, next attempt, last
 * error, a conflict waiting for a person) is left out: it changes with every failed attempt and
 * starts afresh on the next open anyway; the write counter is left out of the comparison too.
 */
export function mirrorOf(state: QueueState): QueueState {
  return {
    ...state,
    batches: state.batches.map((b) => ({
      ...b,
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      conflict: false,
    })),
  };
}

/** Compares two mirrors: equal keys, nothing to write. */
export function mirrorKey(state: QueueState | null): string {
  if (!state || unsentCells(state).length === 0) return '';
  return JSON.stringify({ ...mirrorOf(state), seq: 0 });
}

/** The XML of the mirror part; null when nothing is unsent (the part is then deleted). */
export function mirrorXml(state: QueueState, namespace: string): string | null {
  if (unsentCells(state).length === 0) return null;
  // JSON in a text node: `&`, `<` and `>` escaped; U+FFFE/U+FFFF (not XML characters) only occur
  // inside JSON strings, where their \u escapes mean the same. JSON already escapes C0 controls.
  const json = JSON.stringify(mirrorOf(state))
    .replace(/\uFFFE/g, '\\ufffe')
    .replace(/\uFFFF/g, '\\uffff');
  const text = json.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const ns = namespace.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<${MIRROR_ROOT} xmlns="${ns}" version="1">${text}</${MIRROR_ROOT}>`;
}

/** Reads a mirror part back (as Excel returns it: maybe with a declaration or a prefix); null when unreadable. */
export function parseMirrorXml(xml: string): QueueState | null {
  const m =
    /^\s*(?:<\?xml[^>]*\?>\s*)?<(?:[\w.-]+:)?unsentEdits\b[^>]*>([\s\S]*)<\/(?:[\w.-]+:)?unsentEdits>\s*$/.exec(
      xml,
    );
  if (!m) return null;
  const text = m[1]!.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
  try {
    const parsed: unknown = JSON.parse(text);
    return isQueueState(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** An edit's identity: the cell and the moment it was typed. The same edit in two copies is one edit. */
export function editIdentity(cell: QueuedCell): string {
  return `${cell.key}@${cell.editedAt}`;
}

/**
 * The queue to go on with when the pane opens, from the local copy and the workbook's mirror.
 * Every edit is delivered exactly once: a frozen request keeps its Idempotency-Key (the server
 * replays a request it already stored), and an edit present in both copies is taken once.
 *
 * - Only one copy: that one (localStorage wiped → the mirror; no mirror → the local copy).
 * - The mirror of the same copy, written no later: the local copy (it is always written first;
 *   the mirror may lag behind, e.g. still hold a request the server has acknowledged since).
 * - Two copies (the local one was wiped and the pane used since, or another computer's mirror):
 *   requests are merged by Idempotency-Key, in the order they were made; an unsent edit is kept
 *   unless the same edit, or a newer edit of the same cell, is already in the other copy.
 */
export function mergeQueues(local: QueueState | null, mirrored: QueueState | null): QueueState | null {
  if (!mirrored) return local;
  if (!local) return mirrored;
  if (local.departmentId !== mirrored.departmentId || local.fiscalYear !== mirrored.fiscalYear) return local;
  if (
    local.origin !== undefined &&
    local.origin === mirrored.origin &&
    (mirrored.seq ?? 0) <= (local.seq ?? 0)
  )
    return local;

  const batches = [...local.batches];
  const keys = new Set(batches.map((b) => b.idempotencyKey));
  for (const b of mirrored.batches) {
    if (keys.has(b.idempotencyKey)) continue;
    keys.add(b.idempotencyKey);
    const at = batches.findIndex((x) => x.createdAt > b.createdAt);
    batches.splice(at < 0 ? batches.length : at, 0, b);
  }
  const inBatches = new Set(batches.flatMap((b) => b.cells.map(editIdentity)));
  const newestInBatches = new Map<string, number>();
  for (const b of batches)
    for (const c of b.cells)
      newestInBatches.set(c.key, Math.max(newestInBatches.get(c.key) ?? -1, c.editedAt));
  const pending = new Map<string, QueuedCell>();
  for (const c of [...local.pending, ...mirrored.pending]) {
    // Already frozen into a request (maybe the other copy's), or older than an edit in one: not again.
    if (inBatches.has(editIdentity(c)) || (newestInBatches.get(c.key) ?? -1) >= c.editedAt) continue;
    const other = pending.get(c.key);
    if (!other || c.editedAt > other.editedAt) pending.set(c.key, c);
  }
  const maxOrNull = (a: number | null, b: number | null) =>
    a === null ? b : b === null ? a : Math.max(a, b);
  return {
    ...local,
    knownRevision: maxOrNull(local.knownRevision, mirrored.knownRevision),
    pending: [...pending.values()],
    batches,
    rejected: { ...mirrored.rejected, ...local.rejected },
    lastSavedAt: maxOrNull(local.lastSavedAt, mirrored.lastSavedAt),
    seq: Math.max(local.seq ?? 0, mirrored.seq ?? 0),
  };
}
