import { describe, expect, it } from 'vitest';
import type { SheetResponse } from '../../../shared/api.ts';
import { fakeExcelRun } from '../../test-support/fake-excel.ts';
import { FakeWorkbook } from '../../test-support/fake-workbook.ts';
import { sampleSheet } from '../../test-support/sample-sheet.ts';
import { excelPort } from '../excel/port.ts';
import { address, columnIndex, HEADER_ROWS } from './columns.ts';
import { completenessOf, missingItems } from './completeness.ts';
import { serverConflictKeys } from './conflict.ts';
import { abilities } from './console.ts';
import { selectPlans, shortfallFromForm } from './console-plans.ts';
import { selectReview } from './console-review.ts';
import { translator } from './i18n.ts';
import { keyOf } from './keys.ts';
import type { Edit } from './queue.ts';
import { buildSaveBody } from './save-body.ts';
import { buildModel, checkRows } from './sheet-model.ts';
import { SheetSession } from './sheet-session.ts';
import { buildWritePlan } from './write-plan.ts';

/**
 * 未達成の理由 on the department's sheet (docs/domain.md §8.6): with the plan's setting on, the KPI's
 * row takes the reason in the 主な取組 column, marked (an error from the shared rule) while the
 * 達成度 falls short and no reason is given; with it off the sheet is exactly as before.
 */

const t = translator('ja');
const ON = { required: true, below: 100 };
const PV = HEADER_ROWS + 1; // the project's row, then its first KPI (k-pv: target 30,000)
const REASON = columnIndex('activities');
const VALUE = columnIndex('value');

function sheetWith(setting?: { required: boolean; below: number }): SheetResponse {
  const data = sampleSheet({ kpis: 4 });
  return setting ? { ...data, plan: { ...data.plan, shortfallReason: setting } } : data;
}

function setup(data: SheetResponse) {
  const book = new FakeWorkbook();
  const model = buildModel(data);
  const plan = buildWritePlan(model, t);
  const edits: Edit[][] = [];
  const session = new SheetSession(
    model,
    plan.sheetName,
    excelPort(fakeExcelRun(book), { notes: true }),
    t,
    (e) => edits.push(e),
  );
  return { book, model, plan, session, edits };
}

async function type(s: ReturnType<typeof setup>, row: number, col: number, text: string) {
  const before = s.book.syncCount;
  s.book.userEdit(s.plan.sheetName, address(row, col), [[text]]);
  await s.book.idle();
  await s.session.idle();
  return s.book.syncCount - before;
}

describe('the sheet with the setting off', () => {
  it('is the sheet it was: same values, looks and notes as a plan without the setting', () => {
    const without = buildWritePlan(buildModel(sheetWith()), t);
    const off = buildWritePlan(buildModel(sheetWith({ required: false, below: 100 })), t);
    expect(off).toEqual(without);
    expect(without.header.values[1]![REASON]).toBe('主な取組');
  });

  it('the KPI row’s cell stays greyed and locked; nothing is asked', async () => {
    const s = setup(sheetWith());
    await s.session.build();
    const sheet = s.book.mustSheet(s.plan.sheetName);
    expect(sheet.cell(PV, REASON).locked).toBe(true);
    expect(await type(s, PV, VALUE, '20000')).toBe(2);
    expect(sheet.notes.has(address(PV, REASON))).toBe(false);
    expect(completenessOf(s.model).missing.filter((m) => m.indicatorId === 'k-pv')).toEqual([]);
  });
});

describe('the sheet with the setting on', () => {
  it('names the column and makes the KPI row’s cell an input', async () => {
    const s = setup(sheetWith(ON));
    await s.session.build();
    const sheet = s.book.mustSheet(s.plan.sheetName);
    expect(sheet.cell(1, REASON).value).toBe('主な取組／未達成の理由');
    expect(sheet.cell(PV, REASON).locked).toBe(false);
    expect(sheet.cell(PV, REASON).value).toBe('');
  });

  it('marks the reason while the figure falls short and clears the mark once it is given; syncs as before', async () => {
    const off = setup(sheetWith());
    await off.session.build();
    const offSyncs = await type(off, PV, VALUE, '20000');

    const s = setup(sheetWith(ON));
    await s.session.build();
    const sheet = s.book.mustSheet(s.plan.sheetName);
    const cell = address(PV, REASON);
    expect(sheet.notes.has(cell)).toBe(false); // 481.6%: nothing asked

    // 20,000 of 30,000: 66.7%, below 100.0%.
    expect(await type(s, PV, VALUE, '20000')).toBe(offSyncs);
    expect(sheet.cell(PV, columnIndex('achievement')).value).toBe('66.7%');
    expect(sheet.notes.get(cell)).toBe(
      '事業「1 東北連携による観光プロモーション事業」の指標「① オウンドメディア等のPV数」の達成度が 66.7% で 100.0% 未満です。未達成の理由を入力してください',
    );
    expect(sheet.cell(PV, REASON).fill).toBe('#FDE7E9');
    // The sample's other KPIs are blank: only k-pv has a figure that falls short.
    const reasons = () => completenessOf(s.model).missing.filter((m) => m.field === 'shortfallReason');
    const missing = reasons();
    expect(missing.map((m) => [m.indicatorId, m.field])).toEqual([['k-pv', 'shortfallReason']]);
    // The submit dialog lists it at its cell.
    expect(missingItems(s.model, missing, 'ja').map((m) => m.address)).toEqual([cell]);

    // Typed: the mark goes, in the syncs any edit takes, and the reason is saved with the row.
    expect(await type(s, PV, REASON, '  イベント中止によりPV数が伸びなかった ')).toBe(offSyncs);
    expect(sheet.notes.has(cell)).toBe(false);
    expect(sheet.cell(PV, REASON).fill).toBe('#FFFFFF');
    expect(reasons()).toEqual([]);
    const queued = s.edits.flat().map((e) => ({ ref: e.ref, key: e.cell.canonical }));
    expect(queued.at(-1)).toEqual({
      ref: { kind: 'indicator', indicatorId: 'k-pv', field: 'shortfallReason' },
      key: 'イベント中止によりPV数が伸びなかった',
    });
    const body = buildSaveBody(
      s.model,
      s.edits.flat().map((e) => ({
        key: keyOf(e.ref),
        ref: e.ref,
        raw: e.cell.raw,
        canonical: e.cell.canonical,
        base: e.serverValue,
        editedAt: 0,
      })),
    );
    expect(body.actuals).toEqual([
      expect.objectContaining({
        indicatorId: 'k-pv',
        value: '20000',
        shortfallReason: 'イベント中止によりPV数が伸びなかった',
      }),
    ]);

    // Back over the target: no reason needed, none marked (the reason typed stays).
    await type(s, PV, REASON, '');
    expect(sheet.notes.has(cell)).toBe(true);
    await type(s, PV, VALUE, '30000');
    expect(sheet.notes.has(cell)).toBe(false);
  });

  it('a reason over 400 characters is an error of the cell (the shared text rule)', () => {
    const data = sheetWith(ON);
    const model = buildModel({
      ...data,
      actuals: [
        {
          indicatorId: 'k-pv',
          value: '20000',
          basis: 'year',
          footnotes: [],
          shortfallReason: 'あ'.repeat(401),
        },
      ],
    });
    const problems = checkRows(model, [1]).get(1)!.problems;
    expect(problems.map((p) => [p.code, p.cell?.field])).toContainEqual(['cell.too_long', 'shortfallReason']);
  });

  it('a stored reason shows in its cell and the KPI counts as complete', () => {
    const data = sheetWith(ON);
    const model = buildModel({
      ...data,
      actuals: [
        { indicatorId: 'k-pv', value: '20000', basis: 'year', footnotes: [], shortfallReason: '理由' },
      ],
    });
    const plan = buildWritePlan(model, t);
    expect(plan.header.values[1]![REASON]).toBe('主な取組／未達成の理由');
    expect(plan.body.values[PV - HEADER_ROWS]![REASON]).toBe('理由');
    expect(completenessOf(model).missing.filter((m) => m.indicatorId === 'k-pv')).toEqual([]);
  });
});

describe('the coordinator’s review', () => {
  it('shows the reason with the KPI, and a reason still asked for as a problem', () => {
    const data = sheetWith(ON);
    const given = selectReview(
      {
        ...data,
        actuals: [
          { indicatorId: 'k-pv', value: '20000', basis: 'year', footnotes: [], shortfallReason: '中止' },
        ],
      },
      [],
      t,
    );
    const row = given.projects[0]!.rows.find((r) => r.indicatorId === 'k-pv')!;
    expect(row.notes).toBe('未達成の理由: 中止');
    expect(row.problems).toEqual([]);
    const asked = selectReview(
      { ...data, actuals: [{ indicatorId: 'k-pv', value: '20000', basis: 'year', footnotes: [] }] },
      [],
      t,
    );
    const pv = asked.projects[0]!.rows.find((r) => r.indicatorId === 'k-pv')!;
    expect(pv.notes).toBe('');
    expect(pv.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('未達成の理由を入力してください'),
    ]);
  });
});

describe('the console’s plan tab', () => {
  const summary = (shortfallReason?: { required: boolean; below: number }) => ({
    id: 'plan-1',
    title: '計画',
    period: { startFy: 2021, endFy: 2025 },
    issuer: null,
    currentVersion: 1,
    createdAt: '2024-04-01T00:00:00Z',
    cycles: [],
    archived: false,
    ...(shortfallReason ? { shortfallReason } : {}),
  });

  it('says the setting of each plan; the coordinator may change it, a department may not', () => {
    const [off] = selectPlans([summary()], abilities('coordinator'), 'ja');
    expect(off).toMatchObject({ shortfall: { required: false, below: 100 }, canSetShortfall: true });
    expect(off!.shortfallText).toBe('未達成の理由: 求めない');
    const [on] = selectPlans([summary({ required: true, below: 80 })], abilities('coordinator'), 'ja');
    expect(on!.shortfallText).toBe('未達成の理由: 達成度が 80.0% 未満の指標に入力を求める');
    expect(selectPlans([summary()], abilities('department'), 'ja')[0]!.canSetShortfall).toBe(false);
  });

  it('reads the threshold as typed (full-width, with %) and refuses what the setting cannot hold', () => {
    expect(shortfallFromForm(true, '１００．０', 'ja')).toEqual({
      ok: true,
      value: { required: true, below: 100 },
    });
    expect(shortfallFromForm(true, '80.5%', 'ja')).toEqual({
      ok: true,
      value: { required: true, below: 80.5 },
    });
    for (const bad of ['', 'abc', '0', '99.95', '1001', '80人'])
      expect(shortfallFromForm(true, bad, 'en')).toMatchObject({
        ok: false,
        error: expect.stringContaining('1 to 1000'),
      });
  });
});

describe('a conflict on the reason', () => {
  it('names the reason’s cell, so the person chooses between the two texts', () => {
    const keys = serverConflictKeys([
      { indicatorId: 'k-pv', field: 'shortfallReason', server: '天候', yours: '中止' },
    ]);
    expect([...keys]).toEqual(['i:k-pv:shortfallReason']);
  });
});
