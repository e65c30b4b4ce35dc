import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetResponse } from '../../shared/api.ts';
import { shot } from './harness/browser.ts';
import { cellOf, submissionStatus, typeInto, waitSaved } from './harness/pane.ts';
import { type PaneSession, startPaneSession } from './harness/session.ts';
import { api, type DemoUser, demoStaffOnReopenedSheet, type LocalWorker } from './harness/worker.ts';

/**
 * 未達成の理由 end to end (docs/domain.md §8.6; production build, Excel stand-in, the real local
 * worker): the coordinator asks for reasons on the demo plan in the console's 計画 tab, a department
 * types a value below its
 * target (400 of 500: 80.0%), is asked for the reason on the KPI's row and in the 提出 check — the
 * server refuses the submit too — types it and submits.
 */
const PLAN = 'sendai-2023';
const FY = 2023;
const DEPT = 'nagamachi';
const KPI = 'nagamachi-nigiwai-kpi1'; // increment, FY2023 target 500
const SHEET_PATH = `/api/plans/${PLAN}/cycles/${FY}/submissions/${DEPT}`;
const ROW = `i:${KPI}`;

let session: PaneSession;
let worker: LocalWorker;
let staff: DemoUser;
let pane: Page;

const serverSheet = async () => (await api<SheetResponse>(worker, staff, 'GET', SHEET_PATH)).body;

beforeAll(async () => {
  session = await startPaneSession();
  ({ worker } = session);
  staff = await demoStaffOnReopenedSheet(worker, DEPT);
});

afterAll(() => session?.stop());

describe('the coordinator asks for reasons', () => {
  it('in the console’s 計画 tab: on, threshold 100.0; the history records it', async () => {
    const coord = await session.openPane({ partitionKey: 'shortfall-console', host: null });
    await coord.getByTestId('token-input').fill(worker.user('demo-coordinator').token, { timeout: 60_000 });
    await coord.getByTestId('sign-in-button').click();
    await coord.getByTestId('console').waitFor({ timeout: 60_000 });
    await coord.getByTestId('tab-plans').click();
    const plan = coord.locator(`[data-plan="${PLAN}"]`);
    await plan.getByTestId('plan-shortfall').waitFor({ timeout: 30_000 });
    expect(await plan.getByTestId('plan-shortfall').textContent()).toBe('未達成の理由: 求めない');
    await plan.getByTestId('plan-shortfall-required').check();
    await plan.getByTestId('plan-shortfall-below').fill('１００');
    await plan.getByTestId('plan-shortfall-save').click();
    await expect
      .poll(() => coord.locator(`[data-plan="${PLAN}"] [data-testid="plan-shortfall"]`).textContent(), {
        timeout: 30_000,
      })
      .toContain('未達成の理由: 達成度が 100.0% 未満の指標に入力を求める');
    await shot(coord, 'shortfall-00-console-setting');
    const audit = await api<{ entries: { action: string; after: unknown }[] }>(
      worker,
      worker.user('demo-coordinator'),
      'GET',
      `/api/audit?planId=${PLAN}`,
    );
    expect(audit.body.entries.find((e) => e.action === 'plan.shortfall')?.after).toEqual({
      required: true,
      below: 100,
    });
    await coord.close();
  });
});

describe('a KPI below its target needs its reason before 提出', () => {
  it('the sheet names the column and asks for the reason once the value falls short', async () => {
    pane = await session.openSheet({ partitionKey: 'shortfall-pane' }, staff.token);
    expect((await cellOf(pane, ROW, 'activities')).note).toBeNull();
    await typeInto(pane, ROW, 'value', '400');
    await waitSaved(pane);
    await expect
      .poll(async () => (await cellOf(pane, ROW, 'activities')).note ?? '', { timeout: 30_000 })
      .toContain('の達成度が 80.0% で 100.0% 未満です。未達成の理由を入力してください');
    expect((await cellOf(pane, ROW, 'achievement')).value).toBe('80.0%');
  });

  it('提出 lists the reason still to enter; the server refuses the submit naming the cell', async () => {
    await pane.getByTestId('submit').click();
    const review = pane.getByTestId('submit-review');
    await review.waitFor({ timeout: 30_000 });
    const missing = review.getByTestId('missing-list').locator('li');
    await expect.poll(() => missing.count()).toBe(1);
    expect(await missing.nth(0).textContent()).toContain('未達成の理由を入力してください');
    expect(await review.getByTestId('submit-confirm').count()).toBe(0);
    await shot(pane, 'shortfall-01-reason-asked');

    const refused = await api<{ code: string; missing: { indicatorId?: string; field: string }[] }>(
      worker,
      staff,
      'POST',
      `${SHEET_PATH}/submit`,
      {},
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('submission_incomplete');
    expect(refused.body.missing).toEqual([
      expect.objectContaining({ indicatorId: KPI, field: 'shortfallReason' }),
    ]);
  });

  it('with the reason typed, 提出する appears and the sheet is submitted with the reason stored', async () => {
    const reason = '会場改修のためイベントを縮小して開催した。';
    await typeInto(pane, ROW, 'activities', reason);
    await waitSaved(pane);
    const review = pane.getByTestId('submit-review');
    await review.getByTestId('submit-confirm').waitFor({ timeout: 30_000 });
    expect((await cellOf(pane, ROW, 'activities')).note).toBeNull();
    await review.getByTestId('submit-confirm').click();
    await expect.poll(() => submissionStatus(pane), { timeout: 30_000 }).toBe('提出済み');
    const held = await serverSheet();
    expect(held.submission.status).toBe('submitted');
    expect(held.actuals.find((a) => a.indicatorId === KPI)).toMatchObject({
      value: '400',
      shortfallReason: reason,
    });
  });
});
