import type { FakeContext, FakeSheetHandle } from './fake-excel.ts';
import { fakeRangeFormat, mergeRange } from './fake-export.ts';
import { FakeExcelError, type FakeSheet, mustParse, notLoaded } from './fake-workbook.ts';

/** Range of the fake Excel (fake-excel.ts): 2-D writes checked against the range's size and the sheet's protection. */
type CellProps = {
  format?: {
    fill?: { color?: string };
    font?: { bold?: boolean; color?: string };
    protection?: { locked?: boolean };
    wrapText?: boolean;
    columnWidth?: number;
  };
};

export class FakeRange {
  readonly a1: string;
  readonly #ctx: FakeContext;
  readonly #sheet: FakeSheetHandle;
  #values: (string | number | boolean)[][] | undefined;
  readonly dataValidation;
  /** Formats and merges of the workbook export (fake-export.ts). */
  readonly format;
  constructor(ctx: FakeContext, sheet: FakeSheetHandle, a1: string) {
    this.#ctx = ctx;
    this.#sheet = sheet;
    this.a1 = a1;
    this.format = fakeRangeFormat(ctx, sheet, a1);
    const rule = (key: string) => (value: unknown) =>
      this.#write({ op: `validation.${key}`, a: a1, value }, false, (s) => {
        s.validations.push({ address: a1, [key]: value });
      });
    this.dataValidation = {
      clear: () =>
        this.#write({ op: 'validation.clear', a: a1 }, false, (s) => {
          const kept = s.validations.filter((v) => v.address !== a1);
          s.validations.splice(0, s.validations.length, ...kept);
        }),
      set rule(v: unknown) {
        rule('rule')(v);
      },
      set prompt(v: unknown) {
        rule('prompt')(v);
      },
      set errorAlert(v: unknown) {
        rule('errorAlert')(v);
      },
    };
  }

  #write(json: unknown, guarded: boolean, f: (s: FakeSheet) => void): void {
    this.#ctx.queue(json, () => {
      const s = this.#sheet.must();
      if (guarded) s.assertWritable(this.a1);
      f(s);
    });
  }

  #each2d<T>(
    data: T[][],
    f: (s: FakeSheet, row: number, col: number, item: T) => void,
  ): (s: FakeSheet) => void {
    const r = mustParse(this.a1);
    return (s) => {
      if (data.length !== r.rows || data.some((row) => row.length !== r.cols))
        throw new FakeExcelError('InvalidArgument', `The array does not match the size of ${this.a1}.`);
      data.forEach((row, i) => {
        row.forEach((item, j) => {
          f(s, r.row + i, r.col + j, item);
        });
      });
    };
  }

  set values(data: (string | number | boolean)[][]) {
    const apply = this.#each2d(data, (s, row, col, v) => {
      s.edit(row, col).value = v;
    });
    this.#write({ op: 'values', a: this.a1, data }, true, (s) => {
      apply(s);
      this.#ctx.book.fireChanged(s, this.a1, 'ThisLocalAddin', 'Local');
    });
  }
  get values(): (string | number | boolean)[][] {
    return this.#values ?? notLoaded('Range.values');
  }
  set numberFormat(data: string[][]) {
    this.#write(
      { op: 'numberFormat', a: this.a1, data },
      true,
      this.#each2d(data, (s, row, col, f) => {
        s.edit(row, col).numberFormat = f;
      }),
    );
  }
  set columnHidden(hidden: boolean) {
    const r = mustParse(this.a1);
    this.#write({ op: 'columnHidden', a: this.a1, hidden }, false, (s) => {
      for (let c = r.col; c < r.col + r.cols; c++)
        hidden ? s.hiddenColumns.add(c) : s.hiddenColumns.delete(c);
    });
  }
  setCellProperties(data: CellProps[][]): void {
    this.#write(
      { op: 'setCellProperties', a: this.a1, data },
      true,
      this.#each2d(data, (s, row, col, p) => applyProps(s, row, col, p)),
    );
  }
  setColumnProperties(data: (CellProps & { columnIndex?: number })[]): void {
    const r = mustParse(this.a1);
    this.#write({ op: 'setColumnProperties', a: this.a1, data }, true, (s) => {
      data.forEach((p, k) => {
        const col = r.col + (p.columnIndex ?? k);
        if (p.format?.columnWidth !== undefined) s.columnWidths.set(col, p.format.columnWidth);
        for (let row = r.row; row < r.row + r.rows; row++) applyProps(s, row, col, p);
      });
    });
  }
  merge(across = false): void {
    mergeRange(this.#ctx, this.#sheet, this.a1, across);
  }
  select(): void {
    this.#write({ op: 'select', a: this.a1 }, false, (s) => {
      this.#ctx.book.selection = { sheet: s.name, address: this.a1 };
    });
  }
  load(_props?: string | string[]): this {
    this.#ctx.queue({ op: 'load', a: this.a1 }, () => {
      this.#values = this.#sheet.must().values(this.a1);
    });
    return this;
  }
}

function applyProps(s: FakeSheet, row: number, col: number, p: CellProps): void {
  const f = p.format;
  if (!f) return;
  const cell = s.edit(row, col);
  if (f.fill?.color !== undefined) cell.fill = f.fill.color;
  if (f.font?.bold !== undefined) cell.bold = f.font.bold;
  if (f.font?.color !== undefined) cell.fontColor = f.font.color;
  if (f.protection?.locked !== undefined) cell.locked = f.protection.locked;
  if (f.wrapText !== undefined) cell.wrap = f.wrapText;
}
