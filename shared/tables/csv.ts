/**
 * CSV of a table model: UTF-8 with a BOM (so Excel reads the Japanese text), CRLF line ends and
 * RFC 4180 quoting. The printed text of every cell is written, so the CSV reads like the table.
 *
 * Changed cells (the underlined cells of the 新旧対照表): CSV cannot underline, so a changed cell's
 * text starts with `【変更】` (CSV_CHANGED_MARK) on both halves, and the title line says so.
 *
 * Formula injection: a field that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
 * prefixed with an apostrophe, with no exceptions. No figure of ours loses by it: notation prints
 * negatives with `△` (never `-`) and the missing 達成度 placeholder is `—%` (U+2014), so the
 * apostrophe only lands on text that a spreadsheet would otherwise evaluate — including a
 * hyphen placeholder `-%` copied from a source document, and a bare change such as `+13社`.
 */
import { denseGrid } from './grid.ts';
import { footnoteLine, frameHeadLines } from './markdown.ts';
import type { TableBlock, TableCell, TableModel } from './types.ts';

export const CSV_BOM = '\uFEFF';
/** What a changed (underlined) cell starts with in CSV. */
export const CSV_CHANGED_MARK = '【変更】';
/** Appended to the title of a table with changed cells: how the CSV shows them. */
export const CSV_CHANGED_NOTE = `（CSVでは下線部の先頭に${CSV_CHANGED_MARK}を付す）`;

const csvText = (cell: TableCell): string =>
  cell.underline && cell.text !== '' ? `${CSV_CHANGED_MARK}${cell.text}` : cell.text;
const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralises a leading formula character: `=SUM(A1)` → `'=SUM(A1)`. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** RFC 4180: a field with a quote, comma, CR or LF is quoted, quotes doubled. */
export function csvField(text: string): string {
  const safe = guardFormula(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function blockLines(block: TableBlock, width: number): string[][] {
  const lines: string[][] = [];
  if (block.heading) lines.push([block.heading]);
  for (const row of denseGrid(block)) lines.push(row.map((p) => (p.anchor ? csvText(p.cell) : '')));
  for (const f of block.footnotes) lines.push([footnoteLine(f)]);
  return lines.map((l) => [...l, ...new Array<string>(Math.max(0, width - l.length)).fill('')]);
}

/**
 * One CSV for the whole table: the title (with the 別紙 label in the last column, as it sits on the
 * right), the subtitle lines (one row each; a right-aligned one in the last column), then each block
 * (heading row, its grid with spanned positions empty, its footnotes) separated by an empty row, then
 * the table's footnotes. Every row has as many fields as the widest block, so columns line up.
 */
export function renderCsv(model: TableModel): string {
  const blocks = [...model.summary, ...model.blocks];
  const width = Math.max(1, ...blocks.map((b) => b.columns));
  const pad = (l: string[]) => [...l, ...new Array<string>(Math.max(0, width - l.length)).fill('')];
  const right = (text: string) =>
    width > 1 ? pad([...new Array<string>(width - 1).fill(''), text]) : [text];
  const changed = blocks.some((b) => b.rows.some((r) => r.some((c) => c.underline && c.text !== '')));
  const head = frameHeadLines(model);
  const title = `${head.title}${changed ? CSV_CHANGED_NOTE : ''}`;
  const lines: string[][] = [];
  if (head.label !== undefined && width > 1)
    lines.push(pad([title, ...new Array<string>(width - 2).fill(''), head.label]));
  else {
    if (head.label !== undefined) lines.push(right(head.label));
    lines.push(pad([title]));
  }
  for (const line of head.subtitle) lines.push(head.subtitleRight ? right(line) : pad([line]));
  for (const block of blocks) lines.push(pad([]), ...blockLines(block, width));
  if (model.footnotes.length > 0) lines.push(pad([]), ...model.footnotes.map((f) => pad([footnoteLine(f)])));
  return `${CSV_BOM}${lines.map((l) => l.map(csvField).join(',')).join('\r\n')}\r\n`;
}
