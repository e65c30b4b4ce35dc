/**
 * progress-2023-sample.json → data/sendai-2023.plan.json: the demo plan with its goals, the three
 * new projects of FY2023, and the report cycles 2022 (previous-year goal values) and 2023.
 */
import { actualsIndex, cohortSummary, evaluateIndicator } from '../../shared/calc/index.ts';
import { cmp, decimal, sub, toDecimalString } from '../../shared/decimal.ts';
import { normalizeUnit, parsePeriod, toPeriodRange } from '../../shared/notation/index.ts';
import type {
  Actual,
  CohortNote,
  Goal,
  Indicator,
  PlanFileInput,
  Project,
} from '../../shared/schema/index.ts';
import { PLAN_FORMAT, PlanFile } from '../../shared/schema/index.ts';
import { footnoteBody, noteMarkerOf, Problems, printedDecimal, unwrapPdfSpaces } from './common.ts';
import type { GoalFixture, GoalIndicatorFixture, ProgressFixture, ProjectFixture } from './fixture-types.ts';

type IndicatorInput = Omit<Indicator, 'direction' | 'baseline' | 'targets' | 'footnotes'> &
  Partial<Pick<Indicator, 'direction' | 'baseline' | 'targets' | 'footnotes'>>;
type ActualInput = Omit<Actual, 'basis' | 'footnotes'> & Partial<Pick<Actual, 'basis' | 'footnotes'>>;

/** Stable ids of the departments, in the order the report lists their projects. */
export const SENDAI_DEPARTMENTS = [
  { id: 'tohoku-renkei', name: '文化観光局東北連携推進室' },
  { id: 'nagamachi', name: '太白区長町地域活性化推進室' },
  { id: 'izumi-chuo', name: '泉区泉中央地区活性化推進室' },
  // The goal indicators are reported by the strategy's owner, the report's issuer.
  { id: 'seisaku-kikaku', name: 'まちづくり政策局' },
] as const;
const GOAL_DEPARTMENT = 'seisaku-kikaku';
const PROJECT_IDS = ['tohoku-renkei-kouryu', 'nagamachi-nigiwai', 'izumi-chuo-kasseika'] as const;

function periodOf(label: string, path: string, problems: Problems): { startFy: number; endFy: number } {
  const parsed = parsePeriod(label);
  if (parsed === null) {
    problems.add(
      'fixture.period',
      path,
      `期間「${label}」を読めません。`,
      `Cannot read the period "${label}".`,
    );
    return { startFy: 2023, endFy: 2023 };
  }
  return toPeriodRange(parsed);
}

function goalKind(ind: GoalIndicatorFixture): Indicator['kind'] {
  // A level that should fall is a reduction (docs/domain.md §4.2): 温室効果ガス排出量.
  if (ind.kind === 'level' && ind.direction === 'lower_is_better') return 'reduction';
  return ind.kind;
}

interface GoalValues {
  current: ActualInput;
  previous: ActualInput;
}

function convertGoalIndicator(
  goal: GoalFixture,
  ind: GoalIndicatorFixture,
  index: number,
  problems: Problems,
): { indicator: IndicatorInput; values: GoalValues } {
  const id = `goal-${goal.number}-${index + 1}`;
  const path = `basic_goals[${goal.number - 1}].indicators[${index}]`;
  const kind = goalKind(ind);
  const target = periodOf(ind.target.period_label, `${path}.target.period_label`, problems);
  const value = (v: GoalIndicatorFixture['baseline'], field: string) =>
    printedDecimal(v.printed, v.value, `${path}.${field}.printed`, problems);

  const indicator: IndicatorInput = {
    id,
    number: index + 1,
    name: unwrapPdfSpaces(ind.indicator),
    unit: normalizeUnit(ind.unit),
    kind,
    direction: ind.direction,
    baseline: { value: value(ind.baseline, 'baseline'), period: ind.baseline.period_label },
    targets: [
      { fiscalYear: target.endFy, value: value(ind.target, 'target'), period: ind.target.period_label },
    ],
    ...(kind === 'cumulative' ? { window: target } : {}),
    // The name carries 〔※〕 or [※]; under the table the note opens with ※ (noteMarker).
    footnotes: ind.footnote
      ? [
          {
            marker: ind.footnote.marker_printed,
            ...noteMarkerOf(ind.footnote.marker_printed, ind.footnote.text),
            text: footnoteBody(ind.footnote.text, ['※']),
          },
        ]
      : [],
  };

  const actual = value(ind.actual, 'actual');
  const basis = kind === 'cumulative' ? 'to_date' : 'year';
  const previousValue = printedDecimal(
    String(ind.derived_not_printed.previous_year_value),
    ind.derived_not_printed.previous_year_value,
    `${path}.derived_not_printed.previous_year_value`,
    problems,
  );
  // The extractor's previous-year value must be what the printed 前年度比 implies.
  const delta = printedDecimal(
    ind.yoy_delta.printed,
    ind.yoy_delta.value,
    `${path}.yoy_delta.printed`,
    problems,
  );
  const implied = sub(decimal(actual), decimal(delta));
  if (cmp(implied, decimal(previousValue)) !== 0) {
    const shown = toDecimalString(implied);
    problems.add(
      'fixture.previous_year',
      `${path}.derived_not_printed.previous_year_value`,
      `前年度値 ${previousValue} が 実績 ${actual} − 前年度比 ${delta} = ${shown} と一致しません。`,
      `Previous-year value ${previousValue} differs from actual ${actual} − change ${delta} = ${shown}.`,
    );
  }
  return {
    indicator,
    values: {
      current: { indicatorId: id, value: actual, period: ind.actual.period_label, basis },
      previous: { indicatorId: id, value: previousValue, basis },
    },
  };
}

function convertProject(
  p: ProjectFixture,
  fy: number,
  problems: Problems,
): {
  project: Omit<Project, 'indicators' | 'footnotes'> & { indicators: IndicatorInput[] };
  actuals: ActualInput[];
} {
  const id = PROJECT_IDS[p.number - 1] ?? `project-${p.number}`;
  const path = `projects[${p.number - 1}]`;
  const departmentIds = p.department.split.map((name) => {
    const dept = SENDAI_DEPARTMENTS.find((d) => d.name === name);
    if (!dept)
      problems.add(
        'fixture.department',
        `${path}.department`,
        `担当課「${name}」が未登録です。`,
        `Unknown department "${name}".`,
      );
    return dept?.id ?? GOAL_DEPARTMENT;
  });
  const indicators: IndicatorInput[] = [];
  const actuals: ActualInput[] = [];
  p.kpis.forEach((k, i) => {
    const kpiPath = `${path}.kpis[${i}]`;
    const indicatorId = `${id}-kpi${k.index}`;
    indicators.push({
      id: indicatorId,
      number: k.index,
      name: unwrapPdfSpaces(k.indicator),
      unit: normalizeUnit(k.baseline.unit),
      kind: 'increment',
      direction: 'higher_is_better',
      baseline: {
        value: printedDecimal(k.baseline.printed, k.baseline.value, `${kpiPath}.baseline.printed`, problems),
      },
      targets: [
        {
          fiscalYear: fy,
          value: printedDecimal(
            k.target_increment.printed,
            k.target_increment.value,
            `${kpiPath}.target_increment`,
            problems,
          ),
        },
      ],
    });
    const cell = k.actual_increment;
    if (cell.value === null) {
      const marker = cell.footnote_ref ?? cell.printed;
      const note = k.footnotes?.[0];
      if (!note)
        problems.add(
          'fixture.missing_reason',
          `${kpiPath}.actual_increment`,
          '欠測の理由がありません。',
          'A missing actual has no reason.',
        );
      // The cell prints (※); the reason under the table opens with ※ (noteMarker).
      actuals.push({
        indicatorId,
        value: null,
        marker,
        ...noteMarkerOf(marker, note?.text ?? ''),
        missingReason: footnoteBody(note?.text ?? '', ['※']),
      });
    } else {
      actuals.push({
        indicatorId,
        value: printedDecimal(cell.printed, cell.value, `${kpiPath}.actual_increment`, problems),
      });
    }
  });
  const separator = departmentSeparator(p.department.printed, p.department.split);
  const budget = printedDecimal(
    p.budget.printed,
    p.budget.value_thousand_yen,
    `${path}.budget.printed`,
    problems,
  );
  return {
    project: {
      id,
      number: p.number,
      name: p.name,
      period: { startFy: p.plan_period.start_fy, endFy: p.plan_period.end_fy },
      departmentIds,
      ...(separator === null ? {} : { departmentSeparator: separator }),
      budget: {
        amount: budget,
        label: p.budget.label_printed,
        ...(p.budget.prefix_printed ? { prefix: p.budget.prefix_printed } : {}),
      },
      overview: p.overview,
      indicators,
    },
    actuals,
  };
}

/** How several departments were joined as printed (`、` or a space); null for one department. */
function departmentSeparator(printed: string, names: readonly string[]): string | null {
  const [first, second] = names;
  if (first === undefined || second === undefined) return null;
  const at = printed.indexOf(first) + first.length;
  const sep = printed.slice(at, printed.indexOf(second, at));
  return sep === '' ? null : sep;
}

/**
 * The coordinator's follow-up sentences of the cohort summary: each published cohort line is the
 * derived sentence (shared/calc cohortSummary, from the converted values) followed by the
 * coordinator's own. Only cohorts with projects in the sample can be derived; a published line that
 * does not start with its derived sentence is a problem.
 */
function cohortNotes(plan: PlanFileInput, fx: ProgressFixture, problems: Problems): CohortNote[] {
  const parsed = PlanFile.safeParse(plan);
  if (!parsed.success) return [];
  const fy = fx.source.as_of_fiscal_year;
  const actuals = actualsIndex(parsed.data.cycles);
  const evaluations = new Map(
    parsed.data.projects.map((p) => [
      p.id,
      p.indicators.map((ind) => evaluateIndicator(ind, actuals.get(ind.id) ?? new Map(), fy)),
    ]),
  );
  const notes: CohortNote[] = [];
  for (const cohort of cohortSummary(parsed.data.projects, evaluations, fy)) {
    const line = fx.summary_statements.find((s) => s.text.startsWith(`${cohort.label}\t`));
    const published = line?.text.slice(cohort.label.length + 1) ?? '';
    if (!published.startsWith(cohort.sentence)) {
      problems.add(
        'fixture.cohort_sentence',
        `summary_statements[${line ? fx.summary_statements.indexOf(line) : '?'}]`,
        `「${cohort.label}」の印字「${published}」が導出した文「${cohort.sentence}」で始まりません。`,
        `The printed summary of "${cohort.label}" does not start with the derived sentence "${cohort.sentence}".`,
      );
      continue;
    }
    const text = published.slice(cohort.sentence.length).trim();
    if (text !== '') notes.push({ period: { ...cohort.period }, text });
  }
  return notes;
}

export function convertProgress(fx: ProgressFixture): { plan: PlanFileInput; problems: Problems } {
  const problems = new Problems();
  const fy = fx.source.as_of_fiscal_year;
  const goals: (Omit<Goal, 'indicators'> & { indicators: IndicatorInput[] })[] = [];
  const current: ActualInput[] = [];
  const previous: ActualInput[] = [];
  for (const g of fx.basic_goals) {
    const indicators = g.indicators.map((ind, i) => {
      const converted = convertGoalIndicator(g, ind, i, problems);
      current.push(converted.values.current);
      previous.push(converted.values.previous);
      return converted.indicator;
    });
    goals.push({
      id: `goal-${g.number}`,
      number: g.number,
      title: unwrapPdfSpaces(g.title),
      // Numbered by position when printed; the source misnumbers goal ③ ((1), (3), (3)).
      directions: g.directions.map((d) => d.replace(/^\(\d+\)\s*/, '')),
      indicators,
    });
  }
  const projects = fx.projects.map((p) => convertProject(p, fy, problems));
  const approved = (id: string) => ({ departmentId: id, status: 'approved' as const });

  const plan: PlanFileInput = {
    format: PLAN_FORMAT,
    plan: {
      id: 'sendai-2023',
      title: '第2期仙台市まち・ひと・しごと創生総合戦略',
      period: { startFy: fx.source.strategy_period_fy[0], endFy: fx.source.strategy_period_fy[1] },
      version: 1,
      issuer: fx.source.issuer,
      periodLabel: fx.source.strategy_period_printed,
    },
    departments: SENDAI_DEPARTMENTS.map((d) => ({ ...d })),
    goals,
    projects: projects.map((p) => p.project),
    cycles: [
      { fiscalYear: fy - 1, actuals: previous, submissions: [approved(GOAL_DEPARTMENT)] },
      {
        fiscalYear: fy,
        label: fx.source.as_of_printed,
        actuals: [...current, ...projects.flatMap((p) => p.actuals)],
        activities: fx.projects.map((p, i) => ({
          projectId: projects[i]?.project.id ?? '',
          text: p.main_activities.items.join('\n'),
        })),
        submissions: SENDAI_DEPARTMENTS.map((d) => approved(d.id)),
      },
    ],
  };
  const notes = cohortNotes(plan, fx, problems);
  if (notes.length > 0) plan.plan.reports = [{ fiscalYear: fy, cohortNotes: notes }];
  return { plan, problems };
}
