import type { UnreadResponse } from '../../../shared/api.ts';
import type { CommentTargetKind } from '../../../shared/conversation/api.ts';
import type { Message } from '../../../shared/problem.ts';
import { circledNumber } from '../../../shared/tables/cells.ts';
import type { ThreadRef } from '../api/conversation-client.ts';
import { address, columnIndex, HEADER_ROWS } from './columns.ts';
import { cvt } from './conversation-messages.ts';
import type { Lang } from './i18n.ts';
import { type RowKey, rowKey } from './keys.ts';
import { rowAt, rowIndicator, type SheetModel } from './sheet-model.ts';
import { type ThreadsController, unreadBadge } from './threads.ts';

/**
 * The conversation beside the department's sheet in Excel (docs/conversation.md §1–2): the row the
 * person selects on the sheet opens its KPI's (or its project's 主な取組) thread in the pane; the
 * threads of this sheet with unread comments are listed with links to their rows; and rows whose
 * thread has comments carry a mark on the sheet (a note on the name cell, excel/comment-marks.ts).
 * Pure logic and the steps between the sheet controller, the threads controller and the port; the
 * pane (ui/sheet-view.ts) renders `selectUnreadList` and mounts the thread panel.
 */

/** Every mark's note starts with this: the adapter replaces or removes only notes that do. */
export const MARK_PREFIX = '💬';

/** A mark on the sheet: a note on a row's name cell (0-based sheet row and column). */
export interface CommentMark {
  row: number;
  col: number;
  text: string;
}

export type MarksResult = 'written' | 'unchanged' | 'missing';

/** What the pane needs of Excel for this (excel/port.ts); either may be missing on an old host. */
export interface SheetThreadsPort {
  /** Calls `listener` on every selection change; resolves with the way to stop. */
  watchSelection?(listener: () => void): Promise<() => void>;
  /** Brings the marks of the sheet to `wanted` (`previous`: A1 addresses marked before). */
  writeCommentMarks?(
    sheetName: string,
    wanted: readonly CommentMark[],
    previous: readonly string[],
  ): Promise<MarksResult>;
}

/** What it needs of the sheet controller (SheetController is one; its small hooks). */
export interface SheetHost {
  readonly planId: string;
  readonly fiscalYear: number;
  readonly departmentId: string;
  /** The sheet's worksheet name once open, else null. */
  readonly sheetName: string | null;
  /** How many times the sheet has been written: a rebuilt sheet has lost its marks. */
  readonly builds: number;
  state(): { model: SheetModel | null };
  subscribe(listener: () => void): () => void;
  /** The model row of the selected cell (1 sync), or null. */
  selectedRowKey(): Promise<RowKey | null>;
  selectCell(row: number, col: number): Promise<void>;
}

/** The thread a row of the sheet belongs to. */
export interface ThreadTarget {
  rowKey: RowKey;
  kind: CommentTargetKind;
  targetId: string;
  /** As the sheet names it: `① 名称` for a KPI, `1 事業名` for a project, the name for a goal indicator. */
  label: string;
}

/**
 * The thread of a sheet row: a project's row is its 主な取組, a KPI's or a goal indicator's row its
 * indicator; a goal's or the 数値目標 section's heading has none (null), nor has a row not on the sheet.
 */
export function threadTargetOf(model: SheetModel, key: RowKey | null): ThreadTarget | null {
  if (!key) return null;
  const index = model.rowIndex.get(key);
  const row = index === undefined ? undefined : rowAt(model, index);
  if (!row) return null;
  if (row.kind === 'project')
    return {
      rowKey: key,
      kind: 'project',
      targetId: row.project.id,
      label: `${row.project.number} ${row.project.name}`,
    };
  const indicator = rowIndicator(row);
  if (!indicator) return null;
  return {
    rowKey: key,
    kind: 'indicator',
    targetId: indicator.id,
    label: row.kind === 'indicator' ? `${circledNumber(indicator.number)} ${indicator.name}` : indicator.name,
  };
}

/** Where a row is on the sheet: its name cell (the mark) and the cell a link selects (the input). */
export function rowCells(
  model: SheetModel,
  key: RowKey,
  kind: CommentTargetKind,
): { row: number; nameCol: number; inputCol: number } | null {
  const index = model.rowIndex.get(key);
  if (index === undefined) return null;
  return {
    row: HEADER_ROWS + index,
    nameCol: columnIndex(kind === 'project' ? 'project' : 'indicator'),
    inputCol: columnIndex(kind === 'project' ? 'activities' : 'value'),
  };
}

/** The unread threads of this department's sheet in this cycle, as the sheet orders its rows. */
function sheetUnread(
  model: SheetModel,
  departmentId: string,
  unread: UnreadResponse | null,
): { target: ThreadTarget; unread: number; row: number; col: number; nameCol: number }[] {
  if (!unread || unread.planId !== model.data.plan.id || unread.fiscalYear !== model.fiscalYear) return [];
  return unread.threads
    .filter((t) => t.departmentId === departmentId && t.unread > 0)
    .flatMap((t) => {
      const target = threadTargetOf(model, rowKey(t.targetKind, t.targetId));
      const at = target && rowCells(model, target.rowKey, target.kind);
      return target && at
        ? [{ target, unread: t.unread, row: at.row, col: at.inputCol, nameCol: at.nameCol }]
        : [];
    })
    .sort((a, b) => a.row - b.row);
}

export interface UnreadItemView {
  rowKey: RowKey;
  label: string;
  unread: number;
  badge: string;
  /** The cell the link selects (the row's input cell). */
  address: string;
  row: number;
  col: number;
}

export interface UnreadListView {
  title: string;
  items: UnreadItemView[];
  empty: string | null;
  error: string | null;
}

/** The pane's 💬 list: this sheet's threads with unread comments, each linking to its row. */
export function selectUnreadList(
  model: SheetModel,
  departmentId: string,
  unread: UnreadResponse | null,
  unreadError: Message | null,
  lang: Lang,
): UnreadListView {
  const items = sheetUnread(model, departmentId, unread).map((x) => ({
    rowKey: x.target.rowKey,
    label: x.target.label,
    unread: x.unread,
    badge: unreadBadge(x.unread, lang) ?? '',
    address: address(x.row, x.col),
    row: x.row,
    col: x.col,
  }));
  return {
    title: cvt(lang, 'unreadListTitle', { n: items.reduce((n, x) => n + x.unread, 0) }),
    items,
    empty: items.length === 0 && unread ? cvt(lang, 'unreadListEmpty') : null,
    error: unreadError ? cvt(lang, 'unreadListFailed', { message: unreadError[lang] }) : null,
  };
}

/**
 * The marks the sheet should carry: a row with unread comments says how many; a row whose thread was
 * read in this pane (its comment count known) says how many comments it has. Others carry none —
 * the server's unread counts name only threads with something unread.
 */
export function commentMarks(
  model: SheetModel,
  departmentId: string,
  unread: UnreadResponse | null,
  known: ReadonlyMap<RowKey, number>,
  lang: Lang,
): CommentMark[] {
  const marks = new Map<RowKey, CommentMark>();
  for (const x of sheetUnread(model, departmentId, unread))
    marks.set(x.target.rowKey, {
      row: x.row,
      col: x.nameCol,
      text: cvt(lang, 'markUnread', { n: x.unread }),
    });
  for (const [key, n] of known) {
    if (n === 0 || marks.has(key)) continue;
    const target = threadTargetOf(model, key);
    const at = target && rowCells(model, key, target.kind);
    if (at) marks.set(key, { row: at.row, col: at.nameCol, text: cvt(lang, 'markComments', { n }) });
  }
  return [...marks.values()].sort((a, b) => a.row - b.row);
}

/** The selection settles before it is read: arrowing through ten rows reads the sheet once. */
export const SELECTION_DEBOUNCE_MS = 300;

const threadId = (r: { kind: string; targetId: string }) => `${r.kind}:${r.targetId}`;

/**
 * The steps: follows the selection (debounced, 1 sync per settled selection), opens a row's thread
 * (a draft typed for one thread stays with it when the selection moves on), refreshes the unread
 * counts and keeps the sheet's marks in step (one Excel.run for the whole sheet, only when they change).
 */
export class SheetThreads {
  readonly threads: ThreadsController;
  readonly #host: SheetHost;
  readonly #port: SheetThreadsPort;
  readonly #clock: { setTimer(fn: () => void, ms: number): unknown; clearTimer(handle: unknown): void };
  readonly #lang: Lang;
  readonly #drafts = new Map<string, string>();
  /** Comment counts of threads read in this pane, by row: a read thread keeps a mark. */
  readonly #known = new Map<RowKey, number>();
  readonly #stops: (() => void)[] = [];
  #timer: unknown = null;
  #reading: Promise<void> | null = null;
  #again = false;
  #opening: Promise<void> = Promise.resolve();
  #marks: Promise<void> = Promise.resolve();
  /** What the sheet carries: the marks last written, for which build. */
  #written: { build: number; key: string; cells: string[] } = { build: -1, key: '', cells: [] };
  #disposed = false;
  /**
   * A failed marks write or selection watch: logged, never the pane's error — the 💬 list in the pane
   * says the same and opens the same threads.
   */
  onError: (error: unknown) => void = (error) =>
    console.warn('Shinchoku: the conversation beside the sheet:', error);

  constructor(
    host: SheetHost,
    threads: ThreadsController,
    port: SheetThreadsPort,
    clock: { setTimer(fn: () => void, ms: number): unknown; clearTimer(handle: unknown): void },
    lang: Lang,
  ) {
    this.#host = host;
    this.threads = threads;
    this.#port = port;
    this.#clock = clock;
    this.#lang = lang;
  }

  /** Listens to the sheet, the threads and (where Excel has it) the selection; reads the unread counts. */
  async start(): Promise<void> {
    this.#stops.push(this.#host.subscribe(() => this.#scheduleMarks()));
    this.#stops.push(this.threads.subscribe(() => this.#onThreads()));
    if (this.#port.watchSelection) {
      // Without the event the 💬 list still opens threads: a refusal is logged, not the pane's error.
      const stop = await this.#port
        .watchSelection(() => this.selectionChanged())
        .catch((e: unknown) => {
          this.onError(e);
          return null;
        });
      if (stop && this.#disposed) stop();
      else if (stop) this.#stops.push(stop);
    }
    await this.refresh();
  }

  /** The unread counts again (the pane regained focus, or 更新); the marks follow. */
  async refresh(): Promise<void> {
    await this.threads.refreshUnread(this.#host.planId, this.#host.fiscalYear);
    await this.threads.reload();
    await this.idle();
  }

  /** Excel reported a selection change: read it once it settles. */
  selectionChanged(): void {
    if (this.#timer !== null) this.#clock.clearTimer(this.#timer);
    this.#timer = this.#clock.setTimer(() => {
      this.#timer = null;
      void this.followSelection();
    }, SELECTION_DEBOUNCE_MS);
  }

  /**
   * Reads the selected row (1 sync) and opens its thread unless it is open already. A selection
   * outside the sheet or on a heading leaves the open thread as it is: the person may be writing.
   */
  followSelection(): Promise<void> {
    if (this.#reading) {
      this.#again = true;
      return this.#reading;
    }
    this.#reading = (async () => {
      do {
        this.#again = false;
        const key = await this.#host.selectedRowKey().catch(() => null);
        const model = this.#host.state().model;
        const target = model ? threadTargetOf(model, key) : null;
        if (target && !this.#disposed) this.#show(target);
      } while (this.#again);
    })().finally(() => {
      this.#reading = null;
    });
    return this.#reading.then(() => this.#opening);
  }

  /** The 💬 list's link: the row is selected on the sheet and its thread opened. */
  async openRow(key: RowKey): Promise<void> {
    const model = this.#host.state().model;
    const target = model ? threadTargetOf(model, key) : null;
    const at = model && target ? rowCells(model, key, target.kind) : null;
    if (!target || !at) return;
    this.#show(target);
    await Promise.all([this.#host.selectCell(at.row, at.inputCol).catch(() => undefined), this.#opening]);
  }

  /** The pane's 💬 list. */
  unreadList(): UnreadListView | null {
    const model = this.#host.state().model;
    if (!model) return null;
    const s = this.threads.state();
    return selectUnreadList(model, this.#host.departmentId, s.unread, s.unreadError, this.#lang);
  }

  /** Resolves when the selection being read, the thread being opened and the marks being written are done. */
  async idle(): Promise<void> {
    let seen: Promise<void> | null = null;
    while (seen !== this.#marks || this.#reading) {
      seen = this.#marks;
      await Promise.all([this.#reading, this.#opening, seen]);
    }
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#timer !== null) this.#clock.clearTimer(this.#timer);
    for (const stop of this.#stops.splice(0)) stop();
  }

  #show(target: ThreadTarget): void {
    const open = this.threads.state().open;
    if (open && threadId(open.ref) === threadId(target)) return;
    if (open) this.#drafts.set(threadId(open.ref), open.draft);
    const ref: ThreadRef = {
      planId: this.#host.planId,
      fiscalYear: this.#host.fiscalYear,
      departmentId: this.#host.departmentId,
      kind: target.kind,
      targetId: target.targetId,
    };
    const opening = this.threads.open(ref, target.label);
    const draft = this.#drafts.get(threadId(target));
    if (draft) this.threads.setDraft(draft);
    this.#opening = opening;
  }

  #onThreads(): void {
    const open = this.threads.state().open;
    if (open?.thread) {
      const key = rowKey(open.ref.kind, open.ref.targetId);
      this.#known.set(key, open.thread.comments.length);
    }
    this.#scheduleMarks();
  }

  #scheduleMarks(): void {
    if (this.#disposed || !this.#port.writeCommentMarks) return;
    this.#marks = this.#marks.then(() => this.#writeMarks()).catch((e: unknown) => this.onError(e));
  }

  async #writeMarks(): Promise<void> {
    const host = this.#host;
    const model = host.state().model;
    const sheetName = host.sheetName;
    if (this.#disposed || !model || !sheetName || host.builds === 0 || !this.#port.writeCommentMarks) return;
    const s = this.threads.state();
    // Nothing known yet: the sheet's marks stay as they are until the counts arrive.
    if (!s.unread && this.#known.size === 0) return;
    const wanted = commentMarks(model, host.departmentId, s.unread, this.#known, this.#lang);
    const key = JSON.stringify(wanted);
    const build = host.builds;
    if (build === this.#written.build && key === this.#written.key) return;
    const result = await this.#port.writeCommentMarks(sheetName, wanted, this.#written.cells);
    if (result !== 'missing') this.#written = { build, key, cells: wanted.map((m) => address(m.row, m.col)) };
  }
}
