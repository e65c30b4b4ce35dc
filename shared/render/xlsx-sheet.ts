import { resolveBlock } from '../tables/grid.ts';
import type { TableBlock, TableModel } from '../tables/types.ts';
import {
  footnoteLine,
  leadingHeaderRows,
  lineHeight,
  modelColumns,
  printBlocks,
  wrappedLines,
  wrapsIn,
} from './layout.ts';
import { formatShows } from './number-format.ts';
import type { LineKind, StyleRegistry } from './xlsx-styles.ts';
import { cellAddress, escapeXml, XML_HEADER } from './xml.ts';

/**
 * One table as a worksheet, produced row by row: the title lines, then per block an empty row, the
 * heading, the grid (merges as the model's spans say, every position framed) and its footnotes, then
 * the table's footnotes — the rows renderCsv writes, in the same places.
 */

/** The rows to repeat on every printed page: the title lines, and a single block's heading and header. */
export function repeatedRows(model: TableModel): number {
  const titleRows = model.subtitle ? 2 : 1;
  const blocks = printBlocks(model);
  const single = blocks.length === 1 ? blocks[0] : undefined;
  return single ? titleRows + 1 + (single.heading ? 1 : 0) + leadingHeaderRows(single) : titleRows;
}

const text = (ref: string, style: number, value: string) =>
  `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;

class SheetRows {
  readonly merges: string[] = [];
  row = 0;
  readonly #styles: StyleRegistry;
  readonly #widths: number[];
  readonly #lineHeight: number;

  /** widthUpTo[c]: the width of columns 0..c-1 together. */
  readonly #widthUpTo: number[];

  constructor(styles: StyleRegistry, widths: number[], fontSize: number) {
    this.#styles = styles;
    this.#widths = widths;
    this.#widthUpTo = [0];
    for (const w of widths) this.#widthUpTo.push((this.#widthUpTo[this.#widthUpTo.length - 1] ?? 0) + w);
    this.#lineHeight = lineHeight(fontSize);
  }

  #rowXml(row: number, height: number, cells: string): string {
    return `<row r="${row + 1}" ht="${Math.min(409, Math.ceil(height))}" customHeight="1">${cells}</row>`;
  }

  /** A line outside the grid, merged across the sheet, wrapped when it is a footnote. */
  line(value: string, kind: LineKind): string {
    const r = this.row++;
    const last = this.#widths.length - 1;
    if (last > 0) this.merges.push(`${cellAddress(r, 0)}:${cellAddress(r, last)}`);
    const total = this.#widths.reduce((a, b) => a + b, 0);
    const lines = kind === 'footnote' ? wrappedLines(value, total) : 1;
    const height = Math.max(lines * this.#lineHeight, this.#lineHeight * (kind === 'title' ? 1.4 : 1));
    return this.#rowXml(r, height, text(cellAddress(r, 0), this.#styles.line(kind), value));
  }

  skip(): void {
    this.row++;
  }

  block(block: TableBlock): string {
    const out: string[] = [];
    if (block.heading) out.push(this.line(block.heading, 'heading'));
    const top = this.row;
    const layout = resolveBlock(block);
    const grid: string[][] = Array.from({ length: layout.rows }, () => []);
    const heights = new Array<number>(layout.rows).fill(this.#lineHeight);
    const covered = this.#styles.covered();
    const widthUpTo = this.#widthUpTo;
    for (const placed of layout.cells) {
      const { cell, row, col, rowSpan, colSpan } = placed;
      const spanWidth = (widthUpTo[col + colSpan] ?? 0) - (widthUpTo[col] ?? 0);
      const wrap = wrapsIn(cell, spanWidth);
      // A figure is stored as a number when its format shows the printed text to the letter; `H29年度 7社`
      // is stored as text. The decimal string goes into the file as written: no binary float on the way.
      const asNumber = cell.number !== undefined && formatShows(cell.number, cell.numberFormat, cell.text);
      const style = this.#styles.cell(cell, wrap, asNumber);
      const ref = cellAddress(top + row, col);
      const line = grid[row];
      if (line)
        line[col] = asNumber
          ? `<c r="${ref}" s="${style}"><v>${cell.number}</v></c>`
          : text(ref, style, cell.text);
      for (let r = row; r < row + rowSpan; r++) {
        for (let c = col; c < col + colSpan; c++) {
          const target = grid[r];
          if (target && (r > row || c > col))
            target[c] = `<c r="${cellAddress(top + r, c)}" s="${covered}"/>`;
        }
      }
      if (rowSpan > 1 || colSpan > 1) {
        this.merges.push(`${ref}:${cellAddress(top + row + rowSpan - 1, col + colSpan - 1)}`);
      }
      if (wrap) {
        // Excel does not grow a row for wrapped text in a merged cell: give it the height it needs.
        const needed = (wrappedLines(cell.text, spanWidth) * this.#lineHeight) / rowSpan;
        for (let r = row; r < row + rowSpan && r < layout.rows; r++)
          heights[r] = Math.max(heights[r] ?? 0, needed);
      }
    }
    grid.forEach((cells, r) => {
      out.push(this.#rowXml(top + r, heights[r] ?? this.#lineHeight, cells.join('')));
    });
    this.row = top + layout.rows;
    for (const note of block.footnotes) out.push(this.line(footnoteLine(note), 'footnote'));
    return out.join('');
  }
}

/** The worksheet XML of one table, in pieces (a few blocks each) for the compressor. */
export function* worksheetXml(model: TableModel, styles: StyleRegistry, fontSize: number): Generator<string> {
  const columns = modelColumns(model);
  const widths = Array.from({ length: columns }, (_, i) => model.columnWidths[i] ?? 10);
  const cols = widths
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w + 1}" customWidth="1"/>`)
    .join('');
  yield `${XML_HEADER}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
    '<sheetViews><sheetView workbookViewId="0" showGridLines="0"/></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="${lineHeight(fontSize)}"/><cols>${cols}</cols><sheetData>`;

  const rows = new SheetRows(styles, widths, fontSize);
  yield rows.line(model.title, 'title');
  if (model.subtitle) yield rows.line(model.subtitle, 'subtitle');
  for (const block of printBlocks(model)) {
    rows.skip();
    yield rows.block(block);
  }
  if (model.footnotes.length > 0) rows.skip();
  for (const note of model.footnotes) yield rows.line(footnoteLine(note), 'footnote');

  const merges = rows.merges.map((ref) => `<mergeCell ref="${ref}"/>`).join('');
  yield '</sheetData>' +
    (rows.merges.length > 0 ? `<mergeCells count="${rows.merges.length}">${merges}</mergeCells>` : '') +
    '<printOptions horizontalCentered="1"/>' +
    '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>' +
    // A4 (9), landscape, one page wide and as many pages tall as it takes.
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>' +
    '<headerFooter><oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter>' +
    '</worksheet>';
}
