/**
 * On paper, from the HTML export: every table of every plan in data/ and of a generated plan that
 * stretches each table past a page, printed to PDF by headless Chromium as a browser prints the
 * page (A4 landscape, the page's print stylesheet) and read back page by page: no block split
 * unless it is taller than a page (then its column header repeats on each of its pages, and it
 * breaks only between KPI rows or pairs), every page with a column header and its number, no page
 * empty; page 1 with the table's frame — the 別紙 label on the right above the title, the subtitle
 * lines (the budget's （単位：千円） on the right). One printed page of each table goes to
 * test-output/print/ as a PNG; the page counts to
 * test-output/print/pages.json. `shinchoku export --format pdf` prints the same way (last test).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../shared/cli/main.ts';
import { openPrinter, type Printer } from '../../shared/cli/pdf.ts';
import { memoryIo } from '../../shared/cli/test-io.ts';
import { buildExportModels } from '../../shared/render/export.ts';
import { renderHtml } from '../../shared/render/html.ts';
import { checkPrintedTable, normalize, readPdf } from './pages.ts';
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

    // Page 1 shows the frame: the 別紙 label (where the model has one) and the title.
    const label = model!.frame?.label;
    if (label) expect(pages[0]).toContain(normalize(label));
    expect(pages[0]).toContain(normalize(model!.title));

    const page = await printer.open(html);
    try {
      await page.screenshot({ path: join(OUT, `${name}-${table}.png`) });
      const frame = await framePlacement(page);
      const right = (box: TextBox) => Math.abs(box.textRight - frame.table.right) <= 2;
      const left = (box: TextBox) => Math.abs(box.textLeft - frame.table.left) <= 2;
      // The 別紙 label at the top right, above the title; the title from the left.
      expect(frame.label !== null).toBe(label !== undefined);
      if (frame.label) {
        expect(frame.label.align).toBe('right');
        expect(right(frame.label), JSON.stringify(frame)).toBe(true);
        expect(frame.label.bottom).toBeLessThanOrEqual(frame.title.top + 1);
      }
      expect(left(frame.title), JSON.stringify(frame)).toBe(true);
      // Subtitle lines one under the other, on the right where the frame says so (（単位：千円）).
      const onRight = model!.frame?.subtitleAlign === 'right';
      expect(frame.subtitles.map((s) => s.text)).toEqual(model!.subtitle?.split('\n') ?? []);
      for (const s of frame.subtitles) {
        expect(s.align).toMatch(onRight ? /^right$/ : /^(left|start)$/);
        expect(onRight ? right(s) : left(s), JSON.stringify(frame)).toBe(true);
      }
      if (table === 'budget') expect(frame.subtitles.map((s) => s.text)).toEqual(['（単位：千円）']);
    } finally {
      await page.close();
    }
  });
});

interface TextBox {
  text: string;
  align: string;
  /** Where the text itself begins and ends, and its line box's top and bottom (CSS pixels). */
  textLeft: number;
  textRight: number;
  top: number;
  bottom: number;
}

/** Where the frame's lines print, against the first table below them. */
async function framePlacement(page: Page) {
  return page.evaluate(() => {
    const box = (el: Element | null) => {
      if (!el) return null;
      const range = document.createRange();
      range.selectNodeContents(el);
      const text = range.getBoundingClientRect();
      return {
        text: el.textContent ?? '',
        align: getComputedStyle(el).textAlign,
        textLeft: text.left,
        textRight: text.right,
        top: text.top,
        bottom: text.bottom,
      };
    };
    const table = document.querySelector('.block table')!.getBoundingClientRect();
    return {
      label: box(document.querySelector('.frame .frame-label')),
      title: box(document.querySelector('.frame h1'))!,
      subtitles: [...document.querySelectorAll('.frame .subtitle')].map((el) => box(el)!),
      table: { left: table.left, right: table.right },
    };
  }) as Promise<{
    label: TextBox | null;
    title: TextBox;
    subtitles: TextBox[];
    table: { left: number; right: number };
  }>;
}

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
