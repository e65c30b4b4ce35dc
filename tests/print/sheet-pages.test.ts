/**
 * The sheet layout's pages (xlsx and the add-in's export into the workbook share them): the manual
 * page breaks checked against the row heights the writers write, for every table of the plans in
 * data/ and of the generated plan. No page is taller than a page holds; a block is never cut
 * unless it is taller than a page (then it begins a page and is cut only between its KPI rows) or
 * is a budget section (cut only between pairs); every page begins with a block, a part of one
 * whose header repeats, or under the print titles; the title never prints alone. The xlsx carries
 * exactly these breaks and print titles, and the add-in's plan the same. Page 1 begins with the
 * table's frame: the 別紙 label on a row of its own, right-aligned (not among the repeated rows),
 * the title, each subtitle line on its own row (the budget's （単位：千円） right-aligned), read
 * back from the xlsx and from the add-in's plan.
 */
import { describe, expect, it } from 'vitest';
import { planSheet } from '../../addin/src/app/export-plan.ts';
import { buildExportModels } from '../../shared/render/export.ts';
import { layoutSheet } from '../../shared/render/sheet-layout.ts';
import { rowPoints } from '../../shared/render/sheet-measure.ts';
import { sheetPages } from '../../shared/render/sheet-print.ts';
import type { SheetBlock, SheetLayout } from '../../shared/render/sheet-types.ts';
import { encodeAddress, readXlsx } from '../../shared/render/testing/xlsx-reader.ts';
import { renderXlsx } from '../../shared/render/xlsx.ts';
import { frameHeadLines } from '../../shared/tables/markdown.ts';
import { printedPlans } from './plans.ts';

const plans = printedPlans();
const cases = plans.flatMap((p) => p.tables.map((table) => [p.name, table, p] as const));

/** The points rows [a, b) take. */
const span = (layout: SheetLayout, a: number, b: number) =>
  layout.rows.slice(a, b).reduce((sum, r) => sum + r.height, 0);

/** The blocks the layout may cut: taller than a page where they begin, or budget sections. */
function cuttable(layout: SheetLayout, block: SheetBlock, first: boolean): boolean {
  if (block.flows) return true;
  const titles = span(layout, layout.print.titleRows.start, layout.print.titleRows.end);
  const end = block === layout.blocks.at(-1) ? layout.rows.length : block.end;
  const from = first ? 0 : block.start;
  return span(layout, from, end) > layout.print.pageHeight - (first ? 0 : titles);
}

describe('the sheet layout’s pages', () => {
  it.each(cases)('%s: %s', (name, table, printed) => {
    const [model] = buildExportModels(printed.plan, [table]);
    const layout = layoutSheet(model!);
    const { breaks, pageHeight, titleRows } = layout.print;
    const pages = sheetPages(layout);
    expect(breaks).toEqual([...new Set(breaks)].sort((a, b) => a - b));

    // Heights as written: whole pixels.
    for (const row of layout.rows) expect(row.height).toBe(rowPoints(row.height));

    const firstMain = layout.blocks.findIndex((b) => b.head.end > b.head.start);
    for (const page of pages) {
      const where = `${name} ${table}, rows ${page.start + 1}–${page.end}`;
      // Within a page, unless the page is one part taller than a page.
      const onePart = !layout.blocks.some((b) => b.units.some((u) => u > page.start && u < page.end));
      if (!onePart) expect(page.height, where).toBeLessThanOrEqual(pageHeight);
      expect(
        layout.rows.slice(page.start, page.end).some((r) => r.kind !== 'gap'),
        `${where}: only empty rows`,
      ).toBe(true);
    }
    // Page 1 holds the title and the first block's first part.
    const first = layout.blocks[Math.max(0, firstMain)];
    if (first)
      expect(breaks[0] ?? Number.POSITIVE_INFINITY).toBeGreaterThanOrEqual(first.units[1] ?? first.end);

    for (const [i, block] of layout.blocks.entries()) {
      const inside = breaks.filter((b) => b > block.start && b < block.end);
      if (inside.length === 0) continue;
      // Cut only where a part begins, and only a block that may be cut.
      for (const b of inside) expect(block.units, `${block.id}: break at row ${b + 1}`).toContain(b);
      expect(cuttable(layout, block, i <= firstMain), `${block.id} is cut though it fits on a page`).toBe(
        true,
      );
      // A tall block (not a flowing section) begins a page of its own, the first one excepted.
      if (!block.flows && i > firstMain)
        expect(
          breaks.some((b) => b === block.start || b === block.start - 1),
          `${block.id} begins a page`,
        ).toBe(true);
    }

    // Every page begins with a block (its header in its first part), under print titles that hold
    // a header, or continues a block taller than a page.
    const titlesHoldHeader = layout.blocks.some(
      (b) => b.head.end > b.head.start && b.head.start >= titleRows.start && b.head.end <= titleRows.end,
    );
    for (const start of breaks) {
      const begins = layout.blocks.some((b) => b.start === start || b.start - 1 === start);
      const continues = layout.blocks.some((b) => b.units.includes(start) && b.start !== start);
      expect(begins || titlesHoldHeader || continues, `page from row ${start + 1}`).toBe(true);
    }
    if (name === 'generated') expect(pages.length).toBeGreaterThan(3);
  });

  it('the xlsx and the add-in’s export carry those breaks and print titles', async () => {
    const generated = plans.find((p) => p.name === 'generated')!;
    const models = buildExportModels(generated.plan, ['projects', 'goals', 'budget']);
    const sheets = await readXlsx(await renderXlsx(models));
    models.forEach((model, i) => {
      const layout = layoutSheet(model);
      expect(layout.print.breaks.length).toBeGreaterThan(0);
      expect(sheets[i]!.rowBreaks).toEqual(layout.print.breaks);
      const titles = `$${layout.print.titleRows.start + 1}:$${layout.print.titleRows.end}`;
      expect(sheets[i]!.printTitles).toBe(`'${sheets[i]!.name}'!${titles}`);
      // Heights written as the layout has them, the ones the pages were counted with.
      layout.rows.forEach((row, r) => {
        if (row.kind !== 'gap') expect(sheets[i]!.rowHeights?.get(r + 1)).toBe(row.height);
      });
      const plan = planSheet(model);
      expect(plan.print.breaks).toEqual(layout.print.breaks.map((r) => `A${r + 1}`));
      expect(plan.print.titleRows).toBe(titles);
    });
    // The budget table repeats its sections' shared header; the others their title lines (the
    // 別紙 label above them is not repeated).
    expect(layoutSheet(models[2]!).print.titleRows).toEqual(layoutSheet(models[2]!).blocks[0]!.head);
    expect(layoutSheet(models[0]!).print.titleRows).toEqual({ start: 1, end: 3 });
  });
});

describe('the frame on page 1 of the sheet', () => {
  it.each(cases)('%s: %s', async (_name, table, printed) => {
    const [model] = buildExportModels(printed.plan, [table]);
    const layout = layoutSheet(model!);
    const [sheet] = await readXlsx(await renderXlsx([model!]));
    const head = frameHeadLines(model!);
    const lines = [
      ...(head.label === undefined ? [] : [{ text: head.label, right: true }]),
      { text: head.title, right: false },
      ...head.subtitle.map((text) => ({ text, right: head.subtitleRight })),
    ];
    const last = encodeAddress(1, layout.columnWidths.length).replace(/\d+$/, '');
    const plan = planSheet(model!);
    const rightAreas = plan.formats
      .filter((f) => f.setting.kind === 'horizontal' && f.setting.value === 'Right')
      .flatMap((f) => f.areas.flatMap((a) => a.split(',')));
    lines.forEach((line, i) => {
      const cell = sheet!.cells.get(`A${i + 1}`);
      expect(cell?.value, `row ${i + 1}`).toBe(line.text);
      // Read back from the file: right-aligned, or Excel's general alignment (text from the left).
      expect(cell?.horizontal ?? null, `row ${i + 1}: ${line.text}`).toBe(line.right ? 'right' : null);
      expect(sheet!.merges).toContain(`A${i + 1}:${last}${i + 1}`);
      // The add-in formats the same row on the right, the whole merged area.
      expect(rightAreas.includes(`A${i + 1}:${last}${i + 1}`), `add-in row ${i + 1}`).toBe(line.right);
    });
    expect(layout.rows.slice(0, lines.length).map((r) => r.kind)).toEqual([
      ...(head.label === undefined ? [] : ['label']),
      'title',
      ...head.subtitle.map(() => 'subtitle'),
    ]);
    // The label marks the first page only; the print titles begin at the title at the earliest.
    if (head.label !== undefined) expect(layout.print.titleRows.start).toBeGreaterThan(0);
    if (table === 'budget') expect(head.subtitle).toEqual(['（単位：千円）']);
    if (table === 'projects' || table === 'goals') expect(head.label).toMatch(/^別紙[12]$/);
  });
});
