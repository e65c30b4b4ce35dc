import { parse } from 'csv-parse/sync';
import { CSV_CHANGED_MARK, CSV_CHANGED_NOTE } from '../../tables/csv.ts';
import { denseGrid } from '../../tables/grid.ts';
import { frameHeadLines } from '../../tables/markdown.ts';
import type { TableCell, TableModel } from '../../tables/types.ts';
import { footnoteLine, printBlocks } from '../layout.ts';

/** A leading formula character in a CSV field must carry the apostrophe guard. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** What a spreadsheet shows for a guarded field: the apostrophe only marks the text as text. */
export const unguard = (field: string) => (/^'[=+\-@\t\r]/.test(field) ? field.slice(1) : field);

/** A changed (underlined) cell in CSV: `【変更】` before its text. */
const csvText = (cell: TableCell) =>
  cell.underline && cell.text !== '' ? `${CSV_CHANGED_MARK}${cell.text}` : cell.text;

/**
 * Compares a CSV parsed with csv-parse (a reader independent of ours) with its table model: BOM,
 * the rows of title (the 別紙 label in the last field, the changed-cell note when cells changed),
 * the subtitle lines (a right-aligned one in the last field), blocks (heading, every grid position,
 * changed cells marked 【変更】, footnotes) and table footnotes, every field with the cell's printed
 * text, and no field that a spreadsheet would run as a formula.
 */
export function csvDifferences(csv: string, model: TableModel): string[] {
  const diffs: string[] = [];
  if (!csv.startsWith('\uFEFF')) diffs.push('no UTF-8 BOM');
  if (!csv.endsWith('\r\n')) diffs.push('last line does not end with CRLF');
  const rows: string[][] = parse(csv, { bom: true, relax_column_count: false });
  const width = Math.max(1, ...printBlocks(model).map((b) => b.columns));
  const atRight = (text: string) => [...new Array<string>(Math.max(0, width - 1)).fill(''), text];
  const head = frameHeadLines(model);
  const changed = printBlocks(model).some((b) =>
    b.rows.some((r) => r.some((c) => c.underline && c.text !== '')),
  );
  const title = `${head.title}${changed ? CSV_CHANGED_NOTE : ''}`;
  const expected: string[][] = [];
  if (head.label !== undefined && width > 1)
    expected.push([title, ...new Array<string>(width - 2).fill(''), head.label]);
  else {
    if (head.label !== undefined) expected.push(atRight(head.label));
    expected.push([title]);
  }
  for (const line of head.subtitle) expected.push(head.subtitleRight ? atRight(line) : [line]);
  for (const block of printBlocks(model)) {
    expected.push([]);
    if (block.heading) expected.push([block.heading]);
    for (const row of denseGrid(block)) expected.push(row.map((p) => (p.anchor ? csvText(p.cell) : '')));
    for (const f of block.footnotes) expected.push([footnoteLine(f)]);
  }
  if (model.footnotes.length > 0) expected.push([], ...model.footnotes.map((f) => [footnoteLine(f)]));

  if (rows.length !== expected.length) diffs.push(`${rows.length} rows, want ${expected.length}`);
  rows.forEach((row, r) => {
    const want = expected[r] ?? [];
    row.forEach((field, c) => {
      if (FORMULA_START.test(field)) diffs.push(`row ${r + 1} field ${c + 1}: formula start "${field}"`);
      const text = want[c] ?? '';
      if (unguard(field) !== text) diffs.push(`row ${r + 1} field ${c + 1}: "${field}" ≠ "${text}"`);
    });
  });
  return diffs;
}
