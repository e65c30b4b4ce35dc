import { address } from '../src/app/columns.ts';
import type { FakeContext, FakeSheetHandle } from './fake-excel.ts';
import { FakeExcelError, type FakeSheet, mustParse } from './fake-workbook.ts';

/**
 * The parts of Office.js the export into the workbook uses, for the fake Excel: range formats
 * (also on `getRanges` areas), merges, page layout, gridlines and charts. What they write is kept
 * per sheet in an ExportState, so tests can compare the sheet with the table model cell by cell.
 * Like Excel, a merge keeps only the top-left value and refuses to overlap another merge.
 */
export interface CellLook {
  underline?: boolean;
  fontName?: string;
  size?: number;
  horizontal?: string;
  vertical?: string;
  /** Border item → line style, e.g. { EdgeTop: 'Continuous' }. */
  borders?: Record<string, string>;
}

export interface FakeSeries {
  name: string;
  categories: (string | number | boolean)[];
  values: (string | number | boolean)[];
  chartType: string;
  hasDataLabels: boolean;
  markerStyle: string | null;
  line: { color?: string; lineStyle?: string };
}

export interface FakeChart {
  type: string;
  source: string;
  seriesBy: string;
  name: string;
  title: string;
  from: string | null;
  to: string | null;
  legend: string | null;
  valueAxis: { numberFormat?: string };
  series: FakeSeries[];
}

export interface PageSetup {
  orientation?: string;
  paperSize?: string;
  zoom?: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
  centerHorizontally?: boolean;
  margins?: { unit: string } & Record<string, number | string>;
  printTitleRows?: string;
  printArea?: string;
  centerFooter?: string;
  /** `Worksheet.horizontalPageBreaks`: the top-left cells of the ranges added, in order. */
  horizontalPageBreaks?: string[];
}

export interface ExportState {
  /** Merged areas, one per merge (a `merge(true)` over two rows records two). */
  merges: string[];
  /** Positions inside a merged area ('row,col'). */
  merged: Set<string>;
  looks: Map<string, CellLook>;
  rowHeights: Map<number, number>;
  pageLayout: PageSetup;
  charts: FakeChart[];
  showGridlines: boolean;
}

const states = new WeakMap<FakeSheet, ExportState>();

export function exportState(sheet: FakeSheet): ExportState {
  let s = states.get(sheet);
  if (!s) {
    s = {
      merges: [],
      merged: new Set(),
      looks: new Map(),
      rowHeights: new Map(),
      pageLayout: {},
      charts: [],
      showGridlines: true,
    };
    states.set(sheet, s);
  }
  return s;
}

type Area = ReturnType<typeof mustParse>;

function areasOf(list: string): Area[] {
  const parts = list.split(/[,;]/).map((a) => a.trim());
  if (parts.some((a) => a === '')) throw new FakeExcelError('InvalidArgument', `bad address list ${list}`);
  return parts.map(mustParse);
}

function eachCell(areas: Area[], f: (row: number, col: number) => void): void {
  for (const a of areas)
    for (let r = a.row; r < a.row + a.rows; r++) for (let c = a.col; c < a.col + a.cols; c++) f(r, c);
}

function look(s: FakeSheet, row: number, col: number): CellLook {
  const looks = exportState(s).looks;
  const key = `${row},${col}`;
  let l = looks.get(key);
  if (!l) {
    l = {};
    looks.set(key, l);
  }
  return l;
}

/** `Range.format` / `RangeAreas.format` over one or more areas. */
export function fakeRangeFormat(ctx: FakeContext, sheet: FakeSheetHandle, list: string) {
  const areas = areasOf(list);
  const set = (op: string, value: unknown, f: (s: FakeSheet, row: number, col: number) => void) =>
    ctx.queue({ op: `format.${op}`, a: list, value }, () => {
      const s = sheet.must();
      eachCell(areas, (r, c) => f(s, r, c));
    });
  return {
    font: {
      set bold(v: boolean) {
        set('font.bold', v, (s, r, c) => {
          s.edit(r, c).bold = v;
        });
      },
      set underline(v: string) {
        set('font.underline', v, (s, r, c) => {
          look(s, r, c).underline = v !== 'None';
        });
      },
      set name(v: string) {
        set('font.name', v, (s, r, c) => {
          look(s, r, c).fontName = v;
        });
      },
      set size(v: number) {
        set('font.size', v, (s, r, c) => {
          look(s, r, c).size = v;
        });
      },
    },
    fill: {
      set color(v: string) {
        set('fill.color', v, (s, r, c) => {
          s.edit(r, c).fill = v;
        });
      },
    },
    set wrapText(v: boolean) {
      set('wrapText', v, (s, r, c) => {
        s.edit(r, c).wrap = v;
      });
    },
    set horizontalAlignment(v: string) {
      set('horizontalAlignment', v, (s, r, c) => {
        look(s, r, c).horizontal = v;
      });
    },
    set verticalAlignment(v: string) {
      set('verticalAlignment', v, (s, r, c) => {
        look(s, r, c).vertical = v;
      });
    },
    set rowHeight(v: number) {
      set('rowHeight', v, (s, r) => exportState(s).rowHeights.set(r, v));
    },
    set columnWidth(v: number) {
      set('columnWidth', v, (s, _r, c) => s.columnWidths.set(c, v));
    },
    borders: {
      getItem: (item: string) => ({
        set style(v: string) {
          set(`border.${item}.style`, v, (s, r, c) => {
            const l = look(s, r, c);
            l.borders = { ...l.borders, [item]: v };
          });
        },
        set weight(v: string) {
          set(`border.${item}.weight`, v, () => undefined);
        },
        set color(v: string) {
          set(`border.${item}.color`, v, () => undefined);
        },
      }),
    },
  };
}

/** `Worksheet.getRanges("A1:B2,C5")`. */
export function fakeRangeAreas(ctx: FakeContext, sheet: FakeSheetHandle, list: string) {
  return { address: list, format: fakeRangeFormat(ctx, sheet, list) };
}

/** `Range.merge(across)`: like Excel, keeps the top-left value of each merged area. */
export function mergeRange(ctx: FakeContext, sheet: FakeSheetHandle, a1: string, across: boolean): void {
  const area = mustParse(a1);
  ctx.queue({ op: 'merge', a: a1, across }, () => {
    const s = sheet.must();
    const state = exportState(s);
    const merged = across
      ? Array.from({ length: area.rows }, (_, i) => ({ ...area, row: area.row + i, rows: 1 }))
      : [area];
    for (const m of merged) {
      let overlaps = false;
      eachCell([m], (r, c) => {
        overlaps ||= state.merged.has(`${r},${c}`);
      });
      if (overlaps) throw new FakeExcelError('InvalidArgument', `${a1} overlaps a merged area.`);
      eachCell([m], (r, c) => {
        state.merged.add(`${r},${c}`);
        if (r !== m.row || c !== m.col) s.edit(r, c).value = '';
      });
      state.merges.push(address(m.row, m.col, m.rows, m.cols));
    }
  });
}

/** `Worksheet.horizontalPageBreaks` (ExcelApi 1.9): a break above the range's first row. */
export function fakeHorizontalPageBreaks(ctx: FakeContext, sheet: FakeSheetHandle) {
  return {
    add: (range: string) =>
      ctx.queue({ op: 'horizontalPageBreaks.add', a: range }, () => {
        const a = mustParse(range);
        const p = exportState(sheet.must()).pageLayout;
        p.horizontalPageBreaks = [...(p.horizontalPageBreaks ?? []), address(a.row, a.col)];
      }),
  };
}

/** `Worksheet.pageLayout` (ExcelApi 1.9). */
export function fakePageLayout(ctx: FakeContext, sheet: FakeSheetHandle) {
  const set = (op: string, value: unknown, f: (p: PageSetup) => void) =>
    ctx.queue({ op: `pageLayout.${op}`, value }, () => f(exportState(sheet.must()).pageLayout));
  return {
    set orientation(v: string) {
      set('orientation', v, (p) => {
        p.orientation = v;
      });
    },
    set paperSize(v: string) {
      set('paperSize', v, (p) => {
        p.paperSize = v;
      });
    },
    set zoom(v: PageSetup['zoom']) {
      set('zoom', v, (p) => {
        p.zoom = v;
      });
    },
    set centerHorizontally(v: boolean) {
      set('centerHorizontally', v, (p) => {
        p.centerHorizontally = v;
      });
    },
    setPrintMargins: (unit: string, margins: Record<string, number>) =>
      set('setPrintMargins', { unit, margins }, (p) => {
        p.margins = { unit, ...margins };
      }),
    setPrintTitleRows: (rows: string) =>
      set('setPrintTitleRows', rows, (p) => {
        if (!/^\$\d+:\$\d+$/.test(rows))
          throw new FakeExcelError('InvalidArgument', `bad title rows ${rows}`);
        p.printTitleRows = rows;
      }),
    setPrintArea: (area: string) =>
      set('setPrintArea', area, (p) => {
        mustParse(area);
        p.printArea = area;
      }),
    headersFooters: {
      defaultForAllPages: {
        set centerFooter(v: string) {
          set('centerFooter', v, (p) => {
            p.centerFooter = v;
          });
        },
      },
    },
  };
}
