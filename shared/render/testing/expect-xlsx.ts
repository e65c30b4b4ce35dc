import { cmp, decimal } from '../../decimal.ts';
import { resolveBlock } from '../../tables/grid.ts';
import { frameHeadLines } from '../../tables/markdown.ts';
import type { TableModel } from '../../tables/types.ts';
import { footnoteLine, modelColumns, printBlocks, SHEET_NAMES } from '../layout.ts';
import { displayNumber, formatShows } from '../number-format.ts';
import type { ReadSheet } from './xlsx-reader.ts';
import { encodeAddress } from './xlsx-reader.ts';

/**
 * Compares a sheet read back by the second reader with its table model, cell by cell: every
 * model cell at its place with its text (numbers: the stored value equals the model's decimal
 * and its number format displays the printed text), every span as a merge, underline exactly on
 * the changed cells, no formula anywhere, nothing extra; the frame as the CSV prints it, but the
 * 別紙 label a row of its own above the title, right-aligned, and a right-aligned subtitle so
 * (where the reader sees alignment). Returns the differences (empty = equal).
 */
export function sheetDifferences(sheet: ReadSheet, model: TableModel): string[] {
  const diffs: string[] = [];
  const columns = modelColumns(model);
  const expectedCells = new Map<
    string,
    {
      text: string;
      number?: string;
      numberFormat?: string;
      underline: boolean;
      /** A line of the frame: on the right or not. */
      right?: boolean;
    }
  >();
  const expectedMerges = new Set<string>();
  const line = (row: number, text: string, right?: boolean) => {
    expectedCells.set(encodeAddress(row, 1), {
      text,
      underline: false,
      ...(right === undefined ? {} : { right }),
    });
    if (columns > 1) expectedMerges.add(`${encodeAddress(row, 1)}:${encodeAddress(row, columns)}`);
  };

  if (sheet.name !== SHEET_NAMES[model.kind])
    diffs.push(`sheet name ${sheet.name} ≠ ${SHEET_NAMES[model.kind]}`);
  // The frame as csv.ts prints it, but the 別紙 label a row of its own above the title (on the
  // right), not in the title row's last field; each subtitle line a row, on the right if so framed.
  const head = frameHeadLines(model);
  let row = 1;
  if (head.label !== undefined) line(row++, head.label, true);
  line(row++, head.title, false);
  for (const text of head.subtitle) line(row++, text, head.subtitleRight);
  for (const block of printBlocks(model)) {
    row++;
    if (block.heading) line(row++, block.heading);
    const layout = resolveBlock(block);
    for (const placed of layout.cells) {
      const top = row + placed.row;
      const left = placed.col + 1;
      const { cell } = placed;
      if (cell.text !== '' || cell.number !== undefined) {
        expectedCells.set(encodeAddress(top, left), {
          text: cell.text,
          // A figure whose format cannot show its printed text is compared as text.
          ...(cell.number !== undefined && formatShows(cell.number, cell.numberFormat, cell.text)
            ? { number: cell.number, numberFormat: cell.numberFormat ?? 'General' }
            : {}),
          underline: cell.underline === true,
        });
      }
      if (placed.rowSpan > 1 || placed.colSpan > 1) {
        expectedMerges.add(
          `${encodeAddress(top, left)}:${encodeAddress(top + placed.rowSpan - 1, left + placed.colSpan - 1)}`,
        );
      }
    }
    row += layout.rows;
    for (const note of block.footnotes) line(row++, footnoteLine(note));
  }
  if (model.footnotes.length > 0) row++;
  for (const note of model.footnotes) line(row++, footnoteLine(note));

  for (const [address, want] of expectedCells) {
    const got = sheet.cells.get(address);
    if (!got) {
      diffs.push(`${address}: missing, want "${want.text}"`);
      continue;
    }
    if (got.formula !== null) diffs.push(`${address}: has a formula ${got.formula}`);
    if (want.number !== undefined) {
      if (got.type !== 'n') diffs.push(`${address}: type ${got.type}, want a number`);
      else if (cmp(decimal(got.value), decimal(want.number)) !== 0)
        diffs.push(`${address}: stored ${got.value} ≠ ${want.number}`);
      if (got.numFmt !== want.numberFormat)
        diffs.push(`${address}: format ${got.numFmt} ≠ ${want.numberFormat}`);
      else if (got.type === 'n' && displayNumber(got.value, got.numFmt) !== want.text)
        diffs.push(`${address}: displays "${displayNumber(got.value, got.numFmt)}" ≠ "${want.text}"`);
    } else if (got.type !== 's' && got.type !== 'inlineStr') {
      diffs.push(`${address}: type ${got.type}, want text "${want.text}"`);
    } else if (got.value !== want.text) {
      diffs.push(`${address}: "${got.value}" ≠ "${want.text}"`);
    }
    if (got.underline !== want.underline)
      diffs.push(`${address}: underline ${got.underline} ≠ ${want.underline}`);
    // A frame line's alignment, where the reader sees it.
    if (
      want.right !== undefined &&
      got.horizontal !== undefined &&
      (got.horizontal === 'right') !== want.right
    )
      diffs.push(
        `${address}: aligned ${got.horizontal ?? 'general'}, want ${want.right ? 'right' : 'not right'}`,
      );
  }
  for (const [address, got] of sheet.cells) {
    if (!expectedCells.has(address)) diffs.push(`${address}: unexpected "${got.value}"`);
  }
  const gotMerges = new Set(sheet.merges);
  for (const m of expectedMerges) if (!gotMerges.has(m)) diffs.push(`merge ${m} missing`);
  for (const m of gotMerges) if (!expectedMerges.has(m)) diffs.push(`merge ${m} unexpected`);
  return diffs;
}
