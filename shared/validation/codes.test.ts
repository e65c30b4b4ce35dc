import { describe, expect, it } from 'vitest';
import type { Problem } from '../problem.ts';
import type { Indicator } from '../schema/index.ts';
import { validateCellInput } from './cell-input.ts';
import { validateCycleValues } from './cycle-values.ts';
import { PROBLEM_CODES, type ProblemCode, WARNING_CODES } from './messages.ts';
import { validatePlanFile } from './plan-file.ts';
import { problemsFromIssues } from './schema-issues.ts';
import { samplePlan, samplePlanJson, setAt } from './test-support.ts';

type Json = Record<string, unknown>;
type Path = (string | number)[];

/** The plan with one change applied; each scenario breaks exactly one rule. */
function planWith(path: Path, value: unknown, ...more: [Path, unknown][]): Problem[] {
  const json = samplePlanJson();
  for (const [p, v] of [[path, value] as [Path, unknown], ...more]) setAt(json, p, v);
  return validatePlanFile(json).problems;
}

const k1: Path = ['projects', 0, 'indicators', 0];
const actual = (i: number): Path => ['cycles', 0, 'actuals', i];
const cycle2023 = () => (samplePlanJson().cycles as Json[])[0]!;
const indicator = (over: Partial<Indicator>): Indicator => ({
  ...samplePlan().projects[0]!.indicators[0]!,
  ...over,
});
const cell = (
  over: Partial<Indicator>,
  field: 'value' | 'missingReason' | 'status',
  raw: unknown,
): Problem[] => {
  const r = validateCellInput(indicator(over), field, raw);
  return r.ok ? r.warnings : [r.problem];
};

/** One scenario per code: the input that must produce it. */
const SCENARIOS: Record<ProblemCode, () => Problem[]> = {
  'schema.missing': () => planWith(['plan', 'title'], undefined),
  'schema.wrong_type': () => planWith(['departments'], {}),
  'schema.decimal': () => planWith([...k1, 'targets', 0, 'value'], '1,161,000'),
  'schema.fiscal_year': () => planWith(['cycles', 0, 'fiscalYear'], 'R5年度'),
  'schema.integer': () => planWith(['projects', 0, 'number'], 1.5),
  'schema.id': () => planWith(['projects', 0, 'id'], 'p 1'),
  'schema.option': () => planWith([...k1, 'kind'], 'increase'),
  'schema.format': () => planWith(['format'], 'shinchoku/plan@0'),
  'schema.empty': () => planWith(['plan', 'title'], ''),
  'schema.too_small': () => planWith(['projects', 0, 'departmentIds'], []),
  'schema.too_big': () => planWith([...k1, 'number'], 100),
  'schema.unknown_key': () => planWith(['projects', 0, 'budjet'], {}),
  'schema.period_order': () => planWith(['plan', 'period'], { startFy: 2025, endFy: 2021 }),
  'schema.invalid': () =>
    problemsFromIssues([
      { code: 'not_multiple_of', divisor: 2, path: ['x'], message: 'multiple of 2', input: 3 },
    ]),
  'text.refused_char': () => planWith(['cycles', 0, 'activities', 0, 'text'], '・説明会\u0007'),
  'internal.unexpected': () =>
    validatePlanFile({
      get format(): string {
        throw new Error('hostile getter');
      },
    }).problems,
  'id.duplicate': () => planWith(['departments', 1, 'id'], 'd-tohoku'),
  'number.duplicate': () => planWith(['projects', 0, 'indicators', 1, 'number'], 1),
  'cycle.duplicate': () => planWith(['cycles', 1], { fiscalYear: 2023 }),
  'cycle.fiscal_year': () => validateCycleValues(samplePlan(), 1800, [], []),
  'version.duplicate': () =>
    planWith(['plan', 'version'], 3, [['previousVersions'], [{ version: 1 }, { version: 1 }]]),
  'version.not_earlier': () => planWith(['previousVersions'], [{ version: 1 }]),
  'ref.unknown_department': () => planWith(['projects', 0, 'departmentIds', 0], 'd-none'),
  'ref.unknown_indicator': () => planWith([...actual(0), 'indicatorId'], 'nope'),
  'ref.unknown_project': () => planWith(['cycles', 0, 'activities', 0, 'projectId'], 'nope'),
  'ref.unknown_budget': () => planWith(['budgets', 0, 'reprintOf'], 'b9'),
  'target.duplicate': () => planWith([...k1, 'targets', 1, 'fiscalYear'], 2023),
  'target.outside_period': () => planWith([...k1, 'targets', 1, 'fiscalYear'], 2027),
  'window.outside_period': () =>
    planWith(['goals', 0, 'indicators', 0, 'window'], { startFy: 2010, endFy: 2015 }),
  'indicator.window_required': () => planWith(['goals', 0, 'indicators', 0, 'window'], undefined),
  'indicator.threshold_required': () => planWith(['projects', 0, 'indicators', 2, 'threshold'], undefined),
  'indicator.direction_mismatch': () => planWith(['goals', 0, 'indicators', 2, 'direction'], undefined),
  'budget.negative': () => planWith(['budgets', 0, 'settlement'], '-5'),
  'actual.duplicate': () => planWith(actual(5), { indicatorId: 'p1-k1', value: '1' }),
  'actual.missing_reason': () => planWith([...actual(2), 'missingReason'], undefined),
  'actual.reason_without_missing': () => planWith([...actual(0), 'missingReason'], '集計中'),
  'actual.status_not_qualitative': () => planWith([...actual(0), 'status'], 'achieved'),
  'actual.text_not_qualitative': () => planWith([...actual(0), 'text'], '順調'),
  'actual.qualitative_empty': () => planWith(actual(1), { indicatorId: 'p1-k2', value: null }),
  'actual.to_date_not_cumulative': () => planWith([...actual(4), 'basis'], 'to_date'),
  'actual.outside_period': () =>
    planWith(['cycles', 1], { fiscalYear: 2022, actuals: [{ indicatorId: 'p1-k1', value: '5' }] }),
  'marker.invalid': () => planWith([...actual(2), 'marker'], '*1'),
  'footnote.empty_text': () => planWith([...k1, 'footnotes'], [{ marker: '(※)', text: ' ' }]),
  'activity.duplicate': () => planWith(['cycles', 0, 'activities', 1], { projectId: 'p1', text: '・追加' }),
  'achievement.zero_target': () => planWith([...k1, 'targets', 0, 'value'], '0'),
  'achievement.no_target': () =>
    planWith(['cycles', 1], { fiscalYear: 2025, actuals: [{ indicatorId: 'p1-k1', value: '5' }] }),
  'achievement.no_baseline': () => planWith(['goals', 0, 'indicators', 2, 'baseline'], null),
  'cell.not_a_number': () => cell({}, 'value', '１２,３４'),
  'cell.unit_mismatch': () => cell({ unit: '人' }, 'value', '25件'),
  'value.rate_over_100': () => cell({ unit: '％', kind: 'rate' }, 'value', '120.5%'),
  'cell.wrong_type': () => cell({}, 'value', { v: 1 }),
  'cell.status_unknown': () => cell({ kind: 'qualitative' }, 'status', 'たぶん'),
  'cell.too_long': () => cell({}, 'missingReason', 'あ'.repeat(1001)),
};

describe('problem catalogue', () => {
  it('has a scenario for every code, and no scenario for a code that does not exist', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual([...PROBLEM_CODES].sort());
    expect(cycle2023().fiscalYear).toBe(2023);
  });

  it.each(PROBLEM_CODES)(
    '%s: its scenario produces it, with the right severity and both languages',
    (code) => {
      const problems = SCENARIOS[code]();
      const found = problems.filter((p) => p.code === code);
      expect(found.length, JSON.stringify(problems.map((p) => p.code))).toBeGreaterThan(0);
      for (const p of found) {
        expect(p.severity).toBe(WARNING_CODES.has(code) ? 'warning' : 'error');
        expect(p.message.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
        expect(p.message.en).toMatch(/^[A-Z"a-z(]/);
        expect(p.message.ja).not.toContain('undefined');
        expect(p.message.en).not.toContain('undefined');
      }
    },
  );
});
