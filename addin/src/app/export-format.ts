import type { Area, CellLook } from '../../../shared/render/sheet-types.ts';
import { address } from './columns.ts';

/**
 * Formats of an exported table as few range groups: every position gets a look, and each distinct
 * setting (bold, a fill colour, an alignment…) becomes one list of rectangles, sent to Excel as
 * one `Worksheet.getRanges("A1:F2,B5:B9")` call. A 300-project table is then a few dozen commands,
 * not one per cell.
 */

export type Rect = Area;

export const rectAddress = (r: Rect): string => address(r.row, r.col, r.rows, r.cols);

export type FormatSetting =
  | { kind: 'bold' }
  | { kind: 'underline' }
  | { kind: 'size'; size: number }
  | { kind: 'fill'; color: string }
  | { kind: 'horizontal'; value: 'Left' | 'Center' | 'Right' }
  | { kind: 'vertical'; value: 'Top' | 'Center' }
  | { kind: 'wrap' }
  | { kind: 'border' }
  | { kind: 'rowHeight'; height: number };

export interface FormatGroup {
  setting: FormatSetting;
  /** Comma-joined address lists for `Worksheet.getRanges`, each short enough for one call. */
  areas: string[];
}

/**
 * Excel accepts long address lists, but not unboundedly long ones: lists are cut at this many
 * characters (about 200 rectangles), which keeps one call per setting for ordinary tables.
 */
export const MAX_AREA_CHARS = 2000;

/**
 * Rectangles covering exactly the positions where `test` holds: runs of columns per row, stacked
 * while the next row has a run over the same columns.
 */
export function rectangles(rows: number, cols: number, test: (row: number, col: number) => boolean): Rect[] {
  const done: Rect[] = [];
  let open = new Map<string, Rect>();
  for (let r = 0; r < rows; r++) {
    const next = new Map<string, Rect>();
    let c = 0;
    while (c < cols) {
      if (!test(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < cols && test(r, c)) c++;
      const key = `${start}:${c}`;
      const above = open.get(key);
      if (above) {
        above.rows++;
        open.delete(key);
        next.set(key, above);
      } else next.set(key, { row: r, col: start, rows: 1, cols: c - start });
    }
    done.push(...open.values());
    open = next;
  }
  done.push(...open.values());
  return done.sort((a, b) => a.row - b.row || a.col - b.col);
}

/** Address lists of at most MAX_AREA_CHARS characters each. */
export function areaLists(rects: Rect[]): string[] {
  const lists: string[] = [];
  let current = '';
  for (const r of rects) {
    const a = rectAddress(r);
    if (current !== '' && current.length + 1 + a.length > MAX_AREA_CHARS) {
      lists.push(current);
      current = '';
    }
    current = current === '' ? a : `${current},${a}`;
  }
  if (current !== '') lists.push(current);
  return lists;
}

const HORIZONTAL = { left: 'Left', center: 'Center', right: 'Right' } as const;
const VERTICAL = { top: 'Top', center: 'Center' } as const;

/**
 * Each attribute's setting for a look (shared/render/sheet-looks.ts), in Office.js terms, or null
 * where Excel's default (or the sheet's base font) holds.
 */
const ATTRIBUTES: ((look: CellLook, baseSize: number) => FormatSetting | null)[] = [
  (l) => (l.bold ? { kind: 'bold' } : null),
  (l) => (l.underline ? { kind: 'underline' } : null),
  (l, base) => (l.size !== base ? { kind: 'size', size: l.size } : null),
  (l) => (l.fill ? { kind: 'fill', color: `#${l.fill}` } : null),
  (l) => (l.horizontal ? { kind: 'horizontal', value: HORIZONTAL[l.horizontal] } : null),
  (l) => (l.vertical !== 'bottom' ? { kind: 'vertical', value: VERTICAL[l.vertical] } : null),
  (l) => (l.wrap ? { kind: 'wrap' } : null),
  (l) => (l.border ? { kind: 'border' } : null),
];

/** The format groups of a sheet: one per distinct setting, in a fixed order. */
export function formatGroups(looks: (CellLook | null)[][], columns: number, baseSize: number): FormatGroup[] {
  const groups: FormatGroup[] = [];
  for (const attribute of ATTRIBUTES) {
    const { keys, settings } = settingKeys(looks, (look) => attribute(look, baseSize));
    for (const [key, setting] of settings) {
      const rects = rectangles(looks.length, columns, (r, c) => keys[r]?.[c] === key);
      groups.push({ setting, areas: areaLists(rects) });
    }
  }
  return groups;
}

/** Each position's setting of one attribute as a key, and the distinct settings by key. */
function settingKeys(looks: (CellLook | null)[][], settingOf: (look: CellLook) => FormatSetting | null) {
  const settings = new Map<string, FormatSetting>();
  // Positions share look objects (a merged area, a line, equal cells): one key per object.
  const keyOf = new Map<CellLook, string | null>();
  const keyFor = (look: CellLook): string | null => {
    let key = keyOf.get(look);
    if (key === undefined) {
      const s = settingOf(look);
      key = s ? JSON.stringify(s) : null;
      if (s && key) settings.set(key, s);
      keyOf.set(look, key);
    }
    return key;
  };
  const keys = looks.map((row) => row.map((look) => (look ? keyFor(look) : null)));
  return { keys, settings };
}

/** Rows of equal height as groups over column A (setting a row height on any cell sets the row's). */
export function rowHeightGroups(heights: number[]): FormatGroup[] {
  const distinct = [...new Set(heights)].sort((a, b) => a - b);
  return distinct.map((height) => ({
    setting: { kind: 'rowHeight', height },
    areas: areaLists(rectangles(heights.length, 1, (r) => heights[r] === height)),
  }));
}
