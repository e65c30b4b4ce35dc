import { beforeEach, describe, expect, it, vi } from 'vitest';
import { validateCellInput } from '../../../shared/validation/index.ts';
import { fakeExcelRun } from '../../test-support/fake-excel.ts';
import { FakeServer } from '../../test-support/fake-server.ts';
import { FakeWorkbook } from '../../test-support/fake-workbook.ts';
import { excelPort } from '../excel/port.ts';
import { address, type ColumnId, columnIndex, HEADER_ROWS } from './columns.ts';
import { SheetController } from './controller.ts';
import { translator } from './i18n.ts';
import { rowKey } from './keys.ts';
import { MemoryStorage } from './storage.ts';

/**
 * One typed edit is parsed once: the result of validateCellInput travels with the edit into the
 * model, the row checks and marks, the queue, the save request and what the server is known to
 * hold after the save.
 */
vi.mock('../../../shared/validation/index.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../shared/validation/index.ts')>();
  return { ...actual, validateCellInput: vi.fn(actual.validateCellInput) };
});
const parses = vi.mocked(validateCellInput);

async function openPane(server: FakeServer, book: FakeWorkbook) {
  let id = 0;
  const c = new SheetController(
    {
      api: server.api(),
      storage: new MemoryStorage(),
      port: excelPort(fakeExcelRun(book), { notes: true, customXml: true }),
      t: translator('ja'),
      clock: { now: () => Date.now(), setTimer: () => 0, clearTimer: () => undefined },
      newId: () => `idem-${++id}`,
      userId: 'staff-1',
    },
    'plan-1',
    2023,
    'd-kanko',
  );
  expect(await c.open()).toBe('written');
  return c;
}

async function type(
  c: SheetController,
  book: FakeWorkbook,
  indicatorId: string,
  column: ColumnId,
  text: string,
) {
  const row = HEADER_ROWS + c.model.rowIndex.get(rowKey('indicator', indicatorId))!;
  book.userEdit(c.session.sheetName, address(row, columnIndex(column)), [[text]]);
  await book.idle();
  await c.session.idle();
}

describe('an edit parsed once', () => {
  beforeEach(() => {
    parses.mockClear();
  });

  it('a value typed, checked, marked, queued, sent and saved: validateCellInput runs exactly once', async () => {
    const server = new FakeServer();
    const book = new FakeWorkbook();
    const c = await openPane(server, book);
    parses.mockClear();

    await type(c, book, 'k-2-1', 'value', '1,234');
    await c.saveNow();

    expect(server.applied).toHaveLength(1);
    expect(server.applied[0]!.body.actuals).toEqual([
      { indicatorId: 'k-2-1', value: '1234', basis: 'year', footnotes: [] },
    ]);
    expect(c.model.server.get('i:k-2-1:value')).toBe('1234');
    expect(c.state().sync?.kind).toBe('saved');
    expect(parses).toHaveBeenCalledTimes(1);
    expect(parses).toHaveBeenCalledWith(expect.objectContaining({ id: 'k-2-1' }), 'value', '1,234');
    c.dispose();
  });

  it('a value that does not parse is parsed once too, marked on its cell and held back', async () => {
    const server = new FakeServer();
    const book = new FakeWorkbook();
    const c = await openPane(server, book);
    parses.mockClear();

    await type(c, book, 'k-2-1', 'value', '12a');
    await c.saveNow();

    expect(server.applied).toEqual([]);
    expect(c.state().problems.map((p) => [p.rowKey, p.severity])).toEqual([['i:k-2-1', 'error']]);
    expect(parses).toHaveBeenCalledTimes(1);
    c.dispose();
  });
});
