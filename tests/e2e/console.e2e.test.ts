import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetResponse } from '../../shared/api.ts';
import { evaluateIndicator } from '../../shared/calc/index.ts';
import { addBusinessDays, todayInJapan } from '../../shared/calendar/index.ts';
import { summaryLine } from '../../shared/import/summary.ts';
import {
  buildAddin,
  closeBrowser,
  launch,
  openPane,
  requireChromium,
  shot,
  standinScript,
} from './harness/browser.ts';
import { api, type DemoUser, type LocalWorker, startWorker } from './harness/worker.ts';

/**
 * The coordinator's console end to end, in a plain browser (no Excel), against the real local
 * worker: a table imported with its preview, targets revised with the 新旧対照表 first, goal
 * indicators assigned, users added from CSV (a bad line first), the next cycle opened with a
 * deadline, reminders, a department's values reviewed, returned, approved, the cycle locked, the
 * history, what an administrator and a department user see. A screenshot of every screen goes to
 * test-output/e2e/console-*.png.
 */
const IMPORTED = 'e2e-imported';
const TITLE = '第2期仙台市総合戦略（取込テスト）';
const NEXT_FY = 2024;

let worker: LocalWorker;
let context: BrowserContext;
let standin: string;
let coordinator: DemoUser;
let admin: DemoUser;
let coord: Page;
const staffTokens: Record<string, string> = {};
const deadline = addBusinessDays(todayInJapan(Date.now()), 10);

let page: Page | null = null;

/**
 * The browser page signed in as `token`. Outside Excel the pane keeps its token in the origin's
 * localStorage (no Office partition), so one browser holds one user at a time: the previous one
 * signs out first (the pane reloads and asks for a token).
 */
async function signedIn(token: string): Promise<Page> {
  if (!page) {
    page = await openPane(context, worker.baseUrl, standin, { partitionKey: 'console', host: null });
    await page.setViewportSize({ width: 1180, height: 900 });
    page.on('dialog', (d) => void d.accept());
  } else {
    await page.getByTestId('sign-out').click();
  }
  await page.getByTestId('token-input').fill(token, { timeout: 60_000 });
  await page.getByTestId('sign-in-button').click();
  return page;
}

/** What the page says went wrong, for a failure's message. */
async function notices(p: Page): Promise<string> {
  const texts = await p.locator('.console-notice:not([hidden]), .banner-error').allTextContents();
  return texts.join(' | ');
}

/** Picks the cycle whose option names the plan title and the year in the page's picker. */
async function chooseCycle(page: Page, title: string, year: string): Promise<void> {
  const select = page.getByTestId('cycle');
  await expect
    .poll(
      async () =>
        (await select.locator('option').allTextContents()).some(
          (o) => o.startsWith(title) && o.includes(year),
        ),
      {
        timeout: 30_000,
      },
    )
    .toBe(true);
  const options = await select
    .locator('option')
    .evaluateAll((os) =>
      os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })),
    );
  const wanted = options.find((o) => o.text.startsWith(title) && o.text.includes(year))!;
  await select.selectOption(wanted.value);
}

const tab = (page: Page, id: string) => page.getByTestId(`tab-${id}`).click();

async function asStaff<T>(
  dept: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const r = await fetch(`${worker.baseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${staffTokens[dept]}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, body: (await r.json().catch(() => null)) as T };
}

const sheetPath = (dept: string) => `/api/plans/${IMPORTED}/cycles/${NEXT_FY}/submissions/${dept}`;

/** The department fills every KPI and 主な取組 of its sheet (saving `value` for each) and submits. */
async function fillAndSubmit(dept: string, value: string): Promise<SheetResponse> {
  const sheet = (await asStaff<SheetResponse>(dept, 'GET', sheetPath(dept))).body;
  const actuals = sheet.projects.flatMap((p) =>
    p.indicators.map((i) =>
      i.kind === 'qualitative'
        ? { indicatorId: i.id, value: null, status: 'in_progress', basis: 'year', footnotes: [] }
        : { indicatorId: i.id, value, basis: 'year', footnotes: [] },
    ),
  );
  const activities = sheet.projects.map((p) => ({
    projectId: p.id,
    text: '・観光情報の発信\n・連携イベントの開催',
  }));
  const saved = await asStaff<{ revision: number }>(
    dept,
    'PATCH',
    sheetPath(dept),
    { actuals, activities },
    {
      'If-Match': `"${sheet.submission.revision}"`,
    },
  );
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const submitted = await asStaff(dept, 'POST', `${sheetPath(dept)}/submit`, {});
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return (await asStaff<SheetResponse>(dept, 'GET', sheetPath(dept))).body;
}

beforeAll(async () => {
  requireChromium();
  await buildAddin();
  standin = await standinScript();
  worker = await startWorker();
  coordinator = worker.users.find((u) => u.role === 'coordinator')!;
  admin = worker.users.find((u) => u.role === 'admin')!;
  context = await launch();
});

afterAll(async () => {
  await closeBrowser(context);
  await worker?.stop();
});

describe('the coordinator’s console in a browser', () => {
  it('opens on the submissions of the cycle, with only the tabs a coordinator may use', async () => {
    coord = await signedIn(coordinator.token);
    await coord.getByTestId('console').waitFor({ timeout: 60_000 });
    await coord.getByTestId('dashboard').locator('[data-department]').first().waitFor({ timeout: 30_000 });
    const tabs = await coord.getByRole('tab').allTextContents();
    expect(tabs).toEqual(['提出状況', '計画', '報告年度', '操作履歴']);
    expect(await coord.getByTestId('tab-directory').count()).toBe(0);
    await shot(coord, 'console-01-status');
  });

  it('imports a table with a preview of what was read and every problem by cell, then saves it as a new plan', async () => {
    // Last year's table as this project exports it (CSV), read back by the console.
    const csv = await fetch(
      `${worker.baseUrl}/api/plans/${worker.planId}/cycles/${worker.fiscalYear}/export?table=projects&format=csv&include=all`,
      { headers: { Authorization: `Bearer ${coordinator.token}` } },
    );
    expect(csv.status).toBe(200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    const file = join(tmpdir(), `shinchoku-console-${process.pid}.csv`);
    writeFileSync(file, bytes);
    // What the server reads from it, to compare with what the console shows.
    const read = await fetch(
      `${worker.baseUrl}/api/tables/import?planId=${IMPORTED}&title=${encodeURIComponent(TITLE)}`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${coordinator.token}`, 'Content-Type': 'text/csv' },
        body: bytes,
      },
    );
    const answer = (await read.json()) as {
      summary: Parameters<typeof summaryLine>[0];
      warnings: { path: string }[];
    };
    expect(read.status).toBe(200);

    await tab(coord, 'plans');
    await coord.getByTestId('import-file').setInputFiles(file);
    await coord.getByTestId('import-plan-id').fill(IMPORTED);
    await coord.getByTestId('import-title').fill(TITLE);
    await coord.getByTestId('import-preview-button').click();
    const summary = coord.getByTestId('import-summary');
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.textContent()).toBe(summaryLine(answer.summary).ja);
    expect(await summary.textContent()).toMatch(/^3事業・\d+指標/);
    expect(await coord.getByTestId('import-problems').locator('tr').count()).toBe(answer.warnings.length);
    // Nothing is stored by the preview.
    const before = await api<{ plans: { id: string }[] }>(
      worker,
      coordinator,
      'GET',
      '/api/plans?archived=include',
    );
    expect(before.body.plans.some((p) => p.id === IMPORTED)).toBe(false);
    await shot(coord, 'console-02-import-preview');

    await coord.getByTestId('import-save-new').click();
    await coord.locator(`[data-testid="plan-list"] [data-plan="${IMPORTED}"]`).waitFor({ timeout: 30_000 });
    const after = await api<{ plans: { id: string; title: string }[] }>(
      worker,
      coordinator,
      'GET',
      '/api/plans',
    );
    expect(after.body.plans.find((p) => p.id === IMPORTED)?.title).toBe(TITLE);
    await shot(coord, 'console-03-plan-saved');
  });

  it('revises a target as a new version, with the 新旧対照表 shown before saving', async () => {
    // Saving the plan made it the one the tools below work on.
    await expect
      .poll(() => coord.getByTestId('targets-plan').inputValue(), { timeout: 30_000 })
      .toBe(IMPORTED);
    const grid = coord.getByTestId('targets-grid');
    const box = grid.locator('tbody tr').first().locator(`input[data-year="${NEXT_FY}"]`);
    await box.waitFor({ timeout: 30_000 });
    await box.fill('40,000');
    await coord.getByTestId('targets-preview').click();
    const table = coord.getByTestId('table-model');
    await expect
      .poll(async () => (await table.count()) || (await notices(coord)), { timeout: 30_000 })
      .toBe(1);
    expect(await table.textContent()).toContain('新旧対照表');
    expect(await table.locator('u').count()).toBeGreaterThan(0);
    const versions = await api<{ currentVersion: number }>(
      worker,
      coordinator,
      'GET',
      `/api/plans/${IMPORTED}/versions`,
    );
    expect(versions.body.currentVersion).toBe(1);
    await shot(coord, 'console-04-targets-preview');
    await coord.getByTestId('revision-save').click();
    await expect
      .poll(
        async () =>
          (
            await api<{ currentVersion: number }>(
              worker,
              coordinator,
              'GET',
              `/api/plans/${IMPORTED}/versions`,
            )
          ).body.currentVersion,
        {
          timeout: 30_000,
        },
      )
      .toBe(2);
    await shot(coord, 'console-05-targets-saved');
  });

  it('assigns a goal indicator to the department that reports it', async () => {
    await coord.getByTestId('targets-plan').selectOption(worker.planId);
    const goals = coord.getByTestId('goals');
    await expect.poll(() => goals.locator('select').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const first = goals.locator('select').first();
    const indicatorId = (await first.getAttribute('data-indicator'))!;
    // The demo start has the coordinating bureau report every goal indicator (scripts/start.ts):
    // give this one to another department, a change the history records.
    expect(await first.inputValue()).not.toBe('izumi-chuo');
    await first.selectOption('izumi-chuo');
    await coord.getByTestId('goals-save').click();
    await expect
      .poll(
        async () => {
          const r = await api<{ assignments: { indicatorId: string; departmentId: string | null }[] }>(
            worker,
            coordinator,
            'GET',
            `/api/plans/${worker.planId}/goal-assignments`,
          );
          return r.body.assignments.find((a) => a.indicatorId === indicatorId)?.departmentId;
        },
        { timeout: 30_000 },
      )
      .toBe('izumi-chuo');
    await shot(coord, 'console-06-goal-indicators');
  });

  it('an administrator adds users from CSV: bad lines first, by line; then all at once, tokens shown once', async () => {
    const adminPage = await signedIn(admin.token);
    await adminPage.getByTestId('console').waitFor({ timeout: 60_000 });
    await tab(adminPage, 'directory');
    const header = '利用者ID,表示名,役割,担当課,メール';
    const good = [
      'e2e-tohoku,東北連携 一郎,担当課,tohoku-renkei,ichiro@example.jp',
      'e2e-nagamachi,長町 花子,担当課,nagamachi,hanako@example.jp',
    ];
    await adminPage
      .getByTestId('csv-text')
      .fill([header, ...good, 'e2e-bad,誤り 太郎,係長,ない課,'].join('\n'));
    await adminPage.getByTestId('csv-preview-button').click();
    const problems = adminPage.getByTestId('csv-problems');
    await problems.waitFor({ timeout: 30_000 });
    expect(await problems.textContent()).toContain('4行目「担当課」');
    expect(await problems.textContent()).toContain('4行目「役割」');
    expect(await adminPage.getByTestId('csv-create').count()).toBe(0);
    await shot(adminPage, 'console-07-users-csv-problems');

    await adminPage.getByTestId('csv-text').fill([header, ...good].join('\n'));
    await adminPage.getByTestId('csv-preview-button').click();
    await adminPage.getByTestId('csv-create').click();
    const secrets = adminPage.getByTestId('token-secret');
    await expect.poll(() => secrets.count(), { timeout: 30_000 }).toBe(2);
    for (const dept of ['tohoku', 'nagamachi']) {
      const token = await adminPage
        .locator(`[data-token-for="e2e-${dept}"] [data-testid="token-secret"]`)
        .textContent();
      expect(token).toMatch(/^shk_/);
      staffTokens[dept === 'tohoku' ? 'tohoku-renkei' : 'nagamachi'] = token!;
    }
    const me = await asStaff<{ userId: string }>('tohoku-renkei', 'GET', '/api/me');
    expect(me.body.userId).toBe('e2e-tohoku');
    await shot(adminPage, 'console-08-users-created');
  });

  it('opens the next cycle with its deadline', async () => {
    coord = await signedIn(coordinator.token);
    await coord.getByTestId('console').waitFor({ timeout: 60_000 });
    await chooseCycle(coord, TITLE, '');
    await tab(coord, 'cycles');
    await expect
      .poll(() => coord.getByTestId('cycle-next-year').textContent(), { timeout: 30_000 })
      .toBe('令和6年度');
    await coord.getByTestId('cycle-deadline').fill(deadline);
    await coord.getByTestId('cycle-open').click();
    const opened = coord.locator(`[data-testid="cycle-list"] [data-cycle="${NEXT_FY}"]`);
    await opened.waitFor({ timeout: 30_000 });
    expect(await opened.getByTestId('cycle-deadline-text').textContent()).toMatch(/あと\d+営業日/);
    const cycles = await api<{ cycles: { fiscalYear: number; deadline: string | null }[] }>(
      worker,
      coordinator,
      'GET',
      `/api/plans/${IMPORTED}/cycles`,
    );
    expect(cycles.body.cycles.find((c) => c.fiscalYear === NEXT_FY)?.deadline).toBe(deadline);
    await shot(coord, 'console-09-cycle-opened');
  });

  it('lists who has not submitted with a ready reminder, and reviews a department’s values with 達成度', async () => {
    const sheet = await fillAndSubmit('tohoku-renkei', '120');
    await chooseCycle(coord, TITLE, '令和6年度');
    await tab(coord, 'status');
    const reminders = coord.getByTestId('reminders');
    const nagamachi = reminders.locator('[data-reminder="nagamachi"]');
    await nagamachi.waitFor({ timeout: 30_000 });
    expect(await reminders.locator('[data-reminder="tohoku-renkei"]').count()).toBe(0);
    const href = (await nagamachi.getByTestId('reminder-mail').getAttribute('href'))!;
    expect(href.startsWith('mailto:hanako@example.jp?subject=')).toBe(true);
    const body = decodeURIComponent(href.split('&body=')[1]!);
    expect(body).toContain('太白区長町地域活性化推進室 ご担当者様');
    expect(body).toContain('未入力の項目');
    expect(body).toMatch(/提出期限は令和\d+年\d+月\d+日（.）です（あと\d+営業日）/);
    await nagamachi.getByTestId('reminder-copy').click();
    expect(await nagamachi.getByTestId('reminder-text').textContent()).toContain('【進捗報告】');
    expect(await coord.getByTestId('deadline').textContent()).toMatch(/あと\d+営業日/);
    // Each row says what is missing, KPIs and 主な取組, and offers 確認 only: no blind 承認 / 差し戻す.
    const detail = (dept: string) =>
      coord.locator(`[data-department="${dept}"] [data-testid="dept-detail"]`).textContent();
    await expect.poll(() => detail('nagamachi'), { timeout: 30_000 }).toMatch(/^指標 0\/\d+ · 主な取組 0\/1/);
    expect(await detail('tohoku-renkei')).toMatch(/^指標 (\d+)\/\1 · 主な取組 1\/1 · /);
    const board = coord.getByTestId('dashboard');
    expect(await board.getByRole('button', { name: '承認' }).count()).toBe(0);
    expect(await board.getByRole('button', { name: '差し戻す' }).count()).toBe(0);
    expect(await board.getByRole('button', { name: '確認' }).count()).toBeGreaterThan(1);
    await shot(coord, 'console-10-reminders');

    await coord.locator('[data-department="tohoku-renkei"]').getByTestId('review-open').click();
    const review = coord.getByTestId('review');
    await review.getByTestId('review-table').first().waitFor({ timeout: 30_000 });
    // Every KPI's 達成度 as shared/calc computes it for the export.
    const earlier = new Map(
      sheet.earlierCycles.flatMap((c) =>
        c.actuals.map((a) => [`${a.indicatorId}|${c.fiscalYear}`, a] as const),
      ),
    );
    for (const project of sheet.projects)
      for (const ind of project.indicators) {
        const byYear = new Map(
          sheet.earlierCycles.flatMap((c) => {
            const a = earlier.get(`${ind.id}|${c.fiscalYear}`);
            return a ? [[c.fiscalYear, a] as const] : [];
          }),
        );
        const actual = sheet.actuals.find((a) => a.indicatorId === ind.id);
        if (actual) byYear.set(NEXT_FY, actual);
        const expected = ind.kind === 'qualitative' ? '' : evaluateIndicator(ind, byYear, NEXT_FY).printed;
        const cell = review.locator(`tr[data-indicator="${ind.id}"] [data-testid="review-achievement"]`);
        expect(await cell.textContent(), ind.name).toBe(expected);
      }
    expect(await review.getByTestId('review-status').textContent()).toBe('提出済み');
    expect(await review.getByTestId('review-changes').textContent()).toContain('初回の提出');
    await shot(coord, 'console-11-review');
  });

  it('returns it with a comment, then approves the corrected resubmission (If-Match of the revision shown)', async () => {
    const review = coord.getByTestId('review');
    await review.getByTestId('review-comment').fill('①の実績値の出典を確認してください');
    await review.getByTestId('review-return').click();
    const row = coord.locator('[data-department="tohoku-renkei"]');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('returned');
    await shot(coord, 'console-12-returned');

    // The department corrects one value and submits again.
    const sheet = (await asStaff<SheetResponse>('tohoku-renkei', 'GET', sheetPath('tohoku-renkei'))).body;
    const first = sheet.projects[0]!.indicators.find((i) => i.kind !== 'qualitative')!;
    const saved = await asStaff(
      'tohoku-renkei',
      'PATCH',
      sheetPath('tohoku-renkei'),
      {
        actuals: [{ indicatorId: first.id, value: '150', basis: 'year', footnotes: [] }],
      },
      { 'If-Match': `"${sheet.submission.revision}"` },
    );
    expect(saved.status).toBe(200);
    expect((await asStaff('tohoku-renkei', 'POST', `${sheetPath('tohoku-renkei')}/submit`, {})).status).toBe(
      200,
    );

    await coord.getByRole('button', { name: '再読み込み' }).click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('submitted');
    await row.getByTestId('review-open').click();
    const review2 = coord.getByTestId('review');
    const changes = review2.getByTestId('review-changes');
    await changes.waitFor({ timeout: 30_000 });
    expect(await changes.textContent()).toContain('前回の提出からの変更（1件）');
    expect(await changes.textContent()).toContain('120 → 150');
    expect(await review2.locator(`tr[data-indicator="${first.id}"]`).getAttribute('class')).toContain(
      'changed',
    );
    await shot(coord, 'console-13-review-changes');

    await review2.getByTestId('review-approve').click();
    await expect
      .poll(() => coord.locator('[data-department="tohoku-renkei"]').getAttribute('data-status'), {
        timeout: 30_000,
      })
      .toBe('approved');
    const server = (await asStaff<SheetResponse>('tohoku-renkei', 'GET', sheetPath('tohoku-renkei'))).body;
    expect(server.submission.status).toBe('approved');
    await shot(coord, 'console-14-approved');
  });

  it('locks the cycle', async () => {
    await tab(coord, 'cycles');
    const row = coord.locator(`[data-testid="cycle-list"] [data-cycle="${NEXT_FY}"]`);
    await row.getByTestId('cycle-lock').click();
    await expect
      .poll(
        () =>
          coord.locator(`[data-testid="cycle-list"] [data-cycle="${NEXT_FY}"]`).getAttribute('data-locked'),
        { timeout: 30_000 },
      )
      .toBe('true');
    const cycles = await api<{ cycles: { fiscalYear: number; locked: boolean }[] }>(
      worker,
      coordinator,
      'GET',
      `/api/plans/${IMPORTED}/cycles`,
    );
    expect(cycles.body.cycles.find((c) => c.fiscalYear === NEXT_FY)?.locked).toBe(true);
    await shot(coord, 'console-15-locked');
  });

  it('the history lists every administrative action with who and when', async () => {
    await tab(coord, 'history');
    const table = coord.getByTestId('audit-table');
    await table.waitFor({ timeout: 30_000 });
    const text = await table.textContent();
    for (const words of [
      '計画を登録',
      '目標値を変更（新しい版）',
      '数値目標の担当課を設定',
      '利用者を追加',
      'トークンを発行',
      '報告年度を開始',
      '報告年度を締切',
    ])
      expect(text, words).toContain(words);
    expect(text).toContain('政策企画課（デモ）');
    expect(text).toContain('管理者（デモ）');
    await shot(coord, 'console-16-history');
  });

  it('an administrator sees no 承認 and no 締め切る; the directory is theirs', async () => {
    const adminPage = await signedIn(admin.token);
    await adminPage.getByTestId('console').waitFor({ timeout: 60_000 });
    await adminPage
      .getByTestId('dashboard')
      .locator('[data-department]')
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await adminPage.getByRole('tab').allTextContents()).toEqual([
      '提出状況',
      '計画',
      '報告年度',
      '担当課・利用者',
      '操作履歴',
    ]);
    expect(await adminPage.getByTestId('dashboard').getByRole('button', { name: '承認' }).count()).toBe(0);
    expect(await adminPage.getByRole('button', { name: '報告年度を締め切る' }).count()).toBe(0);
    expect(await adminPage.getByTestId('reminders').count()).toBe(0);
    await shot(adminPage, 'console-17-admin-status');
    await tab(adminPage, 'cycles');
    await adminPage.getByTestId('cycle-list').waitFor({ timeout: 30_000 });
    expect(await adminPage.getByTestId('cycle-lock').count()).toBe(0);
    await tab(adminPage, 'directory');
    await adminPage.getByTestId('user-list').locator('[data-user="e2e-tohoku"]').waitFor({ timeout: 30_000 });
    // Their own row offers no 無効にする (the server refuses it: self_lockout); another's does.
    const own = adminPage.locator(`[data-testid="user-list"] [data-user="${admin.id}"]`);
    expect(await own.getByTestId('user-toggle').count()).toBe(0);
    expect(await own.getByTestId('user-self-note').textContent()).toContain(
      '自分自身を無効にすることはできません',
    );
    expect(await adminPage.locator('[data-user="e2e-tohoku"]').getByTestId('user-toggle').count()).toBe(1);
    await shot(adminPage, 'console-18-admin-directory');
  });

  it('a department user in a browser sees their sheet’s state and history, and where entry happens', async () => {
    const home0 = await signedIn(staffTokens['tohoku-renkei']!);
    await home0.getByTestId('department-home').waitFor({ timeout: 60_000 });
    await chooseCycle(home0, TITLE, '令和6年度');
    const home = home0.getByTestId('department-home');
    await home.getByTestId('review-table').first().waitFor({ timeout: 30_000 });
    expect(await home.getByTestId('browser-note').textContent()).toContain('Excel');
    expect(await home.getByTestId('review-status').textContent()).toBe('承認済み');
    expect(await home.getByTestId('department-history').textContent()).toContain('承認');
    expect(await home0.getByRole('tab').count()).toBe(0);
    expect(await home0.getByTestId('review-actions').count()).toBe(0);
    await shot(home0, 'console-19-department-browser');
  });
});
