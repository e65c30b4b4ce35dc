import { describe, expect, it } from 'vitest';
import { fakeExcelRun } from '../../test-support/fake-excel.ts';
import { FakeServer } from '../../test-support/fake-server.ts';
import { FakeWorkbook } from '../../test-support/fake-workbook.ts';
import { sampleBody, sampleQueuedCell, sampleRef } from '../../test-support/sample-edits.ts';
import { excelPort } from '../excel/port.ts';
import { address, columnIndex, HEADER_ROWS } from './columns.ts';
import { SheetController } from './controller.ts';
import { translator } from './i18n.ts';
import { rowKey } from './keys.ts';
import {
  type Batch,
  emptyQueue,
  loadQueue,
  mergeQueues,
  mirrorNamespace,
  mirrorXml,
  parseMirrorXml,
  type QueuedCell,
  type QueueState,
  unsentCells,
} from './queue.ts';
import { PIGGYBACK_MAX_CHARS, WorkbookMirror } from './queue-mirror.ts';
import { MemoryStorage } from './storage.ts';

/**
 * The unsent-changes queue survives the loss of localStorage: the workbook keeps a copy (a custom
 * XML part written in the batch that writes the edited rows), the pane merges both when it opens,
 * and every edit reaches the server exactly once.
 */

/** Timers run only when a test says so: sends happen on saveNow(). */
const clock = {
  now: () => Date.now(),
  setTimer: () => 0,
  clearTimer: () => undefined,
};

let ids = 0;
function pane(server: FakeServer, book: FakeWorkbook, storage: MemoryStorage, userId = 'staff-1') {
  return new SheetController(
    {
      api: server.api(),
      storage,
      port: excelPort(fakeExcelRun(book), { notes: true, customXml: true }),
      t: translator('ja'),
      clock,
      newId: () => `idem-${++ids}`,
      userId,
    },
    'plan-1',
    2023,
    'd-kanko',
  );
}

const NS = mirrorNamespace('d-kanko', 2023, 'staff-1');

/** A person types into the sheet; the pane handles the change event. */
async function type(c: SheetController, book: FakeWorkbook, indicatorId: string, text: string) {
  const row = HEADER_ROWS + c.model.rowIndex.get(rowKey('indicator', indicatorId))!;
  book.userEdit(c.session.sheetName, address(row, columnIndex('value')), [[text]]);
  await book.idle();
  await c.session.idle();
}

const mirrorParts = (book: FakeWorkbook) => book.customXmlParts.filter((p) => p.namespaceUri === NS);

function mirrorIn(book: FakeWorkbook): QueueState | null {
  const parts = mirrorParts(book);
  expect(parts.length).toBeLessThanOrEqual(1);
  return parts[0] ? parseMirrorXml(parts[0].xml) : null;
}

const valuesOf = (q: QueueState | null) => (q ? unsentCells(q).map((c) => `${c.key}=${c.raw}`) : []);

describe('the copy of the queue in the workbook', () => {
  it('is written in the batch that marks the edited rows: typing costs no extra sync', async () => {
    const server = new FakeServer();
    const book = new FakeWorkbook();
    const c = pane(server, book, new MemoryStorage());
    expect(await c.open()).toBe('written');
    expect(mirrorParts(book)).toEqual([]); // nothing unsent: no part
    server.online = false;
    for (const [id, text] of [
      ['k-pv', '200,000'],
      ['k-2-1', '50'],
      ['k-2-2', '7'],
    ] as const) {
      const before = book.syncCount;
      await type(c, book, id, text);
      // One sync reads the changed row, one writes its marks, computed cells and the queue's copy.
      expect(book.syncCount - before).toBe(2);
    }
    expect(c.mirror?.counts).toEqual({ piggybacked: 3, alone: 0, failed: 0 });
    expect(valuesOf(mirrorIn(book))).toEqual(['i:k-pv:value=200,000', 'i:k-2-1:value=50', 'i:k-2-2:value=7']);
    expect(valuesOf(mirrorIn(book))).toEqual(valuesOf(c.engine.queue));
    c.dispose();
  });

  it('brings back every unsent edit after localStorage was wiped, and each arrives exactly once', async () => {
    const server = new FakeServer();
    const book = new FakeWorkbook();
    const storage = new MemoryStorage();
    const first = pane(server, book, storage);
    await first.open();
    server.online = false;
    await type(first, book, 'k-pv', '200,000');
    await type(first, book, 'k-2-1', '50');
    // 下書き保存 while offline: the two edits become a request with an Idempotency-Key, which fails.
    await first.saveNow();
    expect(first.engine.queue.batches).toHaveLength(1);
    const key = first.engine.queue.batches[0]!.idempotencyKey;
    await type(first, book, 'k-2-2', '7');
    // The workbook holds the request (its key and body) and the later edit.
    const copy = mirrorIn(book)!;
    expect(copy.batches.map((b) => b.idempotencyKey)).toEqual([key]);
    expect(copy.batches[0]!.body).toEqual(first.engine.queue.batches[0]!.body);
    expect(copy.pending.map((p) => p.raw)).toEqual(['7']);
    first.dispose();

    storage.items.clear(); // an Office update wiped the web view's storage
    server.online = true;
    const again = pane(server, book, storage);
    const before = book.syncCount;
    expect(await again.open()).toBe('written');
    // Read the copy (2 syncs: find the part, read its XML), write the sheet (2 syncs, the copy in step).
    expect(book.syncCount - before).toBe(4);
    await again.engine.flush();
    expect(server.requests[0]).toBe(key); // the same request, same key, first
    expect(server.applied.map((a) => a.key)).toEqual([key, expect.any(String)]);
    expect(server.value('k-pv')).toBe('200000');
    expect(server.value('k-2-1')).toBe('50');
    expect(server.value('k-2-2')).toBe('7');
    expect(server.history.filter((h) => h.indicatorId)).toHaveLength(3);
    expect(again.engine.isClean()).toBe(true);
    // Acknowledged: the copy leaves the workbook (after the run of sends), and localStorage is whole again.
    expect(mirrorParts(book)).toEqual([]);
    expect(unsentCells(loadQueue(storage, 'd-kanko', 2023)!)).toEqual([]);
    again.dispose();
  });

  for (const wiped of [false, true])
    it(`a newer edit of a cell already in a request is the one that stays (localStorage ${wiped ? 'wiped' : 'kept'})`, async () => {
      // Found by the browser test: reopened, the pane laid the older request's value over the
      // newer pending edit, so the rows built for the next request sent the older value again.
      const server = new FakeServer();
      const book = new FakeWorkbook();
      const storage = new MemoryStorage();
      const first = pane(server, book, storage);
      await first.open();
      server.online = false;
      await type(first, book, 'k-pv', '200,000');
      await first.saveNow(); // frozen into a request, which fails
      expect(first.engine.queue.batches).toHaveLength(1);
      await type(first, book, 'k-pv', '300,000'); // newer edit, still pending
      expect(first.engine.queue.pending.map((p) => p.raw)).toEqual(['300,000']);
      first.dispose();

      if (wiped) storage.items.clear();
      server.online = true;
      const again = pane(server, book, storage);
      expect(await again.open()).toBe('written');
      expect(again.model.cells.get('i:k-pv:value')?.raw).toBe('300,000');
      await again.engine.flush();
      expect(server.value('k-pv')).toBe('300000');
      const kpv = server.history.filter((h) => h.indicatorId === 'k-pv');
      expect(kpv.map((h) => (h.after as { value: string | null }).value)).toEqual(['200000', '300000']);
      expect(again.engine.isClean()).toBe(true);
      again.dispose();
    });

  it('a request the server stored but whose answer was lost is replayed, not stored twice', async () => {
    const server = new FakeServer();
    const book = new FakeWorkbook();
    const storage = new MemoryStorage();
    const first = pane(server, book, storage);
    await first.open();
    await type(first, book, 'k-pv', '1,000');
    server.dropNextResponse = true;
    await first.saveNow();
    expect(server.applied).toHaveLength(1);
    expect(first.engine.queue.batches).toHaveLength(1); // not acknowledged: still queued
    first.dispose();

    storage.items.clear();
    const again = pane(server, book, storage);
    await again.open();
    await again.engine.flush();
    expect(server.requests).toEqual([server.applied[0]!.key, server.applied[0]!.key]);
    expect(server.applied).toHaveLength(1);
    expect(server.history).toHaveLength(1);
    expect(server.value('k-pv')).toBe('1000');
    expect(again.engine.isClean()).toBe(true);
    again.dispose();
  });

  it('with both localStorage and the copy present, an edit in both is sent once', async () => {
    const server = new FakeServer();
    const book = new FakeWorkbook();
    const storage = new MemoryStorage();
    const first = pane(server, book, storage);
    await first.open();
    server.online = false;
    await type(first, book, 'k-pv', '300');
    await first.saveNow();
    await type(first, book, 'k-2-1', '40');
    expect(valuesOf(loadQueue(storage, 'd-kanko', 2023))).toEqual(valuesOf(mirrorIn(book)));
    first.dispose();

    server.online = true;
    const again = pane(server, book, storage);
    await again.open();
    await again.engine.flush();
    expect(server.applied).toHaveLength(2);
    expect(server.history.map((h) => h.indicatorId)).toEqual(['k-pv', 'k-2-1']);
    expect(server.value('k-pv')).toBe('300');
    expect(server.value('k-2-1')).toBe('40');
    again.dispose();
  });

  it('a copy left behind by an acknowledged save does not send it again', async () => {
    const server = new FakeServer();
    const book = new FakeWorkbook();
    const storage = new MemoryStorage();
    const first = pane(server, book, storage);
    await first.open();
    await type(first, book, 'k-pv', '123');
    const stale = mirrorParts(book)[0]!.xml;
    await first.saveNow();
    expect(mirrorParts(book)).toEqual([]);
    first.dispose();
    // The pane closed before the copy was updated: the workbook still has the sent edit.
    book.addXmlPart(stale);
    const again = pane(server, book, storage);
    await again.open();
    await again.engine.flush();
    expect(server.applied).toHaveLength(1);
    expect(again.engine.isClean()).toBe(true);
    expect(mirrorParts(book)).toEqual([]);
    again.dispose();
  });

  it('a copy removed behind the pane’s back (Inspect Document) is written again; the marks are not lost', async () => {
    const server = new FakeServer();
    const book = new FakeWorkbook();
    const c = pane(server, book, new MemoryStorage());
    await c.open();
    server.online = false;
    await type(c, book, 'k-pv', '1');
    book.customXmlParts.splice(0); // removed
    await type(c, book, 'k-2-1', 'abc');
    // The row's marks were written (the copy's command comes last in the batch) …
    const row = HEADER_ROWS + c.model.rowIndex.get('i:k-2-1')!;
    expect(book.mustSheet(c.session.sheetName).cell(row, columnIndex('value')).fill).toBe('#FDE7E9');
    expect(c.error).toBeNull();
    // … and the copy is looked up and added again on its own.
    await c.mirror!.flush();
    expect(c.mirror!.counts.failed).toBe(1);
    expect(valuesOf(mirrorIn(book))).toEqual(['i:k-pv:value=1', 'i:k-2-1:value=abc']);
    c.dispose();
  });

  it('is kept per person: a colleague co-authoring the workbook neither overwrites nor sends my edits', async () => {
    const server = new FakeServer();
    const book = new FakeWorkbook();
    const mine = pane(server, book, new MemoryStorage());
    await mine.open();
    server.online = false;
    await type(mine, book, 'k-pv', '111');
    mine.dispose();
    server.online = true;
    const theirs = pane(server, book, new MemoryStorage(), 'staff-2');
    await theirs.open();
    await type(theirs, book, 'k-2-1', '222');
    await theirs.saveNow();
    expect(server.history.map((h) => h.indicatorId)).toEqual(['k-2-1']);
    expect(valuesOf(mirrorIn(book))).toEqual(['i:k-pv:value=111']); // mine, untouched
    expect(book.customXmlParts.map((p) => p.namespaceUri)).toEqual([NS]); // theirs: sent, removed
    theirs.dispose();
  });

  it('without custom XML parts (before ExcelApi 1.5) the pane works from localStorage alone', async () => {
    const server = new FakeServer();
    const book = new FakeWorkbook();
    const c = new SheetController(
      {
        api: server.api(),
        storage: new MemoryStorage(),
        port: excelPort(fakeExcelRun(book), { notes: true }),
        t: translator('ja'),
        clock,
        newId: () => `idem-${++ids}`,
      },
      'plan-1',
      2023,
      'd-kanko',
    );
    await c.open();
    await type(c, book, 'k-pv', '9');
    expect(c.mirror).toBeNull();
    expect(book.customXmlParts).toEqual([]);
    await c.saveNow();
    expect(server.value('k-pv')).toBe('9');
    c.dispose();
  });
});

// ---- the pure parts: XML and the merge ------------------------------------------------------------

const cell = (id: string, raw: string, editedAt: number): QueuedCell =>
  sampleQueuedCell(sampleRef(id), raw, { base: '', editedAt });
const batch = (key: string, cells: QueuedCell[], createdAt: number): Batch => ({
  idempotencyKey: key,
  cells,
  body: sampleBody(cells),
  baseRevision: 3,
  createdAt,
  attempts: 2,
  nextAttemptAt: createdAt + 4000,
  lastError: 'offline',
  conflict: false,
});
const queue = (origin: string, seq: number, batches: Batch[], pending: QueuedCell[]): QueueState => ({
  ...emptyQueue('d-kanko', 2023, 3, origin),
  seq,
  batches,
  pending,
});

describe('the copy as XML', () => {
  it('round-trips any typed text, markup and characters XML cannot hold included', () => {
    const nasty = '<script>&amp;</script> ]]> "q" \'a\' \u0001\t\n\r\uFFFE\uFFFF 日本語 😀 △25';
    const q = queue('o', 4, [batch('k1', [cell('a', nasty, 10)], 11)], [cell('b', '&lt;', 12)]);
    const xml = mirrorXml(q, NS)!;
    for (const c of ['\uFFFE', '\uFFFF', '\u0001']) expect(xml).not.toContain(c);
    expect(xml).toMatch(
      /^<unsentEdits xmlns="urn:shinchoku:unsent-edits:1:d-kanko:2023:staff-1" version="1">/,
    );
    const back = parseMirrorXml(xml)!;
    expect(back.batches[0]!.cells[0]!.raw).toBe(nasty);
    expect(back.pending[0]!.raw).toBe('&lt;');
    // Retry bookkeeping is not kept in the workbook.
    expect(back.batches[0]).toMatchObject({ attempts: 0, lastError: null, baseRevision: 3 });
    // As Excel may hand it back: with a declaration, numeric references, a prefix.
    const prefixed = `<?xml version="1.0" encoding="UTF-8"?>\n${xml
      .replace('<unsentEdits xmlns=', '<s:unsentEdits xmlns:s=')
      .replace('</unsentEdits>', '</s:unsentEdits>')
      .replace(/&lt;/g, '&#60;')}`;
    expect(parseMirrorXml(prefixed)).toEqual(back);
    expect(parseMirrorXml('<other/>')).toBeNull();
    expect(parseMirrorXml('<unsentEdits>{not json</unsentEdits>')).toBeNull();
  });

  it('is well-formed for Excel (the fake refuses a part that is not)', () => {
    const book = new FakeWorkbook();
    const q = queue('o', 1, [], [cell('a', 'x < y & z > w', 1)]);
    expect(book.addXmlPart(mirrorXml(q, NS)!).namespaceUri).toBe(NS);
    // Any department or user id: the namespace is escaped as a URI and as an attribute.
    const odd = mirrorNamespace('d&"<x>', 2023, 'a b/ç');
    expect(book.addXmlPart(mirrorXml(q, odd)!).namespaceUri).toBe(odd);
    expect(() => book.addXmlPart('<a>x & y</a>')).toThrow(/bare &/);
    expect(() => book.addXmlPart('<a><b></a>')).toThrow(/not well-formed/);
  });

  it('is no part at all when nothing is unsent', () => {
    expect(mirrorXml(emptyQueue('d-kanko', 2023, 3, 'o'), NS)).toBeNull();
  });
});

describe('the writer of the copy', () => {
  const port = (book: FakeWorkbook) =>
    excelPort(fakeExcelRun(book), { notes: true, customXml: true }).mirror!;

  it('never adds a second part while the first add is under way', async () => {
    const book = new FakeWorkbook();
    let q = queue('o', 1, [], [cell('a', '1', 1)]);
    const m = new WorkbookMirror(port(book), NS, () => q, { ids: [], key: '' });
    const first = m.piggyback()!;
    expect(first.write.partId).toBeNull(); // an add
    q = queue('o', 2, [], [cell('a', '1', 1), cell('b', '2', 2)]);
    expect(m.piggyback()).toBeNull(); // waits: a second add would make a second part
    const flushed = m.flush(); // waits for the add, then writes the newer queue over it
    const id = await port(book).writeMirror(first.write);
    first.settle({ ok: true, partId: id });
    await flushed;
    expect(book.customXmlParts.map((p) => p.id)).toEqual([id]);
    expect(valuesOf(mirrorIn(book))).toEqual(['i:a:value=1', 'i:b:value=2']);
  });

  it('writes a very long copy on its own, so a rows’ update stays under 5 MB', async () => {
    const book = new FakeWorkbook();
    const big = queue('o', 1, [], [cell('a', 'x'.repeat(PIGGYBACK_MAX_CHARS), 1)]);
    const m = new WorkbookMirror(port(book), NS, () => big, { ids: [], key: '' });
    expect(m.piggyback()).toBeNull();
    await m.flush();
    expect(m.counts).toEqual({ piggybacked: 0, alone: 1, failed: 0 });
    expect(mirrorIn(book)!.pending[0]!.raw).toHaveLength(PIGGYBACK_MAX_CHARS);
  });
});

describe('merging the stored queue with the copy', () => {
  const a = cell('a', '1', 10);
  const b = cell('b', '2', 20);
  const c = cell('c', '3', 30);

  it('takes whichever copy exists', () => {
    const q = queue('o', 1, [], [a]);
    expect(mergeQueues(null, null)).toBeNull();
    expect(mergeQueues(q, null)).toBe(q);
    expect(mergeQueues(null, q)).toBe(q);
  });

  it('trusts the stored queue over a copy of itself that was written no later', () => {
    // The copy still has request k1, which the server has acknowledged since.
    const local = queue('o', 9, [], [c]);
    const copy = queue('o', 7, [batch('k1', [a, b], 25)], [c]);
    expect(mergeQueues(local, copy)).toBe(local);
  });

  it('merges two copies: each request once, in order; each edit once; the newer edit of a cell wins', () => {
    const a2 = cell('a', '1.5', 40); // a newer edit of cell a
    const local = queue('x', 5, [batch('k1', [a], 15), batch('k3', [c], 35)], [cell('d', '4', 50)]);
    const copy = queue(
      'y',
      8,
      [batch('k1', [a], 15), batch('k2', [b], 25)],
      [
        cell('c', '3', 30), // the same edit as in k3: one edit
        a2,
        cell('d', '3.9', 45), // older than the stored edit of d
        cell('e', '5', 60),
      ],
    );
    const merged = mergeQueues(local, copy)!;
    expect(merged.batches.map((x) => x.idempotencyKey)).toEqual(['k1', 'k2', 'k3']);
    expect(merged.pending.map((x) => `${x.key}=${x.raw}`)).toEqual([
      'i:d:value=4',
      'i:a:value=1.5',
      'i:e:value=5',
    ]);
    expect(merged.origin).toBe('x');
    expect(merged.seq).toBe(8);
    // Nothing counted twice.
    const identities = [...merged.batches.flatMap((x) => x.cells), ...merged.pending].map(
      (x) => `${x.key}@${x.editedAt}`,
    );
    expect(new Set(identities).size).toBe(identities.length);
  });

  it('a copy from the same storage that is newer than it (storage rolled back) is merged, not ignored', () => {
    const local = queue('o', 2, [], [a]);
    const copy = queue('o', 5, [batch('k1', [a], 15)], [b]);
    const merged = mergeQueues(local, copy)!;
    expect(merged.batches.map((x) => x.idempotencyKey)).toEqual(['k1']);
    expect(merged.pending.map((x) => x.raw)).toEqual(['2']);
  });
});
