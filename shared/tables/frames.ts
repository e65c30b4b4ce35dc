/**
 * The printed frame of the official tables (docs/domain.md §9): the 別紙 labels and title lines of the
 * progress report, the frame of the 新旧対照表 and the coordinator's follow-up sentences of the
 * cohort summary. What the plan holds (`PlanHeader.reports`, `PlanHeader.revisionFrame`) is printed
 * as held; what it leaves out takes the published wording of this kind of report.
 */
import { fiscalYearLabel } from '../notation/index.ts';
import type { PeriodRange, PlanFile, PlanVersion, ReportFrame } from '../schema/index.ts';

/** A frame as the table models print it: the label above the title, then the title lines. */
export interface PrintedFrame {
  label: string | undefined;
  /** At least one line: the first is the title. */
  lines: string[];
}

/** The 別紙2 title of the Sendai report: the projects funded by the デジタル田園都市国家構想交付金. */
export const PROJECT_FRAME_LABEL = '別紙2';
export const GOAL_FRAME_LABEL = '別紙1';

export function projectTitleLine(fiscalYear: number): string {
  return `● デジタル田園都市国家構想交付金（地方創生推進タイプ）を活用した事業の${fiscalYearLabel(fiscalYear, 'era-long')}実績について`;
}

/** `●「第2期…総合戦略」における6つの基本目標と対応する数値目標の令和5年度末時点の進捗状況について` */
export function goalTitleLine(planTitle: string, goals: number, asOf: string): string {
  return `●「${planTitle}」における${goals}つの基本目標と対応する数値目標の${asOf}の進捗状況について`;
}

/** The cycle's point in time as printed: its label, else `令和N年度末時点`. */
export function asOfLabel(plan: PlanFile, fiscalYear: number): string {
  const cycle = plan.cycles.find((c) => c.fiscalYear === fiscalYear);
  return cycle?.label ?? `${fiscalYearLabel(fiscalYear, 'era-long')}末時点`;
}

export function reportFrame(plan: PlanFile, fiscalYear: number): ReportFrame | undefined {
  return plan.plan.reports?.find((r) => r.fiscalYear === fiscalYear);
}

function printed(
  held: { label?: string | undefined; lines?: string[] | undefined } | undefined,
  label: string | undefined,
  lines: () => string[],
): PrintedFrame {
  const heldLabel = held?.label;
  return {
    label: heldLabel === undefined ? label : heldLabel === '' ? undefined : heldLabel,
    lines: held?.lines && held.lines.length > 0 ? [...held.lines] : lines(),
  };
}

/** 別紙2 and its title above the project blocks. */
export function projectFrame(plan: PlanFile, fiscalYear: number): PrintedFrame {
  return printed(reportFrame(plan, fiscalYear)?.projects, PROJECT_FRAME_LABEL, () => [
    projectTitleLine(fiscalYear),
  ]);
}

/** 別紙1 and its title above the goal table. */
export function goalFrame(plan: PlanFile, fiscalYear: number): PrintedFrame {
  return printed(reportFrame(plan, fiscalYear)?.goals, GOAL_FRAME_LABEL, () => [
    goalTitleLine(plan.plan.title, plan.goals.length, asOfLabel(plan, fiscalYear)),
  ]);
}

/** The coordinator's follow-up sentence of the cohort of plan period `period`, if the plan holds one. */
export function cohortNote(plan: PlanFile, fiscalYear: number, period: PeriodRange): string | undefined {
  return reportFrame(plan, fiscalYear)?.cohortNotes?.find(
    (n) => n.period.startFy === period.startFy && n.period.endFy === period.endFy,
  )?.text;
}

export const REVISION_TITLE = '新旧対照表 (下線部は変更部分)';
/** The section rows of a 地域再生計画's 新旧対照表: the parts left out, and where the 数値目標 sit. */
export const REVISION_SECTIONS_BEFORE: readonly string[] = [
  '1～3 (略)',
  '4 地域再生計画の目標',
  '【数値目標】',
];
export const REVISION_SECTIONS_AFTER: readonly string[] = ['7-3 (略)'];

export interface PrintedRevisionFrame extends PrintedFrame {
  sectionsBefore: string[];
  sectionsAfter: string[];
}

/**
 * The frame of the 新旧対照表: `新旧対照表 (下線部は変更部分)`, `○<plan title> (抄)`, the
 * recognition date of the version it changes (`[ 平成30年3月30日認定 ]`, from that version's label),
 * and the section rows printed on both halves above and below the table.
 */
export function revisionFrame(plan: PlanFile, before: PlanVersion | undefined): PrintedRevisionFrame {
  const held = plan.plan.revisionFrame;
  const frame = printed(held, undefined, () => [
    REVISION_TITLE,
    `○${plan.plan.title} (抄)`,
    ...(before?.label ? [`[ ${before.label} ]`] : []),
  ]);
  return {
    ...frame,
    sectionsBefore: [...(held?.sectionsBefore ?? REVISION_SECTIONS_BEFORE)],
    sectionsAfter: [...(held?.sectionsAfter ?? REVISION_SECTIONS_AFTER)],
  };
}

/**
 * The model's title and subtitle from a frame: the first line, then the others one per line, then
 * the `extra` lines a frame line does not already print (the point in time `令和5年度末時点` is
 * part of the 別紙1 title, so the goal table does not print it again).
 */
export function titleLines(
  frame: PrintedFrame,
  title: string | undefined,
  extra: readonly string[] = [],
): { title: string; subtitle?: string } {
  const [first = '', ...rest] = frame.lines;
  const lines = [title ?? first, ...rest];
  const missing = extra.filter((l) => l !== '' && !lines.some((line) => line.includes(l)));
  const subtitle = [...rest, ...missing].join('\n');
  return { title: title ?? first, ...(subtitle === '' ? {} : { subtitle }) };
}
