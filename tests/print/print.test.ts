/**
 * On paper, from the HTML export: every table of every plan in data/ and of a generated plan that
 * stretches each table past a page, printed to PDF by headless Chromium as a browser prints the
 * page (A4 landscape, the page's print stylesheet) and read back page by page: no block split
 * unless it is taller than a page (then its column header repeats on each of its pages, and it
 * breaks only between KPI rows or pairs), every page with a column header and its number, no page
 * empty. One printed page of each table goes to test-output/print/ as a PNG; the page counts to
 * test-output/print/pages.json. `shinchoku export --format pdf` prints the same way (last test).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../shared/cli/main.ts';
import { openPrinter, type Printer } from '../../shared/cli/pdf.ts';
import { memoryIo } from '../../shared/cli/test-io.ts';
import { buildExportModels } from '../../shared/render/export.ts';
import { renderHtml } from '../../shared/render/html.ts';
import { checkPrintedTable, readPdf } from './pages.ts';
import { printedPlans, ROOT } from './plans.ts';

const OUT = join(ROOT, 'test-output/print');
const plans = printedPlans();
const cases = plans.flatMap((p) => p.tables.map((table) => [p.name, table, p] as const));
const pageCounts: Record<string, number> = {};
let printer: Printer;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  printer = await openPrinter();
});

afterAll(async () => {
  await printer?.close();
  writeFileSync(join(OUT, 'pages.json'), `${JSON.stringify(pageCounts, null, 2)}\n`);
});

describe('the HTML export printed by Chromium', () => {
  it.each(cases)('%s: %s', async (name, table, printed) => {
    const [model] = buildExportModels(printed.plan, [table]);
    const html = renderHtml([model!]);
    const { pages, numbered } = await readPdf(await printer.pdf(html));
    const check = checkPrintedTable(pages, model!, printed.tall);
    pageCounts[`${name} ${table}`] = check.pages;
    expect(check.problems).toEqual([]);
    expect(numbered.every(Boolean), `page numbers: ${numbered}`).toBe(true);
    // The blocks made taller than a page do span pages (so the rule for them was exercised).
    const tallHere = model!.blocks.filter((b) => printed.tall.has(b.id)).map((b) => b.id);
    expect(check.spanning).toEqual(expect.arrayContaining(tallHere));
    if (name === 'generated') expect(check.pages).toBeGreaterThan(3);

    const page = await printer.open(html);
    try {
      await page.screenshot({ path: join(OUT, `${name}-${table}.png`) });
    } finally {
      await page.close();
    }
  });
});

describe('shinchoku export --format pdf', () => {
  it('prints the demo plan’s project table as the tests print it', async () => {
    const { io, out, disk } = memoryIo();
    const file = join(ROOT, 'data/sendai-2023.plan.json');
    const read = io.readFile;
    io.readFile = async (path) =>
      path === file ? (await import('node:fs/promises')).readFile(path, 'utf8') : read(path);
    const code = await main(['export', file, '--table', 'projects', '--format', 'pdf', '--out', 'x.pdf'], io);
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    const bytes = disk.get('x.pdf');
    expect(bytes).toBeInstanceOf(Uint8Array);
    const sendai = plans.find((p) => p.name === 'sendai-2023')!;
    const [model] = buildExportModels(sendai.plan, ['projects']);
    const { pages } = await readPdf(bytes as Uint8Array);
    expect(checkPrintedTable(pages, model!, new Set()).problems).toEqual([]);
    expect(pages.length).toBe(pageCounts['sendai-2023 projects']);
  });
});
