import type { InputField } from './cells.ts';
import type { MessageKey } from './messages.ts';

/**
 * The department sheet's columns, left to right. Read-only columns show the plan, input columns
 * are what the department fills in, computed columns are filled by the add-in from shared/calc.
 * Computed columns sit together so one 2-D write refreshes them for a block of rows.
 */
export type ColumnRole = 'readonly' | 'input' | 'computed' | 'key';

export type ColumnId =
  | 'project'
  | 'indicator'
  | 'unit'
  | 'kind'
  | 'baseline'
  | 'target'
  | 'cumulativeTarget'
  | 'value'
  | 'status'
  | 'missingReason'
  | 'footnote'
  | 'activities'
  | 'achievement'
  | 'cumulative'
  | 'judgement'
  | 'check'
  | 'key';

export interface ColumnDef {
  id: ColumnId;
  header: MessageKey;
  role: ColumnRole;
  /** Width in characters (a full-width character counts 2). */
  width: number;
  align: 'left' | 'right' | 'center';
  wrap?: boolean;
}

export const COLUMNS: readonly ColumnDef[] = [
  { id: 'project', header: 'colProject', role: 'readonly', width: 34, align: 'left', wrap: true },
  { id: 'indicator', header: 'colIndicator', role: 'readonly', width: 34, align: 'left', wrap: true },
  { id: 'unit', header: 'colUnit', role: 'readonly', width: 8, align: 'center' },
  { id: 'kind', header: 'colKind', role: 'readonly', width: 8, align: 'center' },
  { id: 'baseline', header: 'colBaseline', role: 'readonly', width: 14, align: 'right' },
  { id: 'target', header: 'colTarget', role: 'readonly', width: 14, align: 'right' },
  { id: 'cumulativeTarget', header: 'colCumulativeTarget', role: 'readonly', width: 12, align: 'right' },
  { id: 'value', header: 'colValue', role: 'input', width: 14, align: 'right' },
  { id: 'status', header: 'colStatus', role: 'input', width: 12, align: 'center' },
  { id: 'missingReason', header: 'colMissingReason', role: 'input', width: 20, align: 'left', wrap: true },
  { id: 'footnote', header: 'colFootnote', role: 'input', width: 24, align: 'left', wrap: true },
  { id: 'activities', header: 'colActivities', role: 'input', width: 44, align: 'left', wrap: true },
  { id: 'achievement', header: 'colAchievement', role: 'computed', width: 10, align: 'right' },
  { id: 'cumulative', header: 'colCumulative', role: 'computed', width: 12, align: 'right' },
  { id: 'judgement', header: 'colJudgement', role: 'computed', width: 10, align: 'center' },
  { id: 'check', header: 'colCheck', role: 'computed', width: 40, align: 'left', wrap: true },
  { id: 'key', header: 'colProject', role: 'key', width: 4, align: 'left' },
];

export const COLUMN_COUNT = COLUMNS.length;

/**
 * The column each input field sits in. The 数値目標 section (docs/domain.md §10.5) shares the
 * projects' columns, and its heading row names what they hold there: a goal indicator's period label
 * (期間) sits in the 主な取組 column, which an indicator's row does not otherwise use. A KPI's
 * 未達成の理由 (§8.6) sits there too, on the KPI's row: the sheet keeps its columns whether the plan
 * asks for reasons or not (the header then reads 主な取組／未達成の理由; with the setting off the cell
 * stays greyed and what is typed there is not taken).
 */
export const FIELD_COLUMN: Readonly<Record<InputField, ColumnId>> = {
  value: 'value',
  status: 'status',
  missingReason: 'missingReason',
  footnote: 'footnote',
  activities: 'activities',
  period: 'activities',
  shortfallReason: 'activities',
};

/** A goal indicator's 前年度比 sits in the 達成度 column: the goal table prints no 達成度 (§9.3). */
export const DELTA_COLUMN: ColumnId = 'achievement';

/** The input fields of a row: a project's 主な取組, a KPI's cells, a goal indicator's with its period. */
export const ROW_FIELDS = {
  project: ['activities'],
  indicator: ['value', 'status', 'missingReason', 'footnote', 'shortfallReason'],
  goalIndicator: ['value', 'status', 'missingReason', 'footnote', 'period'],
} as const satisfies Record<string, readonly InputField[]>;

const INDEX = new Map(COLUMNS.map((c, i) => [c.id, i]));

export function columnIndex(id: ColumnId): number {
  const i = INDEX.get(id);
  if (i === undefined) throw new RangeError(`unknown column ${id}`);
  return i;
}

/** Rows above the body: a title row and the column headers. */
export const HEADER_ROWS = 2;
/** Rows and columns kept in view while scrolling. */
export const FREEZE = { rows: HEADER_ROWS, columns: 2 } as const;

export const FIRST_COMPUTED = columnIndex('achievement');
export const LAST_COMPUTED = columnIndex('check');
export const FIRST_INPUT = columnIndex('value');
export const LAST_INPUT = columnIndex('activities');

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A1 address of a cell or block, 0-based row and column on the sheet. */
export function address(row: number, col: number, rows = 1, cols = 1): string {
  const first = `${columnLetter(col)}${row + 1}`;
  return rows === 1 && cols === 1 ? first : `${first}:${columnLetter(col + cols - 1)}${row + rows}`;
}

/** The inverse of {@link address}: 'H5' → {row: 4, col: 7, rows: 1, cols: 1}; sheet prefixes are ignored. */
export function parseAddress(a1: string): { row: number; col: number; rows: number; cols: number } | null {
  const bare = a1.includes('!') ? a1.slice(a1.lastIndexOf('!') + 1) : a1;
  const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(bare.toUpperCase());
  if (!m) return null;
  const col = letterIndex(m[1]!);
  const row = Number(m[2]) - 1;
  const col2 = m[3] ? letterIndex(m[3]) : col;
  const row2 = m[4] ? Number(m[4]) - 1 : row;
  return {
    row: Math.min(row, row2),
    col: Math.min(col, col2),
    rows: Math.abs(row2 - row) + 1,
    cols: Math.abs(col2 - col) + 1,
  };
}

function letterIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
