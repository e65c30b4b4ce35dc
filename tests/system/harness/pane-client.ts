/// <reference types="office-js" />
// (controller.ts pulls in the Excel adapter's types; nothing here calls Office.)
import { ApiClient } from '../../../addin/src/api/client.ts';
import type { CellRef } from '../../../addin/src/app/cells.ts';
import { toSaveOutcome } from '../../../addin/src/app/controller.ts';
import { keyOf } from '../../../addin/src/app/keys.ts';
import { loadQueue, unsentCells } from '../../../addin/src/app/queue.ts';
import { applySaved, buildSaveBody } from '../../../addin/src/app/save-body.ts';
import { buildModel, parseInput, type SheetModel } from '../../../addin/src/app/sheet-model.ts';
import { MemoryStorage } from '../../../addin/src/app/storage.ts';
import { SyncEngine } from '../../../addin/src/app/sync-engine.ts';

/**
 * The add-in's sync path without Excel: the real API client, sheet model, unsent-changes queue and
 * sync engine (addin/src/app), wired as the controller wires them, with an in-memory storage that
 * outlives a pane (close one, open another on the same storage) and Node's fetch.
 */
export interface Pane {
  engine: SyncEngine;
  model: SheetModel;
  storage: MemoryStorage;
  /** Types a value into a KPI's value cell, as a change event would record it. */
  type(indicatorId: string, raw: string): void;
  /** Resolves when nothing is left to send (retrying as the pane does when the connection returns). */
  drained(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface PaneTarget {
  baseUrl: string;
  token: string;
  planId: string;
  fiscalYear: number;
  departmentId: string;
}

export async function openPane(t: PaneTarget, storage = new MemoryStorage()): Promise<Pane> {
  const api = new ApiClient(t.baseUrl, async () => t.token);
  const loaded = await api.sheet(t.planId, t.fiscalYear, t.departmentId);
  if (!loaded.ok) throw new Error(`the sheet did not load: ${JSON.stringify(loaded)}`);
  const sheet = loaded.value;
  const stored = loadQueue(storage, t.departmentId, t.fiscalYear);
  const model = buildModel(sheet, stored ? unsentCells(stored) : []);
  const engine = new SyncEngine(
    {
      storage,
      save: async (body, ifMatch, key) =>
        toSaveOutcome(await api.save(t.planId, t.fiscalYear, t.departmentId, body, ifMatch, key)),
      bodyFor: (cells) => buildSaveBody(model, cells),
      canonicalOf: (c) => parseInput(model, c.ref, c.raw)?.canonical ?? c.raw.trim(),
      isSendable: () => true,
      keyOfProblem: () => null,
      now: Date.now,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      newId: () => crypto.randomUUID(),
      onSaved: (cells, revision) => applySaved(model, cells, revision),
    },
    t.departmentId,
    t.fiscalYear,
    sheet.submission.revision,
  );
  return {
    engine,
    model,
    storage,
    type(indicatorId, raw) {
      const ref: CellRef = { kind: 'indicator', indicatorId, field: 'value' };
      const key = keyOf(ref);
      const cell = model.cells.has(key) ? parseInput(model, ref, raw) : null;
      if (!cell) throw new Error(`${indicatorId} is not on the sheet`);
      model.cells.set(key, cell);
      engine.record([{ ref, cell, serverValue: model.server.get(key) ?? null }]);
    },
    async drained(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (engine.queue.batches.length > 0 || engine.queue.pending.length > 0) {
        if (Date.now() > deadline)
          throw new Error(`the queue did not drain: ${JSON.stringify(engine.queue).slice(0, 2000)}`);
        await engine.online();
        if (engine.queue.batches[0]?.conflict || engine.refusal)
          throw new Error(`the queue stopped: ${JSON.stringify(engine.refusal ?? 'a conflict')}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async close() {
      await engine.flush();
      engine.dispose();
    },
  };
}
