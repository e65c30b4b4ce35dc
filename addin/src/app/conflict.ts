import type { ConflictCell as ServerConflictCell, SheetResponse } from '../../../shared/api.ts';
import type { IndicatorField } from './cells.ts';
import { type CellKey, cellKey, rowKey } from './keys.ts';
import { type Choice, keysToDrop, type MergeResult, mergeWithServer } from './merge.ts';
import { type QueueState, rebaseAfterConflict, unsentCells } from './queue.ts';
import { buildModel, type SheetModel } from './sheet-model.ts';

/**
 * A 409 from the server, turned into what the person decides: the server's copy as a model, the
 * three-way merge of my unsent cells with it, and — once every conflict has a choice — the new
 * model (server copy + the cells I keep) and the rebased queue.
 */
export interface ServerCopy {
  currentRevision: number;
  server: Pick<SheetResponse, 'submission' | 'actuals' | 'activities'>;
  conflicts: ServerConflictCell[];
}

export interface OpenConflict {
  copy: ServerCopy;
  theirs: SheetModel;
  merge: MergeResult;
}

/** The sheet fields behind the Actual fields the server names. */
const FIELD: Record<string, IndicatorField> = {
  value: 'value',
  marker: 'value',
  text: 'value',
  status: 'status',
  missingReason: 'missingReason',
  footnotes: 'footnote',
  shortfallReason: 'shortfallReason',
};

export function serverConflictKeys(conflicts: readonly ServerConflictCell[]): Set<CellKey> {
  const keys = new Set<CellKey>();
  for (const c of conflicts) {
    const field = FIELD[c.field];
    if (c.projectId && c.field === 'activities')
      keys.add(cellKey(rowKey('project', c.projectId), 'activities'));
    else if (c.indicatorId && field) keys.add(cellKey(rowKey('indicator', c.indicatorId), field));
  }
  return keys;
}

export function openConflict(model: SheetModel, queue: QueueState, copy: ServerCopy): OpenConflict {
  const theirs = buildModel({ ...model.data, ...copy.server });
  const merge = mergeWithServer(unsentCells(queue), theirs.server, serverConflictKeys(copy.conflicts));
  return { copy, theirs, merge };
}

/** The model and queue after the person chose, cell by cell. Nothing typed is lost unasked. */
export function resolveConflict(
  model: SheetModel,
  queue: QueueState,
  open: OpenConflict,
  choices: ReadonlyMap<CellKey, Choice>,
): { model: SheetModel; queue: QueueState } {
  const drop = keysToDrop(open.merge, choices);
  const rebased = rebaseAfterConflict(queue, {
    serverRevision: open.copy.currentRevision,
    dropKeys: drop,
    serverValues: open.theirs.server,
  });
  const next = buildModel({ ...model.data, ...open.copy.server }, unsentCells(rebased));
  return { model: next, queue: rebased };
}
