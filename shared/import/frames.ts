import type { PlanFile, ReportFrame, TableFrame } from '../schema/index.ts';
import {
  asOfLabel,
  GOAL_FRAME_LABEL,
  goalTitleLine,
  PROJECT_FRAME_LABEL,
  projectTitleLine,
} from '../tables/frames.ts';
import type { GoalTable } from './goal-table.ts';
import { DERIVED, to } from './paths.ts';
import type { ProjectTable } from './project-table.ts';
import type { HeadLine, TableHead } from './regions.ts';
import type { ImportSheet } from './sheet.ts';

/**
 * The printed frame of each table (its title lines and 別紙 label): what the plan would print anyway
 * is derived; anything else is kept as printed in `plan.reports[].projects|goals`, so an export
 * prints the same title again. Also the plan's title, which only the goal table (and this
 * project's earlier exports) print.
 */

type Kind = 'projects' | 'goals';

interface Head {
  kind: Kind;
  sheet: ImportSheet;
  head: TableHead;
  /** The title line gave the plan's title. */
  titled: boolean;
}

function headsOf(projects: ProjectTable[], goals: GoalTable[]): Head[] {
  return [
    ...projects.map((t) => ({
      kind: 'projects' as const,
      sheet: t.sheet,
      head: t.head,
      titled: t.planTitle !== null,
    })),
    ...goals.map((t) => ({
      kind: 'goals' as const,
      sheet: t.sheet,
      head: t.head,
      titled: t.planTitle !== null,
    })),
  ];
}

/**
 * The plan's title: as asked, else as a table prints it (the goal table's title, an earlier export's
 * project table, the 新旧対照表's `○<plan> (抄)`, the budget table's title); null when none does.
 */
export function planTitleOf(
  read: {
    projects: ProjectTable[];
    goals: GoalTable[];
    revisions: { planTitle: string | null }[];
    budgets: { title: string | null }[];
  },
  asked: string | undefined,
): string | null {
  const printed = [
    ...read.goals.map((t) => t.planTitle),
    ...read.projects.map((t) => t.planTitle),
    ...read.revisions.map((t) => t.planTitle),
    ...read.budgets.map((t) => t.title),
  ].find((t) => t !== null && t !== '');
  return asked ?? printed ?? null;
}

/** The lines a table prints by default for this plan: what need not be kept. */
function defaultLines(kind: Kind, plan: PlanFile, fy: number): string[] {
  if (kind === 'projects') return [projectTitleLine(fy)];
  return [goalTitleLine(plan.plan.title, plan.goals.length, asOfLabel(plan, fy))];
}

function takeLines(h: Head, lines: HeadLine[], to: string, titlePath: string): void {
  lines.forEach((l, i) => {
    h.sheet.take(l.row, l.col, i === 0 && h.titled ? titlePath : to);
  });
}

function frameOf(h: Head, plan: PlanFile, fy: number): TableFrame | null {
  const frame: TableFrame = {};
  const lines = h.head.lines;
  const path = (field: string) => to.plan(`reports[${fy}].${h.kind}.${field}`);
  if (lines.length > 0) {
    const printed = lines.map((l) => l.text);
    const same = printed.join('\n') === defaultLines(h.kind, plan, fy).join('\n');
    if (!same) frame.lines = printed;
    takeLines(h, lines, same ? DERIVED : path('lines'), to.plan('title'));
  }
  const label = h.head.frameLabel;
  if (label) {
    const standard = label.text === (h.kind === 'projects' ? PROJECT_FRAME_LABEL : GOAL_FRAME_LABEL);
    if (!standard) frame.label = label.text;
    h.sheet.take(label.row, label.col, standard ? DERIVED : path('label'));
  } else frame.label = ''; // none printed: an export prints none either
  return Object.keys(frame).length > 0 ? frame : null;
}

/** The cycle's label, from the first table that prints its point in time. */
export function cycleLabelOf(projects: ProjectTable[], goals: GoalTable[]): string | undefined {
  const fromHead = [...projects, ...goals].map((t) => t.head.asOf?.label).find((l) => l !== undefined);
  return fromHead ?? goals.map((g) => g.asOf).find((l) => l !== null) ?? undefined;
}

/** Takes every head line; returns the frames the plan must keep (null when all are the defaults). */
export function framesOf(
  projects: ProjectTable[],
  goals: GoalTable[],
  plan: PlanFile,
  fy: number,
): ReportFrame | null {
  const report: ReportFrame = { fiscalYear: fy };
  const label = plan.cycles.find((c) => c.fiscalYear === fy)?.label;
  for (const h of headsOf(projects, goals)) {
    const asOf = h.head.asOf;
    if (asOf) h.sheet.take(asOf.row, asOf.col, asOf.label === label ? to.cycle(fy, 'label') : DERIVED);
    const frame = frameOf(h, plan, fy);
    if (frame && !report[h.kind]) report[h.kind] = frame;
  }
  return report.projects || report.goals ? report : null;
}
