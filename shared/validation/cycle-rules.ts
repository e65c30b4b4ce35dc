import { cmp, parseDecimal } from '../decimal.ts';
import { isFootnoteMarker, isPercentUnit } from '../notation/index.ts';
import type { CellRef, Problem } from '../problem.ts';
import type { Activity, Actual, Indicator } from '../schema/index.ts';
import { fieldLabel } from './field-labels.ts';
import { formatPath, type PathSegment } from './path.ts';
import type { PlanIndex } from './plan-index.ts';
import { footnoteProblems } from './plan-rules.ts';
import { report } from './report.ts';

export type ActualField = 'value' | 'missingReason' | 'marker' | 'status' | 'text' | 'footnotes';

const HUNDRED = parseDecimal('100')!;

/**
 * A figure above 100 in a % indicator. Only a warning: shares cannot exceed 100%, but growth rates
 * (増加率) and ratios to a baseline can.
 */
export function percentOver100(indicator: Indicator, value: string | null | undefined): boolean {
  if (value == null || !isPercentUnit(indicator.unit)) return false;
  const d = parseDecimal(value);
  return d !== null && cmp(d, HUNDRED) > 0;
}

const isBlank = (text: string | undefined) => text === undefined || text.trim() === '';

/** The rules on one actual given its indicator (everything but duplicates and references). */
function actualProblems(
  actual: Actual,
  entry: { indicator: Indicator; project?: { period: { startFy: number; endFy: number } } },
  fiscalYear: number,
  at: readonly PathSegment[],
): Problem[] {
  const { indicator } = entry;
  const name = indicator.name;
  const cell = (field: ActualField): CellRef => ({ indicatorId: indicator.id, field });
  const path = (key: string) => formatPath([...at, key]);
  const out: Problem[] = [];
  const qualitative = indicator.kind === 'qualitative';

  if (qualitative) {
    if (
      actual.value === null &&
      actual.status === undefined &&
      isBlank(actual.text) &&
      isBlank(actual.missingReason)
    )
      out.push(report('actual.qualitative_empty', path('status'), [name], cell('status')));
  } else {
    if (actual.value === null && isBlank(actual.missingReason))
      out.push(report('actual.missing_reason', path('missingReason'), [name], cell('missingReason')));
    if (actual.value !== null && !isBlank(actual.missingReason))
      out.push(report('actual.reason_without_missing', path('missingReason'), [name], cell('missingReason')));
    if (actual.status !== undefined)
      out.push(report('actual.status_not_qualitative', path('status'), [name], cell('status')));
    if (!isBlank(actual.text))
      out.push(report('actual.text_not_qualitative', path('text'), [name], cell('text')));
  }
  if (
    actual.basis === 'to_date' &&
    indicator.kind !== 'cumulative' &&
    !(indicator.kind === 'threshold' && indicator.window)
  )
    out.push(report('actual.to_date_not_cumulative', path('basis'), [name], cell('value')));
  if (actual.marker !== undefined && !isFootnoteMarker(actual.marker))
    out.push(
      report(
        'marker.invalid',
        path('marker'),
        [fieldLabel([...at, 'marker']), actual.marker],
        cell('marker'),
      ),
    );
  if (percentOver100(indicator, actual.value))
    out.push(report('value.rate_over_100', path('value'), [fieldLabel([...at, 'value'])], cell('value')));
  const period = entry.project?.period;
  if (period && (fiscalYear < period.startFy || fiscalYear > period.endFy))
    out.push(
      report(
        'actual.outside_period',
        path('value'),
        [name, fiscalYear, period.startFy, period.endFy],
        cell('value'),
      ),
    );
  for (const p of footnoteProblems(actual.footnotes, at)) out.push({ ...p, cell: cell('footnotes') });
  return out;
}

/** Checks the actuals of one cycle against the plan; `at` is the path of the actuals array. */
export function actualsProblems(
  actuals: readonly (Actual | undefined)[],
  fiscalYear: number,
  index: PlanIndex,
  at: readonly PathSegment[],
): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  actuals.forEach((actual, i) => {
    if (!actual) return; // a row that failed to parse has its problems already
    const here = [...at, i];
    const entry = index.indicators.get(actual.indicatorId);
    const cell: CellRef = { indicatorId: actual.indicatorId, field: 'value' };
    if (!entry) {
      out.push(
        report('ref.unknown_indicator', formatPath([...here, 'indicatorId']), [actual.indicatorId], cell),
      );
      return;
    }
    if (seen.has(actual.indicatorId)) {
      out.push(
        report(
          'actual.duplicate',
          formatPath([...here, 'indicatorId']),
          [entry.indicator.name, fiscalYear],
          cell,
        ),
      );
      return;
    }
    seen.add(actual.indicatorId);
    out.push(...actualProblems(actual, entry, fiscalYear, here));
  });
  return out;
}

/** Checks the 主な取組 of one cycle; `at` is the path of the activities array. */
export function activitiesProblems(
  activities: readonly (Activity | undefined)[],
  index: PlanIndex,
  at: readonly PathSegment[],
): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  activities.forEach((activity, i) => {
    if (!activity) return;
    const path = formatPath([...at, i, 'projectId']);
    const cell: CellRef = { projectId: activity.projectId, field: 'activities' };
    if (!index.projects.has(activity.projectId))
      out.push(report('ref.unknown_project', path, [activity.projectId], cell));
    else if (seen.has(activity.projectId))
      out.push(report('activity.duplicate', path, [activity.projectId], cell));
    seen.add(activity.projectId);
  });
  return out;
}
