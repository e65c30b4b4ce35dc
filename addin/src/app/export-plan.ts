import {
  footnoteLine,
  lineHeight,
  modelColumns,
  printBlocks,
  SHEET_NAMES,
  wrappedLines,
  wrapsIn,
} from '../../../shared/render/layout.ts';
import { formatShows } from '../../../shared/render/number-format.ts';
import { repeatedRows } from '../../../shared/render/xlsx-sheet.ts';
import { DEFAULT_FONT } from '../../../shared/render/xlsx-styles.ts';
import { resolveBlock } from '../../../shared/tables/grid.ts';
import type { TableBlock, TableCell, TableKind, TableModel } from '../../../shared/tables/types.ts';
import { address } from './columns.ts';
import { type ChartsPlan, planCharts } from './export-chart.ts';
import {
  type FormatGroup,
  formatGroups,
  type Look,
  type Rect,
  rectAddress,
  rowHeightGroups,
} from './export-format.ts';

/**
 * The coordinator's export into the open workbook, as data: for each table model (the same JSON
 * the worker's export route sends) the whole sheet as 2-D arrays of values and number formats, the
 * merged areas, the formats as range groups, the print setup and the 達成度 charts. The rows are
 * the xlsx export's (shared/render/xlsx-sheet.ts): title, subtitle, then per block an empty row,
 * the heading, the grid (coordinates from shared/tables/grid.ts) and its footnotes, then the
 * table's footnotes. A figure is written as a number only when its number format shows the printed
 * text to the letter, as the xlsx writer decides; everything else is text ('@').
 */

export const FONT_SIZE = 10;
const HEADER_FILL = '#F2F2F2';
const LABEL_FILL = '#F9F9F9';
/** Excel refuses a row taller than this many points. */
const MAX_ROW_HEIGHT = 409;

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
  font: { name: string; size: number };
  formats: FormatGroup[];
  rowHeights: FormatGroup[];
  /** Points. */
  columnWidths: number[];
  print: PrintPlan;
  charts: ChartsPlan;
}

type LineKind = 'title' | 'subtitle' | 'heading' | 'footnote';

/** An xlsx column is `w + 1` characters (shared/render/xlsx-sheet.ts); a character is 7 px, 5 px padding. */
export const columnPoints = (width: number): number => (((width + 1) * 7 + 5) * 3) / 4;

function lineLook(kind: LineKind): Look {
  return {
    bold: kind === 'title' || kind === 'heading',
    underline: false,
    size:
      kind === 'title'
        ? FONT_SIZE + 3
        : kind === 'heading'
          ? FONT_SIZE + 1
          : kind === 'footnote'
            ? FONT_SIZE - 1
            : FONT_SIZE,
    fill: null,
    horizontal: null,
    vertical: kind === 'footnote' ? 'Top' : kind === 'heading' ? 'Bottom' : 'Center',
    wrap: kind === 'footnote',
    border: false,
  };
}

const ALIGN = { left: 'Left', center: 'Center', right: 'Right' } as const;

function cellLook(cell: TableCell, wrap: boolean): Look {
  const header = cell.role === 'header' || cell.role === 'title';
  return {
    bold: header,
    underline: cell.underline === true,
    size: cell.role === 'note' ? FONT_SIZE - 1 : FONT_SIZE,
    fill: header ? HEADER_FILL : cell.role === 'label' ? LABEL_FILL : null,
    horizontal: ALIGN[cell.align ?? (header ? 'center' : cell.role === 'value' ? 'right' : 'left')],
    vertical: cell.role === 'text' ? 'Top' : 'Center',
    wrap,
    border: true,
  };
}

class SheetBuilder {
  readonly values: (string | number)[][] = [];
  readonly numberFormats: string[][] = [];
  readonly looks: (Look | null)[][] = [];
  readonly heights: number[] = [];
  readonly merges: Rect[] = [];
  readonly blockTops = new Map<string, number>();
  readonly #columns: number;
  readonly #widthUpTo: number[] = [0];
  readonly #line = lineHeight(FONT_SIZE);

  constructor(widths: number[]) {
    this.#columns = widths.length;
    for (const w of widths) this.#widthUpTo.push((this.#widthUpTo[this.#widthUpTo.length - 1] ?? 0) + w);
  }

  readonly #looks = new Map<string, Look>();

  /** Equal looks become one object, so format grouping works per look rather than per position. */
  #intern(look: Look): Look {
    const key = JSON.stringify(look);
    const known = this.#looks.get(key);
    if (known) return known;
    this.#looks.set(key, look);
    return look;
  }

  #addRows(n: number): number {
    const top = this.values.length;
    for (let i = 0; i < n; i++) {
      this.values.push(new Array<string | number>(this.#columns).fill(''));
      this.numberFormats.push(new Array<string>(this.#columns).fill('@'));
      this.looks.push(new Array<Look | null>(this.#columns).fill(null));
      this.heights.push(this.#line);
    }
    return top;
  }

  skip(): void {
    this.#addRows(1);
  }

  /** A line outside the grid, merged across the sheet (a footnote wraps in it). */
  line(text: string, kind: LineKind): void {
    const r = this.#addRows(1);
    this.values[r]![0] = text;
    this.looks[r]!.fill(this.#intern(lineLook(kind)));
    if (this.#columns > 1) this.merges.push({ row: r, col: 0, rows: 1, cols: this.#columns });
    const total = this.#widthUpTo[this.#columns] ?? 0;
    const lines = kind === 'footnote' ? wrappedLines(text, total) : 1;
    this.heights[r] = Math.max(lines * this.#line, this.#line * (kind === 'title' ? 1.4 : 1));
  }

  block(block: TableBlock): void {
    this.blockTops.set(block.id, this.values.length);
    if (block.heading) this.line(block.heading, 'heading');
    const layout = resolveBlock(block);
    const top = this.#addRows(layout.rows);
    for (const { cell, row, col, rowSpan, colSpan } of layout.cells) {
      const lastRow = Math.min(row + rowSpan, layout.rows);
      const lastCol = Math.min(col + colSpan, this.#columns);
      if (col >= this.#columns) continue;
      const spanWidth = (this.#widthUpTo[lastCol] ?? 0) - (this.#widthUpTo[col] ?? 0);
      const wrap = wrapsIn(cell, spanWidth);
      const asNumber = cell.number !== undefined && formatShows(cell.number, cell.numberFormat, cell.text);
      // The decimal string becomes the double Excel itself would read from the xlsx: no arithmetic.
      this.values[top + row]![col] = asNumber ? Number(cell.number) : cell.text;
      this.numberFormats[top + row]![col] = asNumber ? (cell.numberFormat ?? 'General') : '@';
      const look = this.#intern(cellLook(cell, wrap));
      for (let r = row; r < lastRow; r++) this.looks[top + r]!.fill(look, col, lastCol);
      if (lastRow - row > 1 || lastCol - col > 1)
        this.merges.push({ row: top + row, col, rows: lastRow - row, cols: lastCol - col });
      if (wrap) {
        // Excel grows no row for wrapped text in a merged cell: give the rows the height it needs.
        const needed = (wrappedLines(cell.text, spanWidth) * this.#line) / (lastRow - row);
        for (let r = top + row; r < top + lastRow; r++) this.heights[r] = Math.max(this.heights[r]!, needed);
      }
    }
    for (const note of block.footnotes) this.line(footnoteLine(note), 'footnote');
  }
}

/**
 * Merges as Excel calls: one-row merges over the same columns in consecutive rows become one
 * `merge(true)` (the title lines, a run of footnotes, 事業概要 and 主な取組), the rest one each.
 */
function mergePlans(merges: Rect[]): MergePlan[] {
  const plans: MergePlan[] = [];
  const runs = new Map<string, Rect[]>();
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

export function planSheet(model: TableModel): SheetExportPlan {
  const columns = modelColumns(model);
  const widths = Array.from({ length: columns }, (_, i) => model.columnWidths[i] ?? 10);
  const sheet = new SheetBuilder(widths);
  sheet.line(model.title, 'title');
  if (model.subtitle) sheet.line(model.subtitle, 'subtitle');
  for (const block of printBlocks(model)) {
    sheet.skip();
    sheet.block(block);
  }
  if (model.footnotes.length > 0) sheet.skip();
  for (const note of model.footnotes) sheet.line(footnoteLine(note), 'footnote');
  const rows = sheet.values.length;
  const heights = sheet.heights.map((h) => Math.min(MAX_ROW_HEIGHT, Math.ceil(h * 4) / 4));
  return {
    kind: model.kind,
    baseName: SHEET_NAMES[model.kind],
    rows,
    columns,
    values: sheet.values,
    numberFormats: sheet.numberFormats,
    merges: mergePlans(sheet.merges),
    font: { name: DEFAULT_FONT, size: FONT_SIZE },
    formats: formatGroups(sheet.looks, columns, FONT_SIZE),
    rowHeights: rowHeightGroups(heights),
    columnWidths: widths.map(columnPoints),
    print: { titleRows: `$1:$${repeatedRows(model)}`, area: address(0, 0, rows, columns) },
    charts: planCharts(model, { columns, blockTops: sheet.blockTops, heights, fontSize: FONT_SIZE }),
  };
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
