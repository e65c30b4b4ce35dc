import { type LineAlign, SheetLooks } from './sheet-looks.ts';
import { lineHeight, lineRowHeight } from './sheet-measure.ts';
import type { LineKind, RowKind, SheetCell, SheetFont, SheetRow } from './sheet-types.ts';

/**
 * A sheet being laid out top to bottom: rows appended, cells placed on them, rows raised to what
 * their cells' text needs. Widths are the table model's half-width units, the unit the height
 * estimate counts text in.
 */
export class SheetDraft {
  readonly rows: SheetRow[] = [];
  readonly cells: SheetCell[] = [];
  readonly looks: SheetLooks;
  readonly font: SheetFont;
  readonly columns: number;
  /** widthUpTo[c]: the width of columns 0..c-1 together. */
  readonly #widthUpTo: number[] = [0];

  constructor(widths: readonly number[], font: SheetFont) {
    this.font = font;
    this.looks = new SheetLooks(font.size);
    this.columns = widths.length;
    for (const w of widths) this.#widthUpTo.push((this.#widthUpTo[this.#widthUpTo.length - 1] ?? 0) + w);
  }

  /** Appends a row one line tall unless told otherwise; returns its index. */
  addRow(kind: RowKind, height = lineHeight(this.font.size)): number {
    return this.rows.push({ kind, height }) - 1;
  }

  /** The width of `cols` columns from `col`. */
  spanWidth(col: number, cols: number): number {
    return (this.#widthUpTo[col + cols] ?? 0) - (this.#widthUpTo[col] ?? 0);
  }

  place(cell: SheetCell): void {
    this.cells.push(cell);
  }

  /** Makes rows [row, row + rows) at least `height` points tall. */
  raise(row: number, rows: number, height: number): void {
    for (let r = row; r < row + rows; r++) {
      const target = this.rows[r];
      if (target) target.height = Math.max(target.height, height);
    }
  }

  /** A line outside the grid: one cell across the whole sheet, its text on the left or the right. */
  line(text: string, kind: LineKind, align: LineAlign = 'left'): void {
    const height = lineRowHeight(kind, text, this.spanWidth(0, this.columns), this.font.size);
    const row = this.addRow(kind, height);
    const look = this.looks.line(kind, align);
    this.place({
      row,
      col: 0,
      rows: 1,
      cols: this.columns,
      text,
      number: undefined,
      numberFormat: '@',
      look,
    });
  }
}
