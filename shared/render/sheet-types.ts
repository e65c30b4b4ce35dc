/**
 * A table laid out on a worksheet, as plain data (sheet-layout.ts makes it): every row with its
 * height, every cell at its position with its value and look, the merged areas, the column widths
 * and the print setup. Both spreadsheet writers render it — the xlsx file (xlsx-sheet.ts) and the
 * add-in's export into the open workbook — so neither decides anything about the layout. Positions
 * are 0-based rows and columns of the sheet.
 */

/** `label`: the 別紙 label above the title, on the right (`frame.label`). */
export type LineKind = 'label' | 'title' | 'subtitle' | 'heading' | 'footnote';

/** `header`: a leading row of a block's grid holding only header cells; `body`: the grid's others. */
export type RowKind = LineKind | 'gap' | 'header' | 'body';

export interface SheetRow {
  kind: RowKind;
  /**
   * Points, as every writer writes it and as pages are counted: what the row's text needs
   * (sheet-measure.ts), rounded up to whole pixels (rowPoints), at most MAX_ROW_HEIGHT.
   */
  height: number;
}

/** A rectangle of the sheet. */
export interface Area {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** How the positions of a cell's area look. Equal looks of one layout are one object. */
export interface CellLook {
  bold: boolean;
  underline: boolean;
  /** Font size in points. */
  size: number;
  /** 'RRGGBB', or null for no fill. */
  fill: string | null;
  /** null: the spreadsheet's general alignment (text left, numbers right). */
  horizontal: 'left' | 'center' | 'right' | null;
  vertical: 'top' | 'center' | 'bottom';
  wrap: boolean;
  /** Every position of the area framed with thin black lines. */
  border: boolean;
}

/** A cell anchored at its area's top-left position; an area of more than one position is merged. */
export interface SheetCell extends Area {
  /** As printed. */
  text: string;
  /** Set when the figure is stored as a number (a DecimalString, to be written as is), else text is. */
  number: string | undefined;
  /** Excel number format: the figure's own, or '@' (text) so nothing typed or stored is reinterpreted. */
  numberFormat: string;
  look: CellLook;
}

/** Where one block of the table lies: rows [start, end), its heading first when it has one. */
export interface SheetBlock {
  id: string;
  start: number;
  /** The first row of the block's grid (after the heading). */
  gridStart: number;
  /** Rows [gridStart, headerEnd) are the grid's leading header rows (none when headerEnd = gridStart). */
  headerEnd: number;
  /**
   * Rows [head.start, head.end): the block's column header (sheet-blocks.ts) — the KPI header row of
   * a project, a budget section's two header rows, the 新旧対照表's 変更後 | 変更前 with its two
   * column header rows (and the section rows between them); empty (start = end) when it has none.
   */
  head: { start: number; end: number };
  /**
   * Where the parts a page never splits begin: the first at `start` (heading, lead rows, head and
   * first unit together), then each further KPI row or budget pair. The last part runs to `end`.
   */
  units: number[];
  /** True: breaks between its parts even when it would fit on a page (a budget section). */
  flows: boolean;
  /** The row after the block's last row (its footnotes included). */
  end: number;
}

/** Excel's page setup, as the published reports are printed. */
export interface PageSetup {
  paper: 'A4';
  orientation: 'landscape' | 'portrait';
  /** Pages across and down the printout is scaled to; 0 down: as many as it takes. */
  fitToPages: { wide: number; tall: number };
  centerHorizontally: boolean;
  /** Inches. */
  margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
  /** Excel header/footer codes for the centre of the footer. */
  centerFooter: string;
}

export interface PrintLayout {
  page: PageSetup;
  /**
   * Rows [start, end) are printed at the top of every page after the one they are on (Excel's
   * print titles): the title lines (the 別紙 label above them marks the first page only, so it is
   * not among them); with one block, everything from the title down to its header; with blocks
   * that all share one header (the budget table's sections), that header.
   */
  titleRows: { start: number; end: number };
  /** What is printed, from A1: the table itself, nothing a writer puts beside it. */
  area: { rows: number; cols: number };
  /** The scale one page wide implies: the printable width over the sheet's, at most 1. */
  scale: number;
  /** Points of sheet rows one page holds: the printable height divided by the scale. */
  pageHeight: number;
  /** The rows that begin a new page (manual page breaks above them), ascending. */
  breaks: number[];
}

export interface SheetFont {
  name: string;
  /** Points. */
  size: number;
}

export interface SheetLayout {
  font: SheetFont;
  /** Points: the height of a row nothing is written in. */
  defaultRowHeight: number;
  /** Excel column widths in characters, one per column of the sheet. */
  columnWidths: number[];
  rows: SheetRow[];
  /** In reading order: by row, left to right. */
  cells: SheetCell[];
  /** The areas of the cells that cover more than one position, in the order of `cells`. */
  merges: Area[];
  /** The table's blocks in print order (the summary first). */
  blocks: SheetBlock[];
  showGridlines: boolean;
  print: PrintLayout;
}
