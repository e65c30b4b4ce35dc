import { parse } from 'csv-parse/sync';
import { frameHeadLines } from '../../tables/markdown.ts';
import type { TableModel } from '../../tables/types.ts';
import { displayNumber } from '../number-format.ts';
import { unguard } from './expect-csv.ts';
import { type El, parseHtml } from './html-dom.ts';
import type { ReadSheet } from './xlsx-reader.ts';

/**
 * The printed rows of an export as a reader sees them, format by format: for each row the
 * non-empty texts left to right, and which of them are underlined. Golden tests compare these rows
 * with the published report, so xlsx, CSV and HTML are each held to the letter on their own.
 */
export interface PrintedRow {
  texts: string[];
  underlined: boolean[];
}

const row = (cells: { text: string; underline: boolean }[]): PrintedRow => {
  const kept = cells.filter((c) => c.text !== '');
  return { texts: kept.map((c) => c.text), underlined: kept.map((c) => c.underline) };
};

/** xlsx: what each cell displays (numbers through their number format). */
export function xlsxRows(sheet: ReadSheet): PrintedRow[] {
  const byRow = new Map<number, { col: number; text: string; underline: boolean }[]>();
  for (const cell of sheet.cells.values()) {
    const text =
      cell.type === 'n' ? (displayNumber(cell.value, cell.numFmt) ?? `?${cell.value}`) : cell.value;
    const list = byRow.get(cell.row) ?? [];
    list.push({ col: cell.col, text, underline: cell.underline });
    byRow.set(cell.row, list);
  }
  const last = Math.max(0, ...byRow.keys());
  return Array.from({ length: last }, (_, i) =>
    row((byRow.get(i + 1) ?? []).sort((a, b) => a.col - b.col)),
  ).filter((r) => r.texts.length > 0);
}

/** CSV: the fields as a spreadsheet shows them (the formula guard is not part of the text). */
export function csvRows(csv: string): PrintedRow[] {
  const rows: string[][] = parse(csv, { bom: true });
  return rows
    .map((fields) => row(fields.map((f) => ({ text: unguard(f), underline: false }))))
    .filter((r) => r.texts.length > 0);
}

/**
 * CSV rows as a sheet (the xlsx, the add-in's export) or the HTML page prints them: the same rows,
 * but the 別紙 label, in the last field of the CSV's title row, a row of its own above the title.
 */
export function asPrintedFrame(rows: PrintedRow[], model: TableModel): PrintedRow[] {
  const { label } = frameHeadLines(model);
  const [first, ...rest] = rows;
  if (label === undefined || !first || first.texts.length !== 2 || first.texts[1] !== label) return rows;
  return [
    { texts: [label], underlined: [false] },
    { texts: [first.texts[0]!], underlined: [first.underlined[0] ?? false] },
    ...rest,
  ];
}

/** HTML: in document order, each heading (h1, caption), table row and footnote paragraph. */
export function htmlRows(html: string): PrintedRow[] {
  const out: PrintedRow[] = [];
  const walk = (el: El) => {
    if (el.tag === 'section' && el.attrs.class === 'chart') return;
    if (el.tag === 'h1' || el.tag === 'caption' || el.tag === 'p') {
      out.push(row([{ text: el.text, underline: false }]));
      return;
    }
    // The row holding a nested table (under the 新旧対照表's section rows) is no printed row.
    if (el.tag === 'tr' && el.attrs.class !== 'nest') {
      const cells = el.children.filter((c) => c.tag === 'td' || c.tag === 'th');
      out.push(row(cells.map((c) => ({ text: c.text, underline: c.children.some((u) => u.tag === 'u') }))));
      return;
    }
    el.children.forEach(walk);
  };
  walk(parseHtml(html));
  return out.filter((r) => r.texts.length > 0);
}

/**
 * The rows from the one whose first text is `first`, `count` rows long (a block of the report);
 * an empty list when no row starts so.
 */
export function rowsFrom(rows: PrintedRow[], first: string, count: number): PrintedRow[] {
  const start = rows.findIndex((r) => r.texts[0] === first);
  return start < 0 ? [] : rows.slice(start, start + count);
}
