import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELTA_COLUMN, FIELD_COLUMN } from '../../addin/src/app/columns.ts';
import type { SheetResponse } from '../../shared/api.ts';
import { formatDeltaCell, yearOverYear } from '../../shared/calc/delta.ts';
import { shot, shotSheet } from './harness/browser.ts';
import { cellOf, signInToSheet, syncKind, typeInto } from './harness/pane.ts';
import { type PaneSession, startPaneSession } from './harness/session.ts';
import { api, type DemoUser, demoStaffOnReopenedSheet, type LocalWorker } from './harness/worker.ts';

/**
 * Goal indicators (数値目標) on the department's sheet (docs/domain.md §10.5), end to end: the demo
 * assigns the plan's goal indicators to まちづくり政策局 (scripts/start.ts); its staff type a goal
 * value in the pane stand-in, see 前年度比 as the goal table prints it, and the worker stores the value
 * with its period label.
 */
const PLAN = 'sendai-2023';
const FY = 2023;
const DEPT = 'seisaku-kikaku';
const GOAL = 'goal-2-1'; // 仙台市内の宿泊者数: R5年 600万人 (+123万人) as published
const SHEET_PATH = `/api/plans/${PLAN}/cycles/${FY}/submissions/${DEPT}`;

let session: PaneSession;
let worker: LocalWorker;
let context: BrowserContext;
let staff: DemoUser;
let pane: Page;

const serverSheet = async () => (await api<SheetResponse>(worker, staff, 'GET', SHEET_PATH)).body;

beforeAll(async () => {
  session = await startPaneSession();
  ({ worker, context } = session);
  staff = await demoStaffOnReopenedSheet(worker, DEPT);
});

afterAll(() => session?.stop());

describe('goal indicators on the department sheet', () => {
  it('shows the 数値目標 section with the published figures and 前年度比', async () => {
    const sheet = await serverSheet();
    expect(sheet.goals.flatMap((g) => g.indicators.map((i) => i.id))).toContain(GOAL);
    pane = await session.openPane({ partitionKey: 'goals-1' });
    await signInToSheet(pane, staff.token);
    expect((await cellOf(pane, 's:goals', 'project')).value).toBe('数値目標');
    expect((await cellOf(pane, `i:${GOAL}`, 'indicator')).value).toBe('■ 仙台市内の宿泊者数');
    expect((await cellOf(pane, `i:${GOAL}`, 'target')).value).toBe('R5年 624万人');
    expect((await cellOf(pane, `i:${GOAL}`, 'value')).value).toBe('600');
    expect((await cellOf(pane, `i:${GOAL}`, FIELD_COLUMN.period)).value).toBe('R5年');
    expect((await cellOf(pane, `i:${GOAL}`, DELTA_COLUMN)).value).toBe('(+123万人)');
    await shot(pane, 'goals-01-section');
  });

  it('typing a goal value computes 前年度比 at once and saves it with its period label', async () => {
    await typeInto(pane, `i:${GOAL}`, 'value', '６１０');
    const sheet = await serverSheet();
    const indicator = sheet.goals.flatMap((g) => g.indicators).find((i) => i.id === GOAL)!;
    const previous = sheet.earlierCycles.at(-1)!.actuals.find((a) => a.indicatorId === GOAL);
    // The same rule the goal table prints with (shared/calc/delta.ts).
    const expected = formatDeltaCell(
      yearOverYear(indicator, { indicatorId: GOAL, value: '610', basis: 'year', footnotes: [] }, previous),
    );
    expect(expected).toBe('(+133万人)');
    await expect.poll(async () => (await cellOf(pane, `i:${GOAL}`, DELTA_COLUMN)).value).toBe(expected);
    await typeInto(pane, `i:${GOAL}`, FIELD_COLUMN.period, 'R5年(速報値)');
    await expect.poll(() => syncKind(pane), { timeout: 20_000 }).toBe('saved');
    await expect
      .poll(async () => (await serverSheet()).actuals.find((a) => a.indicatorId === GOAL), {
        timeout: 20_000,
      })
      .toMatchObject({ value: '610', period: 'R5年(速報値)' });
    await shot(pane, 'goals-02-typed');
    await shotSheet(context, pane, 'goals-02-typed-workbook');
  });
});
