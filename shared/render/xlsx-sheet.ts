import type { PageSetup, SheetCell, SheetLayout } from './sheet-types.ts';
import type { StyleRegistry } from './xlsx-styles.ts';
import { cellAddress, escapeXml, XML_HEADER } from './xml.ts';

/**
 * One laid-out table (sheet-layout.ts) as worksheet XML, produced row by row so the compressor
 * never holds the sheet as one string. Every row the layout sizes is written with its height;
 * empty rows are left to the sheet's default.
 */
export function* worksheetXml(layout: SheetLayout, styles: StyleRegistry): Generator<string> {
  yield sheetHead(layout);
  yield* sheetRows(layout, styles);
  yield sheetTail(layout);
}

const NAMESPACES =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function sheetHead(layout: SheetLayout): string {
  const cols = layout.columnWidths
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
    .join('');
  const gridlines = layout.showGridlines ? '' : ' showGridLines="0"';
  return (
    `${XML_HEADER}<worksheet ${NAMESPACES}><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` +
    `<sheetViews><sheetView workbookViewId="0"${gridlines}/></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="${layout.defaultRowHeight}"/><cols>${cols}</cols><sheetData>`
  );
}

const textCell = (ref: string, style: number, value: string) =>
  `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;

/**
 * The rows in order, each with its cells by column. A merged area's other positions are written
 * too when it is framed: Excel draws a cell's border only around that cell.
 */
function* sheetRows(layout: SheetLayout, styles: StyleRegistry): Generator<string> {
  // Positions covered from a row above, by row: sparse arrays of cell XML by column.
  const below = new Map<number, string[]>();
  // Style ids follow first use, and the frame of covered positions is first used where the first
  // grid begins: registering it there keeps the ids, and so the files, as they have always been.
  const firstGrid = layout.blocks[0]?.gridStart;
  let next = 0;
  for (const [r, row] of layout.rows.entries()) {
    if (r === firstGrid) styles.covered();
    const line = below.get(r) ?? [];
    below.delete(r);
    for (let cell = layout.cells[next]; cell?.row === r; cell = layout.cells[++next])
      putCell(cell, line, below, styles);
    // The height as the layout rounded it (whole pixels), the one pages were cut for.
    if (row.kind !== 'gap')
      yield `<row r="${r + 1}" ht="${row.height}" customHeight="1">${line.join('')}</row>`;
  }
  if (firstGrid === layout.rows.length) styles.covered();
}

function putCell(cell: SheetCell, line: string[], below: Map<number, string[]>, styles: StyleRegistry): void {
  const ref = cellAddress(cell.row, cell.col);
  const style = styles.style(cell.look, cell.numberFormat);
  line[cell.col] =
    cell.number === undefined
      ? textCell(ref, style, cell.text)
      : `<c r="${ref}" s="${style}"><v>${cell.number}</v></c>`;
  if (!cell.look.border) return;
  const covered = styles.covered();
  for (let r = cell.row; r < cell.row + cell.rows; r++) {
    let target = line;
    if (r > cell.row) {
      target = below.get(r) ?? [];
      below.set(r, target);
    }
    for (let c = cell.col; c < cell.col + cell.cols; c++)
      if (r > cell.row || c > cell.col) target[c] = `<c r="${cellAddress(r, c)}" s="${covered}"/>`;
  }
}

/** Excel's paper size codes. */
const PAPER_SIZES: Readonly<Record<PageSetup['paper'], number>> = { A4: 9 };

function sheetTail(layout: SheetLayout): string {
  const merges = layout.merges.map(
    (m) =>
      `<mergeCell ref="${cellAddress(m.row, m.col)}:${cellAddress(m.row + m.rows - 1, m.col + m.cols - 1)}"/>`,
  );
  const page = layout.print.page;
  const m = page.margins;
  // A break's id is the 0-based row it goes above (the 1-based number of the row before it).
  const breaks = layout.print.breaks.map((r) => `<brk id="${r}" max="16383" man="1"/>`);
  return (
    '</sheetData>' +
    (merges.length > 0 ? `<mergeCells count="${merges.length}">${merges.join('')}</mergeCells>` : '') +
    (page.centerHorizontally ? '<printOptions horizontalCentered="1"/>' : '') +
    `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>` +
    `<pageSetup paperSize="${PAPER_SIZES[page.paper]}" orientation="${page.orientation}"` +
    ` fitToWidth="${page.fitToPages.wide}" fitToHeight="${page.fitToPages.tall}"/>` +
    `<headerFooter><oddFooter>${escapeXml(`&C${page.centerFooter}`)}</oddFooter></headerFooter>` +
    (breaks.length > 0
      ? `<rowBreaks count="${breaks.length}" manualBreakCount="${breaks.length}">${breaks.join('')}</rowBreaks>`
      : '') +
    '</worksheet>'
  );
}
