import ExcelJS from 'exceljs';

/**
 * Tables typed as a person types them into a spreadsheet, for the import tests: each cell is the
 * text shown (and, for xlsx, perhaps a number with its format, as Excel stores what is typed), with
 * its merge. Written to CSV by hand and to xlsx by exceljs: never by this project's own writers,
 * so the import is tested against files it did not make.
 */
export interface TypedCell {
  text: string;
  /** Stored as a number with this format in xlsx (what Excel does with `30,000` or `481.6%`). */
  number?: { value: number; format: string };
  /** Rows and columns the cell spans (a merge in xlsx; in CSV the covered positions are empty). */
  span?: [rows: number, cols: number];
}

export type Typed = string | TypedCell | null;

export interface TypedSheet {
  name: string;
  rows: Typed[][];
}

const cellOf = (t: Typed): TypedCell | null =>
  t === null || t === '' ? null : typeof t === 'string' ? { text: t } : t;

/** RFC 4180, CRLF, UTF-8 with BOM, as Excel saves "CSV UTF-8". */
export function typedCsv(sheet: TypedSheet): Uint8Array {
  const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const width = Math.max(...sheet.rows.map((r) => r.length), 1);
  const lines = sheet.rows.map((r) =>
    Array.from({ length: width }, (_, i) => field(cellOf(r[i] ?? null)?.text ?? '')).join(','),
  );
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}

/** An xlsx written by exceljs: strings as strings, numbers as numbers with their format, merges. */
export async function typedXlsx(sheets: TypedSheet[]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  for (const typed of sheets) {
    const ws = book.addWorksheet(typed.name);
    typed.rows.forEach((row, r) => {
      row.forEach((t, c) => {
        const cell = cellOf(t);
        if (!cell) return;
        const target = ws.getCell(r + 1, c + 1);
        if (cell.number) {
          target.value = cell.number.value;
          target.numFmt = cell.number.format;
        } else target.value = cell.text;
        if (cell.span && (cell.span[0] > 1 || cell.span[1] > 1))
          ws.mergeCells(r + 1, c + 1, r + cell.span[0], c + cell.span[1]);
      });
    });
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** Every non-empty cell typed: its address (`B12`, `進捗状況!B12` in a workbook) and text. */
export function typedCells(sheets: TypedSheet[], workbook: boolean): { at: string; text: string }[] {
  const letters = (c: number): string =>
    c < 26 ? String.fromCharCode(65 + c) : letters(Math.floor(c / 26) - 1) + letters(c % 26);
  return sheets.flatMap((s) =>
    s.rows.flatMap((row, r) =>
      row.flatMap((t, c) => {
        const cell = cellOf(t);
        if (!cell || cell.text.trim() === '') return [];
        const at = `${letters(c)}${r + 1}`;
        return [{ at: workbook ? `${s.name}!${at}` : at, text: cell.text }];
      }),
    ),
  );
}
