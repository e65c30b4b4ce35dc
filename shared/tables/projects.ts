/**
 * The project table (事業の実績, docs/domain.md §9.2): the cohort summary, then one block per project
 * with its period, departments, budget, overview, the year's activities and the KPI rows with 達成度.
 */
import type { Achievement } from '../calc/achievement.ts';
import { evaluateIndicator } from '../calc/achievement.ts';
import { targetFor } from '../calc/cumulative.ts';
import {
  type BlankKpi,
  cohortSummary,
  planPeriodLabel,
  projectTag,
  projectYearInPeriod,
} from '../calc/index.ts';
import { toDecimalString } from '../decimal.ts';
import { fiscalYearLabel, formatQuantity, formatValueCell } from '../notation/index.ts';
import { type Problem, problem } from '../problem.ts';
import type { Indicator, PlanFile, Project, SubmissionStatus } from '../schema/index.ts';
import { isFilled } from '../workflow/completeness.ts';
import {
  baselineText,
  circledNumber,
  FootnoteList,
  header,
  label,
  numberFormatFor,
  targetCellText,
  textCell,
  valueCell,
  valueMarkers,
  withMarkers,
} from './cells.ts';
import {
  actualIn,
  actualsOf,
  type CycleContext,
  cycleContext,
  SUBMISSION_STATUS_LABEL,
  submissionStatus,
} from './context.ts';
import { cohortNote, projectFrame, titleLines } from './frames.ts';
import type { TableBlock, TableCell, TableModel } from './types.ts';

export interface ProjectTableOptions {
  /** The report cycle (default: the plan's latest cycle). */
  fiscalYear?: number;
  /**
   * Submission states whose values count as final (default: approved only). The values of a project
   * whose lead department's submission is in another state are still shown, and its block says so.
   */
  includeStatuses?: readonly SubmissionStatus[];
  /** Only these projects, in the plan's order (default: all). */
  projectIds?: readonly string[];
  /** The title line (default: the plan's frame for the cycle, else the published 別紙2 title). */
  title?: string;
  /**
   * Header of the baseline column. Default (docs/domain.md §9.2): `当初値` for a project in its first
   * year (【新規】), the cycle's `令和5年度当初値` for a continuing one; `plain` or `cycle` for every block.
   */
  baselineHeader?: 'plain' | 'cycle';
}

const COLUMNS = 6;
const KPI_HEADERS = ['指標', '目標値(増分)', '実績値(増分)', '達成度'] as const;

/** Evaluates every KPI of the projects once; the blocks and the cohort summary share the result. */
function evaluate(projects: readonly Project[], ctx: CycleContext): Map<string, Achievement[]> {
  const byProject = new Map<string, Achievement[]>();
  for (const p of projects) {
    byProject.set(
      p.id,
      p.indicators.map((ind) => evaluateIndicator(ind, actualsOf(ctx, ind.id), ctx.fiscalYear)),
    );
  }
  return byProject;
}

function actualCell(ind: Indicator, ctx: CycleContext, footnotes: FootnoteList): TableCell {
  const ref = { indicatorId: ind.id, field: 'actual', fiscalYear: ctx.fiscalYear };
  const actual = actualIn(ctx, ind.id, ctx.fiscalYear);
  if (!actual) return valueCell('', null, ref);
  footnotes.addAll(actual.footnotes);
  const markers = valueMarkers(actual.marker, actual.footnotes);
  if (actual.value === null) {
    const marker = actual.marker ?? '';
    if (actual.missingReason)
      footnotes.add(marker === '' ? '※' : marker, actual.missingReason, actual.noteMarker);
    if (ind.kind === 'qualitative' && actual.text) return textCell(actual.text, { ref });
    return valueCell(markers, null, ref, { align: 'center' });
  }
  return valueCell(formatValueCell(actual.value, markers), actual.value, ref, {
    numberFormat: numberFormatFor(actual.value),
  });
}

function kpiRow(
  ind: Indicator,
  achievement: Achievement,
  ctx: CycleContext,
  footnotes: FootnoteList,
): TableCell[] {
  footnotes.addAll(ind.footnotes);
  const baseline = ind.baseline?.value ?? null;
  if (ind.baseline?.missingReason)
    footnotes.add(ind.baseline.marker ?? '※', ind.baseline.missingReason, ind.baseline.noteMarker);
  const target = targetFor(ind, ctx.fiscalYear);
  const percent = achievement.percent === null ? null : toDecimalString(achievement.percent);
  return [
    label(`${circledNumber(ind.number)} ${withMarkers(ind.name, ind.footnotes)}`, {
      wrap: true,
      ref: { indicatorId: ind.id, field: 'name' },
    }),
    baseline === null
      ? valueCell(baselineText(ind), null, { indicatorId: ind.id, field: 'baseline' })
      : valueCell(
          baselineText(ind),
          baseline,
          { indicatorId: ind.id, field: 'baseline' },
          {
            numberFormat: numberFormatFor(baseline, ind.unit),
          },
        ),
    target === null
      ? valueCell(ind.note ?? '', null, { indicatorId: ind.id, field: 'target', fiscalYear: ctx.fiscalYear })
      : valueCell(
          // A threshold prints its bound with comparator and unit (`50%超`); an increment bare; the
          // target's marker after it (`30,000(※4)`).
          targetCellText(ind, target, ind.kind === 'threshold'),
          target.value,
          { indicatorId: ind.id, field: 'target', fiscalYear: ctx.fiscalYear },
          { numberFormat: numberFormatFor(target.value, target.marker ?? '') },
        ),
    actualCell(ind, ctx, footnotes),
    valueCell(
      achievement.printed,
      percent,
      { indicatorId: ind.id, field: 'achievement', fiscalYear: ctx.fiscalYear },
      percent === null ? { align: 'center' } : { numberFormat: '0.0"%";"△"0.0"%"' },
    ),
  ];
}

/** `28,218千円`, `仙台市 10,000千円` (a joint project's share), `28,218千円(※1)` (with its marker). */
function budgetText(p: Project): string {
  if (!p.budget) return '';
  const { prefix, amount, marker } = p.budget;
  return `${prefix ? `${prefix} ` : ''}${formatQuantity(amount, '千円')}${marker ?? ''}`;
}

function projectBlock(
  plan: PlanFile,
  p: Project,
  achievements: Achievement[],
  ctx: CycleContext,
  options: ProjectTableOptions,
): TableBlock {
  const fy = ctx.fiscalYear;
  const footnotes = new FootnoteList();
  footnotes.addAll(p.footnotes);
  const ref = { projectId: p.id };
  const departments = p.departmentIds.map((id) => plan.departments.find((d) => d.id === id)?.name ?? id);
  const activities = (ctx.cycle?.activities ?? [])
    .filter((a) => a.projectId === p.id)
    .flatMap((a) => a.text.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => (line.startsWith('・') ? line : `・${line}`));
  const continuing = (projectYearInPeriod(p, fy) ?? 1) > 1;
  const cycleHeader =
    options.baselineHeader === 'cycle' || (options.baselineHeader === undefined && continuing);
  const baselineHeader = cycleHeader ? `${fiscalYearLabel(fy, 'era-long')}当初値` : '当初値';
  const n = p.indicators.length;

  const rows: TableCell[][] = [
    [
      label('計画期間'),
      valueCell(planPeriodLabel(p.period), null, { ...ref, field: 'period' }, { align: 'center' }),
      label('担当課'),
      textCell(departments.join(p.departmentSeparator ?? '、'), { ref: { ...ref, field: 'departments' } }),
      label(p.budget?.label ?? '事業規模', { wrap: true }),
      p.budget
        ? valueCell(
            budgetText(p),
            p.budget.amount,
            { ...ref, field: 'budget' },
            {
              numberFormat: `${p.budget.prefix ? `"${p.budget.prefix} "` : ''}#,##0"千円${p.budget.marker ?? ''}"`,
            },
          )
        : valueCell('', null, { ...ref, field: 'budget' }),
    ],
    [
      label('事業概要'),
      textCell(p.overview ?? '', { colSpan: COLUMNS - 1, ref: { ...ref, field: 'overview' } }),
    ],
    [
      label(`${fiscalYearLabel(fy, 'era-long')}の主な取組`, { wrap: true }),
      textCell(activities.join('\n'), {
        colSpan: COLUMNS - 1,
        ref: { ...ref, field: 'activities', fiscalYear: fy },
      }),
    ],
    [
      header('KPI', { rowSpan: n + 1 }),
      header(KPI_HEADERS[0]),
      header(baselineHeader),
      ...KPI_HEADERS.slice(1).map((h) => header(h)),
    ],
    ...p.indicators.map((ind, i) => kpiRow(ind, achievements[i]!, ctx, footnotes)),
  ];

  const include = options.includeStatuses ?? ['approved'];
  const lead = p.departmentIds[0];
  const status = lead === undefined ? undefined : submissionStatus(ctx, lead);
  if (status === undefined || !include.includes(status)) {
    footnotes.add(
      '※',
      `（未確定）担当課の提出状況は「${SUBMISSION_STATUS_LABEL[status ?? 'none']}」です。この事業の値は確定していません。`,
    );
  }
  return {
    id: `project-${p.id}`,
    heading: `${p.number} ${p.name}${projectTag(p, fy)}`,
    columns: COLUMNS,
    rows,
    footnotes: footnotes.items,
  };
}

/**
 * The cohort summary printed above the blocks: `新規3事業 …` | `3事業ともKPIを達成した…。`, the derived
 * sentence followed by the coordinator's own when the plan holds one (`2年目以降も、…進めていく。`).
 */
function summaryBlock(
  plan: PlanFile,
  projects: readonly Project[],
  evaluations: Map<string, Achievement[]>,
  fy: number,
  blanks: BlankKpis,
): TableBlock {
  const cohorts = cohortSummary(projects, evaluations, fy, { isBlank: blanks.isBlank });
  blanks.found.push(...cohorts.flatMap((c) => c.blanks));
  const rows = cohorts.map((c): TableCell[] => [
    label(c.label, { colSpan: 2, wrap: true }),
    textCell(`${c.sentence}${cohortNote(plan, fy, c.period) ?? ''}`, { colSpan: COLUMNS - 2 }),
  ]);
  return { id: 'cohort-summary', columns: COLUMNS, rows, footnotes: [] };
}

export function buildProjectTable(plan: PlanFile, options: ProjectTableOptions = {}): TableModel {
  const ctx = cycleContext(plan, options.fiscalYear);
  const wanted = options.projectIds ? new Set(options.projectIds) : null;
  const projects = plan.projects.filter((p) => wanted === null || wanted.has(p.id));
  const evaluations = evaluate(projects, ctx);
  const blanks = blankKpis(projects, ctx, options);
  const summary = summaryBlock(plan, projects, evaluations, ctx.fiscalYear, blanks);
  const frame = projectFrame(plan, ctx.fiscalYear);
  return {
    kind: 'projects',
    // The published title (別紙2), then the cycle's point in time (the importer reads the year there).
    ...titleLines(frame, options.title, [
      ctx.cycle?.label ?? `${fiscalYearLabel(ctx.fiscalYear, 'era-long')}末時点`,
    ]),
    ...(frame.label ? { frame: { label: frame.label } } : {}),
    columnWidths: [12, 40, 14, 14, 14, 10],
    summary: summary.rows.length > 0 ? [summary] : [],
    blocks: projects.map((p) => projectBlock(plan, p, evaluations.get(p.id) ?? [], ctx, options)),
    footnotes: (plan.plan.footnotes ?? []).map((f) => ({ marker: f.marker, text: f.text })),
    problems: blanks.found.map((b) => blankProblem(projects, b, ctx.fiscalYear)),
  };
}

/**
 * KPIs of projects whose values count (their lead department's submission is included) left blank in
 * the cycle: no value, no reason, no status. A submitted sheet cannot hold one (shared/workflow's
 * completeness rule); one that sneaks in (data from before the rule) is not 未確定 — the cohort
 * summary does not count it as such, and the table reports it as a problem (docs/domain.md §8.5).
 */
interface BlankKpis {
  isBlank: (indicatorId: string) => boolean;
  found: BlankKpi[];
}

function blankKpis(projects: readonly Project[], ctx: CycleContext, options: ProjectTableOptions): BlankKpis {
  const include = options.includeStatuses ?? ['approved'];
  const counted = new Set(
    projects
      .filter((p) => {
        const status =
          p.departmentIds[0] === undefined ? undefined : submissionStatus(ctx, p.departmentIds[0]);
        return status !== undefined && include.includes(status);
      })
      .flatMap((p) => p.indicators.map((i) => i.id)),
  );
  return {
    isBlank: (id) => {
      if (!counted.has(id)) return false;
      const actual = actualIn(ctx, id, ctx.fiscalYear);
      return !actual || !isFilled(actual);
    },
    found: [],
  };
}

function blankProblem(projects: readonly Project[], b: BlankKpi, fy: number): Problem {
  const p = projects.find((x) => x.id === b.projectId);
  const ind = p?.indicators.find((i) => i.id === b.indicatorId);
  const kpi = ind ? `${circledNumber(ind.number)} ${ind.name}` : b.indicatorId;
  const project = p ? `${p.number} ${p.name}` : b.projectId;
  const year = fiscalYearLabel(fy, 'era-long');
  return problem(
    'table.blank_actual',
    `indicators.${b.indicatorId}.actual`,
    {
      ja: `事業「${project}」の指標「${kpi}」の${year}の実績値が空欄です。空欄は「未確定」ではないため、まとめの文では未確定として扱っていません。値か、(※) と未確定の理由を入力してください。`,
      en: `KPI "${kpi}" of project "${project}" has a blank actual for FY${fy}. A blank is not "not yet known", so the summary does not count it as such. Enter the value, or (※) and the reason it is not yet known.`,
    },
    { cell: { indicatorId: b.indicatorId, projectId: b.projectId, field: 'actual' } },
  );
}
