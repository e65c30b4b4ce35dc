import { describe, expect, it } from 'vitest';
import { projectAchievements } from '../../../shared/render/achievements.ts';
import { buildExportModels } from '../../../shared/render/export.ts';
import { layoutSheet } from '../../../shared/render/sheet-layout.ts';
import { sheetDifferences } from '../../../shared/render/testing/expect-xlsx.ts';
import { projectLikeModel } from '../../../shared/render/testing/models.ts';
import type { TableModel } from '../../../shared/tables/types.ts';
import { loadPlan } from '../../../tests/shared/load.ts';
import { fakeExcelRun } from '../../test-support/fake-excel.ts';
import { FakeWorkbook } from '../../test-support/fake-workbook.ts';
import { exportedSheet, readBack } from '../../test-support/read-back.ts';
import { CHART_HEADERS, TARGET_PERCENT } from '../app/export-chart.ts';
import { planSheet } from '../app/export-plan.ts';
import { writeExport } from './export-writer.ts';

/** The four official tables, from the sample plans that hold each of them. */
const models: TableModel[] = [
  ...buildExportModels(loadPlan('sendai-2023.plan.json'), ['projects', 'goals']),
  ...buildExportModels(loadPlan('revision-sample.plan.json'), ['revision']),
  ...buildExportModels(loadPlan('miyagi-budget-r4.plan.json'), ['budget']),
];
const NAMES = ['進捗状況', '数値目標', '新旧対照表', '予算'];

async function exportAll(book: FakeWorkbook, options: Parameters<typeof writeExport>[2] = {}) {
  return writeExport(fakeExcelRun(book), models.map(planSheet), options);
}

describe('writeExport', () => {
  it('writes the four tables into new sheets in 3 syncs, equal to the models cell by cell', async () => {
    const book = new FakeWorkbook();
    const result = await exportAll(book);
    expect(result).toEqual({ status: 'written', sheetNames: NAMES });
    expect(book.syncCount).toBe(3);
    expect(book.sheets.map((s) => s.name)).toEqual(['Sheet1', ...NAMES]);
    expect(book.sheets.find((s) => s.id === book.activeSheetId)?.name).toBe('進捗状況');
    models.forEach((model, i) => {
      const sheet = readBack(exportedSheet(book, NAMES[i]!));
      expect(sheet.cells.size, NAMES[i]).toBeGreaterThan(10);
      expect(sheetDifferences(sheet, model), NAMES[i]).toEqual([]);
    });
  });

  it('underlines the changed cells of the 新旧対照表 and no others', async () => {
    const book = new FakeWorkbook();
    await exportAll(book);
    const revision = models[2]!;
    const changed = revision.blocks.flatMap((b) => b.rows.flat()).filter((c) => c.underline && c.text !== '');
    const underlined = [...readBack(exportedSheet(book, '新旧対照表')).cells.values()].filter(
      (c) => c.underline,
    );
    expect(changed.length).toBeGreaterThan(0);
    expect(underlined.map((c) => c.value).sort()).toEqual(
      changed.map((c) => (c.number !== undefined ? String(Number(c.number)) : c.text)).sort(),
    );
  });

  it('sets up printing: A4 landscape, one page wide, repeated title rows, the table as print area', async () => {
    const book = new FakeWorkbook();
    await exportAll(book);
    const sheet = exportedSheet(book, '新旧対照表');
    expect(sheet.pageLayout).toMatchObject({
      orientation: 'Landscape',
      paperSize: 'A4',
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      centerHorizontally: true,
      printTitleRows: planSheet(models[2]!).print.titleRows,
      printArea: planSheet(models[2]!).print.area,
      centerFooter: '&P / &N',
    });
    expect(sheet.showGridlines).toBe(false);
    expect(readBack(sheet).cells.get('A1')).toMatchObject({ fontName: 'Yu Gothic', bold: true });
  });

  it('puts the layout’s page breaks into the sheets, with the other finishing commands', async () => {
    const book = new FakeWorkbook();
    await exportAll(book);
    expect(book.syncCount).toBe(3);
    const budget = planSheet(models[3]!);
    // The budget table is longer than a page: cut between pairs, its sections' header repeated.
    expect(budget.print.breaks.length).toBeGreaterThan(0);
    const sheet = exportedSheet(book, '予算');
    expect(sheet.pageLayout.horizontalPageBreaks).toEqual(budget.print.breaks);
    // The rows the xlsx export breaks above, the same for the same model.
    expect(readBack(sheet).rowBreaks).toEqual(layoutSheet(models[3]!).print.breaks);
    expect(sheet.pageLayout.printTitleRows).toBe(budget.print.titleRows);
    expect(budget.print.titleRows).not.toBe('$1:$2');
  });

  it('draws one chart per project with its 達成度 from the model and a 100% line', async () => {
    const book = new FakeWorkbook();
    await exportAll(book);
    const { charts } = exportedSheet(book, '進捗状況');
    const projects = projectAchievements(models[0]!).filter((p) => p.kpis.some((k) => k.percent !== null));
    expect(charts).toHaveLength(projects.length);
    projects.forEach((project, i) => {
      const chart = charts[i]!;
      expect(chart.title).toBe(`${project.heading} KPI達成度`);
      expect(chart.type).toBe('ColumnClustered');
      const [bars, line] = chart.series;
      expect(bars).toMatchObject({ name: CHART_HEADERS[1], hasDataLabels: true });
      expect(bars!.categories).toEqual(project.kpis.map((k) => k.name));
      expect(bars!.values).toEqual(project.kpis.map((k) => (k.percent === null ? '' : Number(k.percent))));
      expect(line).toMatchObject({ name: CHART_HEADERS[2], chartType: 'Line', line: { lineStyle: 'Dash' } });
      expect(line!.values).toEqual(project.kpis.map(() => TARGET_PERCENT));
    });
  });

  it('numbers the new sheet when the workbook has one of that name, and leaves the old one alone', async () => {
    const book = new FakeWorkbook();
    book.addSheet('進捗状況').edit(0, 0).value = '去年の表';
    const result = await writeExport(fakeExcelRun(book), [planSheet(models[0]!)]);
    expect(result).toEqual({ status: 'written', sheetNames: ['進捗状況 (2)'] });
    expect(book.mustSheet('進捗状況').cell(0, 0).value).toBe('去年の表');
    // The 別紙2 label on the first row (on the right), the title under it.
    expect(book.mustSheet('進捗状況 (2)').cell(0, 0).value).toBe(models[0]!.frame?.label);
    expect(book.mustSheet('進捗状況 (2)').cell(1, 0).value).toBe(models[0]!.title);
  });

  it('a cancel before writing leaves the workbook as it was, after one sync', async () => {
    const book = new FakeWorkbook();
    const controller = new AbortController();
    controller.abort();
    expect(await exportAll(book, { signal: controller.signal })).toEqual({ status: 'cancelled' });
    expect(book.sheets.map((s) => s.name)).toEqual(['Sheet1']);
    expect(book.syncCount).toBe(1);
  });

  it('a cancel after the tables are written deletes the new sheets before any chart is drawn', async () => {
    const book = new FakeWorkbook();
    const controller = new AbortController();
    const steps: number[] = [];
    const result = await exportAll(book, {
      signal: controller.signal,
      onProgress: (done, total) => {
        steps.push(done, total);
        if (done === 2) controller.abort();
      },
    });
    expect(result).toEqual({ status: 'cancelled' });
    expect(steps).toEqual([1, 3, 2, 3]);
    expect(book.sheets.map((s) => s.name)).toEqual(['Sheet1']);
    expect(book.syncCount).toBe(3);
  });

  it('a failing batch removes every sheet it added and reports the error', async () => {
    const book = new FakeWorkbook();
    const plans = models.map(planSheet);
    // Two merges over one area: Excel refuses the second, part way through the batch.
    plans[1]!.merges.push(plans[1]!.merges[0]!);
    await expect(writeExport(fakeExcelRun(book), plans)).rejects.toThrow(/overlaps a merged area/);
    expect(book.sheets.map((s) => s.name)).toEqual(['Sheet1']);
  });

  it('keeps every request of a 15,000-row table under Excel on the web’s 5 MB', async () => {
    const model = projectLikeModel();
    const block = model.blocks[0]!;
    model.blocks = Array.from({ length: 1400 }, (_, i) => ({ ...block, id: `project-p${i}` }));
    const plan = planSheet(model);
    expect(plan.rows).toBeGreaterThan(15_000);
    const book = new FakeWorkbook();
    const result = await writeExport(fakeExcelRun(book), [plan]);
    expect(result.status).toBe('written');
    expect(book.syncCount).toBeGreaterThan(3);
    for (const sync of book.syncs) expect(sync.bytes).toBeLessThan(5_000_000);
    expect(sheetDifferences(readBack(exportedSheet(book, '進捗状況')), model)).toEqual([]);
  }, 60_000);
});
