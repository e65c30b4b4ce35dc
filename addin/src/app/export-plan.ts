import { SHEET_NAMES } from '../../../shared/render/layout.ts';
import { layoutSheet } from '../../../shared/render/sheet-layout.ts';
import { columnPoints } from '../../../shared/render/sheet-measure.ts';
import type {
  Area,
  CellLook,
  PageSetup,
  SheetFont,
  SheetLayout,
} from '../../../shared/render/sheet-types.ts';
import type { TableKind, TableModel } from '../../../shared/tables/types.ts';
import { address } from './columns.ts';
import { type ChartsPlan, planCharts } from './export-chart.ts';
import { type FormatGroup, formatGroups, rectAddress, rowHeightGroups } from './export-format.ts';

/**
 * The coordinator's export into the open workbook, as data: for each table model (the same JSON
 * the worker's export route sends) its sheet layout — the one the xlsx export renders
 * (shared/render/sheet-layout.ts) — turned into what Excel calls take: the whole sheet as 2-D
 * arrays of values and number formats, the merges and formats as few range groups, the print
 * setup with the layout's page breaks, and the 達成度 charts beside the table. Nothing here
 * decides where a row, a merge, a look or a page break goes.
 */

export interface MergePlan {
  address: string;
  /** True: merge each row of the range on its own (a run of one-row merges over the same columns). */
  across: boolean;
}

export interface PrintPlan {
  /** `$1:$2`: the rows repeated on every printed page. */
  titleRows: string;
  /** The table itself: the chart data beside it is not printed. */
  area: string;
  /** `A31`: a manual page break above each of these rows (`horizontalPageBreaks.add`), as the xlsx has. */
  breaks: string[];
}

export interface SheetExportPlan {
  kind: TableKind;
  /** `進捗状況`: made unique against the workbook's sheets when written. */
  baseName: string;
  rows: number;
  columns: number;
  values: (string | number)[][];
  numberFormats: string[][];
  merges: MergePlan[];
  font: SheetFont;
  showGridlines: boolean;
  formats: FormatGroup[];
  rowHeights: FormatGroup[];
  /** Points. */
  columnWidths: number[];
  print: PrintPlan;
  page: PageSetup;
  charts: ChartsPlan;
}

export function planSheet(model: TableModel): SheetExportPlan {
  const layout = layoutSheet(model);
  const rows = layout.rows.length;
  const columns = layout.columnWidths.length;
  const { values, numberFormats, looks } = sheetArrays(layout);
  // Written as the layout rounded them, as the xlsx writes them: the heights its pages were cut for.
  const heights = layout.rows.map((row) => row.height);
  const blockTops = new Map(layout.blocks.map((b) => [b.id, b.start]));
  return {
    kind: model.kind,
    baseName: SHEET_NAMES[model.kind],
    rows,
    columns,
    values,
    numberFormats,
    merges: mergePlans(layout.merges),
    font: layout.font,
    showGridlines: layout.showGridlines,
    formats: formatGroups(looks, columns, layout.font.size),
    rowHeights: rowHeightGroups(heights),
    columnWidths: layout.columnWidths.map(columnPoints),
    print: {
      titleRows: `$${layout.print.titleRows.start + 1}:$${layout.print.titleRows.end}`,
      area: address(0, 0, layout.print.area.rows, layout.print.area.cols),
      breaks: layout.print.breaks.map((row) => address(row, 0)),
    },
    page: layout.print.page,
    charts: planCharts(model, { columns, blockTops, heights, fontSize: layout.font.size }),
  };
}

/**
 * The layout as whole-sheet arrays, written with one call each: a value and number format at each
 * cell's anchor ('@' elsewhere, so nothing typed later becomes a formula or a date), and the
 * cell's look over its whole area (formatting a merged range formats all of it).
 */
function sheetArrays(layout: SheetLayout) {
  const columns = layout.columnWidths.length;
  const values = layout.rows.map(() => new Array<string | number>(columns).fill(''));
  const numberFormats = layout.rows.map(() => new Array<string>(columns).fill('@'));
  const looks = layout.rows.map(() => new Array<CellLook | null>(columns).fill(null));
  for (const cell of layout.cells) {
    // The decimal string becomes the double Excel itself would read from the xlsx: no arithmetic.
    values[cell.row]![cell.col] = cell.number === undefined ? cell.text : Number(cell.number);
    numberFormats[cell.row]![cell.col] = cell.numberFormat;
    for (let r = cell.row; r < cell.row + cell.rows; r++)
      looks[r]!.fill(cell.look, cell.col, cell.col + cell.cols);
  }
  return { values, numberFormats, looks };
}

/**
 * Merges as Excel calls: one-row merges over the same columns in consecutive rows become one
 * `merge(true)` (the title lines, a run of footnotes, 事業概要 and 主な取組), the rest one each.
 */
function mergePlans(merges: readonly Area[]): MergePlan[] {
  const plans: MergePlan[] = [];
  const runs = new Map<string, Area[]>();
  for (const m of [...merges].sort((a, b) => a.row - b.row || a.col - b.col)) {
    if (m.rows > 1) {
      plans.push({ address: rectAddress(m), across: false });
      continue;
    }
    const key = `${m.col}:${m.cols}`;
    const list = runs.get(key) ?? [];
    const last = list[list.length - 1];
    if (last && last.row + last.rows === m.row) last.rows++;
    else list.push({ ...m });
    runs.set(key, list);
  }
  for (const list of runs.values())
    for (const r of list) plans.push({ address: rectAddress(r), across: r.rows > 1 });
  return plans;
}

const INVALID_NAME_CHARS = /[:\\/?*[\]]/g;
const MAX_NAME = 31;

/**
 * Sheet names for the new sheets: the Japanese table name, or `進捗状況 (2)`, `(3)`… when the
 * workbook has a sheet of that name (Excel compares names ignoring case), at most 31 characters.
 */
export function uniqueSheetNames(baseNames: readonly string[], existing: readonly string[]): string[] {
  const used = new Set(existing.map((n) => n.toLowerCase()));
  return baseNames.map((base) => {
    const clean = base.replace(INVALID_NAME_CHARS, '_').slice(0, MAX_NAME);
    let name = clean;
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = `${clean.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    }
    used.add(name.toLowerCase());
    return name;
  });
}
