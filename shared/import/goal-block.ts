import { markerKey } from '../notation/index.ts';
import type { Actual, Footnote, Goal } from '../schema/index.ts';
import {
  keepNote,
  NOTE_START,
  type NoteHolder,
  noteRows,
  placeBlockNotes,
  placeOnIndicators,
  readNotes,
  reportMissingReasons,
} from './footnotes.ts';
import { type GoalColumns, type ParsedGoalIndicator, readGoalIndicator } from './goal-indicator.ts';
import { LAYOUT, NO_TITLE, to } from './paths.ts';
import type { ImportSheet } from './sheet.ts';
import { loose, readIndex } from './values.ts';

/**
 * One block of the goal table (docs/domain.md §9.3): `基本的目標 ① | title | 基本的方向 | (1) … (n)`,
 * the header `数値目標 | 指標 | 基準値 | 目標値 | 進捗状況 (前年度比)`, one row per numeric goal,
 * then the notes under it.
 */

export interface ParsedGoal {
  goal: Goal;
  actuals: Actual[];
  /** The previous cycle's values, from the 前年度比. */
  previous: Actual[];
  /** The goal's first row. */
  row: number;
  next: number;
}

export interface GoalBlockInput {
  sheet: ImportSheet;
  start: number;
  end: number;
  fiscalYear: number;
  last: boolean;
}

const HEADERS = [/^基準値/u, /^目標値/u, /^進捗状況/u];

/** The header row's columns; 'wrong' when 指標 is there but the rest is not in order. */
export function goalColumns(sheet: ImportSheet, row: number): GoalColumns | 'wrong' | null {
  const cells = sheet.cells(row);
  const at = cells.findIndex((c) => loose(c.text) === '指標');
  if (at < 0) return null;
  const rest = cells.slice(at + 1, at + 4);
  if (rest.length !== 3 || !rest.every((c, i) => HEADERS[i]!.test(loose(c.text)))) return 'wrong';
  const [baseline, target, progress] = rest.map((c) => c.col) as [number, number, number];
  const name = cells[at]!.col;
  return { label: Math.max(0, name - 1), name, baseline, target, progress, row };
}

interface GoalHead {
  id: string;
  number: number;
  title: string;
  directions: string[];
  /** The column of the directions, where a list typed over several rows continues. */
  directionsCol: number | null;
  numbering: { row: number; col: number } | null;
}

/** `(1) 地域企業の成長促進` → the text; the numbers are positions and must count 1, 2, 3… */
function splitDirections(text: string): { items: string[]; numbered: boolean } {
  const parts = text
    .split(/\r\n?|\n|\s+(?=[(（][0-9０-９]+[)）])/u)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  let numbered = true;
  const items = parts.map((p, i) => {
    const m = /^[(（]([0-9０-９]+)[)）]\s*/u.exec(p);
    if (!m || Number(m[1]!.normalize('NFKC')) !== i + 1) numbered = false;
    return m ? p.slice(m[0].length) : p;
  });
  return { items, numbered };
}

/** The goal's first row, read by its labels. */
function readGoalHead(sheet: ImportSheet, row: number): GoalHead | null {
  const cells = sheet.cells(row);
  const at = cells.findIndex((c) => loose(c.text).startsWith('基本的目標'));
  const labelCell = cells[at]!;
  const inLabel = labelCell.text.replace(/^基本的目標\s*/u, '');
  const numberCell = inLabel === '' ? cells[at + 1] : undefined;
  const number = readIndex(inLabel === '' ? (numberCell?.text ?? '') : inLabel);
  if (number === null) return null;
  const id = sheet.log.ownerId('goals', number, `goal-${number}`);
  sheet.take(row, labelCell.col, numberCell ? LAYOUT : to.goal(id, 'number'));
  if (numberCell) sheet.take(row, numberCell.col, to.goal(id, 'number'));
  const after = cells.slice(at + (numberCell ? 2 : 1));
  const dirLabel = after.findIndex((c) => loose(c.text) === '基本的方向');
  const titleCell = after[0] && dirLabel !== 0 ? after[0] : null;
  if (titleCell) sheet.take(row, titleCell.col, to.goal(id, 'title'));
  const dirCell = dirLabel >= 0 ? after[dirLabel + 1] : undefined;
  if (dirLabel >= 0) sheet.take(row, after[dirLabel]!.col, LAYOUT);
  const dirs = dirCell ? splitDirections(dirCell.text) : { items: [], numbered: true };
  if (dirCell) sheet.take(row, dirCell.col, to.goal(id, 'directions'));
  return {
    id,
    number,
    title: titleCell ? sheet.line(row, titleCell.col) : '',
    directions: dirs.items,
    directionsCol: dirCell?.col ?? null,
    numbering: dirCell && !dirs.numbered ? { row, col: dirCell.col } : null,
  };
}

function reportGoalHead(sheet: ImportSheet, row: number): void {
  sheet.report(row, sheet.first(row)?.col ?? 0, {
    code: 'heading',
    field: 'goal',
    message: {
      ja: `基本的目標の番号を読み取れません（「${sheet.texts(row).join(' ')}」）。「基本的目標 ①」のように書いてください。`,
      en: `Cannot read the goal's number ("${sheet.texts(row).join(' ')}"): write it like 基本的目標 ①.`,
    },
  });
}

function reportNumbering(sheet: ImportSheet, at: { row: number; col: number }): void {
  sheet.report(at.row, at.col, {
    code: 'not_held',
    field: 'directions_numbering',
    severity: 'warning',
    message: {
      ja: '基本的方向の番号が (1)、(2)、(3)… の順になっていません。計画ファイルは番号を持たず、書き出しでは順に振り直します。',
      en: 'The basic directions are not numbered (1), (2), (3)…; the plan file keeps no numbers and exports renumber them in order.',
    },
  });
}

function reportWrongGoalHeader(sheet: ImportSheet, row: number): void {
  const found = sheet.texts(row);
  sheet.report(row, sheet.first(row)?.col ?? 0, {
    code: 'goal_header',
    field: 'header',
    message: {
      ja: `数値目標の見出し行が「指標｜基準値｜目標値｜進捗状況 (前年度比)」の順になっていません（${found.join('｜')}）。`,
      en: `The goal header row is not 指標 | 基準値 | 目標値 | 進捗状況 (前年度比) (found ${found.join(' | ')}).`,
    },
  });
}

const isGoalRow = (sheet: ImportSheet, row: number, cols: GoalColumns): boolean => {
  const label = loose(sheet.text(row, cols.label));
  const name = sheet.text(row, cols.name);
  const first = sheet.first(row);
  return (
    first !== null &&
    first.col >= cols.label &&
    (cols.label === cols.name || label === '' || label === '数値目標') &&
    name !== '' &&
    !NOTE_START.test(name)
  );
};

function readIndicators(input: GoalBlockInput, goalId: string, header: number, cols: GoalColumns) {
  const { sheet, fiscalYear } = input;
  if (sheet.text(header, cols.label) !== '') sheet.take(header, cols.label, LAYOUT);
  for (const col of [cols.name, cols.baseline, cols.target, cols.progress]) sheet.take(header, col, LAYOUT);
  const ctx = { sheet, cols, goalId, fiscalYear };
  const rows: ParsedGoalIndicator[] = [];
  let row = header + 1;
  for (; row < input.end && isGoalRow(sheet, row, cols); row++)
    rows.push(readGoalIndicator(ctx, row, rows.length + 1));
  return { rows, next: row };
}

/** Notes: to the name or value whose marker they explain; the others are the goal's own. */
function placeGoalNotes(
  input: GoalBlockInput,
  from: number,
  goal: Goal,
  rows: ParsedGoalIndicator[],
): number {
  const { sheet, fiscalYear } = input;
  const holders: NoteHolder[] = rows.map((g) => ({
    indicatorId: g.indicator.id,
    footnotes: g.indicator.footnotes,
    nameMarkers: g.nameMarkers,
    baseline: g.indicator.baseline,
    actual: g.actual,
    path: (field) => to.goalIndicator(goal.id, g.indicator.id, field),
  }));
  const markers = rows.flatMap((g) => [
    ...g.nameMarkers,
    g.indicator.baseline?.marker ?? '',
    g.actual?.marker ?? '',
    ...g.indicator.targets.map((t) => t.marker ?? ''),
  ]);
  const keys = new Set(markers.map((m) => markerKey(m) ?? m));
  const lines = noteRows(sheet, from, input.end, input.last);
  const own: Footnote[] = [];
  placeBlockNotes(
    readNotes(sheet, lines, keys),
    (note) => placeOnIndicators(sheet, note, holders, fiscalYear),
    (note) => keepNote(sheet, own, note, to.goal(goal.id, 'footnotes')),
  );
  if (own.length > 0) goal.footnotes = own;
  return lines.length > 0 ? lines[lines.length - 1]! + 1 : from;
}

/** Directions typed one per row under the first: rows whose only cells are in the directions column. */
function readMoreDirections(sheet: ImportSheet, head: GoalHead, goalId: string, rows: number[]): void {
  const col = head.directionsCol;
  if (col === null) return;
  const more = rows.filter((r) => sheet.cells(r).every((c) => c.col === col) && !sheet.isBlank(r));
  if (more.length === 0) return;
  const all = splitDirections(
    [head.directions.map((d, i) => `(${i + 1}) ${d}`), ...more.map((r) => sheet.text(r, col))]
      .flat()
      .join('\n'),
  );
  head.directions = all.items;
  for (const r of more) sheet.take(r, col, to.goal(goalId, 'directions'));
  if (!all.numbered && !head.numbering) head.numbering = { row: more[0]!, col };
}

function reportNoTitle(sheet: ImportSheet, row: number): void {
  sheet.report(row, sheet.first(row)?.col ?? 0, {
    code: 'goal_title',
    field: 'title',
    message: {
      ja: `基本的目標の名称がありません（読めた内容だけを書き出すときは「${NO_TITLE}」とします）。`,
      en: `The goal has no title (a partial plan names it ${NO_TITLE}).`,
    },
  });
}

export function readGoalBlock(input: GoalBlockInput): ParsedGoal | null {
  const { sheet } = input;
  const head = readGoalHead(sheet, input.start);
  if (!head) {
    reportGoalHead(sheet, input.start);
    return null;
  }
  const id = head.id;
  let header = input.start + 1;
  while (header < input.end && goalColumns(sheet, header) === null) header++;
  const between = Array.from({ length: header - input.start - 1 }, (_, i) => input.start + 1 + i);
  readMoreDirections(sheet, head, id, between);
  if (head.numbering) reportNumbering(sheet, head.numbering);
  if (head.title === '') reportNoTitle(sheet, input.start);
  const title = head.title === '' ? NO_TITLE : head.title;
  const goal: Goal = { id, number: head.number, title, directions: head.directions, indicators: [] };
  const cols = header < input.end ? goalColumns(sheet, header) : null;
  if (cols === 'wrong') reportWrongGoalHeader(sheet, header);
  if (cols === null || cols === 'wrong')
    return { goal, actuals: [], previous: [], row: input.start, next: input.end };
  const { rows, next } = readIndicators(input, goal.id, header, cols);
  goal.indicators = rows.map((g) => g.indicator);
  const after = placeGoalNotes(input, next, goal, rows);
  reportMissingReasons(
    sheet,
    rows.map((g) => ({ actual: g.actual, row: g.row, col: cols.progress })),
  );
  return {
    goal,
    actuals: rows.flatMap((g) => (g.actual ? [g.actual] : [])),
    previous: rows.flatMap((g) => (g.previous ? [g.previous] : [])),
    row: input.start,
    next: after,
  };
}
