import { parsePeriod } from '../notation/index.ts';
import type { Footnote } from '../schema/index.ts';
import { type ParsedGoal, readGoalBlock } from './goal-block.ts';
import { readTableNotes, reportNoYear } from './project-table.ts';
import { type Region, readTableHead, type TableHead } from './regions.ts';
import type { ImportSheet } from './sheet.ts';
import { loose } from './values.ts';

/**
 * A goal table (数値目標の進捗状況, docs/domain.md §9.3): its title and report year, the goal blocks and
 * the notes under the table. The published title `●「<計画名>」における6つの基本目標と…の令和5年度末時点
 * の進捗状況について` gives the plan's title, the number of goals (checked) and the point in time.
 */
export interface GoalTable {
  sheet: ImportSheet;
  head: TableHead;
  planTitle: string | null;
  /** The number of goals the published title announces. */
  announced: number | null;
  /** The point in time, from the line under the title or from the published title. */
  asOf: string | null;
  fiscalYear: number;
  goals: ParsedGoal[];
  notes: Footnote[];
}

const PUBLISHED = /^●\s*「(.+?)」における\s*([0-9０-９]+)\s*つの基本(?:的)?目標/u;
const YEAR = /(?:令和|平成|[RH])\s*[0-9０-９元]+\s*年度/u;
const AS_OF_IN_TITLE = /数値目標の(.+?)の進捗状況について$/u;

function asOfOf(head: TableHead): string | null {
  if (head.asOf) return head.asOf.label;
  const m = AS_OF_IN_TITLE.exec(head.lines[0]?.text ?? '');
  return m && parsePeriod(m[1]!) ? m[1]! : null;
}

function fiscalYearOf(head: TableHead): number | null {
  const asOf = asOfOf(head);
  if (asOf !== null) return parsePeriod(asOf)?.endYear ?? null;
  const m = YEAR.exec(head.lines[0]?.text ?? '');
  return m ? (parsePeriod(m[0])?.endYear ?? null) : null;
}

function titleOf(head: TableHead): { planTitle: string | null; announced: number | null } {
  const title = head.lines[0]?.text ?? '';
  const published = PUBLISHED.exec(title);
  if (published) return { planTitle: published[1]!, announced: Number(loose(published[2]!)) };
  const plain = /^(.*?)\s*数値目標の進捗状況$/u.exec(title);
  return { planTitle: plain?.[1] ?? null, announced: null };
}

/** `year`: the report year of the table read before, for a table that prints none of its own. */
export function readGoalTable(sheet: ImportSheet, region: Region, year?: number): GoalTable | null {
  const head = readTableHead(sheet, region.from, region.anchors[0]!, () => false);
  const fiscalYear = fiscalYearOf(head) ?? year ?? null;
  if (fiscalYear === null) {
    reportNoYear(sheet, region, head);
    return null;
  }
  const goals: ParsedGoal[] = [];
  let next = region.anchors[0]!;
  region.anchors.forEach((start, i) => {
    const end = region.anchors[i + 1] ?? region.to;
    const last = i === region.anchors.length - 1;
    const goal = readGoalBlock({ sheet, start, end, fiscalYear, last });
    next = goal?.next ?? end;
    if (goal) goals.push(goal);
  });
  const rest = Array.from({ length: Math.max(0, region.to - next) }, (_, i) => next + i);
  const notes = readTableNotes(sheet, rest);
  return { sheet, head, ...titleOf(head), asOf: asOfOf(head), fiscalYear, goals, notes };
}
