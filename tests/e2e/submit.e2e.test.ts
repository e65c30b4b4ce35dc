import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { address, columnIndex } from '../../addin/src/app/columns.ts';
import type { SheetResponse } from '../../shared/api.ts';
import { pageErrors, shot, shotSheet } from './harness/browser.ts';
import { cellOf, rowOf, type Standin, submissionStatus, typeInto, waitSaved } from './harness/pane.ts';
import { type PaneSession, startPaneSession } from './harness/session.ts';
import { api, type DemoUser, demoStaffOnReopenedSheet, type LocalWorker } from './harness/worker.ts';

/**
 * Submitting a complete sheet, end to end (production build, Excel stand-in, the real local worker).
 * A department clears a required 実績値 and its 主な取組, presses 提出 and is stopped with the list of
 * blank cells (marked on the sheet; the server would refuse it too), fills them, confirms in the
 * pane's own dialog, submits and withdraws. Around it: a row's history from the selected cell, a
 * colleague's newer save offered for reload when the pane regains focus, 提出 offline, a locked year
 * that stays open read-only, and the earlier cycle asking nothing of projects not yet started.
 */
const PLAN = 'sendai-2023';
const FY = 2023;
const DEPT = 'nagamachi';
const PROJECT = 'nagamachi-nigiwai';
const KPI = (n: number) => `nagamachi-nigiwai-kpi${n}`;
const SHEET_PATH = `/api/plans/${PLAN}/cycles/${FY}/submissions/${DEPT}`;

let session: PaneSession;
let worker: LocalWorker;
let context: BrowserContext;
let staff: DemoUser;
let pane: Page;

const serverSheet = async (path = SHEET_PATH) => (await api<SheetResponse>(worker, staff, 'GET', path)).body;

/** Selects a cell of the sheet, as a person clicking it would. */
async function selectCell(page: Page, a1: string): Promise<void> {
  await page.evaluate((address) => {
    const s = (window as unknown as { __standin: Standin & { book: { selection: unknown } } }).__standin;
    s.book.selection = { sheet: s.sheetName(), address };
  }, a1);
}

beforeAll(async () => {
  session = await startPaneSession();
  ({ worker, context } = session);
  staff = await demoStaffOnReopenedSheet(worker, DEPT);
});

afterAll(() => session?.stop());

describe('submitting a complete sheet', () => {
  it('opens on the latest year, always shown in the pane', async () => {
    pane = await session.openSheet({ partitionKey: 'submit-pane' }, staff.token);
    expect(await pane.getByTestId('open-year').textContent()).toBe('令和5年度末時点');
    expect(await submissionStatus(pane)).toBe('作成中');
  });

  it('stops an incomplete sheet with the list of blank cells, marked on the sheet; the server refuses it too', async () => {
    await typeInto(pane, `i:${KPI(2)}`, 'value', '');
    await typeInto(pane, `p:${PROJECT}`, 'activities', '');
    await waitSaved(pane);
    const held = await serverSheet();
    expect(held.actuals.some((a) => a.indicatorId === KPI(2))).toBe(false);
    expect(held.activities.find((a) => a.projectId === PROJECT)?.text ?? '').toBe('');

    await pane.getByTestId('submit').click();
    const review = pane.getByTestId('submit-review');
    await review.waitFor({ timeout: 30_000 });
    const missing = review.getByTestId('missing-list').locator('li');
    await expect.poll(() => missing.count()).toBe(2);
    expect(await missing.nth(0).textContent()).toContain('主な取組が空欄です');
    expect(await missing.nth(1).textContent()).toContain('② ');
    expect(await missing.nth(1).textContent()).toContain('実績値が空欄です');
    expect(await review.getByTestId('review-summary').textContent()).toContain('指標の入力 3/4');
    expect(await review.getByTestId('submit-confirm').count()).toBe(0);
    // Blank cells are not input errors: the heading counts errors and notes apart.
    expect(await pane.getByTestId('problems-title').textContent()).toBe('入力エラー 0 件・確認事項 0 件');
    await expect
      .poll(async () => (await cellOf(pane, `i:${KPI(2)}`, 'value')).note ?? '')
      .toContain('実績値が空欄です');
    expect((await cellOf(pane, `p:${PROJECT}`, 'activities')).note).toContain('主な取組が空欄です');
    await shot(pane, 'submit-01-stopped-with-blank-cells');
    await shotSheet(context, pane, 'submit-01-blank-cells-marked');

    // Past the pane, the server says the same: 422 naming every blank cell, nothing changed.
    const refused = await api<{ code: string; missing: { indicatorId?: string; field: string }[] }>(
      worker,
      staff,
      'POST',
      `${SHEET_PATH}/submit`,
      {},
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('submission_incomplete');
    expect(refused.body.missing.map((m) => m.indicatorId ?? m.field)).toEqual(['activities', KPI(2)]);
    expect((await serverSheet()).submission.status).toBe('draft');
  });

  it('filled, 提出する appears; confirmed, the sheet is submitted; then withdrawn', async () => {
    await typeInto(pane, `i:${KPI(2)}`, 'value', '4');
    await typeInto(pane, `p:${PROJECT}`, 'activities', '商店街エリアで地元ビジョンの勉強会を開催した。');
    await waitSaved(pane);
    const review = pane.getByTestId('submit-review');
    await review
      .getByTestId('submit-confirm')
      .waitFor({ timeout: 30_000 })
      .catch(async (e: unknown) => {
        throw new Error(
          `${String(e)}\n${await review.textContent()}\n${await pane.getByTestId('problems').textContent()}`,
        );
      });
    expect(await review.getByTestId('missing-list').count()).toBe(0);
    const summary = await review.getByTestId('review-summary').textContent();
    expect(summary).toContain('指標の入力 4/4');
    expect(summary).toContain('主な取組 1/1 事業');
    expect(summary).toContain('未入力 0 件');
    expect((await cellOf(pane, `i:${KPI(2)}`, 'value')).note).toBeNull();
    await shot(pane, 'submit-02-confirm');

    await review.getByTestId('submit-confirm').click();
    await expect.poll(() => submissionStatus(pane), { timeout: 30_000 }).toBe('提出済み');
    expect((await serverSheet()).submission.status).toBe('submitted');
    expect(await pane.getByTestId('submit-review').count()).toBe(0);
    const withdraw = pane.getByTestId('withdraw');
    expect(await withdraw.isVisible()).toBe(true);
    expect(await withdraw.textContent()).toBe('提出を取り下げる');
    await shot(pane, 'submit-03-submitted');

    await withdraw.click();
    await expect.poll(() => submissionStatus(pane), { timeout: 30_000 }).toBe('作成中');
    expect((await serverSheet()).submission.status).toBe('draft');
    expect(await pane.getByTestId('withdraw').isVisible()).toBe(false);
    await shot(pane, 'submit-04-withdrawn');
  });

  it('shows the history of the selected row: who, when, before and after', async () => {
    await selectCell(pane, address(await rowOf(pane, `i:${KPI(2)}`), columnIndex('value')));
    await pane.getByTestId('history').click();
    const view = pane.getByTestId('history-view');
    await view.locator('tbody tr').first().waitFor({ timeout: 30_000 });
    expect(await view.locator('h2').textContent()).toContain('② ');
    // Newest first: the value typed back in, then the value cleared (3 → blank).
    const rows = await view
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
    const values = rows.filter((r) => r[2] === '実績値');
    expect(values.slice(0, 2).map((r) => r.slice(3))).toEqual([
      ['（空欄）', '4'],
      ['3', '（空欄）'],
    ]);
    expect(values[0]![0]).toMatch(/\d/);
    expect(values[0]![1]).not.toBe('');
    await shot(pane, 'submit-05-history');
    await view.getByTestId('history-close').click();
  });

  it('offers a colleague’s newer save when the pane regains focus, and loads it on request', async () => {
    const current = await serverSheet();
    const saved = await api(
      worker,
      staff,
      'PATCH',
      SHEET_PATH,
      { actuals: [{ indicatorId: KPI(1), value: '2100' }] },
      { 'If-Match': `"${current.submission.revision}"` },
    );
    expect(saved.status).toBe(200);
    expect((await cellOf(pane, `i:${KPI(1)}`, 'value')).value).toBe('2,000');
    await pane.evaluate(() => window.dispatchEvent(new Event('focus')));
    const banner = pane.getByTestId('newer-copy');
    await banner.waitFor({ timeout: 30_000 });
    await shot(pane, 'submit-06-newer-copy');
    await banner.getByTestId('reload-newer').click();
    await expect
      .poll(async () => (await cellOf(pane, `i:${KPI(1)}`, 'value')).value, { timeout: 30_000 })
      .toBe('2,100');
    expect(await pane.getByTestId('newer-copy').count()).toBe(0);
  });

  it('提出 without a connection says it needs the connection', async () => {
    await pane.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await pane.getByTestId('submit').click();
    await pane.getByTestId('submit-confirm').click({ timeout: 30_000 });
    await expect
      .poll(() => pane.getByTestId('message').textContent(), { timeout: 30_000 })
      .toContain('提出にはサーバーへの接続が必要です');
    expect(await pane.getByTestId('message').textContent()).not.toContain('入力エラー');
    await shot(pane, 'submit-07-offline');
    await pane.unroute('**/api/**');
    expect((await serverSheet()).submission.status).toBe('draft');
    await pane.getByTestId('submit-cancel').click();
    expect(pageErrors(pane)).toEqual([]);
  });
});

describe('the year shown', () => {
  it('stays on a locked year, read-only, and says so — also when the pane is opened again', async () => {
    const lock = await api(
      worker,
      worker.user('demo-coordinator'),
      'POST',
      `/api/plans/${PLAN}/cycles/${FY}/lock`,
      {},
    );
    expect(lock.status).toBe(200);
    await pane.getByTestId('rebuild').click();
    await pane.getByTestId('locked').waitFor({ timeout: 30_000 });
    expect(await pane.getByTestId('open-year').textContent()).toBe('令和5年度末時点');
    expect(await pane.getByTestId('year-locked').textContent()).toBe('締切済み・閲覧のみ');
    expect(await pane.getByTestId('submit').isVisible()).toBe(false);
    await shot(pane, 'submit-08-locked-year');
    // The pane opened again (its token kept; FY2022 open, FY2023 locked) stays on the year, not another one.
    const again = await session.openPane({ partitionKey: 'submit-pane' });
    await again.getByTestId('locked').waitFor({ timeout: 60_000 });
    expect(await again.getByTestId('open-year').textContent()).toBe('令和5年度末時点');
    await again.close();
    await api(worker, worker.user('demo-coordinator'), 'POST', `/api/plans/${PLAN}/cycles/${FY}/unlock`, {});
  });

  it('the earlier cycle asks nothing of projects that had not started; picked, it says so', async () => {
    const earlier = await serverSheet(`/api/plans/${PLAN}/cycles/2022/submissions/${DEPT}`);
    expect(earlier.projects).toEqual([]);
    const picker = pane.getByTestId('cycle');
    const options = await picker.locator('option').allTextContents();
    const index = options.findIndex((o) => o.endsWith('R4年度'));
    expect(index).toBeGreaterThanOrEqual(0);
    await picker.selectOption({ index });
    await pane.getByTestId('nothing-to-report').waitFor({ timeout: 60_000 });
    expect(await pane.getByTestId('open-year').textContent()).toBe('令和4年度');
    await shot(pane, 'submit-09-earlier-cycle-nothing-to-report');
  });
});
