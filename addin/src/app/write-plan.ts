import type { Problem } from '../../../shared/problem.ts';
import { QUALITATIVE_STATUS_LABELS } from '../../../shared/validation/index.ts';
import { COLUMN_COUNT, COLUMNS, columnIndex, FREEZE, HEADER_ROWS } from './columns.ts';
import type { Translator } from './i18n.ts';
import type { RowKey } from './keys.ts';
import { checkRows, rowCount, type SheetModel } from './sheet-model.ts';
import type { CellStyle } from './sheet-render.ts';
import { headerRows, renderRow } from './sheet-render.ts';

/**
 * What the Excel adapter writes, as whole 2-D arrays: values, number formats and per-cell formats,
 * cut into chunks that each stay well under Excel on the web's 5 MB request limit. Pure data, so
 * the size of a write is known (and tested) before Excel sees it.
 */
export interface CellFormat {
  fill: string;
  fontColor?: string;
  bold?: boolean;
  locked: boolean;
  wrap?: boolean;
}

/** Fluent UI neutrals and the error/warning backgrounds of Office. */
export const STYLE_FORMATS: Record<CellStyle, CellFormat> = {
  title: { fill: '#FFFFFF', bold: true, locked: true, fontColor: '#323130' },
  header: { fill: '#DEECF9', bold: true, locked: true, wrap: true, fontColor: '#201F1E' },
  project: { fill: '#EDEBE9', bold: true, locked: true, fontColor: '#201F1E' },
  projectInput: { fill: '#FFFFFF', locked: false, wrap: true, fontColor: '#201F1E' },
  readonly: { fill: '#F3F2F1', locked: true, fontColor: '#323130' },
  input: { fill: '#FFFFFF', locked: false, fontColor: '#201F1E' },
  disabled: { fill: '#F3F2F1', locked: true, fontColor: '#A19F9D' },
  computed: { fill: '#EFF6FC', locked: true, fontColor: '#004578' },
  invalid: { fill: '#FDE7E9', locked: false, fontColor: '#A4262C' },
  warning: { fill: '#FFF4CE', locked: false, fontColor: '#323130' },
  key: { fill: '#FFFFFF', locked: true, fontColor: '#A19F9D' },
};

/** Keeps each request far below the 5 MB limit of Excel on the web, leaving room for the envelope. */
export const MAX_CHUNK_BYTES = 2_000_000;

export interface ValidationSpec {
  column: number;
  rule: { kind: 'decimal' } | { kind: 'list'; items: string[] };
  prompt: { title: string; message: string };
  /** 'stop' refuses other input; 'none' only offers the list (free text stays possible). */
  alert: 'stop' | 'none';
}

export interface NoteSpec {
  row: number;
  col: number;
  text: string;
}

export interface SheetWritePlan {
  sheetName: string;
  tempSheetName: string;
  /** Column widths in points. */
  columnWidths: number[];
  hiddenColumns: number[];
  /** The format of most cells of each column; `bodyFormats` holds only the exceptions. */
  columnFormats: CellFormat[];
  header: { values: string[][]; formats: CellFormat[][] };
  /** Body rows start at sheet row HEADER_ROWS (0-based). */
  body: { values: string[][]; formats: (CellFormat | null)[][] };
  chunks: { start: number; end: number; bytes: number }[];
  validations: ValidationSpec[];
  notes: NoteSpec[];
  freeze: { rows: number; columns: number };
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetNameFor(model: SheetModel): string {
  const fy = model.data.cycle.fiscalYear;
  const raw = `${fy} ${model.data.department.name}`.replace(/[:\\/?*[\]]/g, '_');
  return raw.slice(0, 31);
}

export function tempSheetName(name: string): string {
  return `~${name}`.slice(0, 31);
}

const POINTS_PER_CHAR = 6;

export function buildWritePlan(
  model: SheetModel,
  t: Translator,
  maxChunkBytes = MAX_CHUNK_BYTES,
  serverProblems: ReadonlyMap<RowKey, readonly Problem[]> = new Map(),
): SheetWritePlan {
  const indices = Array.from({ length: rowCount(model) }, (_, i) => i);
  const checks = checkRows(model, indices, serverProblems);
  const values: string[][] = [];
  const styles: CellStyle[][] = [];
  const notes: NoteSpec[] = [];
  for (const i of indices) {
    const r = renderRow(model, i, checks, t);
    values.push(r.values);
    styles.push(r.styles);
    for (const [col, text] of r.notes) notes.push({ row: HEADER_ROWS + i, col, text });
  }
  const columnStyles = COLUMNS.map((_, c) => mostCommon(styles.map((row) => row[c]!)) ?? 'readonly');
  const formats = styles.map((row) => row.map((s, c) => (s === columnStyles[c] ? null : STYLE_FORMATS[s])));
  const name = sheetNameFor(model);
  return {
    sheetName: name,
    tempSheetName: tempSheetName(name),
    columnWidths: COLUMNS.map((c) => c.width * POINTS_PER_CHAR),
    hiddenColumns: [columnIndex('key')],
    columnFormats: columnStyles.map((s, c) => ({ ...STYLE_FORMATS[s], wrap: COLUMNS[c]!.wrap ?? false })),
    header: {
      values: headerRows(model, t),
      formats: [
        Array(COLUMN_COUNT).fill(STYLE_FORMATS.title),
        Array(COLUMN_COUNT).fill(STYLE_FORMATS.header),
      ],
    },
    body: { values, formats },
    chunks: chunkRows(values, formats, maxChunkBytes),
    validations: validationsFor(t),
    notes,
    freeze: { ...FREEZE },
  };
}

function mostCommon<T>(items: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  let best: T | undefined;
  let bestCount = 0;
  for (const item of items) {
    const n = (counts.get(item) ?? 0) + 1;
    counts.set(item, n);
    if (n > bestCount) {
      best = item;
      bestCount = n;
    }
  }
  return best;
}

/** UTF-8 bytes of a JSON value, without building the whole string twice. */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

/**
 * Consecutive rows grouped so that each group's values, number formats and cell formats — as the
 * request carries them — stay under the byte budget. A single row over budget gets a chunk of its own.
 */
export function chunkRows(
  values: readonly string[][],
  formats: readonly (CellFormat | null)[][],
  maxBytes: number,
): { start: number; end: number; bytes: number }[] {
  const chunks: { start: number; end: number; bytes: number }[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < values.length; i++) {
    // values + '@' number formats + cell properties, as serialised in the request.
    const rowBytes = jsonBytes(values[i]) + 4 * COLUMN_COUNT + jsonBytes((formats[i] ?? []).map(cellProps));
    if (i > start && bytes + rowBytes > maxBytes) {
      chunks.push({ start, end: i, bytes });
      start = i;
      bytes = 0;
    }
    bytes += rowBytes;
  }
  if (values.length > start || chunks.length === 0) chunks.push({ start, end: values.length, bytes });
  return chunks;
}

/** The shape Office.js' Range.setCellProperties takes for one cell ({} leaves the cell as it is). */
export function cellProps(f: CellFormat | null): Excel.SettableCellProperties {
  if (!f) return {};
  return {
    format: {
      fill: { color: f.fill },
      font: { bold: f.bold ?? false, color: f.fontColor ?? '#000000' },
      protection: { locked: f.locked },
      ...(f.wrap !== undefined ? { wrapText: f.wrap } : {}),
    },
  };
}

export function validationsFor(t: Translator): ValidationSpec[] {
  const statuses = Object.values(QUALITATIVE_STATUS_LABELS).map((l) => l[t.lang]);
  const prompt = (titleKey: Parameters<Translator['t']>[0], messageKey: Parameters<Translator['t']>[0]) => ({
    title: t.t(titleKey).slice(0, 32),
    message: t.t(messageKey).slice(0, 255),
  });
  return [
    {
      column: columnIndex('value'),
      rule: { kind: 'decimal' },
      prompt: prompt('colValue', 'promptValue'),
      alert: 'none',
    },
    {
      column: columnIndex('status'),
      rule: { kind: 'list', items: statuses },
      prompt: prompt('colStatus', 'promptStatus'),
      alert: 'stop',
    },
    {
      column: columnIndex('missingReason'),
      rule: {
        kind: 'list',
        items: [t.t('reasonNotPublished'), t.t('reasonCounting'), t.t('reasonNotSurveyed')],
      },
      prompt: prompt('colMissingReason', 'promptReason'),
      alert: 'none',
    },
  ];
}
