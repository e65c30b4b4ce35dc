import type { HistoryEntry } from '../../../shared/api.ts';
import type { Message, Problem } from '../../../shared/problem.ts';
import { MISSING_CELL_CODE } from '../../../shared/workflow/index.ts';
import type { ApiClient, ApiResult, ConflictAnswer } from '../api/client.ts';
import { conflictDetails } from '../api/client.ts';
import type { IndicatorField } from './cells.ts';
import { completenessOf } from './completeness.ts';
import { type OpenConflict, openConflict, resolveConflict } from './conflict.ts';
import type { Translator } from './i18n.ts';
import { type CellKey, cellKey, parseRowKey, type RowKey, rowKey, rowOf } from './keys.ts';
import type { Choice } from './merge.ts';
import type { MessageKey } from './messages.ts';
import { mirrorNamespace, type QueueState, rejectedCells, saveQueue, unsentCells } from './queue.ts';
import { type MirroredSheetPort, readWorkbookMirror, WorkbookMirror } from './queue-mirror.ts';
import { applySaved, buildSaveBody } from './save-body.ts';
import { applyUnsent, buildModel, parseInput, type SheetModel } from './sheet-model.ts';
import { type ListedProblem, SheetSession, type SheetSnapshot } from './sheet-session.ts';
import { type KeyValueStorage, readJson, writeJson } from './storage.ts';
import { type SaveOutcome, SyncEngine } from './sync-engine.ts';
import type { SyncStatus } from './sync-status.ts';
import { sheetNameFor } from './write-plan.ts';

const MISSING = MISSING_CELL_CODE;

/**
 * One department's submission open in the pane: loads the sheet from the server, keeps the Excel
 * sheet, the model and the unsent-changes queue in step, saves, submits and resolves conflicts.
 * The pane only calls these methods, and renders `state()` (through sheet-view-model.ts) on
 * `subscribe`; the session (Excel) and the engine (the queue) stay behind this class.
 */
export interface Clock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export interface ControllerDeps {
  api: ApiClient;
  storage: KeyValueStorage;
  /** With `mirror` (ExcelApi 1.5) the queue is also kept in the workbook: see queue-mirror.ts. */
  port: MirroredSheetPort;
  /** The signed-in user: the workbook's copy of the queue is kept per person (co-authors). */
  userId?: string;
  t: Translator;
  clock: Clock;
  newId(): string;
}

export interface Progress {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

const MIRROR_WAIT_MS = 3000;

/** What the pane shows of an open sheet: a snapshot, rendered through selectSheetView. */
export interface SheetState {
  /** The sheet as loaded; null until it first loads. */
  model: SheetModel | null;
  error: Message | null;
  /** The server refused a save (locked, no permission): the reason, until the next send. */
  refusal: Message | null;
  sync: SyncStatus | null;
  problems: readonly ListedProblem[];
  conflict: OpenConflict | null;
  /** 提出 was pressed: the check before submitting is open (the dialog), until submitted or closed. */
  reviewing: boolean;
  /** What the last step said (offline, refused, no row selected); cleared by the next step. */
  notice: Message | null;
  /** The server holds a newer copy than the one shown (and nothing of mine is waiting): offer to reload. */
  newer: NewerCopy | null;
  /** The history view of one row, opened from the selected cell; entries null while loading. */
  history: HistoryState | null;
}

export interface NewerCopy {
  revision: number;
  updatedBy: string | null;
  updatedAt: string;
}

export interface HistoryState {
  rowKey: RowKey;
  entries: readonly HistoryEntry[] | null;
  error: Message | null;
}

export function toSaveOutcome<T extends { revision: number }>(r: ApiResult<T>): SaveOutcome {
  if (r.ok) return { kind: 'saved', revision: r.value.revision };
  if (r.kind === 'network') return { kind: 'retry', message: { ja: r.message, en: r.message } };
  if (r.status === 409) return { kind: 'conflict', details: conflictDetails(r.body) };
  if (r.status === 422) return { kind: 'rejected', problems: (r.problem.problems ?? []) as Problem[] };
  if (r.status >= 500 || r.status === 429 || r.status === 408)
    return { kind: 'retry', message: r.problem.messages };
  return { kind: 'refused', message: r.problem.messages };
}

export class SheetController {
  /** The sheet in Excel and the queue's engine: reached by the controller (and tests), never the pane. */
  session!: SheetSession;
  engine!: SyncEngine;
  conflict: OpenConflict | null = null;
  error: Message | null = null;
  reviewing = false;
  notice: Message | null = null;
  newer: NewerCopy | null = null;
  history: HistoryState | null = null;
  readonly planId: string;
  readonly fiscalYear: number;
  readonly departmentId: string;
  readonly #deps: ControllerDeps;
  readonly #listeners = new Set<() => void>();
  /** The queue's copy in the workbook; read once, when the sheet is first opened. */
  mirror: WorkbookMirror | null = null;

  constructor(deps: ControllerDeps, planId: string, fiscalYear: number, departmentId: string) {
    this.#deps = deps;
    this.planId = planId;
    this.fiscalYear = fiscalYear;
    this.departmentId = departmentId;
  }

  get model(): SheetModel {
    return this.session.model;
  }

  /** Everything the pane shows, as one snapshot. */
  state(): SheetState {
    const open = this.session !== undefined;
    return {
      model: open ? this.model : null,
      error: this.error,
      refusal: this.engine?.refusal ?? null,
      sync: this.engine ? this.engine.status() : null,
      problems: open ? this.session.problems() : [],
      conflict: this.conflict,
      reviewing: this.reviewing,
      notice: this.notice,
      newer: this.newer,
      history: this.history,
    };
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const l of this.#listeners) l();
  }

  /**
   * Loads the sheet from the server, takes in what was typed into the Excel sheet while the pane
   * was closed, and writes the sheet (≤ 3 syncs for 1,000 rows). 'failed' when the server could not
   * be reached or refused.
   */
  async open(progress: Progress = {}): Promise<'written' | 'cancelled' | 'failed'> {
    const d = this.#deps;
    const loaded = await d.api.sheet(this.planId, this.fiscalYear, this.departmentId);
    if (!loaded.ok) {
      this.error =
        loaded.kind === 'network'
          ? { ja: d.t.t('networkError'), en: d.t.t('networkError') }
          : loaded.problem.messages;
      this.#notify();
      return 'failed';
    }
    this.error = null;
    this.newer = null;
    this.notice = null;
    const sheet = loaded.value;
    const mirrored = await this.#openMirror();
    const model = buildModel(sheet);
    this.#startEngine(model, sheet.submission.revision, mirrored);
    // Every unsent edit goes on top of the server's copy (parsed once, here).
    applyUnsent(model, this.#unsent());
    this.#startSession(model);
    // Edits typed while the pane was closed come first; then the sheet is rewritten from the
    // server's copy (with every unsent edit on top), so formats, locks and values are current.
    await this.session.collectClosedEdits(readJson(d.storage, this.#snapshotKey, isSnapshot));
    const result = await this.session.build(progress);
    if (result === 'written') {
      this.builds++;
      this.#saveSnapshot();
    }
    this.#notify();
    if (this.engine.queue.pending.length + this.engine.queue.batches.length > 0) void this.engine.flush();
    return result;
  }

  #startEngine(model: SheetModel, revision: number, mirrored: QueueState | null): void {
    const d = this.#deps;
    this.engine?.dispose();
    this.engine = new SyncEngine(
      {
        storage: d.storage,
        save: async (body, ifMatch, key) =>
          toSaveOutcome(
            await d.api.save(this.planId, this.fiscalYear, this.departmentId, body, ifMatch, key),
          ),
        bodyFor: (cells) => buildSaveBody(this.model, cells),
        // Only for cells stored by an earlier version; every edit since carries its canonical value.
        canonicalOf: (c) => parseInput(model, c.ref, c.raw)?.canonical ?? c.raw.trim(),
        isSendable: (c) => !this.session.rowHasErrors(rowOf(c.key)),
        keyOfProblem: (p) => problemKey(p),
        now: d.clock.now,
        setTimer: d.clock.setTimer,
        clearTimer: d.clock.clearTimer,
        newId: d.newId,
        onConflict: (details) => void this.#onConflict(details),
        onSaved: (cells, revision) => applySaved(this.model, cells, revision),
        mirrored,
        beforeSend: () => this.#flushMirror(),
        afterDrain: () => void this.mirror?.flush(),
      },
      this.departmentId,
      this.fiscalYear,
      revision,
    );
    this.engine.subscribe(() => void this.#afterQueueChange());
  }

  #startSession(model: SheetModel): void {
    const d = this.#deps;
    const port = this.mirror && d.port?.mirror ? this.mirror.wrap(d.port, d.port.mirror) : d.port;
    this.session = new SheetSession(model, sheetNameFor(model), port, d.t, (edits) => {
      this.engine.record(edits);
      this.#saveSnapshot();
    });
    this.session.onError = (e) => this.#fail(e);
  }

  /**
   * Reads the workbook's copy of the queue the first time the sheet opens (1 sync, 2 when there is
   * one); the engine merges it with the stored queue. Later opens keep the writer (and its part id).
   */
  async #openMirror(): Promise<QueueState | null> {
    const port = this.#deps.port?.mirror;
    if (!port || this.mirror) return null;
    const namespace = mirrorNamespace(this.departmentId, this.fiscalYear, this.#deps.userId);
    const queue = () => this.engine?.queue ?? null;
    // The copy is a second line of defence: a failure is logged, never shown as the pane's error.
    const warn = (error: unknown) => console.warn('Shinchoku: the workbook copy of unsent edits:', error);
    let found: Awaited<ReturnType<typeof readWorkbookMirror>> | null = null;
    try {
      found = await readWorkbookMirror(port, namespace, this.departmentId, this.fiscalYear);
    } catch (error) {
      // Not readable now: the pane works from localStorage; the copy is looked up before its next write.
      warn(error);
    }
    this.mirror = new WorkbookMirror(port, namespace, queue, found);
    this.mirror.onError = warn;
    return found?.mirrored ?? null;
  }

  /**
   * Before a request leaves: the copy in the workbook gets its batch (key, body, revision). Never
   * longer than MIRROR_WAIT_MS: Excel holds API calls while a cell is being edited, and the copy
   * is a second line of defence, not a reason to hold a save back.
   */
  async #flushMirror(): Promise<void> {
    const mirror = this.mirror;
    if (!mirror || mirror.inStep) return;
    const clock = this.#deps.clock;
    let timer: unknown = null;
    await Promise.race([
      mirror.flush(),
      new Promise<void>((resolve) => {
        timer = clock.setTimer(resolve, MIRROR_WAIT_MS);
      }),
    ]);
    clock.clearTimer(timer);
  }

  get #snapshotKey(): string {
    return `sheet:${this.departmentId}:${this.fiscalYear}`;
  }

  #saveSnapshot(): void {
    writeJson(this.#deps.storage, this.#snapshotKey, this.session.snapshot());
  }

  /**
   * Every unsent cell, the newest edit of each: the sheet shows it and the next request's rows are
   * built from it (buildSaveBody), so an older request's value must never be laid over a newer edit.
   */
  #unsent() {
    return this.engine ? unsentCells(this.engine.queue) : [];
  }

  #lastRejected = '{}';
  async #afterQueueChange(): Promise<void> {
    const rejected = JSON.stringify(this.engine.queue.rejected);
    if (rejected !== this.#lastRejected) {
      this.#lastRejected = rejected;
      // Edits are recorded while the change that made them is still writing its rows (see
      // SheetSession.refreshRows): the marks of refused cells follow once that write is done.
      await this.session.idle();
      const byRow = problemsByRow(rejectedCells(this.engine.queue.rejected));
      await this.session.setServerProblems(byRow).catch((e: unknown) => this.#fail(e));
    }
    this.#notify();
  }

  async #onConflict(details: ConflictAnswer | null): Promise<void> {
    if (!details) {
      // A stale revision without a server copy: reload the sheet; the queue is kept and rebased.
      await this.open();
      return;
    }
    const open = openConflict(this.model, this.engine.queue, details);
    this.conflict = open;
    this.engine.conflictCells = open.merge.conflicts.length;
    // Nothing changed on both sides: keep mine where only I changed, take theirs elsewhere.
    if (open.merge.conflicts.length === 0) await this.resolve(new Map());
    else this.#notify();
  }

  /** Applies the person's choices: the sheet shows the result and the kept cells are sent. */
  async resolve(choices: ReadonlyMap<CellKey, Choice>): Promise<void> {
    const open = this.conflict;
    if (!open) return;
    const { model, queue } = resolveConflict(this.model, this.engine.queue, open, choices);
    this.conflict = null;
    saveQueue(this.#deps.storage, queue);
    await this.session.replaceModel(model);
    this.#saveSnapshot();
    await this.engine.replaceQueue(queue);
    this.#notify();
  }

  /** Save draft: send now whatever can be sent. */
  saveNow(progress: Progress = {}): Promise<void> {
    return this.engine.online(progress);
  }

  /** The connection is back: everything waiting may go now. */
  online(): Promise<void> {
    return this.engine ? this.engine.online() : Promise.resolve();
  }

  /** How many times the sheet was written: a rebuilt worksheet carries no comment marks (sheet-threads.ts). */
  builds = 0;

  /** The worksheet's name once the sheet is open, else null. */
  get sheetName(): string | null {
    return this.session?.sheetName ?? null;
  }

  /** The model row of the selected cell (1 sync), or null: the thread beside the sheet follows it. */
  selectedRowKey(): Promise<RowKey | null> {
    return this.session ? this.session.selectedRowKey().catch(() => null) : Promise.resolve(null);
  }

  /** Selects a cell of the sheet (a problem's link). */
  selectCell(row: number, col: number): Promise<void> {
    return this.session.selectCell(row, col);
  }

  /** One of the pane's own messages, in the pane's language. */
  #message(key: MessageKey): Message {
    const text = this.#deps.t.t(key);
    return { ja: text, en: text };
  }

  /** The revision the pane works from: the last one the server acknowledged, else the one loaded. */
  #knownRevision(): number {
    return this.engine?.queue.knownRevision ?? this.model.data.submission.revision;
  }

  /**
   * 提出, first step: everything waiting is sent, then the check before submitting opens (the dialog:
   * filled n/m, notes to check, what is still blank) and the blank cells are marked on the sheet.
   * Without a connection it says so and opens nothing.
   */
  async reviewSubmit(): Promise<void> {
    this.notice = null;
    await this.engine.flush();
    if (this.engine.offline) {
      this.notice = this.#message('submitNeedsConnection');
      this.#notify();
      return;
    }
    this.reviewing = true;
    await this.session.markMissing(true).catch((e: unknown) => this.#fail(e));
    this.#notify();
  }

  /** Closes the check without submitting (the marks stay until each cell is filled). */
  cancelSubmit(): void {
    this.reviewing = false;
    this.notice = null;
    this.#notify();
  }

  /**
   * 提出する (the dialog's confirmation): only a complete, clean sheet goes — everything saved, no
   * error, nothing blank (shared/workflow's rule, which the server applies again). The sheet then
   * becomes read-only. False when it did not go; `notice` (or the dialog) says why.
   */
  async submit(): Promise<boolean> {
    this.notice = null;
    await this.engine.flush();
    if (this.engine.offline) {
      this.notice = this.#message('submitNeedsConnection');
      this.#notify();
      return false;
    }
    const errors = this.session.problems().some((p) => p.severity === 'error' && p.code !== MISSING);
    if (!this.engine.isClean() || errors) {
      this.notice = this.#message('submitBlocked');
      this.#notify();
      return false;
    }
    if (completenessOf(this.model).missing.length > 0) {
      this.reviewing = true;
      await this.session.markMissing(true);
      this.#notify();
      return false;
    }
    const r = await this.#deps.api.workflow(this.planId, this.fiscalYear, this.departmentId, 'submit', {
      ifMatch: this.#knownRevision(),
      idempotencyKey: this.#deps.newId(),
    });
    if (!r.ok) {
      if (r.kind === 'http' && r.status === 422) {
        // Blank cells are marked by the pane's own rule (they go as each is filled); the rest as sent.
        const all = (r.problem.problems ?? []) as Problem[];
        const problems = all.filter((p) => p.code !== MISSING);
        if (problems.length < all.length) {
          this.reviewing = true;
          await this.session.markMissing(true);
        }
        const keyed = problems.flatMap((p): [CellKey, Problem[]][] => {
          const key = problemKey(p);
          return key ? [[key, [p]]] : [];
        });
        await this.session.setServerProblems(problemsByRow(keyed));
      }
      this.notice = r.kind === 'network' ? this.#message('submitNeedsConnection') : r.problem.messages;
      this.#notify();
      return false;
    }
    this.reviewing = false;
    await this.open();
    return true;
  }

  /** 取り下げ: a submitted sheet goes back to draft (reopen), when the server lists the step. */
  async withdraw(): Promise<boolean> {
    this.notice = null;
    const r = await this.#deps.api.workflow(this.planId, this.fiscalYear, this.departmentId, 'reopen', {
      ifMatch: this.#knownRevision(),
      idempotencyKey: this.#deps.newId(),
    });
    if (!r.ok) {
      this.notice = r.kind === 'network' ? this.#message('withdrawNeedsConnection') : r.problem.messages;
      this.#notify();
      return false;
    }
    await this.open();
    return true;
  }

  /**
   * Asks the server whether it holds a newer copy than the one shown (the pane regained focus). With
   * nothing of mine waiting it offers to reload (`newer`); with unsent edits they are sent now, and a
   * stale one meets the conflict view as any save does — nothing is overwritten unasked.
   */
  async checkNewer(): Promise<void> {
    if (!this.session || !this.engine || this.conflict || this.engine.sending) return;
    const r = await this.#deps.api.sheet(this.planId, this.fiscalYear, this.departmentId);
    if (!r.ok || this.engine.sending) return;
    const sub = r.value.submission;
    if (sub.revision <= this.#knownRevision()) {
      if (this.newer) {
        this.newer = null;
        this.#notify();
      }
      return;
    }
    if (this.#unsent().length > 0) {
      void this.engine.flush();
      return;
    }
    this.newer = { revision: sub.revision, updatedBy: sub.updatedBy, updatedAt: sub.updatedAt };
    this.#notify();
  }

  /** The banner's button: the newer copy replaces the sheet (my unsent edits, if any, stay on top). */
  async reloadNewer(progress: Progress = {}): Promise<void> {
    this.newer = null;
    await this.open(progress);
  }

  /** Opens the history of the row of the selected cell: a KPI's values, or a project's 主な取組. */
  async openHistory(): Promise<void> {
    this.notice = null;
    const key = await this.session.selectedRowKey().catch(() => null);
    const row = key ? parseRowKey(key) : null;
    // The 数値目標 section's headings have no history of their own (its indicators' rows do).
    if (!key || !row || row.kind === 'goal' || row.kind === 'section') {
      this.history = null;
      this.notice = this.#message('historyNoRow');
      this.#notify();
      return;
    }
    this.history = { rowKey: key, entries: null, error: null };
    this.#notify();
    const d = this.#deps;
    const r =
      row.kind === 'indicator'
        ? await d.api.indicatorHistory(this.planId, row.id)
        : await d.api.sheetHistory(this.planId, this.fiscalYear, this.departmentId);
    if (this.history?.rowKey !== key) return;
    if (!r.ok) {
      const message = r.kind === 'network' ? this.#message('networkError') : r.problem.messages;
      this.history = { rowKey: key, entries: [], error: message };
    } else {
      const entries = r.value.entries.filter(
        (e) =>
          e.fiscalYear === this.fiscalYear &&
          (row.kind === 'indicator'
            ? e.indicatorId === row.id
            : e.projectId === row.id && e.field === 'activities'),
      );
      this.history = { rowKey: key, entries, error: null };
    }
    this.#notify();
  }

  closeHistory(): void {
    this.history = null;
    this.#notify();
  }

  /** Stops timers and listeners (the person switched to another cycle or department). */
  dispose(): void {
    this.engine?.dispose();
    this.#listeners.clear();
  }

  #fail(error: unknown): void {
    const text = error instanceof Error ? error.message : String(error);
    this.error = { ja: text, en: text };
    this.#notify();
  }
}

/** Problems by the row of their cell: a row's problems are shown (and cleared) together. */
function problemsByRow(cells: readonly [CellKey, Problem[]][]): Map<RowKey, Problem[]> {
  const byRow = new Map<RowKey, Problem[]>();
  for (const [key, problems] of cells) {
    const row = rowOf(key);
    byRow.set(row, [...(byRow.get(row) ?? []), ...problems]);
  }
  return byRow;
}

function isSnapshot(x: unknown): x is SheetSnapshot {
  const s = x as SheetSnapshot;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.rows === 'number' &&
    typeof s.inputs === 'object' &&
    s.inputs !== null
  );
}

/** The queue key of the cell a server problem names ({indicatorId, field} or {projectId}). */
/** The sheet's cell for a server problem's field; any other field of a KPI's actual marks its value. */
const INDICATOR_FIELD_OF: Readonly<Record<string, IndicatorField>> = {
  missingReason: 'missingReason',
  status: 'status',
  footnotes: 'footnote',
  period: 'period',
  shortfallReason: 'shortfallReason',
};

const fieldOf = (field: string | undefined): IndicatorField =>
  field !== undefined && Object.hasOwn(INDICATOR_FIELD_OF, field) ? INDICATOR_FIELD_OF[field]! : 'value';

export function problemKey(p: Problem): CellKey | null {
  const cell = p.cell;
  if (!cell) return null;
  if (cell.projectId && cell.field === 'activities')
    return cellKey(rowKey('project', cell.projectId), 'activities');
  if (!cell.indicatorId) return null;
  return cellKey(rowKey('indicator', cell.indicatorId), fieldOf(cell.field));
}
