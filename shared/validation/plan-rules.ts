import { parseDecimal, sign } from '../decimal.ts';
import { isFootnoteMarker } from '../notation/index.ts';
import type { Message, Problem } from '../problem.ts';
import type { Footnote, PeriodRange, PlanFile } from '../schema/index.ts';
import { fieldLabel } from './field-labels.ts';
import { formatPath, type PathSegment } from './path.ts';
import { allIndicators, type IndicatorEntry, type PlanIndex } from './plan-index.ts';
import { report } from './report.ts';

const KIND = {
  department: { ja: '担当課', en: 'Department' },
  goal: { ja: '基本目標', en: 'Goal' },
  project: { ja: '事業', en: 'Project' },
  indicator: { ja: '指標', en: 'Indicator' },
  budget: { ja: '予算', en: 'Budget entry' },
} satisfies Record<string, Message>;

/** Reports every item after the first that shares a key with an earlier one. */
function duplicates<T>(
  items: readonly T[],
  keyOf: (item: T) => string | number,
  problemAt: (item: T, index: number) => Problem,
): Problem[] {
  const seen = new Set<string | number>();
  const out: Problem[] = [];
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (seen.has(key)) out.push(problemAt(item, i));
    else seen.add(key);
  });
  return out;
}

const within = (year: number, p: PeriodRange | undefined) =>
  p !== undefined && year >= p.startFy && year <= p.endFy;

export function footnoteProblems(footnotes: readonly Footnote[], at: readonly PathSegment[]): Problem[] {
  const out: Problem[] = [];
  footnotes.forEach((footnote, i) => {
    const path = [...at, 'footnotes', i];
    // '' is a note printed without a marker (under a project, a goal or the table).
    if (footnote.marker !== '' && !isFootnoteMarker(footnote.marker))
      out.push(
        report('marker.invalid', formatPath([...path, 'marker']), [
          fieldLabel([...path, 'marker']),
          footnote.marker,
        ]),
      );
    if (footnote.text.trim() === '')
      out.push(report('footnote.empty_text', formatPath([...path, 'text']), [footnote.marker]));
  });
  return out;
}

/** Rules on one indicator's definition: kind-specific fields, targets and window inside its period. */
function indicatorProblems(entry: IndicatorEntry, plan: PlanFile): Problem[] {
  const { indicator, path } = entry;
  const name = indicator.name;
  const out: Problem[] = [];
  const at = (...rest: PathSegment[]) => formatPath([...path, ...rest]);
  if (indicator.kind === 'cumulative' && !indicator.window)
    out.push(report('indicator.window_required', at('window'), [name]));
  if (indicator.kind === 'threshold' && !indicator.threshold)
    out.push(report('indicator.threshold_required', at('threshold'), [name]));
  if (indicator.kind === 'reduction' && indicator.direction !== 'lower_is_better')
    out.push(report('indicator.direction_mismatch', at('direction'), [name]));

  // A project's KPI lives within the project's 計画期間. A goal's 数値目標 may reach past the plan
  // (a long-term target such as R12年度) and its window may start earlier (R1～5年(累計) in a
  // R3～5年度 strategy), but it must touch the plan period and no target may predate it.
  const period = entry.project ? entry.project.period : plan.plan.period;
  const window = indicator.window;
  if (window) {
    const ok = entry.project
      ? window.startFy >= period.startFy && window.endFy <= period.endFy
      : window.endFy >= period.startFy && window.startFy <= period.endFy;
    if (!ok) out.push(report('window.outside_period', at('window'), [name, period.startFy, period.endFy]));
  }
  indicator.targets.forEach((target, t) => {
    const year = target.fiscalYear;
    const ok = within(year, window) || (entry.project ? within(year, period) : year >= period.startFy);
    if (!ok)
      out.push(
        report('target.outside_period', at('targets', t, 'fiscalYear'), [
          name,
          year,
          period.startFy,
          period.endFy,
        ]),
      );
  });
  out.push(
    ...duplicates(
      indicator.targets,
      (t) => t.fiscalYear,
      (t, i) => report('target.duplicate', at('targets', i, 'fiscalYear'), [name, t.fiscalYear]),
    ),
  );
  indicator.targets.forEach((target, t) => {
    out.push(...markerProblems(target.marker, [...path, 'targets', t]));
  });
  out.push(...footnoteProblems(indicator.footnotes, path));
  return out;
}

/** A marker printed beside a figure (a target's, a budget's) must read as a marker. */
function markerProblems(marker: string | undefined, at: readonly PathSegment[]): Problem[] {
  if (marker === undefined || isFootnoteMarker(marker)) return [];
  const path = [...at, 'marker'];
  return [report('marker.invalid', formatPath(path), [fieldLabel(path), marker])];
}

function negativeAmount(value: string | null | undefined, path: PathSegment[]): Problem[] {
  const d = value == null ? null : parseDecimal(value);
  return d !== null && sign(d) < 0 ? [report('budget.negative', formatPath(path), [fieldLabel(path)])] : [];
}

/** Ids, numbering and references between the parts of a parsed plan, and each definition's own rules. */
export function planStructureProblems(plan: PlanFile, index: PlanIndex): Problem[] {
  const out: Problem[] = [];
  const indicators = allIndicators(plan);
  const dupId = (kind: Message, base: string) => (item: { id: string }, i: number) =>
    report('id.duplicate', formatPath([base, i, 'id']), [kind, item.id]);
  out.push(...duplicates(plan.departments, (d) => d.id, dupId(KIND.department, 'departments')));
  out.push(...duplicates(plan.goals, (g) => g.id, dupId(KIND.goal, 'goals')));
  out.push(...duplicates(plan.projects, (p) => p.id, dupId(KIND.project, 'projects')));
  out.push(...duplicates(plan.budgets, (b) => b.id, dupId(KIND.budget, 'budgets')));
  out.push(
    ...duplicates(
      indicators,
      (e) => e.indicator.id,
      (e) => report('id.duplicate', formatPath([...e.path, 'id']), [KIND.indicator, e.indicator.id]),
    ),
  );
  const dupNumber =
    (kind: Message, at: (i: number) => PathSegment[]) => (item: { number: number }, i: number) =>
      report('number.duplicate', formatPath([...at(i), 'number']), [kind, item.number]);
  out.push(
    ...duplicates(
      plan.goals,
      (g) => g.number,
      dupNumber(KIND.goal, (i) => ['goals', i]),
    ),
  );
  out.push(
    ...duplicates(
      plan.projects,
      (p) => p.number,
      dupNumber(KIND.project, (i) => ['projects', i]),
    ),
  );
  for (const [owner, list] of [
    ['goals', plan.goals],
    ['projects', plan.projects],
  ] as const) {
    list.forEach((item, o) => {
      out.push(
        ...duplicates(
          item.indicators,
          (x) => x.number,
          dupNumber(KIND.indicator, (i) => [owner, o, 'indicators', i]),
        ),
      );
    });
  }

  plan.projects.forEach((project, p) => {
    project.departmentIds.forEach((id, d) => {
      if (!index.departmentIds.has(id))
        out.push(report('ref.unknown_department', formatPath(['projects', p, 'departmentIds', d]), [id]));
    });
    out.push(...negativeAmount(project.budget?.amount, ['projects', p, 'budget', 'amount']));
    out.push(...markerProblems(project.budget?.marker, ['projects', p, 'budget']));
    out.push(...footnoteProblems(project.footnotes, ['projects', p]));
  });
  plan.goals.forEach((goal, g) => {
    out.push(...footnoteProblems(goal.footnotes ?? [], ['goals', g]));
  });
  for (const entry of indicators) out.push(...indicatorProblems(entry, plan));

  out.push(...footnoteProblems(plan.plan.footnotes ?? [], ['plan']));
  const budgetIds = new Set(plan.budgets.map((b) => b.id));
  plan.budgets.forEach((budget, b) => {
    if (budget.projectId !== undefined && !index.projects.has(budget.projectId))
      out.push(report('ref.unknown_project', formatPath(['budgets', b, 'projectId']), [budget.projectId]));
    if (
      budget.reprintOf !== undefined &&
      (!budgetIds.has(budget.reprintOf) || budget.reprintOf === budget.id)
    )
      out.push(report('ref.unknown_budget', formatPath(['budgets', b, 'reprintOf']), [budget.reprintOf]));
    out.push(...negativeAmount(budget.initialBudget, ['budgets', b, 'initialBudget']));
    out.push(...negativeAmount(budget.settlement, ['budgets', b, 'settlement']));
  });

  out.push(
    ...duplicates(
      plan.cycles,
      (c) => c.fiscalYear,
      (c, i) => report('cycle.duplicate', formatPath(['cycles', i, 'fiscalYear']), [c.fiscalYear]),
    ),
  );
  plan.cycles.forEach((cycle, c) => {
    cycle.submissions.forEach((s, i) => {
      if (!index.departmentIds.has(s.departmentId))
        out.push(
          report('ref.unknown_department', formatPath(['cycles', c, 'submissions', i, 'departmentId']), [
            s.departmentId,
          ]),
        );
    });
  });

  out.push(
    ...duplicates(
      plan.previousVersions,
      (v) => v.version,
      (v, i) => report('version.duplicate', formatPath(['previousVersions', i, 'version']), [v.version]),
    ),
  );
  plan.previousVersions.forEach((v, i) => {
    if (v.version >= plan.plan.version)
      out.push(
        report('version.not_earlier', formatPath(['previousVersions', i, 'version']), [
          v.version,
          plan.plan.version,
        ]),
      );
  });
  return out;
}
