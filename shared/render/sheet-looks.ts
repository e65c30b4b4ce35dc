import type { TableCell } from '../tables/types.ts';
import type { CellLook, LineKind } from './sheet-types.ts';

/**
 * What the cells of an exported sheet look like, decided once for both writers: header cells bold
 * on grey, labels on a lighter grey, figures right-aligned, every grid position framed; titles and
 * headings larger and bold, footnotes smaller and wrapped, lines outside the grid unframed.
 */

export const HEADER_FILL = 'F2F2F2';
export const LABEL_FILL = 'F9F9F9';

/** Font size of a line relative to the sheet's font. */
const LINE_SIZE: Readonly<Record<LineKind, number>> = {
  label: 1,
  title: 3,
  subtitle: 0,
  heading: 1,
  footnote: -1,
};

/** Where a line outside the grid sits across the sheet: left, or on the right (`right`). */
export type LineAlign = 'left' | 'right';

/**
 * A line's look. The 別紙 label sits on the right of the page, above the title; a subtitle the
 * frame puts on the right (`（単位：千円）` above the budget table) too; every other line reads
 * from the left.
 */
export function lineLook(kind: LineKind, fontSize: number, align: LineAlign = 'left'): CellLook {
  return {
    bold: kind === 'title' || kind === 'heading',
    underline: false,
    size: fontSize + LINE_SIZE[kind],
    fill: null,
    horizontal: kind === 'label' || align === 'right' ? 'right' : null,
    // A heading sits on the grid below it; a footnote reads from its first line.
    vertical: kind === 'footnote' ? 'top' : kind === 'heading' ? 'bottom' : 'center',
    wrap: kind === 'footnote',
    border: false,
  };
}

/** A grid cell's look; `wrap` because the layout knows whether its text fits its span. */
export function gridLook(cell: TableCell, wrap: boolean, fontSize: number): CellLook {
  const header = cell.role === 'header' || cell.role === 'title';
  return {
    bold: header,
    underline: cell.underline === true,
    size: cell.role === 'note' ? fontSize - 1 : fontSize,
    fill: header ? HEADER_FILL : cell.role === 'label' ? LABEL_FILL : null,
    horizontal: cell.align ?? (header ? 'center' : cell.role === 'value' ? 'right' : 'left'),
    // A long text reads from the top of a tall row; figures and labels sit in its middle.
    vertical: cell.role === 'text' ? 'top' : 'center',
    wrap,
    border: true,
  };
}

/**
 * The looks of one sheet, each made once: equal looks are one object, so a writer maps each look
 * once (a style id, a format group) however many thousand positions carry it, and a cell's look
 * is found by the few fields it depends on rather than built again.
 */
export class SheetLooks {
  readonly #fontSize: number;
  readonly #byKey = new Map<string, CellLook>();
  readonly #equal = new Map<string, CellLook>();

  constructor(fontSize: number) {
    this.#fontSize = fontSize;
  }

  line(kind: LineKind, align: LineAlign = 'left'): CellLook {
    return this.#get(`${kind} ${align}`, () => lineLook(kind, this.#fontSize, align));
  }

  grid(cell: TableCell, wrap: boolean): CellLook {
    // Every field gridLook reads, and no other.
    const key = `${cell.role} ${cell.align} ${cell.underline === true} ${wrap}`;
    return this.#get(key, () => gridLook(cell, wrap, this.#fontSize));
  }

  /** `look` reading from the top: a cell cut by a page break prints its text on the first of its pages. */
  top(look: CellLook): CellLook {
    return this.#get(`top ${JSON.stringify(look)}`, () => ({ ...look, vertical: 'top' }));
  }

  #get(key: string, make: () => CellLook): CellLook {
    let look = this.#byKey.get(key);
    if (!look) {
      const made = make();
      const json = JSON.stringify(made);
      look = this.#equal.get(json) ?? made;
      this.#equal.set(json, look);
      this.#byKey.set(key, look);
    }
    return look;
  }
}
