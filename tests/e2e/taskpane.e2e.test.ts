import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetResponse } from '../../shared/api.ts';
import { validateCellInput } from '../../shared/validation/index.ts';
import { pageErrors, shot, shotSheet } from './harness/browser.ts';
import { cellOf, signIn, signInToSheet, syncKind, typeInto } from './harness/pane.ts';
import { type PaneSession, startPaneSession } from './harness/session.ts';
import { api, type DemoUser, demoStaffOnReopenedSheet, type LocalWorker } from './harness/worker.ts';

/**
 * The task pane end to end: production build, Excel stand-in, the real local worker. A department
 * signs in with a token, gets its sheet, types valid and invalid values, works offline, comes back
 * online and sees the queue drain; a colleague's save of the same cell brings up the conflict view.
 */
const PLAN = 'sendai-2023';
const FY = 2023;
const DEPT = 'tohoku-renkei';
const KPI = (n: number) => `tohoku-renkei-kouryu-kpi${n}`;
const SHEET_PATH = `/api/plans/${PLAN}/cycles/${FY}/submissions/${DEPT}`;

let session: PaneSession;
let worker: LocalWorker;
let context: BrowserContext;
let staff: DemoUser;
let pane: Page;

const serverSheet = async () => (await api<SheetResponse>(worker, staff, 'GET', SHEET_PATH)).body;
const serverActual = async (n: number) => (await serverSheet()).actuals.find((a) => a.indicatorId === KPI(n));

beforeAll(async () => {
  session = await startPaneSession();
  ({ worker, context } = session);
  staff = await demoStaffOnReopenedSheet(worker, DEPT);
});

afterAll(() => session?.stop());

describe('the task pane in Excel, against the local worker', () => {
  it('signs in with a token and writes the department sheet', async () => {
    pane = await session.openPane({ partitionKey: 'pane-1' });
    await pane.getByTestId('sign-in').waitFor();
    await shot(pane, '01-sign-in');
    await signInToSheet(pane, staff.token);
    const sheet = await serverSheet();
    const first = await cellOf(pane, `i:${KPI(1)}`, 'indicator');
    expect(first.value).toContain(sheet.projects[0]!.indicators[0]!.name);
    expect((await cellOf(pane, `i:${KPI(1)}`, 'achievement')).value).toMatch(/%$/);
    await shot(pane, '02-sheet-ready');
    await shotSheet(context, pane, '02-sheet-ready-workbook');
  });

  it('saves a valid value and flags an invalid one with the shared message', async () => {
    await typeInto(pane, `i:${KPI(1)}`, 'value', '1,234');
    await expect.poll(() => syncKind(pane), { timeout: 20_000 }).toBe('saved');
    await expect.poll(async () => (await serverActual(1))?.value, { timeout: 20_000 }).toBe('1234');

    const a1 = await typeInto(pane, `i:${KPI(2)}`, 'value', 'abc');
    const indicator = (await serverSheet()).projects[0]!.indicators.find((i) => i.id === KPI(2))!;
    const expected = validateCellInput(indicator, 'value', 'abc');
    expect(expected.ok).toBe(false);
    const message = expected.ok ? '' : expected.problem.message.ja;
    await expect.poll(() => pane.getByTestId('problems').textContent()).toContain(message);
    await expect.poll(() => syncKind(pane)).toBe('rejected');
    const bad = await cellOf(pane, `i:${KPI(2)}`, 'value');
    expect(bad.fill).toBe('#FDE7E9');
    expect(bad.note).toContain(message);
    expect(await pane.locator(`[data-address="${a1}"]`).count()).toBeGreaterThan(0);
    await shot(pane, '03-invalid-value');
    await shotSheet(context, pane, '03-invalid-value-workbook');

    await typeInto(pane, `i:${KPI(2)}`, 'value', '１２');
    await expect.poll(() => syncKind(pane), { timeout: 20_000 }).toBe('saved');
    expect((await cellOf(pane, `i:${KPI(2)}`, 'value')).note).toBeNull();
    await expect.poll(async () => (await serverActual(2))?.value, { timeout: 20_000 }).toBe('12');
  });

  it('keeps edits made offline and sends them when the connection returns', async () => {
    let blocked = 0;
    await pane.route('**/api/**', (route) => {
      blocked++;
      return route.abort('internetdisconnected');
    });
    await typeInto(pane, `i:${KPI(3)}`, 'value', '△25');
    await typeInto(pane, `i:${KPI(1)}`, 'footnote', '(※1) 速報値');
    await expect.poll(() => syncKind(pane), { timeout: 20_000 }).toBe('unsent');
    // The autosave was tried, failed, and waits to retry (with backoff) — it says so.
    await expect
      .poll(() => pane.getByTestId('sync-status').textContent(), { timeout: 20_000 })
      .toMatch(/オフライン/);
    expect(blocked).toBeGreaterThan(0);
    await shot(pane, '04-offline-unsent');
    // Nothing reached the server while offline.
    expect((await serverActual(3))?.value ?? null).not.toBe('-25');

    await pane.unroute('**/api/**');
    await pane.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => syncKind(pane), { timeout: 30_000 }).toBe('saved');
    await shot(pane, '05-back-online-saved');
    const actuals = (await serverSheet()).actuals;
    const byId = new Map(actuals.map((a) => [a.indicatorId, a]));
    expect(byId.get(KPI(1))?.value).toBe('1234');
    expect(byId.get(KPI(1))?.footnotes).toEqual([{ marker: '(※1)', text: '速報値' }]);
    expect(byId.get(KPI(2))?.value).toBe('12');
    expect(byId.get(KPI(3))?.value).toBe('-25');
    expect((await cellOf(pane, `i:${KPI(3)}`, 'value')).value).toBe('△25');
  });

  it('shows the conflict view when a colleague saved the same cell first, and keeps the chosen value', async () => {
    const colleague = await session.openSheet({ partitionKey: 'pane-2' }, staff.token);
    await typeInto(colleague, `i:${KPI(1)}`, 'value', '2,000');
    await expect.poll(async () => (await serverActual(1))?.value, { timeout: 20_000 }).toBe('2000');

    await typeInto(pane, `i:${KPI(1)}`, 'value', '3,000');
    const conflict = pane.getByTestId('conflict');
    await expect.poll(() => conflict.locator('.conflict-cell').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => syncKind(pane)).toBe('conflict');
    expect(await conflict.textContent()).toContain('3,000');
    expect(await conflict.textContent()).toContain('2,000');
    await shot(pane, '06-conflict');
    // Nothing was overwritten while the person decides.
    expect((await serverActual(1))?.value).toBe('2000');

    await conflict.locator('input[data-choice="mine"]').check();
    await conflict.getByRole('button', { name: 'この内容で保存' }).click();
    await expect.poll(() => syncKind(pane), { timeout: 20_000 }).toBe('saved');
    await expect.poll(async () => (await serverActual(1))?.value, { timeout: 20_000 }).toBe('3000');
    // The footnote saved earlier on the same row survives the merge.
    expect((await serverActual(1))?.footnotes).toEqual([{ marker: '(※1)', text: '速報値' }]);
    await shot(pane, '07-conflict-resolved');
    expect(pageErrors(pane)).toEqual([]);
  });

  it('submits; a coordinator in a plain browser returns it with a comment; the department sees the comment', async () => {
    await pane.getByTestId('submit').click();
    await pane.getByTestId('submit-confirm').click({ timeout: 30_000 });
    await expect
      .poll(() => pane.getByTestId('submission-status').textContent(), { timeout: 30_000 })
      .toBe('提出済み');
    expect((await cellOf(pane, `i:${KPI(1)}`, 'value')).value).toBe('3,000');
    expect((await serverSheet()).submission.status).toBe('submitted');
    await shot(pane, '08-submitted');

    const browser = await session.openPane({ partitionKey: 'coordinator', host: null });
    await signIn(browser, worker.user('demo-coordinator').token);
    await browser
      .getByTestId('dashboard')
      .locator(`[data-department="${DEPT}"]`)
      .waitFor({ timeout: 30_000 });
    expect(await browser.getByTestId('browser-note').textContent()).toContain('Excel');
    expect(await browser.evaluate(() => typeof (window as unknown as { Excel?: unknown }).Excel)).toBe(
      'undefined',
    );
    const row = browser.locator(`[data-department="${DEPT}"]`);
    expect(await row.getAttribute('data-status')).toBe('submitted');
    expect(await browser.getByTestId('not-submitted').textContent()).not.toContain(
      '文化観光局東北連携推進室',
    );
    await shot(browser, '09-coordinator-browser');

    // The official tables download from the browser too.
    await browser.locator('details.exports summary').click();
    const [download] = await Promise.all([
      browser.waitForEvent('download', { timeout: 30_000 }),
      browser.locator('details.exports li').first().getByRole('button', { name: 'CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`projects-${FY}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('仙台・東北連携による域内循環及び交流人口拡大戦略再構築事業');

    // Returned from the read-only review (the row offers 確認 only, never a blind 差し戻す).
    await row.getByTestId('review-open').click();
    const review = browser.getByTestId('review');
    await review.getByTestId('review-comment').fill('②の実績値の出典を脚注に書いてください');
    await review.getByTestId('review-return').click();
    await expect
      .poll(() => browser.locator(`[data-department="${DEPT}"]`).getAttribute('data-status'), {
        timeout: 20_000,
      })
      .toBe('returned');
    expect(await browser.getByTestId('not-submitted').textContent()).toContain('文化観光局東北連携推進室');
    await shot(browser, '10-coordinator-returned');

    await pane.getByTestId('rebuild').click();
    await expect
      .poll(() => pane.getByTestId('returned-comment').textContent(), { timeout: 30_000 })
      .toContain('②の実績値の出典を脚注に書いてください');
    expect(await pane.getByTestId('submission-status').textContent()).toBe('差し戻し');
    await shot(pane, '11-returned-with-comment');
  });
});
