import {
  type Actual,
  type Cycle,
  type Department,
  type Footnote,
  PLAN_FORMAT,
  type PlanFile,
  type SubmissionState,
} from '../schema/index.ts';
import { cycleLabelOf, framesOf, planTitleOf } from './frames.ts';
import type { GoalTable } from './goal-table.ts';
import { NO_DEPARTMENT } from './paths.ts';
import type { ParsedProject } from './project-block.ts';
import type { ProjectTable } from './project-table.ts';
import type { TableHead } from './regions.ts';
import type { ImportSheet } from './sheet.ts';

/**
 * Builds one plan file from the tables read: the projects and their departments, the goals, the
 * report cycle (and the previous one, from the goal table's 前年度比), the plan's notes.
 */

export interface ReadTables {
  projects: ProjectTable[];
  goals: GoalTable[];
}

type AnyTable = { sheet: ImportSheet; head: TableHead; fiscalYear: number };

function tablesOf(read: ReadTables): AnyTable[] {
  return [...read.projects, ...read.goals];
}

/** Every table must report the same year; one that does not is reported and left out. */
export function sameYear(read: ReadTables): ReadTables {
  const fy = tablesOf(read)[0]?.fiscalYear;
  const keep = (t: AnyTable) => {
    if (t.fiscalYear === fy) return true;
    const at = t.head.asOf ?? t.head.lines[0] ?? { row: 0, col: 0 };
    t.sheet.report(at.row, at.col, {
      code: 'year_mismatch',
      field: 'cycle',
      message: {
        ja: `この表の報告年度（${t.fiscalYear}年度）が先に読んだ表（${fy}年度）と異なります。1つの報告年度の表だけを読み込めます。`,
        en: `This table reports FY${t.fiscalYear}, the one read before FY${fy}: only tables of one report year can be imported together.`,
      },
    });
    return false;
  };
  return { projects: read.projects.filter(keep), goals: read.goals.filter(keep) };
}

function departmentsOf(blocks: ParsedProject[]): Department[] {
  for (const b of blocks) if (b.departmentNames.length === 0) b.departmentNames = [NO_DEPARTMENT];
  const names = [...new Set(blocks.flatMap((b) => b.departmentNames))];
  const departments = names.map((name, i) => ({ id: `d${i + 1}`, name }));
  const idOf = new Map(departments.map((d) => [d.name, d.id]));
  for (const b of blocks) b.project.departmentIds = b.departmentNames.map((n) => idOf.get(n)!);
  return departments;
}

/** Published values were approved; a block the export marked 未確定 keeps the state it printed. */
function submissionsOf(blocks: ParsedProject[], departments: Department[]): SubmissionState[] {
  const statusOf = new Map<string, ParsedProject['status']>();
  for (const b of blocks) {
    const lead = b.project.departmentIds[0];
    if (lead && b.status !== null) statusOf.set(lead, b.status);
  }
  return departments.flatMap((d) => {
    const status = statusOf.get(d.id) ?? 'approved';
    return status === 'none' ? [] : [{ departmentId: d.id, status }];
  });
}

function uniqueNotes(notes: Footnote[]): Footnote[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const key = `${n.marker}\u0000${n.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface PlanHead {
  id: string;
  /** The plan's title when the tables do not print it (only the goal table does). */
  title?: string | undefined;
}

/** The report cycle, and the one before it when the goal table's 前年度比 gave its values. */
function cyclesOf(read: ReadTables, fy: number, departments: Department[]): Cycle[] {
  const blocks = read.projects.flatMap((t) => t.blocks);
  const goals = read.goals.flatMap((t) => t.goals);
  const label = cycleLabelOf(read.projects, read.goals);
  const cycle: Cycle = {
    fiscalYear: fy,
    ...(label !== undefined ? { label } : {}),
    locked: false,
    actuals: [...blocks.flatMap((b) => b.actuals), ...goals.flatMap((g) => g.actuals)],
    activities: blocks
      .filter((b) => b.activities !== '')
      .map((b) => ({ projectId: b.project.id, text: b.activities })),
    submissions: submissionsOf(blocks, departments),
  };
  const previous: Actual[] = goals.flatMap((g) => g.previous);
  if (previous.length === 0) return [cycle];
  return [{ fiscalYear: fy - 1, locked: false, actuals: previous, activities: [], submissions: [] }, cycle];
}

export function assemblePlan(read: ReadTables, head: PlanHead): PlanFile {
  const fy = tablesOf(read)[0]!.fiscalYear;
  const blocks = read.projects.flatMap((t) => t.blocks);
  const departments = departmentsOf(blocks);
  const cycles = cyclesOf(read, fy, departments);
  const projects = blocks.map((b) => b.project);
  const notes = uniqueNotes([...read.projects, ...read.goals].flatMap((t) => t.notes));
  const plan: PlanFile = {
    format: PLAN_FORMAT,
    plan: {
      id: head.id,
      title: planTitleOf(read.projects, read.goals, head.title),
      // Not printed: the years the tables cover (the cycles, the projects' periods).
      period: {
        startFy: Math.min(cycles[0]!.fiscalYear, ...projects.map((p) => p.period.startFy)),
        endFy: Math.max(fy, ...projects.map((p) => p.period.endFy)),
      },
      version: 1,
      ...(notes.length > 0 ? { footnotes: notes } : {}),
    },
    departments,
    goals: read.goals.flatMap((t) => t.goals.map((g) => g.goal)),
    projects,
    cycles,
    budgets: [],
    previousVersions: [],
  };
  const frames = framesOf(read.projects, read.goals, plan, fy);
  if (frames) plan.plan.reports = [frames];
  return plan;
}
