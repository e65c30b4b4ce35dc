import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { address, columnIndex } from '../../addin/src/app/columns.ts';
import type {
  CommentThread,
  IndicatorAuditResponse,
  SheetResponse,
  UnreadResponse,
} from '../../shared/api.ts';
import { pageErrors, shot, shotSheet } from './harness/browser.ts';
import {
  cellOf,
  rowOf,
  type Standin,
  signInToSheet,
  submissionStatus,
  submit,
  typeInto,
  waitSaved,
} from './harness/pane.ts';
import { type PaneSession, startPaneSession } from './harness/session.ts';
import { api, type DemoUser, demoStaffOnReopenedSheet, type LocalWorker } from './harness/worker.ts';

/**
 * The department's side of the conversation around a number, in the task pane beside its sheet
 * (production build, Excel stand-in, the real local worker). The department selects a KPI's row on
 * the sheet: the pane shows that KPI's thread; it asks a question, attaches the survey (a CSV) and
 * submits. The coordinator's reply and a return pointing at that KPI are made over HTTP with the
 * coordinator's token (their screens are tested in conversation.e2e.test.ts). Reopened, the pane
 * marks the KPI's row on the sheet and lists it under 💬 未読; the department reads the reply from
 * the list's link, answers, fixes the value and submits again. The story of the figure (the API)
 * then holds the comments, the file (the SHA-256 of the bytes sent) and the return.
 * Screenshots: test-output/e2e/conversation-pane-*.png.
 */
const DEPT = 'tohoku-renkei';
const QUESTION = '実績値は令和5年度の観光動態調査の集計です。集計表を添付します。';
const REPLY = '添付を確認しました。宿泊者を除いた数値に直して再提出してください。';
const RETURN = '①の実績値を、宿泊者を除いた数値に修正のうえ再提出してください。';
const ANSWER = '宿泊者を除いた数値に修正しました。';
const FILE_NAME = '観光動態調査_集計.csv';
const CSV_BYTES = Buffer.from('区分,人数\r\n日帰り,1200\r\n宿泊,340\r\n', 'utf8');
const SHA = createHash('sha256').update(CSV_BYTES).digest('hex');

let session: PaneSession;
let worker: LocalWorker;
let context: BrowserContext;
let staff: DemoUser;
let coordinator: DemoUser;
let pane: Page;
let kpiId: string;
let kpiLabel: string;
let fixed: string;

const sheetPath = () => `/api/plans/${worker.planId}/cycles/${worker.fiscalYear}/submissions/${DEPT}`;
const threadPath = () => `${sheetPath()}/comments?indicatorId=${encodeURIComponent(kpiId)}`;
const serverSheet = async () => (await api<SheetResponse>(worker, staff, 'GET', sheetPath())).body;
const panel = () => pane.getByTestId('thread-panel');
const comments = () => panel().getByTestId('thread-comments').locator('[data-testid="thread-comment"]');

/** A person clicks a cell of the sheet: the stand-in moves the selection and raises onSelectionChanged. */
async function clickCell(page: Page, a1: string): Promise<void> {
  await page.evaluate((cell) => {
    const s = (window as unknown as { __standin: Standin & { book: StandinBook } }).__standin;
    s.book.userSelect(s.sheetName(), cell);
  }, a1);
}
type StandinBook = {
  userSelect(sheet: string, a1: string): void;
  selection: { sheet: string; address: string } | null;
};

/** The A1 address of a row's 実績値 cell. */
const valueCell = async (page: Page, key: string) => address(await rowOf(page, key), columnIndex('value'));

beforeAll(async () => {
  session = await startPaneSession();
  ({ worker, context } = session);
  coordinator = worker.user('demo-coordinator');
  staff = await demoStaffOnReopenedSheet(worker, DEPT);
  const sheet = await serverSheet();
  const kpi = sheet.projects.flatMap((p) => p.indicators).find((i) => i.kind !== 'qualitative')!;
  kpiId = kpi.id;
  kpiLabel = kpi.name;
  const now = sheet.actuals.find((a) => a.indicatorId === kpiId)?.value ?? '0';
  fixed = String(Math.max(1, Math.round(Number(now) * 0.9)));
});

afterAll(() => session?.stop());

describe('the conversation beside the department’s sheet', () => {
  it('selecting a KPI’s row opens its thread; the department asks and attaches the survey', async () => {
    pane = await session.openSheet({ partitionKey: 'conversation-pane-1' }, staff.token);
    const comments0 = pane.getByTestId('comments');
    await expect
      .poll(() => comments0.getByTestId('unread-threads').textContent())
      .toBe('未読のコメントはありません。');
    expect(await panel().isHidden()).toBe(true);
    await shot(pane, 'conversation-pane-01-sheet');

    await clickCell(pane, await valueCell(pane, `i:${kpiId}`));
    await expect
      .poll(() => panel().getByTestId('thread-title').textContent(), { timeout: 30_000 })
      .toContain(kpiLabel);
    await expect
      .poll(() => panel().getByTestId('thread-status').textContent(), { timeout: 30_000 })
      .toBe('まだコメントはありません。');
    await panel().getByTestId('thread-draft').fill(QUESTION);
    await panel().getByTestId('thread-send').click();
    await expect.poll(() => comments().count(), { timeout: 30_000 }).toBe(1);
    expect(await comments().first().getByTestId('comment-text').textContent()).toBe(QUESTION);

    await panel()
      .getByTestId('evidence-file')
      .setInputFiles({ name: FILE_NAME, mimeType: 'text/csv', buffer: CSV_BYTES });
    const item = panel().getByTestId('evidence-item');
    await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(1);
    expect(await item.textContent()).toContain(FILE_NAME);
    expect(await item.textContent()).toContain(SHA);
    await shot(pane, 'conversation-pane-02-asked-and-attached');

    // Downloaded from the pane: the same bytes.
    const download = pane.waitForEvent('download');
    await item.getByTestId('evidence-download').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(FILE_NAME);
    expect(readFileSync(await file.path())).toEqual(CSV_BYTES);

    // My own comment is no unread one: the row is marked with its count once read, not as unread.
    await expect
      .poll(async () => (await cellOf(pane, `i:${kpiId}`, 'indicator')).note ?? '', { timeout: 30_000 })
      .toContain('コメント 1 件');
    await submit(pane);
  });

  it('the coordinator replies and returns the sheet pointing at the KPI (over HTTP)', async () => {
    const reply = await api(worker, coordinator, 'POST', threadPath(), { text: REPLY });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const sheet = (await api<SheetResponse>(worker, coordinator, 'GET', sheetPath())).body;
    expect(sheet.submission.status).toBe('submitted');
    const returned = await api(
      worker,
      coordinator,
      'POST',
      `${sheetPath()}/return`,
      { comment: RETURN, indicatorIds: [kpiId] },
      { 'If-Match': `"${sheet.submission.revision}"` },
    );
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    const unread = await api<UnreadResponse>(
      worker,
      staff,
      'GET',
      `/api/plans/${worker.planId}/cycles/${worker.fiscalYear}/comments/unread`,
    );
    expect(unread.body.threads).toEqual([
      expect.objectContaining({ departmentId: DEPT, targetKind: 'indicator', targetId: kpiId, unread: 2 }),
    ]);
  });

  it('reopened, the pane marks the KPI’s row and lists it as unread; the link opens the thread', async () => {
    await pane.close();
    pane = await session.openPane({ partitionKey: 'conversation-pane-2' });
    await signInToSheet(pane, staff.token);
    expect(await submissionStatus(pane)).toBe('差し戻し');
    const list = pane.getByTestId('unread-threads');
    const entry = list.getByTestId('unread-thread');
    await expect.poll(() => entry.count(), { timeout: 30_000 }).toBe(1);
    expect(await entry.getAttribute('data-row-key')).toBe(`i:${kpiId}`);
    expect(await entry.textContent()).toContain(kpiLabel);
    expect(await entry.textContent()).toContain('未読 2');
    expect(await pane.getByTestId('unread-title').textContent()).toBe('💬 未読のコメント（2 件）');
    await expect
      .poll(async () => (await cellOf(pane, `i:${kpiId}`, 'indicator')).note ?? '', { timeout: 30_000 })
      .toContain('未読のコメントが 2 件');
    await shot(pane, 'conversation-pane-03-unread');
    await shotSheet(context, pane, 'conversation-pane-03-sheet-marked');

    await entry.locator('a').click();
    await expect.poll(() => comments().count(), { timeout: 30_000 }).toBe(3);
    const said = await panel().getByTestId('thread-comments').textContent();
    for (const words of [QUESTION, REPLY, RETURN]) expect(said, words).toContain(words);
    // Opening is reading: the list empties and the mark turns into the comment count.
    await expect.poll(() => entry.count(), { timeout: 30_000 }).toBe(0);
    await expect
      .poll(async () => (await cellOf(pane, `i:${kpiId}`, 'indicator')).note ?? '', { timeout: 30_000 })
      .toContain('コメント 3 件');
    // The link selected the KPI's 実績値 cell on the sheet.
    const selected = await pane.evaluate(() => {
      const s = (window as unknown as { __standin: { book: StandinBook } }).__standin;
      return s.book.selection?.address ?? null;
    });
    expect(selected).toBe(await valueCell(pane, `i:${kpiId}`));
    expect(await panel().getByTestId('evidence-item').textContent()).toContain(SHA);
    await shot(pane, 'conversation-pane-04-read');
  });

  it('answers, fixes the value and submits again', async () => {
    await panel().getByTestId('thread-draft').fill(ANSWER);
    await panel().getByTestId('thread-send').click();
    await expect.poll(() => comments().count(), { timeout: 30_000 }).toBe(4);
    // Only my newest comment can be edited (a new version; the earlier text stays).
    expect(await comments().nth(3).getByTestId('comment-edit').count()).toBe(1);
    expect(await comments().nth(0).getByTestId('comment-edit').count()).toBe(0);

    await typeInto(pane, `i:${kpiId}`, 'value', fixed);
    await waitSaved(pane);
    expect((await serverSheet()).actuals.find((a) => a.indicatorId === kpiId)?.value).toBe(fixed);
    await submit(pane);
    expect((await serverSheet()).submission.status).toBe('submitted');
    const thread = await api<CommentThread>(worker, coordinator, 'GET', threadPath());
    expect(thread.body.comments.map((c) => c.text)).toEqual([QUESTION, REPLY, RETURN, ANSWER]);
    await shot(pane, 'conversation-pane-05-resubmitted');
    expect(pageErrors(pane)).toEqual([]);
  });

  it('the story of the figure holds the comments, the file with its SHA-256 and the return', async () => {
    const story = await api<IndicatorAuditResponse>(
      worker,
      coordinator,
      'GET',
      `/api/plans/${worker.planId}/indicators/${encodeURIComponent(kpiId)}/audit?fy=${worker.fiscalYear}`,
    );
    expect(story.status, JSON.stringify(story.body)).toBe(200);
    expect(story.body.comments.map((c) => c.text)).toEqual([QUESTION, REPLY, RETURN, ANSWER]);
    expect(story.body.comments.map((c) => c.createdBy)).toEqual([
      staff.id,
      coordinator.id,
      coordinator.id,
      staff.id,
    ]);
    expect(story.body.evidence).toEqual([
      expect.objectContaining({
        fileName: FILE_NAME,
        sha256: SHA,
        size: CSV_BYTES.length,
        uploadedBy: staff.id,
      }),
    ]);
    const steps = JSON.stringify(story.body.workflow);
    expect(steps).toContain('return');
    expect(steps).toContain(RETURN);
    expect(JSON.stringify(story.body.values)).toContain(fixed);
  });
});
