import { describe, expect, it } from 'vitest';
import { fakeExcelRun } from '../../test-support/fake-excel.ts';
import { FakeWorkbook } from '../../test-support/fake-workbook.ts';
import { sampleSheet } from '../../test-support/sample-sheet.ts';
import { address, columnIndex, HEADER_ROWS } from '../app/columns.ts';
import { translator } from '../app/i18n.ts';
import { cellKey, keyOf, rowKey } from '../app/keys.ts';
import { type Edit, emptyQueue, parseMirrorXml, type QueuedCell } from '../app/queue.ts';
import { WorkbookMirror } from '../app/queue-mirror.ts';
import { buildRowUpdate } from '../app/row-update.ts';
import { buildModel, inputText } from '../app/sheet-model.ts';
import { SheetSession } from '../app/sheet-session.ts';
import { buildWritePlan } from '../app/write-plan.ts';
import { applyRowUpdate, writeSheet } from './adapter.ts';
import { findMirror, isMirrorError, readMirror, writeMirror } from './mirror.ts';
import { excelPort } from './port.ts';

const t = translator('ja');
const FIVE_MB = 5 * 1024 * 1024;

function setup(kpis: number) {
  const book = new FakeWorkbook();
  const run = fakeExcelRun(book);
  const model = buildModel(sampleSheet({ kpis }));
  const edits: Edit[][] = [];
  const plan = buildWritePlan(model, t);
  const session = new SheetSession(model, plan.sheetName, excelPort(run, { notes: true }), t, (e) =>
    edits.push(e),
  );
  return { book, run, model, session, edits, plan };
}

const col = (id: Parameters<typeof columnIndex>[0]) => columnIndex(id);

describe('writing the department sheet', () => {
  it('writes 1,000 KPI rows in at most 3 syncs, each request under 5 MB', async () => {
    const { book, session, plan, model } = setup(1000);
    expect(model.rows.filter((r) => r.kind === 'indicator')).toHaveLength(1000);
    expect(await session.build()).toBe('written');
    expect(book.syncCount).toBeLessThanOrEqual(3);
    for (const s of book.syncs) expect(s.bytes).toBeLessThan(FIVE_MB);
    const sheet = book.sheet(plan.sheetName)!;
    expect(book.sheets.map((s) => s.name)).toEqual(['Sheet1', plan.sheetName]);
    expect(sheet.cell(1, col('value')).value).toBe('実績値');
    const last = HEADER_ROWS + model.rows.length - 1;
    expect(sheet.cell(last, col('key')).value).toBe(model.rows.at(-1)!.key);
    expect(sheet.hiddenColumns.has(col('key'))).toBe(true);
    expect(sheet.frozen).toEqual({ rows: 2, columns: 2 });
    expect(sheet.protected).toBe(true);
    expect(
      sheet.validations.some((v) => v.address === address(HEADER_ROWS, col('status'), model.rows.length, 1)),
    ).toBe(true);
  });

  it('shows the published figures and locks all but the input cells', async () => {
    const { book, session, plan } = setup(4);
    await session.build();
    const sheet = book.sheet(plan.sheetName)!;
    const pv = HEADER_ROWS + 1; // project row, then its first KPI
    expect(sheet.cell(pv, col('indicator')).value).toBe('① オウンドメディア等のPV数');
    expect(sheet.cell(pv, col('baseline')).value).toBe('0PV');
    expect(sheet.cell(pv, col('target')).value).toBe('30,000');
    expect(sheet.cell(pv, col('value')).value).toBe('144,476');
    expect(sheet.cell(pv, col('achievement')).value).toBe('481.6%');
    expect(sheet.cell(pv, col('judgement')).value).toBe('達成');
    expect(sheet.cell(HEADER_ROWS, col('project')).value).toBe(
      '1 東北連携による観光プロモーション事業【新規】',
    );
    expect(sheet.cell(pv, col('value')).locked).toBe(false);
    expect(sheet.cell(pv, col('value')).numberFormat).toBe('@');
    expect(sheet.cell(pv, col('baseline')).locked).toBe(true);
    expect(sheet.cell(pv, col('achievement')).locked).toBe(true);
    expect(sheet.cell(HEADER_ROWS, col('activities')).locked).toBe(false);
    expect(() => book.userEdit(plan.sheetName, address(pv, col('achievement')), [['999%']])).toThrow(
      /protected/,
    );
  });

  it('replaces an earlier sheet and leaves no temporary sheet', async () => {
    const { book, session, plan } = setup(10);
    await session.build();
    await session.build();
    expect(book.sheets.map((s) => s.name)).toEqual(['Sheet1', plan.sheetName]);
    expect(book.enableEvents).toBe(true);
  });

  it('a cancel between chunks leaves the previous sheet as it was', async () => {
    const { book, run, model, session, plan: first } = setup(60);
    await session.build();
    book.mustSheet(first.sheetName).edit(HEADER_ROWS + 1, col('footnote')).value = 'before';
    const plan = buildWritePlan(model, t, 2_000);
    expect(plan.chunks.length).toBeGreaterThan(2);
    const controller = new AbortController();
    const progress: number[] = [];
    const result = await writeSheet(run, plan, {
      notes: true,
      signal: controller.signal,
      onProgress: (done) => {
        progress.push(done);
        controller.abort();
      },
    });
    expect(result).toBe('cancelled');
    expect(progress).toHaveLength(1);
    expect(book.sheets.map((s) => s.name)).toEqual(['Sheet1', first.sheetName]);
    expect(book.mustSheet(first.sheetName).cell(HEADER_ROWS + 1, col('footnote')).value).toBe('before');
    expect(book.enableEvents).toBe(true);
  });

  it('a failed batch does not leave events switched off', async () => {
    const { book, run, model } = setup(4);
    const plan = { ...buildWritePlan(model, t), tempSheetName: 'Sheet1' };
    await expect(writeSheet(run, plan, { notes: true })).rejects.toThrow();
    expect(book.enableEvents).toBe(true);
  });
});

describe('validating as they type', () => {
  it('validates a pasted block of 500 cells in at most 2 syncs and refreshes only those rows', async () => {
    const { book, session, plan, model, edits } = setup(1000);
    await session.build();
    const before = book.syncCount;
    // 125 KPI rows × 4 input columns (実績値, 状況, 理由, 脚注), contiguous on the sheet.
    const top = HEADER_ROWS + 200;
    const rows = Array.from({ length: 125 }, (_, i) => {
      const r = model.rows[200 + i]!;
      const qualitative = r.indicator?.kind === 'qualitative';
      if (r.kind === 'project')
        return [inputText(model, cellKey(rowKey('project', r.project.id), 'activities')), '', '', ''];
      return [i % 10 === 0 ? 'abc' : `${i},000`, qualitative ? '達成' : '', '', ''];
    });
    const sheet = book.mustSheet(plan.sheetName);
    // The paste lands on unlocked input cells only (a project row's input cells are locked).
    rows.forEach((values, i) => {
      values.forEach((v, j) => {
        sheet.edit(top + i, col('value') + j).value = v;
      });
    });
    book.fireChanged(sheet, address(top, col('value'), 125, 4), 'Unknown', 'Local');
    await book.idle();
    await session.idle();
    expect(book.syncCount - before).toBeLessThanOrEqual(2);
    const bad = model.rows.findIndex(
      (r, i) =>
        i >= 200 && r.kind === 'indicator' && r.indicator!.kind !== 'qualitative' && (i - 200) % 10 === 0,
    );
    const badRow = HEADER_ROWS + bad;
    expect(sheet.cell(badRow, col('value')).fill).toBe('#FDE7E9');
    expect(String(sheet.cell(badRow, col('check')).value)).toMatch(/数値/);
    expect(sheet.notes.get(address(badRow, col('value')))).toMatch(/数値/);
    expect(edits.flat().length).toBeGreaterThan(100);
    expect(session.problems().some((p) => p.row === badRow)).toBe(true);
  });

  it('ignores the add-in’s own writes, a co-author’s typing and changes outside the body', async () => {
    const { book, session, plan, edits } = setup(4);
    await session.build();
    const before = book.syncCount;
    await session.handleChange({ address: 'H3', source: 'Local', triggerSource: 'ThisLocalAddin' });
    await session.handleChange({ address: 'A1', source: 'Local', triggerSource: 'Unknown' });
    await session.handleChange({ address: 'H4', source: 'Remote', triggerSource: 'Unknown' });
    expect(book.syncCount).toBe(before);
    expect(edits).toEqual([]);
    expect(book.sheet(plan.sheetName)).toBeDefined();
  });

  it('clears the mark once the cell is fixed', async () => {
    const { book, session, plan } = setup(4);
    await session.build();
    const cell = address(HEADER_ROWS + 1, col('value'));
    book.userEdit(plan.sheetName, cell, [['1,2,3']]);
    await book.idle();
    await session.idle();
    const sheet = book.mustSheet(plan.sheetName);
    expect(sheet.notes.has(cell)).toBe(true);
    book.userEdit(plan.sheetName, cell, [['△25']]);
    await book.idle();
    await session.idle();
    expect(sheet.notes.has(cell)).toBe(false);
    expect(sheet.cell(HEADER_ROWS + 1, col('value')).fill).toBe('#FFFFFF');
    expect(sheet.cell(HEADER_ROWS + 1, col('achievement')).value).toBe('△0.1%');
  });

  it('takes in what was typed while the pane was closed, but never a colleague’s newer value', async () => {
    const { book, run, session, plan, model } = setup(4);
    await session.build();
    const snapshot = session.snapshot();
    book.mustSheet(plan.sheetName).edit(HEADER_ROWS + 1, col('value')).value = 200000;
    // Meanwhile a colleague saved k-2-1; this sheet still shows the old (empty) cell.
    const newer = {
      ...model.data,
      actuals: [
        ...model.data.actuals,
        { indicatorId: 'k-2-1', value: '50', basis: 'year' as const, footnotes: [] },
      ],
    };
    const edits: Edit[][] = [];
    const again = new SheetSession(
      buildModel(newer),
      plan.sheetName,
      excelPort(run, { notes: true }),
      t,
      (e) => edits.push(e),
    );
    const before = book.syncCount;
    expect(await again.collectClosedEdits(snapshot)).toBe(1);
    expect(book.syncCount - before).toBe(1);
    expect(edits.flat().map((e) => [e.cell.raw, e.cell.canonical, e.serverValue])).toEqual([
      ['200000', '200000', '144476'],
    ]);
    expect(inputText(again.model, 'i:k-2-1:value')).toBe('50');
    expect(await again.collectClosedEdits(null)).toBe(0);
  });
});

describe('the queue’s copy in the workbook (custom XML part)', () => {
  const NS = 'urn:shinchoku:unsent-edits:1:d-kanko:2023';
  const xml = (text: string) => `<unsentEdits xmlns="${NS}" version="1">${text}</unsentEdits>`;

  it('rides in the batch that writes the edited rows: still 1 sync, the part added, then overwritten', async () => {
    const { book, run, session, plan, model } = setup(4);
    await session.build();
    const update = buildRowUpdate(model, [1], t, new Map());
    let before = book.syncCount;
    const added = await applyRowUpdate(run, plan.sheetName, update, true, {
      namespace: NS,
      xml: xml('one'),
      partId: null,
      removeIds: [],
    });
    expect(book.syncCount - before).toBe(1);
    expect(added).toEqual({ ok: true, partId: book.customXmlParts[0]!.id });
    before = book.syncCount;
    const id = (added as { partId: string }).partId;
    await applyRowUpdate(run, plan.sheetName, update, true, {
      namespace: NS,
      xml: xml('two'),
      partId: id,
      removeIds: [],
    });
    expect(book.syncCount - before).toBe(1);
    expect(book.customXmlParts.map((p) => [p.namespaceUri, p.xml])).toEqual([[NS, xml('two')]]);
  });

  it('a pasted block of 500 cells with the copy written alongside: still at most 2 syncs', async () => {
    const book = new FakeWorkbook();
    const run = fakeExcelRun(book);
    const model = buildModel(sampleSheet({ kpis: 1000 }));
    const port = excelPort(run, { notes: true, customXml: true });
    // The copy the controller would write: a stand-in queue holding the recorded edits.
    let current = { ...emptyQueue('d-kanko', 2023, 3, 'o'), pending: [] as QueuedCell[] };
    const mirror = new WorkbookMirror(port.mirror!, NS, () => current, { ids: [], key: '' });
    const plan = buildWritePlan(model, t);
    const session = new SheetSession(model, plan.sheetName, mirror.wrap(port, port.mirror!), t, (edits) => {
      current = {
        ...current,
        pending: edits.map((e, i) => ({
          key: keyOf(e.ref),
          ref: e.ref,
          raw: e.cell.raw,
          canonical: e.cell.canonical,
          base: null,
          editedAt: i,
        })),
      };
    });
    await session.build();
    const top = HEADER_ROWS + 200;
    const sheet = book.mustSheet(plan.sheetName);
    for (let i = 0; i < 125; i++)
      if (model.rows[200 + i]!.kind === 'indicator') sheet.edit(top + i, col('value')).value = `${i + 1}`;
    const before = book.syncCount;
    book.fireChanged(sheet, address(top, col('value'), 125, 4), 'Unknown', 'Local');
    await book.idle();
    await session.idle();
    expect(book.syncCount - before).toBeLessThanOrEqual(2);
    expect(mirror.counts).toEqual({ piggybacked: 1, alone: 0, failed: 0 });
    const part = book.customXmlParts.find((p) => p.namespaceUri === NS)!;
    expect(current.pending.length).toBeGreaterThan(90);
    expect(parseMirrorXml(part.xml)!.pending).toHaveLength(current.pending.length);
  });

  it('reads the copy in 1 sync when there is none, 2 when there is; writes it on its own in 1', async () => {
    const book = new FakeWorkbook();
    const run = fakeExcelRun(book);
    let before = book.syncCount;
    expect(await readMirror(run, NS)).toEqual([]);
    expect(book.syncCount - before).toBe(1);
    const id = await writeMirror(run, { namespace: NS, xml: xml('a'), partId: null, removeIds: [] });
    book.addXmlPart('<other xmlns="urn:someone-else"/>');
    before = book.syncCount;
    expect(await readMirror(run, NS)).toEqual([{ id, xml: xml('a') }]);
    expect(book.syncCount - before).toBe(2);
    before = book.syncCount;
    expect(await findMirror(run, NS)).toEqual([id]);
    expect(await writeMirror(run, { namespace: NS, xml: null, partId: id, removeIds: [] })).toBeNull();
    expect(book.syncCount - before).toBe(2);
    expect(book.customXmlParts.map((p) => p.namespaceUri)).toEqual(['urn:someone-else']);
  });

  it('a part gone missing fails only the copy: the rows are written, the error names the part', async () => {
    const { book, run, session, plan, model } = setup(4);
    await session.build();
    const update = buildRowUpdate(model, [1], t, new Map());
    const result = await applyRowUpdate(run, plan.sheetName, update, true, {
      namespace: NS,
      xml: xml('x'),
      partId: '{gone}',
      removeIds: [],
    });
    expect(result).toMatchObject({ ok: false });
    expect(isMirrorError((result as { error: unknown }).error)).toBe(true);
    expect(book.enableEvents).toBe(true);
    expect(book.mustSheet(plan.sheetName).protected).toBe(true);
    // A failure elsewhere in the batch still throws.
    await expect(
      applyRowUpdate(run, 'no such sheet', update, true, {
        namespace: NS,
        xml: xml('x'),
        partId: null,
        removeIds: [],
      }),
    ).rejects.toThrow();
  });
});
