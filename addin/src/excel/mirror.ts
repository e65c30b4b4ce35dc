import type { MirrorResult, MirrorWrite } from '../app/queue-mirror.ts';
import type { ExcelRun } from './adapter.ts';

/**
 * The workbook's copy of the unsent-changes queue: a custom XML part per submission (ExcelApi 1.5,
 * `workbook.customXmlParts`), found by its namespace. See app/queue-mirror.ts for why a part and
 * not document settings. Writes are queued into a batch the caller sends anyway; on their own they
 * cost one sync.
 */

/** Every part of the namespace with its XML. 1 sync; 2 when there is a part (its XML is a second read). */
export async function readMirror(run: ExcelRun, namespace: string): Promise<{ id: string; xml: string }[]> {
  return run(async (context) => {
    const scoped = context.workbook.customXmlParts.getByNamespace(namespace);
    scoped.load('items/id');
    await context.sync();
    if (scoped.items.length === 0) return [];
    const reads = scoped.items.map((part) => ({ id: part.id, xml: part.getXml() }));
    await context.sync();
    return reads.map((r) => ({ id: r.id, xml: r.xml.value }));
  });
}

/** The ids of the namespace's parts. 1 sync. */
export async function findMirror(run: ExcelRun, namespace: string): Promise<string[]> {
  return run(async (context) => {
    const scoped = context.workbook.customXmlParts.getByNamespace(namespace);
    scoped.load('items/id');
    await context.sync();
    return scoped.items.map((p) => p.id);
  });
}

/**
 * Queues a mirror write into a batch (no sync). The part is addressed by the id known from the
 * last read or write: `getItem(id).setXml` / `.delete()`, or `add` when there is none. Returns the
 * part's id to read once the batch has synced.
 */
export function queueMirrorWrite(context: Excel.RequestContext, write: MirrorWrite): () => string | null {
  const parts = context.workbook.customXmlParts;
  for (const id of write.removeIds) parts.getItem(id).delete();
  if (write.xml === null) {
    if (write.partId !== null) parts.getItem(write.partId).delete();
    return () => null;
  }
  if (write.partId !== null) {
    parts.getItem(write.partId).setXml(write.xml);
    const id = write.partId;
    return () => id;
  }
  const added = parts.add(write.xml);
  added.load('id');
  return () => added.id;
}

/** A write on its own. 1 sync. */
export async function writeMirror(run: ExcelRun, write: MirrorWrite): Promise<string | null> {
  return run(async (context) => {
    const id = queueMirrorWrite(context, write);
    await context.sync();
    return id();
  });
}

/**
 * True when a failed batch failed at a mirror command. Those are queued last, so every command
 * before them (the cells, the protection, events back on) has run: the sheet is fine, only the
 * copy needs writing again (the part may have been removed, e.g. by Inspect Document).
 */
export function isMirrorError(error: unknown): boolean {
  const location = (error as { debugInfo?: { errorLocation?: string } } | null)?.debugInfo?.errorLocation;
  return typeof location === 'string' && location.startsWith('CustomXmlPart');
}

/** Syncs a batch whose last commands are a mirror write, telling a failed mirror write apart. */
export async function syncWithMirror(
  context: Excel.RequestContext,
  id: (() => string | null) | null,
): Promise<MirrorResult | null> {
  try {
    await context.sync();
  } catch (error) {
    if (id && isMirrorError(error)) return { ok: false, error };
    throw error;
  }
  return id ? { ok: true, partId: id() } : null;
}
