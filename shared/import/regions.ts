import { parsePeriod } from '../notation/index.ts';
import { UNAPPROVED_NOTE } from '../render/consolidate.ts';
import { isBudgetAnchor } from './budget-table.ts';
import { isRevisionAnchor } from './revision-table.ts';
import type { ImportSheet } from './sheet.ts';
import { loose } from './values.ts';

/**
 * Where the tables are in a grid. A CSV of several tables, or a sheet someone pasted two tables
 * into, holds them one under the other: each starts at its title. A table's blocks are found by
 * their first row: `計画期間` (a project), `基本的目標 ①` (a goal), `変更後 | 変更前` (a block of
 * the 新旧対照表), `関係事業名 | 当初予算額… | 実施概要…` (a section of the budget table).
 */

export type RegionKind = 'projects' | 'goals' | 'revision' | 'budget' | 'other';

export interface Region {
  kind: RegionKind;
  /** Rows [from, to). */
  from: number;
  to: number;
  /** The first row of each block. */
  anchors: number[];
}

const TITLE = /事業の実績$|数値目標の進捗状況$|^●|新旧対照表/u;
/** The attachment label printed beside or above a title: 別紙1, 別紙2. */
const FRAME_LABEL = /^別紙\s*[0-9０-９]+$/u;

export function isProjectAnchor(sheet: ImportSheet, row: number): boolean {
  return loose(sheet.first(row)?.text ?? '') === '計画期間';
}

export function isGoalAnchor(sheet: ImportSheet, row: number): boolean {
  return loose(sheet.first(row)?.text ?? '').startsWith('基本的目標');
}

/** A title row: one text, perhaps with the 別紙 label printed on the right. */
function isTitleRow(sheet: ImportSheet, row: number): boolean {
  const cells = sheet.cells(row).filter((c) => !FRAME_LABEL.test(c.text));
  if (cells.length !== 1) return false;
  if (TITLE.test(cells[0]!.text)) return true;
  // The budget table's title is the plan's title, with （単位：千円） under it.
  let next = row + 1;
  while (next < sheet.rowCount && sheet.isBlank(next)) next++;
  return loose(sheet.texts(next).join('')) === '(単位:千円)';
}

/** Where the first block of the other kind starts: a goal at its row, a project at its heading. */
function secondKindStart(sheet: ImportSheet, projects: number[], goals: number[]): number | null {
  if (projects.length === 0 || goals.length === 0) return null;
  if (projects[0]! < goals[0]!) return goals[0]!;
  let heading = projects[0]! - 1;
  while (heading > goals[0]! && sheet.isBlank(heading)) heading--;
  return heading > goals[0]! ? heading : projects[0]!;
}

/** The tables between two titles; one pasted under another without a title of its own is split off. */
function regionsOf(sheet: ImportSheet, from: number, to: number): Region[] {
  const rows = Array.from({ length: to - from }, (_, i) => from + i);
  const projects = rows.filter((r) => isProjectAnchor(sheet, r));
  const goals = rows.filter((r) => isGoalAnchor(sheet, r));
  const split = secondKindStart(sheet, projects, goals);
  if (split !== null) return [...regionsOf(sheet, from, split), ...regionsOf(sheet, split, to)];
  if (projects.length > 0) return [{ kind: 'projects', from, to, anchors: projects }];
  if (goals.length > 0) return [{ kind: 'goals', from, to, anchors: goals }];
  const revision = rows.filter((r) => isRevisionAnchor(sheet, r));
  if (revision.length > 0) return [{ kind: 'revision', from, to, anchors: revision }];
  const budget = rows.filter((r) => isBudgetAnchor(sheet, r));
  if (budget.length > 0) return [{ kind: 'budget', from, to, anchors: budget }];
  // A 新旧対照表 with no indicator to compare prints its frame alone.
  if (rows.slice(0, 3).some((r) => loose(sheet.first(r)?.text ?? '').startsWith('新旧対照表')))
    return [{ kind: 'revision', from, to, anchors: [] }];
  return [{ kind: 'other', from, to, anchors: [] }];
}

/** A row holding only the 別紙 label: printed above the title, on the right (the xlsx export's). */
function isLabelRow(sheet: ImportSheet, row: number): boolean {
  const cells = sheet.cells(row);
  return cells.length === 1 && FRAME_LABEL.test(cells[0]!.text);
}

export function findRegions(sheet: ImportSheet): Region[] {
  const starts = [0];
  for (let row = 1; row < sheet.rowCount; row++) {
    if (!isTitleRow(sheet, row)) continue;
    // A table begins at its 別紙 label when that is a row of its own above the title.
    let above = row - 1;
    while (above > 0 && sheet.isBlank(above)) above--;
    const top = isLabelRow(sheet, above) ? above : row;
    if (top > starts[starts.length - 1]!) starts.push(top);
  }
  return starts.flatMap((from, i) => regionsOf(sheet, from, starts[i + 1] ?? sheet.rowCount));
}

/** A line of a table's head: a title line, the point in time, or the 別紙 label. */
export interface HeadLine {
  row: number;
  col: number;
  text: string;
}

/**
 * The head of a table: its title lines as printed (the title first), the point in time
 * (`令和5年度末時点`, the cycle's label) and the 別紙 label; then the rows between the head and the
 * first block (the cohort summary, or a statement above the goals).
 */
export interface TableHead {
  lines: HeadLine[];
  asOf: (HeadLine & { label: string }) | null;
  frameLabel: HeadLine | null;
  body: number[];
}

/** `令和5年度末時点`, also with the export's （未承認の値を含む）; the cycle's label without it. */
export function asOfLabel(text: string): string | null {
  const label = text.endsWith(UNAPPROVED_NOTE) ? text.slice(0, -UNAPPROVED_NOTE.length).trim() : text;
  return parsePeriod(label) ? label : null;
}

/** Sorts the cells of one head row into the head; false when the row is no head row. */
function headRow(sheet: ImportSheet, row: number, head: TableHead): boolean {
  const cells = sheet.cells(row);
  const label = cells.find((c) => FRAME_LABEL.test(c.text));
  if (label && !head.frameLabel) head.frameLabel = { row, ...label };
  const rest = cells.filter((c) => c !== label);
  if (rest.length > 1) return false;
  for (const cell of rest) {
    for (const text of cell.text
      .split(/\r\n?|\n/u)
      .map((l) => l.trim())
      .filter((l) => l !== '')) {
      const asOf = asOfLabel(text);
      if (asOf !== null && head.asOf === null) head.asOf = { row, col: cell.col, text, label: asOf };
      else head.lines.push({ row, col: cell.col, text });
    }
  }
  return true;
}

export function readTableHead(
  sheet: ImportSheet,
  from: number,
  firstBlock: number,
  isBody: (row: number) => boolean,
): TableHead {
  const head: TableHead = { lines: [], asOf: null, frameLabel: null, body: [] };
  for (let row = from; row < firstBlock; row++) {
    if (sheet.isBlank(row)) continue;
    if (head.body.length > 0 || isBody(row) || !headRow(sheet, row, head)) head.body.push(row);
  }
  return head;
}
