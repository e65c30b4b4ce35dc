import { mergeQueues, mirrorKey, mirrorXml, parseMirrorXml, type QueueState } from './queue.ts';
import type { SheetPort } from './sheet-session.ts';
import type { SheetWritePlan } from './write-plan.ts';

/**
 * The unsent-changes queue kept a second time, in the workbook, because Office updates and cache
 * clean-ups wipe the web view's localStorage. The copy is a custom XML part (ExcelApi 1.5) rather
 * than Office document settings: a part is written with Excel.run commands, so the copy rides in
 * the very batch that writes the edited rows' marks and computed cells (no extra sync), and it is
 * read back the same way; settings need their own `saveAsync` round trip outside any batch, and
 * hold the whole add-in's property bag in one document-wide blob. Both are saved with the file
 * (Excel on the web and AutoSave save it at once; a local file once the person saves it).
 *
 * Writes: the copy goes along with the rows' update after an edit, and on its own (one sync)
 * before a request leaves (so a request the server may store is in the workbook with its
 * Idempotency-Key) and after a run of sends (the acknowledged requests leave the copy).
 */
export interface MirrorWrite {
  namespace: string;
  /** The part's new content; null deletes the part (nothing is unsent). */
  xml: string | null;
  /** The part to overwrite or delete; null adds a new one. */
  partId: string | null;
  /** More parts of the namespace, to delete (found when the pane opened). */
  removeIds: readonly string[];
}

export type MirrorResult = { ok: true; partId: string | null } | { ok: false; error: unknown };

/** What the Excel adapter offers for the copy (excel/port.ts); absent before ExcelApi 1.5. */
export interface MirrorPort {
  /** The parts of a namespace with their XML: 1 sync, 2 when there is one. */
  readMirror(namespace: string): Promise<{ id: string; xml: string }[]>;
  /** The ids of a namespace's parts: 1 sync. */
  findMirror(namespace: string): Promise<string[]>;
  /** A write on its own: 1 sync. Returns the part's id (null once deleted). */
  writeMirror(write: MirrorWrite): Promise<string | null>;
  /** SheetPort.writeSheet with the mirror write queued last in its last batch. */
  writeSheet(
    plan: SheetWritePlan,
    options: Parameters<SheetPort['writeSheet']>[1],
    mirror: MirrorWrite | null,
  ): Promise<{ result: 'written' | 'cancelled'; mirror: MirrorResult | null }>;
  /** SheetPort.applyRowUpdate with the mirror write queued last in the same batch. */
  applyRowUpdate(
    sheetName: string,
    update: Parameters<SheetPort['applyRowUpdate']>[1],
    mirror: MirrorWrite | null,
  ): Promise<MirrorResult | null>;
}

/**
 * A copy longer than this goes on its own rather than along with a rows' update: a request to
 * Excel on the web must stay under 5 MB (UTF-8: up to 3 bytes a character).
 */
export const PIGGYBACK_MAX_CHARS = 500_000;

export interface MirroredSheetPort extends SheetPort {
  mirror?: MirrorPort;
}

/** Reads the copy when the pane opens; several parts (two panes raced to add one) are merged. */
export async function readWorkbookMirror(
  port: MirrorPort,
  namespace: string,
  departmentId: string,
  fiscalYear: number,
): Promise<{ mirrored: QueueState | null; ids: string[]; key: string }> {
  const parts = await port.readMirror(namespace);
  let mirrored: QueueState | null = null;
  for (const part of parts) {
    const q = parseMirrorXml(part.xml);
    if (q && q.departmentId === departmentId && q.fiscalYear === fiscalYear)
      mirrored = mergeQueues(mirrored, q);
  }
  // What the workbook holds, as a mirror key: a second part or an unreadable one is rewritten.
  const key = parts.length === 0 ? '' : parts.length === 1 && mirrored ? mirrorKey(mirrored) : '\u0000';
  return { mirrored, ids: parts.map((p) => p.id), key };
}

/**
 * Keeps the workbook's copy in step with the queue. At most one add is under way at a time (a
 * second would make a second part); writes that only overwrite may overlap, Excel runs them in
 * order and the last carries the newest queue.
 */
export class WorkbookMirror {
  readonly namespace: string;
  readonly #port: MirrorPort;
  readonly #queue: () => QueueState | null;
  /** The parts in the workbook; undefined when not known (looked up before the next write). */
  #ids: string[] | undefined;
  /** The mirror key of the last write issued; undefined when unknown. */
  #issued: string | undefined;
  /** A write that adds or looks up parts is under way: no piggyback until it is done. */
  #busy: Promise<void> | null = null;
  #chain: Promise<void> = Promise.resolve();
  /** Writes issued (piggybacked and on their own) and failed, for tests and diagnostics. */
  readonly counts = { piggybacked: 0, alone: 0, failed: 0 };
  onError: (error: unknown) => void = () => undefined;

  constructor(
    port: MirrorPort,
    namespace: string,
    queue: () => QueueState | null,
    found: { ids: string[]; key: string } | null,
  ) {
    this.#port = port;
    this.namespace = namespace;
    this.#queue = queue;
    this.#ids = found?.ids;
    this.#issued = found?.key;
  }

  /** True when the workbook holds (or is being sent) the queue as it is now. */
  get inStep(): boolean {
    return this.#ids !== undefined && this.#issued === mirrorKey(this.#queue());
  }

  #writeFor(queue: QueueState | null, ids: string[]): MirrorWrite | null {
    const xml = queue ? mirrorXml(queue, this.namespace) : null;
    const [first, ...rest] = ids;
    if (xml === null && first === undefined) return null;
    return { namespace: this.namespace, xml, partId: first ?? null, removeIds: rest };
  }

  /**
   * The write to queue at the end of a batch the sheet sends anyway (no extra sync), or null when
   * the workbook already has this queue or another write must finish first (flush() follows up).
   * `settle` must be called with the batch's outcome (null: the batch did not run).
   */
  piggyback(): { write: MirrorWrite; settle: (result: MirrorResult | null) => void } | null {
    const queue = this.#queue();
    const key = mirrorKey(queue);
    if (this.#ids === undefined || this.#busy !== null || key === this.#issued) return null;
    const write = this.#writeFor(queue, this.#ids);
    if (!write) {
      this.#issued = key;
      return null;
    }
    if ((write.xml?.length ?? 0) > PIGGYBACK_MAX_CHARS) {
      void this.flush();
      return null;
    }
    this.#issued = key;
    this.counts.piggybacked++;
    let release: () => void = () => undefined;
    if (write.partId === null && write.xml !== null)
      this.#busy = new Promise<void>((r) => {
        release = () => r();
      });
    return {
      write,
      settle: (result) => {
        this.#busy = null;
        release();
        this.#settled(key, result);
        if (!this.inStep) void this.flush();
      },
    };
  }

  #settled(key: string, result: MirrorResult | null): void {
    if (result === null) {
      if (this.#issued === key) this.#issued = undefined;
    } else if (result.ok) {
      this.#ids = result.partId ? [result.partId] : [];
    } else {
      this.counts.failed++;
      this.#ids = undefined;
      this.#issued = undefined;
      this.onError(result.error);
    }
  }

  /** Brings the workbook's copy up to date on its own (1 sync; 2 when the parts must be looked up). */
  flush(): Promise<void> {
    this.#chain = this.#chain.then(() => this.#flushOnce());
    return this.#chain;
  }

  async #flushOnce(): Promise<void> {
    // Bounded: a queue that keeps changing is caught up by the next edit's or send's write.
    for (let round = 0; round < 3; round++) {
      while (this.#busy) await this.#busy;
      const queue = this.#queue();
      const key = mirrorKey(queue);
      if (this.#ids !== undefined && key === this.#issued) return;
      let release: () => void = () => undefined;
      this.#busy = new Promise<void>((r) => {
        release = () => r();
      });
      try {
        if (this.#ids === undefined) this.#ids = await this.#port.findMirror(this.namespace);
        const write = this.#writeFor(queue, this.#ids);
        this.#issued = key;
        if (write) {
          this.counts.alone++;
          const id = await this.#port.writeMirror(write);
          this.#ids = id ? [id] : [];
        }
      } catch (error) {
        this.counts.failed++;
        this.#ids = undefined;
        this.#issued = undefined;
        this.onError(error);
        return;
      } finally {
        this.#busy = null;
        release();
      }
    }
  }

  /** A SheetPort whose row updates and sheet writes carry the copy along. */
  wrap(port: SheetPort, mirror: MirrorPort): SheetPort {
    return {
      ...port,
      writeSheet: async (plan, options) => {
        const pb = this.piggyback();
        try {
          const { result, mirror: outcome } = await mirror.writeSheet(plan, options, pb?.write ?? null);
          pb?.settle(outcome);
          return result;
        } catch (error) {
          pb?.settle(null);
          throw error;
        }
      },
      applyRowUpdate: async (sheetName, update) => {
        const pb = this.piggyback();
        try {
          // Not `pb?.settle(await …)`: without a piggyback that would skip the write itself.
          const outcome = await mirror.applyRowUpdate(sheetName, update, pb?.write ?? null);
          pb?.settle(outcome);
        } catch (error) {
          pb?.settle(null);
          throw error;
        }
      },
    };
  }
}
