import { address } from './columns.ts';

/**
 * Formats of an exported table as few range groups: every position gets a look, and each distinct
 * setting (bold, a fill colour, an alignment…) becomes one list of rectangles, sent to Excel as
 * one `Worksheet.getRanges("A1:F2,B5:B9")` call. A 300-project table is then a few dozen commands,
 * not one per cell.
 */

export interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export const rectAddress = (r: Rect): string => address(r.row, r.col, r.rows, r.cols);

/** What one position of the sheet looks like; `null` for positions that keep Excel's defaults. */
export interface Look {
  bold: boolean;
  underline: boolean;
  /** Font size in points. */
  size: number;
  /** '#RRGGBB', or null for no fill. */
  fill: string | null;
  horizontal: 'Left' | 'Center' | 'Right' | null;
  vertical: 'Top' | 'Center' | 'Bottom';
  wrap: boolean;
  /** Framed with thin lines, as every position of a table block is. */
  border: boolean;
}

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

/** Each attribute's setting for a look, or null where Excel's default (or the sheet's base font) holds. */
const ATTRIBUTES: ((look: Look, baseSize: number) => FormatSetting | null)[] = [
  (l) => (l.bold ? { kind: 'bold' } : null),
  (l) => (l.underline ? { kind: 'underline' } : null),
  (l, base) => (l.size !== base ? { kind: 'size', size: l.size } : null),
  (l) => (l.fill ? { kind: 'fill', color: l.fill } : null),
  (l) => (l.horizontal ? { kind: 'horizontal', value: l.horizontal } : null),
  (l) => (l.vertical !== 'Bottom' ? { kind: 'vertical', value: l.vertical } : null),
  (l) => (l.wrap ? { kind: 'wrap' } : null),
  (l) => (l.border ? { kind: 'border' } : null),
];

/** The format groups of a sheet: one per distinct setting, in a fixed order. */
export function formatGroups(looks: (Look | null)[][], columns: number, baseSize: number): FormatGroup[] {
  const groups: FormatGroup[] = [];
  for (const attribute of ATTRIBUTES) {
    const settings = new Map<string, FormatSetting>();
    // Positions share Look objects (a merged area, a line, equal cells): one key per object.
    const keyOf = new Map<Look, string | null>();
    const keys = looks.map((row) =>
      row.map((look) => {
        if (!look) return null;
        let key = keyOf.get(look);
        if (key === undefined) {
          const s = attribute(look, baseSize);
          key = s ? JSON.stringify(s) : null;
          if (s && key) settings.set(key, s);
          keyOf.set(look, key);
        }
        return key;
      }),
    );
    for (const [key, setting] of settings) {
      const rects = rectangles(looks.length, columns, (r, c) => keys[r]?.[c] === key);
      groups.push({ setting, areas: areaLists(rects) });
    }
  }
  return groups;
}

/** Rows of equal height as groups over column A (setting a row height on any cell sets the row's). */
export function rowHeightGroups(heights: number[]): FormatGroup[] {
  const distinct = [...new Set(heights)].sort((a, b) => a - b);
  return distinct.map((height) => ({
    setting: { kind: 'rowHeight', height },
    areas: areaLists(rectangles(heights.length, 1, (r) => heights[r] === height)),
  }));
}
