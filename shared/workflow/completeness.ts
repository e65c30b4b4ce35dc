import type { Achievement } from '../calc/result.ts';
import { projectYearInPeriod } from '../calc/status.ts';
import { type Message, type Problem, problem } from '../problem.ts';
import type { Actual, Indicator, Project, ShortfallSetting } from '../schema/index.ts';
import { circledNumber } from '../tables/cells.ts';
import { judgeShortfall } from './shortfall.ts';

/**
 * When a sheet is complete (docs/domain.md §8.5), the one rule for the pane (before 提出), the worker
 * (a submit of an incomplete sheet is refused, 422 naming every cell) and the cycle status
 * (`filledCount`):
 *
 * - a sheet holds the projects whose plan period covers the cycle's fiscal year (`isActiveIn`); a
 *   project that has not started, or has ended, asks for nothing that year;
 * - a KPI is filled when it has a value, a reason why the value is missing (the cell then prints its
 *   marker), or — a qualitative KPI — a status (`isFilled`). A blank is never the same as "not yet
 *   known" (未確定): that is a missing marker with its reason;
 * - every project's 主な取組 holds some text;
 * - a goal indicator (数値目標) assigned to the sheet's department (docs/domain.md §10.5) is filled
 *   like a KPI: a value, or a missing marker with its reason;
 * - when the plan asks for it (`shortfallReason`, shared/workflow/shortfall.ts, §8.6), a KPI that falls
 *   short of its target needs 未達成の理由 too. It is listed among the missing cells but does not
 *   change the counts: the KPI itself is filled.
 */
export interface FilledFields {
  value: Actual['value'];
  missingReason?: string | null | undefined;
  status?: Actual['status'] | null;
  shortfallReason?: string | null | undefined;
}

const present = (text: string | null | undefined) => text != null && text.trim() !== '';

export function isFilled(actual: FilledFields): boolean {
  return actual.value != null || present(actual.missingReason) || actual.status != null;
}

/** The number of filled KPIs among a sheet's actuals (one per KPI). */
export function filledCount(actuals: readonly FilledFields[]): number {
  return actuals.filter(isFilled).length;
}

/** Whether a project is on the sheets of a cycle: its plan period covers the fiscal year. */
export function isActiveIn(project: Pick<Project, 'period'>, fiscalYear: number): boolean {
  return projectYearInPeriod(project, fiscalYear) !== null;
}

/**
 * The cell a complete sheet must fill: a KPI's value (its status, for a qualitative one), 主な取組, or
 * a goal indicator's value. A KPI's and 主な取組's cell names its project, a goal indicator's its goal.
 */
export interface MissingCell {
  /** The project of a KPI or of 主な取組; absent for a goal indicator. */
  projectId?: string;
  /** The goal (基本目標) of a goal indicator. */
  goalId?: string;
  /** Absent for a project's 主な取組. */
  indicatorId?: string;
  field: 'value' | 'status' | 'activities';
  /** Names the project and the KPI, and says what to enter. */
  message: Message;
}

/**
 * A KPI's 未達成の理由 the plan asks for and the sheet does not give (§8.6): listed only when the
 * caller checks for it (`sheetCompleteness(…, { shortfall })`), so other readers of the completeness
 * (the cycle status, reminders) keep the three fields they name.
 */
export interface ShortfallCell {
  projectId: string;
  goalId?: undefined;
  indicatorId: string;
  field: 'shortfallReason';
  message: Message;
}

/** Any cell a submit needs filled: a blank one, or a 未達成の理由 asked for. */
export type SheetMissingCell = MissingCell | ShortfallCell;

/** A KPI's or 主な取組's missing cell: it always names its project. */
export type MissingProjectCell = MissingCell & { projectId: string };

export interface Completeness<C extends SheetMissingCell = MissingCell> {
  /** KPIs and goal indicators filled / on the sheet. */
  indicators: { filled: number; total: number };
  /** Projects with 主な取組 / projects on the sheet. */
  activities: { filled: number; total: number };
  /** Every cell still to fill, in sheet order (a project's 主な取組, then its KPIs; the goal indicators last). */
  missing: C[];
}

/** A goal on a sheet with the goal indicators the sheet's department reports (shared/api SheetGoal). */
export type GoalOnSheet = { id: string; number: number; title: string } & {
  indicators: readonly Pick<Indicator, 'id' | 'number' | 'name' | 'kind'>[];
};

type SheetProject = Pick<Project, 'id' | 'number' | 'name' | 'period'> & {
  indicators: readonly Pick<Indicator, 'id' | 'number' | 'name' | 'kind'>[];
};

const projectName = (p: SheetProject) => `${p.number} ${p.name}`;
const indicatorName = (i: SheetProject['indicators'][number]) => `${circledNumber(i.number)} ${i.name}`;

function missingKpi(p: SheetProject, i: SheetProject['indicators'][number]): MissingProjectCell {
  const where = {
    ja: `事業「${projectName(p)}」の指標「${indicatorName(i)}」`,
    en: `KPI "${indicatorName(i)}" of project "${projectName(p)}"`,
  };
  if (i.kind === 'qualitative')
    return {
      projectId: p.id,
      indicatorId: i.id,
      field: 'status',
      message: {
        ja: `${where.ja}（定性）が空欄です。状況を選ぶか、未確定の理由を入力してください。`,
        en: `${where.en} (qualitative) is blank. Choose its status, or give the reason it is not yet known.`,
      },
    };
  return {
    projectId: p.id,
    indicatorId: i.id,
    field: 'value',
    message: {
      ja: `${where.ja}の実績値が空欄です。値を入力するか、未確定なら (※) と理由を入力してください。`,
      en: `${where.en} has no actual. Enter the value, or (※) and the reason it is not yet known.`,
    },
  };
}

/** The missing cell of one KPI (its value, or a qualitative KPI's status), or of a project's 主な取組. */
export function missingCellOf(
  p: SheetProject,
  indicator?: SheetProject['indicators'][number],
): MissingProjectCell {
  return indicator ? missingKpi(p, indicator) : missingActivities(p);
}

/** The missing cell of a goal indicator assigned to the sheet's department: its value, like a KPI's. */
export function missingGoalCellOf(g: GoalOnSheet, i: GoalOnSheet['indicators'][number]): MissingCell {
  const where = {
    ja: `基本目標${circledNumber(g.number)}「${g.title}」の数値目標「${i.name}」`,
    en: `goal indicator "${i.name}" of basic goal ${circledNumber(g.number)} "${g.title}"`,
  };
  if (i.kind === 'qualitative')
    return {
      goalId: g.id,
      indicatorId: i.id,
      field: 'status',
      message: {
        ja: `${where.ja}（定性）が空欄です。状況を選ぶか、未確定の理由を入力してください。`,
        en: `The ${where.en} (qualitative) is blank. Choose its status, or give the reason it is not yet known.`,
      },
    };
  return {
    goalId: g.id,
    indicatorId: i.id,
    field: 'value',
    message: {
      ja: `${where.ja}の実績値が空欄です。値を入力するか、未確定なら (※) と理由を入力してください。`,
      en: `The ${where.en} has no actual. Enter the value, or (※) and the reason it is not yet known.`,
    },
  };
}

function missingActivities(p: SheetProject): MissingProjectCell {
  return {
    projectId: p.id,
    field: 'activities',
    message: {
      ja: `事業「${projectName(p)}」の主な取組が空欄です。今年度の主な取組を入力してください。`,
      en: `Project "${projectName(p)}" has no main activities. Enter the activities of the year.`,
    },
  };
}

/**
 * The 未達成の理由 check of a sheet: the plan's setting and each KPI's figure of the cycle
 * (`evaluateIndicator` over this and earlier cycles, as the caller holds them; null: none).
 */
export interface ShortfallCheck {
  setting: ShortfallSetting | undefined | null;
  achievementOf: (indicatorId: string) => Achievement | null;
}

interface SheetValues {
  actuals: readonly (FilledFields & { indicatorId: string })[];
  activities: readonly { projectId: string; text: string }[];
}

/**
 * How complete a sheet is: its projects active in `fiscalYear` (others are left out, as the sheet
 * leaves them out), its values of that year (one actual per KPI at most; a KPI without one is blank),
 * and — when given — the goal indicators assigned to the sheet's department (`goals`, as the sheet
 * carries them), each needing its value like a KPI.
 */
export function sheetCompleteness(
  projects: readonly SheetProject[],
  fiscalYear: number,
  values: SheetValues,
): Completeness<MissingProjectCell>;
export function sheetCompleteness(
  projects: readonly SheetProject[],
  fiscalYear: number,
  values: SheetValues,
  goals: readonly GoalOnSheet[],
): Completeness;
export function sheetCompleteness(
  projects: readonly SheetProject[],
  fiscalYear: number,
  values: SheetValues,
  goals: readonly GoalOnSheet[],
  options: { shortfall?: ShortfallCheck | undefined },
): Completeness<SheetMissingCell>;
export function sheetCompleteness(
  projects: readonly SheetProject[],
  fiscalYear: number,
  values: SheetValues,
  goals: readonly GoalOnSheet[] = [],
  options: { shortfall?: ShortfallCheck | undefined } = {},
): Completeness<SheetMissingCell> {
  const shortfall = options.shortfall?.setting?.required ? options.shortfall : undefined;
  const actuals = new Map(values.actuals.map((a) => [a.indicatorId, a]));
  const activities = new Map(values.activities.map((a) => [a.projectId, a.text]));
  const out: Completeness<SheetMissingCell> = {
    indicators: { filled: 0, total: 0 },
    activities: { filled: 0, total: 0 },
    missing: [],
  };
  for (const p of projects) {
    if (!isActiveIn(p, fiscalYear)) continue;
    out.activities.total++;
    if (present(activities.get(p.id))) out.activities.filled++;
    else out.missing.push(missingActivities(p));
    for (const i of p.indicators) {
      out.indicators.total++;
      const a = actuals.get(i.id);
      if (a && isFilled(a)) {
        out.indicators.filled++;
        // Goal indicators print no 達成度 (§10.5): only a project's KPIs are asked for a reason.
        if (shortfall) {
          const j = judgeShortfall(shortfall.setting, i, shortfall.achievementOf(i.id), a.shortfallReason, p);
          if (j.needed && !j.given && j.message)
            out.missing.push({
              projectId: p.id,
              indicatorId: i.id,
              field: 'shortfallReason',
              message: j.message,
            });
        }
      } else out.missing.push(missingKpi(p, i));
    }
  }
  for (const g of goals)
    for (const i of g.indicators) {
      out.indicators.total++;
      const a = actuals.get(i.id);
      if (a && isFilled(a)) out.indicators.filled++;
      else out.missing.push(missingGoalCellOf(g, i));
    }
  return out;
}

/** The code of a cell a submit needs filled (a problem of the 422, a mark on the pane's sheet). */
export const MISSING_CELL_CODE = 'submission.missing';

/** A missing cell as a problem naming its cell, for a 422 and the pane's list. */
export function missingCellProblem(cell: SheetMissingCell): Problem {
  const id = cell.indicatorId ?? cell.projectId;
  const project = cell.projectId !== undefined ? { projectId: cell.projectId } : {};
  return problem(
    MISSING_CELL_CODE,
    `${cell.indicatorId ? 'indicators' : 'projects'}.${id}.${cell.field}`,
    cell.message,
    {
      cell: cell.indicatorId
        ? { indicatorId: cell.indicatorId, ...project, field: cell.field }
        : { ...project, field: cell.field },
    },
  );
}
