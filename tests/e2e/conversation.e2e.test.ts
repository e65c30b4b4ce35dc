import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CommentThread,
  EvidenceItem,
  IndicatorAuditResponse,
  SheetResponse,
  UnreadResponse,
} from '../../shared/api.ts';
import {
  buildAddin,
  closeBrowser,
  launch,
  openPane,
  pageErrors,
  requireChromium,
  shot,
  standinScript,
} from './harness/browser.ts';
import {
  api,
  type DemoUser,
  demoStaffOnReopenedSheet,
  type LocalWorker,
  startWorker,
} from './harness/worker.ts';

/**
 * The conversation around a number in the coordinator's console (docs/conversation.md), in a plain
 * browser against the real local worker. The department's side is set up over HTTP with its own
 * token (its pane's panel is not wired yet): it comments on a KPI and attaches the survey it came
 * from. Then, through the screens only, the coordinator sees the unread count on the dashboard,
 * reads the thread in the review, downloads the file (the same bytes), replies, returns the sheet
 * pointing at that KPI, follows the story of the figure (the comment, the file with its SHA-256, the
 * return; its CSV), and checks the history's integrity. Screenshots: test-output/e2e/conversation-*.png.
 */
const DEPT = 'tohoku-renkei';
const QUESTION = '実績値の出典は令和5年度の観光動態調査ですか？\n集計方法も教えてください。';
const ANSWER = '出典はその調査です。集計表を添付しましたので確認してください。';
const REPLY = '添付を確認しました。算定方法を脚注に明記してください。';
const RETURN = '①の実績値について、算定方法を脚注に記載のうえ再提出してください。';
const CSV_BYTES = new TextEncoder().encode('区分,人数\r\n観光客,1200\r\nビジネス,340\r\n');
const FILE_NAME = '観光動態調査_集計.csv';

let worker: LocalWorker;
let context: BrowserContext;
let coordinator: DemoUser;
let admin: DemoUser;
let staff: DemoUser;
/** The one browser page (signedIn opens it the first time). */
let page: Page;
let opened = false;
let standin: string;
let indicatorId: string;
let indicatorName: string;

const sheetPath = () => `/api/plans/${worker.planId}/cycles/${worker.fiscalYear}/submissions/${DEPT}`;
const threadPath = () => `${sheetPath()}/comments?indicatorId=${encodeURIComponent(indicatorId)}`;
const row = () => page.locator(`[data-testid="review"] tr[data-indicator="${indicatorId}"]`);
const deptRow = () => page.locator(`[data-testid="dashboard"] [data-department="${DEPT}"]`);

/** A file the page saved (a link with `download`), as bytes. */
async function saved(download: Promise<Download>): Promise<{ name: string; bytes: Buffer }> {
  const d = await download;
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}

/**
 * The page signed in as `token`. Outside Excel the token is kept in the origin's localStorage, so
 * one browser holds one user at a time: the previous one signs out first.
 */
async function signedIn(token: string): Promise<Page> {
  if (!opened) {
    opened = true;
    page = await openPane(context, worker.baseUrl, standin, { partitionKey: 'conversation', host: null });
    await page.setViewportSize({ width: 1280, height: 900 });
    page.on('dialog', (d) => void d.accept());
  } else {
    await page.getByTestId('sign-out').click();
  }
  await page.getByTestId('token-input').fill(token, { timeout: 60_000 });
  await page.getByTestId('sign-in-button').click();
  await page.getByTestId('console').waitFor({ timeout: 60_000 });
  return page;
}

/** RFC 4180 CSV (quoted fields with "" and line breaks inside, CRLF between records). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

beforeAll(async () => {
  requireChromium();
  await buildAddin();
  standin = await standinScript();
  worker = await startWorker();
  coordinator = worker.users.find((u) => u.role === 'coordinator')!;
  admin = worker.users.find((u) => u.role === 'admin')!;
  context = await launch();

  // The demo sheet arrives approved: reopened, then submitted again by the department, so that the
  // coordinator has it to review and may return it.
  staff = await demoStaffOnReopenedSheet(worker, DEPT);
  const submitted = await api(worker, staff, 'POST', `${sheetPath()}/submit`, {});
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const sheet = (await api<SheetResponse>(worker, staff, 'GET', sheetPath())).body;
  const kpi = sheet.projects.flatMap((p) => p.indicators).find((i) => i.kind !== 'qualitative')!;
  indicatorId = kpi.id;
  indicatorName = kpi.name;

  // The department's side, over HTTP with its own token: a comment and the survey it came from.
  const posted = await api(worker, staff, 'POST', threadPath(), { text: QUESTION });
  expect(posted.status, JSON.stringify(posted.body)).toBe(201);
  const answered = await api(worker, staff, 'POST', threadPath(), { text: ANSWER });
  expect(answered.status, JSON.stringify(answered.body)).toBe(201);
  const upload = await fetch(
    `${worker.baseUrl}${sheetPath()}/indicators/${indicatorId}/evidence?name=${encodeURIComponent(FILE_NAME)}`,
    {
      method: 'POST',
      headers: { Authorization: `Bearer ${staff.token}`, 'Content-Type': 'text/csv' },
      body: CSV_BYTES,
    },
  );
  const item = (await upload.json()) as EvidenceItem;
  expect(upload.status, JSON.stringify(item)).toBe(201);
  expect(item.sha256).toBe(createHash('sha256').update(CSV_BYTES).digest('hex'));
});

afterAll(async () => {
  await closeBrowser(context);
  await worker?.stop();
});

describe('the conversation in the coordinator’s console', () => {
  it('the dashboard shows each department’s unread comments', async () => {
    const unread = await api<UnreadResponse>(
      worker,
      coordinator,
      'GET',
      `/api/plans/${worker.planId}/cycles/${worker.fiscalYear}/comments/unread`,
    );
    const expected = unread.body.departments.find((d) => d.departmentId === DEPT)?.unread;
    expect(expected).toBe(2);
    await signedIn(coordinator.token);
    await expect
      .poll(() => deptRow().getByTestId('dept-unread').textContent(), { timeout: 30_000 })
      .toBe('未読 2');
    // Departments nobody wrote to show no count.
    expect(await page.locator('[data-testid="dept-unread"]').count()).toBe(1);
    await shot(page, 'conversation-01-dashboard-unread');
  });

  it('opens the KPI’s thread from the review: the comments and the file, downloaded byte for byte', async () => {
    await deptRow().getByTestId('review-open').click();
    const open = row().getByTestId('thread-open');
    await expect.poll(() => open.textContent(), { timeout: 30_000 }).toBe('💬 コメント（未読 2）');
    await open.click();
    const panel = page.getByTestId('thread-panel');
    await expect
      .poll(() => panel.getByTestId('thread-comments').locator('li').count(), { timeout: 30_000 })
      .toBe(2);
    expect(await panel.getByTestId('thread-title').textContent()).toContain(indicatorName);
    const text = await panel.getByTestId('thread-comments').textContent();
    expect(text).toContain('実績値の出典は令和5年度の観光動態調査ですか？');
    expect(text).toContain(ANSWER);
    // Opening is reading: the count on the button goes.
    await expect.poll(() => open.textContent(), { timeout: 30_000 }).toBe('💬 コメント');
    const item = panel.getByTestId('evidence-item');
    await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(1);
    expect(await item.textContent()).toContain(FILE_NAME);
    expect(await item.textContent()).toContain(createHash('sha256').update(CSV_BYTES).digest('hex'));
    await shot(page, 'conversation-02-review-thread');

    // The listener first, then the click: the download event must not be missed.
    const download = page.waitForEvent('download');
    await item.getByTestId('evidence-download').click();
    const file = await saved(download);
    expect(file.name).toBe(FILE_NAME);
    expect(new Uint8Array(file.bytes)).toEqual(CSV_BYTES);
  });

  it('replies in the thread', async () => {
    const panel = page.getByTestId('thread-panel');
    await panel.getByTestId('thread-draft').fill(REPLY);
    await panel.getByTestId('thread-send').click();
    await expect
      .poll(() => panel.getByTestId('thread-comments').locator('li').count(), { timeout: 30_000 })
      .toBe(3);
    const thread = await api<CommentThread>(worker, staff, 'GET', threadPath());
    expect(thread.body.comments.map((c) => c.text)).toEqual([QUESTION, ANSWER, REPLY]);
    expect(thread.body.comments[2]!.createdBy).toBe(coordinator.id);
    await shot(page, 'conversation-03-reply');
  });

  it('returns the sheet pointing at the KPI: the return comment lands in its thread', async () => {
    const before = (await api<SheetResponse>(worker, coordinator, 'GET', sheetPath())).body;
    const review = page.getByTestId('review');
    await row().getByTestId('review-point').check();
    expect(await review.getByTestId('review-pointers').textContent()).toContain(indicatorName);
    await review.getByTestId('review-comment').fill(RETURN);
    await shot(page, 'conversation-04-return-pointing');
    await review.getByTestId('review-return').click();
    await expect.poll(() => deptRow().getAttribute('data-status'), { timeout: 30_000 }).toBe('returned');

    const after = (await api<SheetResponse>(worker, staff, 'GET', sheetPath())).body;
    expect(after.submission.status).toBe('returned');
    expect(after.submission.comment).toBe(RETURN);
    // A return changes the workflow, not a cell: it went through on the revision shown.
    expect(after.submission.revision).toBeGreaterThanOrEqual(before.submission.revision);
    const thread = await api<CommentThread>(worker, staff, 'GET', threadPath());
    const last = thread.body.comments.at(-1)!;
    expect(last.text).toBe(RETURN);
    expect(last.createdBy).toBe(coordinator.id);
    // The department has the reply and the return to read; the coordinator nothing (their own words).
    expect(thread.body.unread).toBe(2);
    expect(await deptRow().getByTestId('dept-unread').count()).toBe(0);
    await shot(page, 'conversation-05-returned');
  });

  it('follows the story of the figure: the comments, the file with its SHA-256, the return; CSV', async () => {
    await deptRow().getByTestId('review-open').click();
    await row().getByTestId('story-open').click();
    const story = page.getByTestId('review-story');
    const comments = story.getByTestId('audit-comments');
    await comments.locator('li').first().waitFor({ timeout: 30_000 });
    const said = await comments.textContent();
    for (const words of ['実績値の出典は令和5年度の観光動態調査ですか？', ANSWER, REPLY, RETURN])
      expect(said, words).toContain(words);
    const sha = createHash('sha256').update(CSV_BYTES).digest('hex');
    const evidence = await story.getByTestId('audit-evidence').textContent();
    expect(evidence).toContain(FILE_NAME);
    expect(evidence).toContain(sha);
    const workflow = await story.getByTestId('audit-workflow').textContent();
    expect(workflow).toContain('差し戻し');
    expect(workflow).toContain(RETURN);
    await story.scrollIntoViewIfNeeded();
    await shot(page, 'conversation-06-story');

    // The CSV to keep: the server's, as an auditor gets it from the API (UTF-8 with BOM, CRLF).
    const download = page.waitForEvent('download');
    await story.getByTestId('audit-download-csv').click();
    const file = await saved(download);
    expect(file.name).toMatch(/\.csv$/);
    // The BOM as bytes (TextDecoder drops it by default).
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(file.bytes);
    const rows = parseCsv(text);
    // A title line naming the indicator, then the table.
    expect(rows[0]).toEqual([`指標「${indicatorName}」（${indicatorId}）の経緯`]);
    expect(rows[1]).toEqual(['日時', '種別', '年度', '担当課', '利用者', '項目', '変更前', '変更後・内容']);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.slice(2).every((r) => r.length === 8)).toBe(true);
    const cells = rows.flat();
    expect(cells).toContain(RETURN);
    expect(cells).toContain(QUESTION);
    expect(cells.some((c) => c.includes(sha))).toBe(true);
    // The JSON story the page showed holds the same file.
    const json = await api<IndicatorAuditResponse>(
      worker,
      coordinator,
      'GET',
      `/api/plans/${worker.planId}/indicators/${indicatorId}/audit`,
    );
    expect(json.body.evidence.map((e) => e.sha256)).toContain(sha);
  });

  it('checks the history’s integrity: 改ざんなし', async () => {
    await page.getByTestId('tab-history').click();
    await page.getByTestId('chain-verify').click();
    const headline = page.getByTestId('chain-headline');
    await headline.waitFor({ timeout: 30_000 });
    expect(await headline.textContent()).toMatch(/^改ざんなし/);
    expect(await page.getByTestId('chain-table').textContent()).toContain('東北連携');
    await shot(page, 'conversation-07-chain-intact');
    expect(pageErrors(page)).toEqual([]);
  });

  it('an administrator gets the story and the check, but no thread and no return', async () => {
    const p = await signedIn(admin.token);
    await deptRow().waitFor({ timeout: 30_000 });
    expect(await p.getByTestId('dept-unread').count()).toBe(0);
    await deptRow().getByTestId('review-open').click();
    await row().getByTestId('story-open').waitFor({ timeout: 30_000 });
    expect(await p.getByTestId('thread-open').count()).toBe(0);
    expect(await p.getByTestId('review-point').count()).toBe(0);
    await shot(p, 'conversation-08-admin-review');
    await p.getByTestId('tab-history').click();
    await p.getByTestId('chain-verify').waitFor({ timeout: 30_000 });
  });
});
