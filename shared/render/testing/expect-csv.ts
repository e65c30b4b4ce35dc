import { parse } from 'csv-parse/sync';
import { denseGrid } from '../../tables/grid.ts';
import type { TableModel } from '../../tables/types.ts';
import { footnoteLine, printBlocks } from '../layout.ts';

/** A leading formula character in a CSV field must carry the apostrophe guard. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** What a spreadsheet shows for a guarded field: the apostrophe only marks the text as text. */
export const unguard = (field: string) => (/^'[=+\-@\t\r]/.test(field) ? field.slice(1) : field);

/**
 * Compares a CSV parsed with csv-parse (a reader independent of ours) with its table model: BOM,
 * the rows of title, blocks (heading, every grid position, footnotes) and table footnotes, every
 * field with the cell's printed text, and no field that a spreadsheet would run as a formula.
 */
export function csvDifferences(csv: string, model: TableModel): string[] {
  const diffs: string[] = [];
  if (!csv.startsWith('\uFEFF')) diffs.push('no UTF-8 BOM');
  if (!csv.endsWith('\r\n')) diffs.push('last line does not end with CRLF');
  const rows: string[][] = parse(csv, { bom: true, relax_column_count: false });
  const expected: string[][] = [[model.title]];
  if (model.subtitle) expected.push([model.subtitle]);
  for (const block of printBlocks(model)) {
    expected.push([]);
    if (block.heading) expected.push([block.heading]);
    for (const row of denseGrid(block)) expected.push(row.map((p) => (p.anchor ? p.cell.text : '')));
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
