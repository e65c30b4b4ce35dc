import { describe, expect, it } from 'vitest';
import { fakeExcelRun } from '../../test-support/fake-excel.ts';
import { FakeWorkbook } from '../../test-support/fake-workbook.ts';
import { sampleRef as ref, sampleQueuedCell } from '../../test-support/sample-edits.ts';
import { sampleGoalSheet } from '../../test-support/sample-sheet.ts';
import { address, columnIndex, DELTA_COLUMN, FIELD_COLUMN, HEADER_ROWS } from '../app/columns.ts';
import { completenessOf, missingItems } from '../app/completeness.ts';
import { translator } from '../app/i18n.ts';
import { GOALS_SECTION_KEY, goalRowKey, rowKey } from '../app/keys.ts';
import type { Edit } from '../app/queue.ts';
import { buildSaveBody } from '../app/save-body.ts';
import { buildModel } from '../app/sheet-model.ts';
import { SheetSession } from '../app/sheet-session.ts';
import { buildWritePlan } from '../app/write-plan.ts';
import { excelPort } from './port.ts';

/**
 * The 数値目標 section of a department's sheet (docs/domain.md §10.5), in the fake workbook: one row
 * per goal indicator the department reports, after the projects; 前年度比 computed as the goal table
 * prints it (shared/calc/delta.ts) while typing; a goal row's edit costs the syncs a KPI's does.
 */

const t = translator('ja');
const col = (id: Parameters<typeof columnIndex>[0]) => columnIndex(id);

async function setup() {
  const book = new FakeWorkbook();
  const run = fakeExcelRun(book);
  const model = buildModel(sampleGoalSheet({ kpis: 4 }));
  const edits: Edit[][] = [];
  const plan = buildWritePlan(model, t);
  const session = new SheetSession(model, plan.sheetName, excelPort(run, { notes: true }), t, (e) =>
    edits.push(e),
  );
  expect(await session.build()).toBe('written');
  const sheet = book.mustSheet(plan.sheetName);
  const rowOf = (key: Parameters<typeof model.rowIndex.get>[0]) => HEADER_ROWS + model.rowIndex.get(key)!;
  const type = async (a1: string, value: string) => {
    book.userEdit(plan.sheetName, a1, [[value]]);
    await book.idle();
    await session.idle();
  };
  return { book, model, session, sheet, edits, plan, rowOf, type };
}

describe('the 数値目標 section', () => {
  it('follows the projects: a heading naming its columns, each goal, its indicators with labelled figures', async () => {
    const { model, sheet, rowOf } = await setup();
    const section = rowOf(GOALS_SECTION_KEY);
    expect(section).toBe(HEADER_ROWS + model.rows.length);
    expect(sheet.cell(section, col('project')).value).toBe('数値目標');
    expect(sheet.cell(section, col('baseline')).value).toBe('基準値');
    expect(sheet.cell(section, col(FIELD_COLUMN.period)).value).toBe('期間');
    expect(sheet.cell(section, col(DELTA_COLUMN)).value).toBe('前年度比');
    expect(sheet.cell(section, col('footnote')).value).toBe('注記');
    expect(sheet.cell(rowOf(goalRowKey('goal-1')), col('project')).value).toBe(
      '基本目標① 地域経済の中心である中小企業を活性化する',
    );
    const firms = rowOf(rowKey('indicator', 'goal-1-1'));
    expect(firms).toBe(section + 2);
    expect(sheet.cell(firms, col('indicator')).value).toBe('■ 集中支援対象企業');
    expect(sheet.cell(firms, col('baseline')).value).toBe('H29年度 7社');
    expect(sheet.cell(firms, col('target')).value).toBe('R1～5年(累計) 50社');
    expect(sheet.cell(firms, col('value')).value).toBe('66');
    expect(sheet.cell(firms, col(FIELD_COLUMN.period)).value).toBe('R1～5年(累計)');
    // As the published goal table prints it: R1～5年(累計) 66社 (+13社).
    expect(sheet.cell(firms, col(DELTA_COLUMN)).value).toBe('(+13社)');
    expect(sheet.cell(firms, col('value')).locked).toBe(false);
    expect(sheet.cell(firms, col(FIELD_COLUMN.period)).locked).toBe(false);
    expect(sheet.cell(firms, col('status')).locked).toBe(true);
    expect(sheet.cell(firms, col('key')).value).toBe('i:goal-1-1');
    const guests = rowOf(rowKey('indicator', 'goal-2-1'));
    expect(sheet.cell(guests, col('target')).value).toBe('R5年 650万人');
    expect(sheet.cell(guests, col(DELTA_COLUMN)).value).toBe('');
  });

  it('typing a goal value computes 前年度比 at once, in the syncs a KPI row takes', async () => {
    const { book, sheet, rowOf, type, edits } = await setup();
    const guests = rowOf(rowKey('indicator', 'goal-2-1'));
    const before = book.syncCount;
    await type(address(guests, col('value')), '６００');
    // One sync to read the edited row, one to write its computed cells and marks.
    expect(book.syncCount - before).toBe(2);
    expect(sheet.cell(guests, col(DELTA_COLUMN)).value).toBe('(+123万人)');
    await type(address(guests, col(FIELD_COLUMN.period)), 'R5年');
    expect(edits.flat().map((e) => [e.ref, e.cell.canonical])).toEqual([
      [{ kind: 'indicator', indicatorId: 'goal-2-1', field: 'value' }, '600'],
      [{ kind: 'indicator', indicatorId: 'goal-2-1', field: 'period' }, 'R5年'],
    ]);
    await type(address(guests, col('value')), '470');
    expect(sheet.cell(guests, col(DELTA_COLUMN)).value).toBe('(△7万人)');
  });

  it('a goal value that does not parse is marked on its cell, Japanese first', async () => {
    const { sheet, session, rowOf, type } = await setup();
    const guests = rowOf(rowKey('indicator', 'goal-2-1'));
    await type(address(guests, col('value')), '600人');
    expect(sheet.cell(guests, col('value')).fill).toBe('#FDE7E9');
    expect(sheet.notes.get(address(guests, col('value')))).toMatch(/万人/);
    expect(session.problems().find((p) => p.row === guests)?.address).toBe(address(guests, col('value')));
    expect(sheet.cell(guests, col(DELTA_COLUMN)).value).toBe('');
    const tooLong = 'R'.repeat(65);
    await type(address(guests, col(FIELD_COLUMN.period)), tooLong);
    expect(sheet.notes.get(address(guests, col(FIELD_COLUMN.period)))).toMatch(/実績値の時点/);
  });

  it('a paste over KPI and goal rows is one read and one write', async () => {
    const { book, session, sheet, rowOf, edits } = await setup();
    const firms = rowOf(rowKey('indicator', 'goal-1-1'));
    const guests = rowOf(rowKey('indicator', 'goal-2-1'));
    const before = book.syncCount;
    for (let r = firms; r <= guests; r++) {
      const key = String(sheet.cell(r, col('key')).value);
      if (key.startsWith('i:')) sheet.edit(r, col('value')).value = r === firms ? '70' : '610';
    }
    book.fireChanged(
      sheet,
      address(HEADER_ROWS, col('value'), guests - HEADER_ROWS + 1, 1),
      'Unknown',
      'Local',
    );
    await book.idle();
    await session.idle();
    expect(book.syncCount - before).toBeLessThanOrEqual(2);
    expect(sheet.cell(firms, col(DELTA_COLUMN)).value).toBe('(+17社)');
    expect(sheet.cell(guests, col(DELTA_COLUMN)).value).toBe('(+133万人)');
    expect(edits.flat().length).toBe(2);
  });
});

describe('saving and completeness of goal rows', () => {
  it('the save body carries the goal indicator’s whole actual: value, period label, basis', () => {
    const cells = [sampleQueuedCell(ref('goal-1-1', 'value'), '70')];
    expect(buildSaveBody(buildModel(sampleGoalSheet({ kpis: 4 }), cells), cells)).toEqual({
      actuals: [
        { indicatorId: 'goal-1-1', value: '70', basis: 'to_date', period: 'R1～5年(累計)', footnotes: [] },
      ],
      activities: [],
    });
    // A row typed for the first time reports on the basis of last year's value (477万人: the year).
    const first = [
      sampleQueuedCell(ref('goal-2-1', 'value'), '600'),
      sampleQueuedCell(ref('goal-2-1', 'period'), 'R5年'),
    ];
    expect(buildSaveBody(buildModel(sampleGoalSheet({ kpis: 4 }), first), first).actuals).toEqual([
      { indicatorId: 'goal-2-1', value: '600', basis: 'year', period: 'R5年', footnotes: [] },
    ]);
  });

  it('a blank goal indicator is missing for 提出, named with its goal, and found on the sheet', () => {
    const model = buildModel(sampleGoalSheet({ kpis: 1 }));
    const c = completenessOf(model);
    const goal = c.missing.find((m) => m.indicatorId === 'goal-2-1');
    expect(goal).toMatchObject({ goalId: 'goal-2', field: 'value' });
    expect(goal?.message.ja).toContain('数値目標「仙台市内の宿泊者数」');
    expect(c.missing.some((m) => m.indicatorId === 'goal-1-1')).toBe(false);
    const [item] = missingItems(model, [goal!], 'ja');
    expect(item?.row).toBe(HEADER_ROWS + model.rowIndex.get(rowKey('indicator', 'goal-2-1'))!);
    expect(item?.col).toBe(col('value'));
  });
});
