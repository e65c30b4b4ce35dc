/**
 * Project status and the cohort summary printed above the project table (docs/domain.md §7):
 * the 【新規】/【n年目】 tag and sentences such as `3事業ともKPIを達成した（実績値が未確定のものを除く）。`
 * are derived from the plan periods and the evaluations, never typed.
 */
import { formatPeriod, singleYearPeriod } from '../notation/index.ts';
import type { PeriodRange, Project } from '../schema/index.ts';
import type { Achievement } from './result.ts';

export type ProjectStatus = 'achieved' | 'partly_achieved' | 'not_achieved' | 'not_evaluable';

/** 1 in the first fiscal year of the project's plan period, 2 in the second…; null outside it. */
export function projectYearInPeriod(project: Pick<Project, 'period'>, fiscalYear: number): number | null {
  const { startFy, endFy } = project.period;
  return fiscalYear < startFy || fiscalYear > endFy ? null : fiscalYear - startFy + 1;
}

/** The tag after the project name: `【新規】`, `【2年目】`, `【3年目】`…; '' outside the plan period. */
export function projectTag(project: Pick<Project, 'period'>, fiscalYear: number): string {
  const year = projectYearInPeriod(project, fiscalYear);
  return year === null ? '' : `【${cohortName(year)}】`;
}

function cohortName(year: number): string {
  return year === 1 ? '新規' : `${year}年目`;
}

/**
 * A project has achieved its KPIs when every judged KPI is met (100.0% counts). Rows neither met
 * nor failed (not computable, in progress, interim) count as neither; a project none of whose
 * KPIs can be judged is not evaluable. Qualitative KPIs count by the status the department chose.
 */
export function projectStatus(evaluations: readonly Achievement[]): ProjectStatus {
  let met = 0;
  let failed = 0;
  for (const e of evaluations) {
    if (e.met === true) met++;
    else if (e.met === false) failed++;
  }
  if (met + failed === 0) return 'not_evaluable';
  return failed === 0 ? 'achieved' : met === 0 ? 'not_achieved' : 'partly_achieved';
}

/** A KPI of a project in its plan period with nothing reported: no value, no reason, no status. */
export interface BlankKpi {
  readonly projectId: string;
  readonly indicatorId: string;
}

export interface CohortSummary {
  /** 1 = 新規, 2 = 2年目… */
  readonly yearInPeriod: number;
  readonly period: PeriodRange;
  readonly projectIds: readonly string[];
  readonly counts: Readonly<Record<ProjectStatus, number>>;
  /** `新規3事業 (計画期間：令和5～7年度)`, `継続7事業（2年目） (計画期間：令和4～6年度)` */
  readonly label: string;
  /** `3事業ともKPIを達成した（実績値が未確定のものを除く）。` */
  readonly sentence: string;
  /**
   * KPIs left blank (`CohortOptions.isBlank`). A blank is not 未確定 (a missing value with its marker
   * and reason): it never earns `（実績値が未確定のものを除く）` or `実績値が未確定のため、`, and the
   * caller reports it as a problem (docs/domain.md §8.5) instead of the sentence hiding it.
   */
  readonly blanks: readonly BlankKpi[];
}

export interface CohortOptions {
  /**
   * Whether a KPI's actual of the year is blank (nothing reported) rather than 未確定. Without it every
   * missing actual counts as 未確定. `evaluationsByProject` lists a project's evaluations in the
   * order of its indicators.
   */
  readonly isBlank?: (indicatorId: string) => boolean;
}

/** The plan period as the report prints it: `令和5～7年度`. */
export function planPeriodLabel(period: PeriodRange): string {
  return formatPeriod({ ...singleYearPeriod(period.startFy, 'fiscal', 'era-long'), endYear: period.endFy });
}

interface Group {
  readonly period: PeriodRange;
  readonly yearInPeriod: number;
  readonly projects: Project[];
}

/**
 * Groups the projects in their plan period by year in the period (新規, 2年目…), one cohort per
 * plan period, newest first, and derives the label and sentence of each.
 * `evaluationsByProject` maps a project id to the evaluations of its KPIs for the fiscal year.
 */
export function cohortSummary(
  projects: readonly Project[],
  evaluationsByProject: ReadonlyMap<string, readonly Achievement[]>,
  fiscalYear: number,
  options: CohortOptions = {},
): CohortSummary[] {
  const groups = new Map<string, Group>();
  for (const project of projects) {
    const yearInPeriod = projectYearInPeriod(project, fiscalYear);
    if (yearInPeriod === null) continue;
    const key = `${project.period.startFy}-${project.period.endFy}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        period: { startFy: project.period.startFy, endFy: project.period.endFy },
        yearInPeriod,
        projects: [],
      };
      groups.set(key, group);
    }
    group.projects.push(project);
  }
  const ordered = [...groups.values()].sort(
    (a, b) => a.yearInPeriod - b.yearInPeriod || a.period.endFy - b.period.endFy,
  );
  return ordered.map((group) => summarise(group, evaluationsByProject, options.isBlank ?? (() => false)));
}

type Clause = { status: ProjectStatus; count: number; unconfirmed: boolean };

const PREDICATE: Record<ProjectStatus, string> = {
  achieved: 'KPIを達成した',
  partly_achieved: '一部KPIを達成できなかった',
  not_achieved: 'KPIを達成できなかった',
  not_evaluable: 'KPIの達成状況を評価できなかった',
};
const STATUS_ORDER: readonly ProjectStatus[] = [
  'achieved',
  'partly_achieved',
  'not_achieved',
  'not_evaluable',
];
const UNCONFIRMED_NOTE = '（実績値が未確定のものを除く）';
const UNCONFIRMED_CAUSE = '実績値が未確定のため、';

function summarise(
  group: Group,
  evaluationsByProject: ReadonlyMap<string, readonly Achievement[]>,
  isBlank: (indicatorId: string) => boolean,
): CohortSummary {
  const counts: Record<ProjectStatus, number> = {
    achieved: 0,
    partly_achieved: 0,
    not_achieved: 0,
    not_evaluable: 0,
  };
  const unconfirmed: Record<ProjectStatus, boolean> = {
    achieved: false,
    partly_achieved: false,
    not_achieved: false,
    not_evaluable: true,
  };
  const blanks: BlankKpi[] = [];
  for (const project of group.projects) {
    const evaluations = evaluationsByProject.get(project.id) ?? [];
    const status = projectStatus(evaluations);
    counts[status]++;
    // A missing actual is 未確定 when it was reported so (a marker and its reason); a blank is not.
    const blank = evaluations.map((e, i) => {
      const id = project.indicators[i]?.id;
      const isBlankKpi = id !== undefined && e.reasons.includes('missing_actual') && isBlank(id);
      if (isBlankKpi) blanks.push({ projectId: project.id, indicatorId: id });
      return isBlankKpi;
    });
    const unknown = (e: Achievement, i: number) => e.reasons.includes('missing_actual') && !blank[i];
    const missing = evaluations.some((e, i) => e.met === null && unknown(e, i));
    // 未確定 excludes rows from a judged project; it explains a non-evaluable one only if it is the cause.
    if (status === 'not_evaluable') {
      const onlyMissing = evaluations.length > 0 && evaluations.every(unknown);
      unconfirmed.not_evaluable &&= onlyMissing;
    } else if (missing) unconfirmed[status] = true;
  }
  const clauses: Clause[] = STATUS_ORDER.filter((s) => counts[s] > 0).map((s) => ({
    status: s,
    count: counts[s],
    unconfirmed: unconfirmed[s],
  }));
  const n = group.projects.length;
  const cohort =
    group.yearInPeriod === 1 ? `新規${n}事業` : `継続${n}事業（${cohortName(group.yearInPeriod)}）`;
  return {
    yearInPeriod: group.yearInPeriod,
    period: group.period,
    projectIds: group.projects.map((p) => p.id),
    counts,
    label: `${cohort} (計画期間：${planPeriodLabel(group.period)})`,
    sentence: sentenceOf(clauses),
    blanks,
  };
}

function predicate(clause: Clause): string {
  if (clause.status === 'not_evaluable')
    return `${clause.unconfirmed ? UNCONFIRMED_CAUSE : ''}${PREDICATE.not_evaluable}`;
  return `${PREDICATE[clause.status]}${clause.unconfirmed ? UNCONFIRMED_NOTE : ''}`;
}

/**
 * One kind of outcome: `3事業ともKPIを達成した。` (a lone project: `KPIを達成した。`).
 * Two: `4事業については、KPIを達成した。他の3事業については、一部KPIを達成できなかった。`
 * More: each `n事業については、…。` in the order achieved, partly, not achieved, not evaluable.
 */
function sentenceOf(clauses: readonly Clause[]): string {
  const [only] = clauses;
  if (clauses.length === 1 && only) {
    return only.count === 1 ? `${predicate(only)}。` : `${only.count}事業とも${predicate(only)}。`;
  }
  return clauses
    .map(
      (c, i) => `${i === 1 && clauses.length === 2 ? '他の' : ''}${c.count}事業については、${predicate(c)}。`,
    )
    .join('');
}
