import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshots } from '../e2e/harness/browser.ts';
import {
  cellOf,
  signIn,
  submissionStatus,
  submit,
  syncKind,
  typeInto,
  waitSaved,
} from '../e2e/harness/pane.ts';
import { type PaneSession, startPaneSession } from '../e2e/harness/session.ts';
import type { LocalWorker } from '../e2e/harness/worker.ts';
import { readCsv, readHtml, readHtmlRows, readXlsx, xlsxRows } from '../system/harness/documents.ts';
import { call } from '../system/harness/http.ts';
import { checkProjectTable } from './export-checks.ts';
import {
  B_COLLEAGUE_KPI1,
  C_FIRST_KPI3,
  CYCLE_LABEL,
  DEPARTMENTS,
  expected,
  FY,
  journeyPlan,
  PLAN_ID,
  TYPED,
} from './journey-plan.ts';

/**
 * The whole journey on the real local worker (started as `npm start` starts it, fresh D1) with the
 * production task pane in headless Chromium: an admin imports a plan; three departments fill their
 * sheets (one partly offline, one through a conflict, one returned and resubmitted); the coordinator
 * reviews each sheet read-only and returns or approves it from there, locks the cycle and exports;
 * the xlsx, CSV and HTML are checked against the values typed. Screenshots of every step go to
 * test-output/journey/.
 */
let session: PaneSession;
let w: LocalWorker;
let context: BrowserContext;
let coordinator: Page;
/** Screenshots of each step, numbered in the order taken. */
const shot = screenshots(path.resolve(import.meta.dirname, '../../test-output/journey'), { numbered: true });
const tokens: Record<string, string> = {};
const PLAN_TITLE = String(journeyPlan().plan.title);

const admin = () => w.users.find((u) => u.role === 'admin')!.token;
const serverSheet = async (dept: string) =>
  (
    await call<{ submission: { status: string }; actuals: { indicatorId: string; value: string | null }[] }>(
      w.baseUrl,
      'GET',
      `/api/plans/${PLAN_ID}/cycles/${FY}/submissions/${dept}`,
      { token: admin() },
    )
  ).body;

function departmentPane(name: string, dept: string): Promise<Page> {
  return session.openSheet({ partitionKey: name }, tokens[dept] as string);
}

/** The coordinator's 再読み込み: the dashboard reads every department's state again. */
async function refreshDashboard(): Promise<void> {
  await coordinator.getByRole('button', { name: '再読み込み' }).click();
}

/** The coordinator's 確認 on a department's row: its submission read-only, with 承認 / 差し戻す. */
async function openReview(dept: string) {
  await coordinator.locator(`[data-department="${dept}"]`).getByTestId('review-open').click();
  const review = coordinator.getByTestId('review');
  await review.getByTestId('review-table').first().waitFor({ timeout: 30_000 });
  await shot(coordinator, `coordinator-review-${dept}`);
  return review;
}

async function fill(page: Page, which: 'a' | 'b' | 'c', skip: string[] = []): Promise<void> {
  const d = TYPED[which];
  for (const r of d.rows) {
    if (skip.includes(r.indicatorId)) continue;
    await typeInto(page, `i:${r.indicatorId}`, 'value', r.value);
    if (r.reason) await typeInto(page, `i:${r.indicatorId}`, 'missingReason', r.reason);
    if (r.footnote)
      await typeInto(page, `i:${r.indicatorId}`, 'footnote', `${r.footnote.marker} ${r.footnote.text}`);
  }
  await typeInto(page, `p:${d.project}`, 'activities', d.activities);
}

beforeAll(async () => {
  session = await startPaneSession();
  ({ worker: w, context } = session);
});

afterAll(() => session?.stop());

describe('the whole journey, from typing to the printed report', () => {
  it('1. an admin imports the plan, opens the cycle and registers three departments', async () => {
    const imported = await call(w.baseUrl, 'POST', '/api/plans', { token: admin(), body: journeyPlan() });
    expect(imported.status, imported.text.slice(0, 500)).toBe(201);
    const coord = w.users.find((u) => u.role === 'coordinator')!.token;
    const opened = await call(w.baseUrl, 'POST', `/api/plans/${PLAN_ID}/cycles`, {
      token: coord,
      body: { fiscalYear: FY, label: CYCLE_LABEL },
    });
    expect(opened.status, opened.text).toBe(201);
    for (const dept of Object.values(DEPARTMENTS)) {
      const user = await call(w.baseUrl, 'POST', '/api/admin/users', {
        token: admin(),
        body: { id: `staff-${dept}`, displayName: `${dept} 担当`, role: 'department', departmentIds: [dept] },
      });
      expect(user.status, user.text).toBe(201);
      const token = await call<{ token: string }>(
        w.baseUrl,
        'POST',
        `/api/admin/users/staff-${dept}/tokens`,
        {
          token: admin(),
          body: { label: 'journey' },
        },
      );
      expect(token.status).toBe(201);
      tokens[dept] = token.body.token;
    }
    coordinator = await session.openPane({ partitionKey: 'coordinator', host: null });
    await signIn(coordinator, coord);
    await coordinator.getByTestId('cycle').selectOption({ label: `${PLAN_TITLE} — ${CYCLE_LABEL}` });
    const rows = coordinator.getByTestId('dashboard').locator('[data-department]');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3);
    await shot(coordinator, 'coordinator-cycle-opened');
  });

  it('2. department A fills its sheet, partly offline, and submits', async () => {
    const page = await departmentPane('dept-a', DEPARTMENTS.a);
    await shot(page, 'a-sheet-built');
    const [first, ...rest] = TYPED.a.rows;
    await typeInto(page, `i:${first!.indicatorId}`, 'value', first!.value);
    await waitSaved(page);
    await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await fill(page, 'a', [first!.indicatorId]);
    await expect.poll(() => syncKind(page), { timeout: 20_000 }).toBe('unsent');
    await expect
      .poll(() => page.getByTestId('sync-status').textContent(), { timeout: 20_000 })
      .toMatch(/オフライン/);
    await shot(page, 'a-offline-unsent');
    expect((await serverSheet(DEPARTMENTS.a)).actuals.map((a) => a.indicatorId)).toEqual([
      first!.indicatorId,
    ]);
    await page.unroute('**/api/**');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await waitSaved(page);
    const held = new Map((await serverSheet(DEPARTMENTS.a)).actuals.map((a) => [a.indicatorId, a.value]));
    for (const r of [first!, ...rest]) expect(held.get(r.indicatorId)).toBe(r.decimal);
    await shot(page, 'a-back-online-saved');
    await submit(page);
    await shot(page, 'a-submitted');
  });

  it('3. department B meets a colleague’s change, resolves the conflict, and submits', async () => {
    const page = await departmentPane('dept-b', DEPARTMENTS.b);
    const colleague = await departmentPane('dept-b-colleague', DEPARTMENTS.b);
    const kpi1 = TYPED.b.rows[0]!;
    await typeInto(colleague, `i:${kpi1.indicatorId}`, 'value', B_COLLEAGUE_KPI1);
    await waitSaved(colleague);
    await colleague.close();
    await typeInto(page, `i:${kpi1.indicatorId}`, 'value', kpi1.value);
    const conflict = page.getByTestId('conflict');
    await expect.poll(() => conflict.locator('.conflict-cell').count(), { timeout: 30_000 }).toBe(1);
    expect(await conflict.textContent()).toContain(B_COLLEAGUE_KPI1);
    await shot(page, 'b-conflict');
    await conflict.locator('input[data-choice="mine"]').check();
    await conflict.getByRole('button', { name: 'この内容で保存' }).click();
    await waitSaved(page);
    expect(
      (await serverSheet(DEPARTMENTS.b)).actuals.find((a) => a.indicatorId === kpi1.indicatorId)?.value,
    ).toBe(kpi1.decimal);
    await fill(page, 'b', [kpi1.indicatorId]);
    await waitSaved(page);
    await shot(page, 'b-conflict-resolved-filled');
    await submit(page);
    await shot(page, 'b-submitted');
  });

  it('4. department C submits, is returned with a comment, corrects and resubmits', async () => {
    const page = await departmentPane('dept-c', DEPARTMENTS.c);
    const kpi3 = TYPED.c.rows[2]!;
    await fill(page, 'c');
    await typeInto(page, `i:${kpi3.indicatorId}`, 'value', C_FIRST_KPI3);
    await submit(page);
    await shot(page, 'c-submitted');

    const comment = '③は確定値（住民基本台帳）に直し、出典を脚注に書いてください';
    await refreshDashboard();
    const row = coordinator.locator(`[data-department="${DEPARTMENTS.c}"]`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('submitted');
    // Returned from the review, never from the row: the coordinator sees the values first.
    const review = await openReview(DEPARTMENTS.c);
    const actual = review.locator(`tr[data-indicator="${kpi3.indicatorId}"] [data-testid="review-actual"]`);
    expect(await actual.textContent()).toBe(C_FIRST_KPI3);
    await review.getByTestId('review-comment').fill(comment);
    await review.getByTestId('review-return').click();
    await expect
      .poll(() => coordinator.locator(`[data-department="${DEPARTMENTS.c}"]`).getAttribute('data-status'), {
        timeout: 30_000,
      })
      .toBe('returned');
    await shot(coordinator, 'coordinator-returned-c');

    await page.getByTestId('rebuild').click();
    await expect
      .poll(() => page.getByTestId('returned-comment').textContent(), { timeout: 30_000 })
      .toContain(comment);
    expect(await submissionStatus(page)).toBe('差し戻し');
    await shot(page, 'c-returned-with-comment');
    await typeInto(page, `i:${kpi3.indicatorId}`, 'value', kpi3.value);
    await waitSaved(page);
    expect((await cellOf(page, `i:${kpi3.indicatorId}`, 'value')).value).toBe(kpi3.value);
    await submit(page);
    await shot(page, 'c-resubmitted');
  });

  it('5. the coordinator reviews and approves all three, locks the cycle and exports', async () => {
    coordinator.on('dialog', (d) => void d.accept());
    await refreshDashboard();
    for (const dept of Object.values(DEPARTMENTS)) {
      const row = () => coordinator.locator(`[data-department="${dept}"]`);
      await expect.poll(() => row().getAttribute('data-status'), { timeout: 30_000 }).toBe('submitted');
      expect(await row().getByRole('button', { name: '承認' }).count()).toBe(0);
      const review = await openReview(dept);
      await review.getByTestId('review-approve').click();
      await expect.poll(() => row().getAttribute('data-status'), { timeout: 30_000 }).toBe('approved');
    }
    await shot(coordinator, 'coordinator-all-approved');
    await coordinator.getByRole('button', { name: '報告年度を締め切る' }).click();
    await expect.poll(() => coordinator.locator('.chip-locked').count(), { timeout: 30_000 }).toBe(1);
    for (const dept of Object.values(DEPARTMENTS))
      expect((await serverSheet(dept)).submission.status).toBe('approved');
    await shot(coordinator, 'coordinator-locked');

    const exp = expected();
    await coordinator.locator('details.exports summary').click();
    const projects = coordinator.locator('details.exports li').first();
    const download = async (format: string) => {
      const [file] = await Promise.all([
        coordinator.waitForEvent('download', { timeout: 60_000 }),
        projects.getByRole('button', { name: format }).click(),
      ]);
      expect(file.suggestedFilename()).toBe(`projects-${FY}.${format.toLowerCase()}`);
      return new Uint8Array(readFileSync((await file.path()) as string));
    };
    checkProjectTable(xlsxRows(await readXlsx(await download('XLSX'))), exp, 'xlsx');
    checkProjectTable(readCsv(await download('CSV')), exp, 'csv');
    const html = new TextDecoder().decode(await download('HTML'));
    checkProjectTable([...readHtmlRows(html), [readHtml(html).text]], exp, 'html');
    await shot(coordinator, 'coordinator-exported');
    const page = await context.newPage();
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.setContent(html);
    await shot(page, 'exported-html');
    await page.close();
  });
});
