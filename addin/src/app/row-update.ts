import type { Problem } from '../../../shared/problem.ts';
import {
  address,
  COLUMN_COUNT,
  FIRST_COMPUTED,
  FIRST_INPUT,
  HEADER_ROWS,
  LAST_COMPUTED,
  LAST_INPUT,
} from './columns.ts';
import type { Translator } from './i18n.ts';
import { type RowKey, rowKey } from './keys.ts';
import { checkRows, type RowCheck, rowAt, type SheetModel } from './sheet-model.ts';
import { renderRow } from './sheet-render.ts';
import { type CellFormat, type NoteSpec, STYLE_FORMATS } from './write-plan.ts';

/**
 * What changes on the sheet after edits: the computed columns and the look of the input cells of
 * the edited rows (and of their projects' rows), plus the notes on cells that are wrong now or no
 * longer. Contiguous rows become one 2-D block, so a pasted block is one write, not one per cell.
 */
export interface UpdateBlock {
  /** Sheet row and column (0-based) of the block's top-left cell. */
  row: number;
  col: number;
  values?: string[][];
  formats?: CellFormat[][];
}

export interface RowUpdate {
  blocks: UpdateBlock[];
  setNotes: NoteSpec[];
  clearNotes: { row: number; col: number }[];
  /** The cells carrying a note after this update, by A1 address. */
  marks: Map<string, string>;
  checks: Map<number, RowCheck>;
}

/** Body row indices of the rows given plus the project rows above them (a goal's rows have none). */
export function withProjectRows(model: SheetModel, rows: Iterable<number>): number[] {
  const out = new Set<number>();
  for (const i of rows) {
    const row = rowAt(model, i);
    if (!row) continue;
    out.add(i);
    if (row.kind !== 'project' && row.kind !== 'indicator') continue;
    const p = model.rowIndex.get(rowKey('project', row.project.id));
    if (p !== undefined) out.add(p);
  }
  return [...out].sort((a, b) => a - b);
}

export function runsOf(sorted: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const i of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === i - 1) last.push(i);
    else runs.push([i]);
  }
  return runs;
}

export function buildRowUpdate(
  model: SheetModel,
  changedRows: Iterable<number>,
  t: Translator,
  previousMarks: ReadonlyMap<string, string>,
  options: { includeInputs?: boolean; serverProblems?: ReadonlyMap<RowKey, readonly Problem[]> } = {},
): RowUpdate {
  const rows = withProjectRows(model, changedRows);
  const projectKpis = rows.flatMap((i) =>
    model.rows[i]?.kind === 'project'
      ? model.rows[i]!.project.indicators.map((ind) => model.rowIndex.get(rowKey('indicator', ind.id)) ?? -1)
      : [],
  );
  const checks = checkRows(
    model,
    new Set([...rows, ...projectKpis.filter((i) => i >= 0)]),
    options.serverProblems,
  );
  const blocks: UpdateBlock[] = [];
  const marks = new Map(previousMarks);
  const setNotes: NoteSpec[] = [];
  const clearNotes: { row: number; col: number }[] = [];
  for (const run of runsOf(rows)) {
    const rendered = run.map((i) => renderRow(model, i, checks, t));
    const top = HEADER_ROWS + run[0]!;
    const firstCol = options.includeInputs ? FIRST_INPUT : FIRST_COMPUTED;
    blocks.push({
      row: top,
      col: firstCol,
      values: rendered.map((r) => r.values.slice(firstCol, LAST_COMPUTED + 1)),
    });
    blocks.push({
      row: top,
      col: FIRST_INPUT,
      formats: rendered.map((r) => r.styles.slice(FIRST_INPUT, LAST_INPUT + 1).map((s) => STYLE_FORMATS[s])),
    });
    rendered.forEach((r, k) => {
      const row = top + k;
      for (let col = 0; col < COLUMN_COUNT; col++) {
        const a1 = address(row, col);
        const text = r.notes.get(col);
        const before = marks.get(a1);
        if (text !== undefined && text !== before) {
          if (before !== undefined) clearNotes.push({ row, col });
          setNotes.push({ row, col, text });
          marks.set(a1, text);
        } else if (text === undefined && before !== undefined) {
          clearNotes.push({ row, col });
          marks.delete(a1);
        }
      }
    });
  }
  return { blocks, setNotes, clearNotes, marks, checks };
}
