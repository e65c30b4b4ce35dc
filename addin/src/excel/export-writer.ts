import type { PageSetup } from '../../../shared/render/sheet-types.ts';
import { address } from '../app/columns.ts';
import { planBatches, type WriteBatch } from '../app/export-batches.ts';
import type { ChartsPlan } from '../app/export-chart.ts';
import type { FormatGroup } from '../app/export-format.ts';
import { type PrintPlan, type SheetExportPlan, uniqueSheetNames } from '../app/export-plan.ts';
import type { ExcelRun } from './adapter.ts';

/**
 * The coordinator's export into the open workbook: the only code of it that touches Excel. The
 * plans come ready-made from app/export-plan.ts; each step is queued whole and sent with one
 * `context.sync()`: (1) look up the sheet names, (2) write every table — values and number formats
 * as whole 2-D arrays, merges, format groups, widths, heights, print setup and page breaks — one sync per ≤ 2 MB
 * batch (one for a city's four tables), (3) the 達成度 charts, and show the first new sheet.
 * Everything goes into new sheets; a cancel between steps, or a failure, deletes them again.
 */
export interface ExportWriteOptions {
  signal?: AbortSignal;
  /** Steps done of all steps (1 + batches + 1). */
  onProgress?: (done: number, total: number) => void;
}

export type ExportWriteResult = { status: 'written'; sheetNames: string[] } | { status: 'cancelled' };

/** Page layout, merges across areas and format groups need ExcelApi 1.9 (Excel 2021, 365, the web). */
export function workbookExportSupported(): boolean {
  if (typeof Office === 'undefined') return false;
  return Office.context?.requirements?.isSetSupported('ExcelApi', '1.9') ?? false;
}

const BORDER_ITEMS = [
  'EdgeTop',
  'EdgeBottom',
  'EdgeLeft',
  'EdgeRight',
  'InsideVertical',
  'InsideHorizontal',
] as const;

export async function writeExport(
  run: ExcelRun,
  plans: readonly SheetExportPlan[],
  options: ExportWriteOptions = {},
): Promise<ExportWriteResult> {
  const names: string[] = [];
  try {
    return await run((context) => writeSteps(context, plans, options, names));
  } catch (error) {
    // A failed batch may have run part way: remove whatever of ours it left, then report the failure.
    if (names.length > 0) await removeSheets(run, names).catch(() => undefined);
    throw error;
  }
}

/** The steps, one sync each; `names` gets the new sheets' names as soon as they are chosen. */
async function writeSteps(
  context: Excel.RequestContext,
  plans: readonly SheetExportPlan[],
  options: ExportWriteOptions,
  names: string[],
): Promise<ExportWriteResult> {
  const batches = planBatches(plans);
  const progress = (done: number) => options.onProgress?.(done, batches.length + 2);
  const worksheets = context.workbook.worksheets;
  worksheets.load('items/name');
  await context.sync();
  progress(1);
  if (options.signal?.aborted) return { status: 'cancelled' };
  names.push(
    ...uniqueSheetNames(
      plans.map((p) => p.baseName),
      worksheets.items.map((s) => s.name),
    ),
  );
  const added: Excel.Worksheet[] = [];
  const sheet = (i: number) => (added[i] ??= worksheets.add(names[i]!));
  for (const [b, batch] of batches.entries()) {
    queueBatch(batch, plans, sheet);
    await context.sync();
    progress(2 + b);
    if (options.signal?.aborted) return cancel(context, added);
  }
  plans.forEach((plan, i) => {
    queueCharts(sheet(i), plan.charts);
  });
  added[0]?.activate();
  await context.sync();
  progress(batches.length + 2);
  return { status: 'written', sheetNames: names };
}

async function cancel(context: Excel.RequestContext, added: Excel.Worksheet[]): Promise<ExportWriteResult> {
  for (const ws of added) ws.delete();
  await context.sync();
  return { status: 'cancelled' };
}

function queueBatch(
  batch: WriteBatch,
  plans: readonly SheetExportPlan[],
  sheet: (i: number) => Excel.Worksheet,
): void {
  for (const item of batch.items) {
    const plan = plans[item.sheet]!;
    const ws = sheet(item.sheet);
    if (item.kind === 'rows') {
      const range = ws.getRange(address(item.start, 0, item.end - item.start, plan.columns));
      // Formats first, so a text such as `1,234` or `=A1` is stored as the text it is.
      range.numberFormat = plan.numberFormats.slice(item.start, item.end);
      range.values = plan.values.slice(item.start, item.end);
    } else finishSheet(ws, plan);
  }
}

function finishSheet(ws: Excel.Worksheet, plan: SheetExportPlan): void {
  for (const m of plan.merges) ws.getRange(m.address).merge(m.across);
  const all = ws.getRange(address(0, 0, plan.rows, plan.columns)).format;
  all.font.name = plan.font.name;
  all.font.size = plan.font.size;
  for (const group of [...plan.formats, ...plan.rowHeights]) applyGroup(ws, group);
  plan.columnWidths.forEach((width, c) => {
    ws.getRange(address(0, c)).format.columnWidth = width;
  });
  ws.showGridlines = plan.showGridlines;
  setUpPages(ws.pageLayout, plan.page, plan.print);
  // The layout's page breaks (no block or budget pair split), in the same batch as the rest.
  for (const cell of plan.print.breaks) ws.horizontalPageBreaks.add(cell);
}

const ORIENTATIONS = { landscape: 'Landscape', portrait: 'Portrait' } as const;

function setUpPages(layout: Excel.PageLayout, page: PageSetup, print: PrintPlan): void {
  layout.orientation = ORIENTATIONS[page.orientation];
  layout.paperSize = page.paper;
  // 0 pages tall: as many as it takes.
  layout.zoom = { horizontalFitToPages: page.fitToPages.wide, verticalFitToPages: page.fitToPages.tall };
  layout.centerHorizontally = page.centerHorizontally;
  layout.setPrintMargins('Inches', page.margins);
  layout.setPrintTitleRows(print.titleRows);
  layout.setPrintArea(print.area);
  layout.headersFooters.defaultForAllPages.centerFooter = page.centerFooter;
}

function applyGroup(ws: Excel.Worksheet, group: FormatGroup): void {
  const s = group.setting;
  for (const areas of group.areas) {
    const format = ws.getRanges(areas).format;
    switch (s.kind) {
      case 'bold':
        format.font.bold = true;
        break;
      case 'underline':
        format.font.underline = 'Single';
        break;
      case 'size':
        format.font.size = s.size;
        break;
      case 'fill':
        format.fill.color = s.color;
        break;
      case 'horizontal':
        format.horizontalAlignment = s.value;
        break;
      case 'vertical':
        format.verticalAlignment = s.value;
        break;
      case 'wrap':
        format.wrapText = true;
        break;
      case 'border':
        for (const item of BORDER_ITEMS) {
          const border = format.borders.getItem(item);
          border.style = 'Continuous';
          border.weight = 'Thin';
          border.color = '#000000';
        }
        break;
      case 'rowHeight':
        format.rowHeight = s.height;
        break;
    }
  }
}

/** The chart data beside the table and a column chart with a 100% line per project. */
function queueCharts(ws: Excel.Worksheet, plan: ChartsPlan): void {
  const data = plan.data;
  if (!data) return;
  const range = ws.getRange(data.address);
  range.numberFormat = data.numberFormats;
  range.values = data.values;
  data.columnWidths.forEach((width, k) => {
    ws.getRange(address(0, data.firstColumn + k)).format.columnWidth = width;
  });
  for (const c of plan.charts) {
    const chart = ws.charts.add('ColumnClustered', ws.getRange(c.dataAddress), 'Columns');
    chart.title.text = c.title;
    chart.setPosition(c.from, c.to);
    chart.legend.position = 'Bottom';
    chart.axes.valueAxis.numberFormat = '0"%"';
    chart.series.getItemAt(0).hasDataLabels = true;
    const target = chart.series.getItemAt(1);
    target.chartType = 'Line';
    // A line needs two categories; a single KPI gets a dash marker at 100% instead.
    target.markerStyle = c.categories === 1 ? 'Dash' : 'None';
    target.format.line.color = '#C00000';
    target.format.line.lineStyle = 'Dash';
  }
}

/** Deletes the named sheets where they exist. Two syncs; used after a failure only. */
async function removeSheets(run: ExcelRun, names: readonly string[]): Promise<void> {
  await run(async (context) => {
    const found = names.map((n) => context.workbook.worksheets.getItemOrNullObject(n).load('isNullObject'));
    await context.sync();
    for (const ws of found) if (!ws.isNullObject) ws.delete();
    await context.sync();
  });
}
