import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAddress } from '../../addin/src/app/columns.ts';
import { type ExportedSheet, readBack } from '../../addin/test-support/read-back.ts';
import { displayNumber } from '../../shared/render/number-format.ts';
import { sheetDifferences } from '../../shared/render/testing/expect-xlsx.ts';
import type { TableModel } from '../../shared/tables/types.ts';
import { pageErrors, shot } from './harness/browser.ts';
import { type Standin, signIn } from './harness/pane.ts';
import { type PaneSession, startPaneSession } from './harness/session.ts';
import { api, type DemoUser, type LocalWorker } from './harness/worker.ts';

/**
 * The coordinator's 「Excelに出力」 end to end: the production pane in the Excel stand-in, the real
 * local worker. The tables the server renders as JSON must arrive in new sheets of the workbook
 * cell by cell (the xlsx export's comparison), with a 達成度 chart per project, in 3 Excel syncs.
 */
const PLAN = 'sendai-2023';
const FY = 2023;

let session: PaneSession;
let worker: LocalWorker;
let context: BrowserContext;
let coordinator: DemoUser;
let pane: Page;

type Exported = ExportedSheet;
const standinOf = (page: Page) => ({
  sheetNames: () => page.evaluate(() => (window as unknown as { __standin: Standin }).__standin.sheetNames()),
  exported: (name: string) =>
    page.evaluate((n) => (window as unknown as { __standin: Standin }).__standin.exported(n), name),
  syncCount: () => page.evaluate(() => (window as unknown as { __standin: Standin }).__standin.syncCount()),
});

beforeAll(async () => {
  session = await startPaneSession();
  ({ worker, context } = session);
  coordinator = worker.user('demo-coordinator');
});

afterAll(() => session?.stop());

/** The exported sheet drawn as an HTML table (merges as spans, bold, underline, fills) for a screenshot. */
async function shotExported(sheet: Exported, name: string): Promise<void> {
  const read = readBack(sheet);
  const covered = new Set<string>();
  const spans = new Map<string, { rows: number; cols: number }>();
  for (const m of read.merges) {
    const a = parseAddress(m);
    if (!a) continue;
    spans.set(`${a.row + 1},${a.col + 1}`, { rows: a.rows, cols: a.cols });
    for (let r = 0; r < a.rows; r++)
      for (let c = 0; c < a.cols; c++) if (r || c) covered.add(`${a.row + 1 + r},${a.col + 1 + c}`);
  }
  const byPos = new Map([...read.cells.values()].map((c) => [`${c.row},${c.col}`, c]));
  const maxRow = Math.max(...[...read.cells.values()].map((c) => c.row));
  const maxCol = Math.max(...[...read.cells.values()].map((c) => c.col));
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  let html = '<table style="border-collapse:collapse;font:12px sans-serif">';
  for (let r = 1; r <= Math.min(maxRow, 60); r++) {
    html += '<tr>';
    for (let c = 1; c <= maxCol; c++) {
      if (covered.has(`${r},${c}`)) continue;
      const cell = byPos.get(`${r},${c}`);
      const span = spans.get(`${r},${c}`);
      const style = `border:1px solid #bbb;padding:2px 4px;max-width:320px;white-space:pre-wrap;${cell?.bold ? 'font-weight:bold;' : ''}${cell?.underline ? 'text-decoration:underline;' : ''}`;
      // What Excel shows: a number through its number format.
      const shown =
        cell?.type === 'n' ? (displayNumber(cell.value, cell.numFmt) ?? cell.value) : (cell?.value ?? '');
      html += `<td style="${style}"${span ? ` rowspan="${span.rows}" colspan="${span.cols}"` : ''}>${esc(shown)}</td>`;
    }
    html += '</tr>';
  }
  html += '</table>';
  for (const chart of sheet.charts) html += chartSvg(chart);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.setContent(html);
  await shot(page, name);
  await page.close();
}

/** A recorded chart drawn roughly as Excel would: columns per KPI, the 100% series as a dashed line. */
function chartSvg(chart: Exported['charts'][number]): string {
  const [bars, line] = chart.series;
  if (!bars || !line) return '';
  const values = bars.values.map((v) => (typeof v === 'number' ? v : 0));
  const top = Math.max(100, ...values) * 1.1;
  const width = 120 * values.length;
  const y = (v: number) => 170 - (v / top) * 150;
  const columns = values
    .map(
      (v, i) => `<rect x="${i * 120 + 30}" y="${y(v)}" width="60" height="${170 - y(v)}" fill="#4472c4"/>
      <text x="${i * 120 + 60}" y="${y(v) - 4}" text-anchor="middle">${v ? `${v}%` : ''}</text>
      <text x="${i * 120 + 60}" y="188" text-anchor="middle">${String(bars.categories[i]).slice(0, 1)}</text>`,
    )
    .join('');
  return `<figure style="font:12px sans-serif"><figcaption>${chart.title}</figcaption>
    <svg width="${width}" height="195">${columns}
    <line x1="0" x2="${width}" y1="${y(100)}" y2="${y(100)}" stroke="#C00000" stroke-dasharray="6 4"/></svg></figure>`;
}

describe('the coordinator exports the official tables into the open workbook', () => {
  it('「Excelに出力」 writes the tables into new sheets, equal to the server’s table models', async () => {
    pane = await session.openPane({ partitionKey: 'export-coordinator' });
    await signIn(pane, coordinator.token);
    await pane.getByTestId('counts').waitFor({ timeout: 60_000 });
    await pane.locator('details.exports summary').click();
    await shot(pane, 'export-01-dashboard');
    const books = standinOf(pane);
    const before = await books.sheetNames();

    await pane.getByTestId('export-into-workbook').click();
    const message = pane.locator('details.exports .message');
    await expect.poll(() => message.getAttribute('data-outcome'), { timeout: 60_000 }).toBe('done');
    await shot(pane, 'export-02-done');
    // The demo plan has no earlier version (no 新旧対照表) and no budget rows: both are said, not written.
    const text = (await message.textContent()) ?? '';
    expect(text).toContain('シート「進捗状況、数値目標」に出力しました。');
    expect(text).toContain('新旧対照表は出力しませんでした');
    expect(text).toContain('当初予算額［決算額］は出力しませんでした：出力する行がありません。');
    expect(await books.sheetNames()).toEqual([...before, '進捗状況', '数値目標']);
    expect(await books.syncCount()).toBe(3);

    for (const [table, name] of [
      ['projects', '進捗状況'],
      ['goals', '数値目標'],
    ] as const) {
      const path = `/api/plans/${PLAN}/cycles/${FY}/export?table=${table}&format=json`;
      const model = (await api<TableModel>(worker, coordinator, 'GET', path)).body;
      const sheet = await books.exported(name);
      expect(sheetDifferences(readBack(sheet), model), name).toEqual([]);
      await shotExported(sheet, `export-03-${table}-sheet`);
    }
    const projects = await books.exported('進捗状況');
    expect(projects.charts.length).toBeGreaterThan(0);
    expect(projects.charts[0]!.series[1]).toMatchObject({
      chartType: 'Line',
      values: expect.arrayContaining([100]),
    });
    expect(projects.pageLayout).toMatchObject({ orientation: 'Landscape', paperSize: 'A4' });
    expect(pageErrors(pane)).toEqual([]);
  });
});
