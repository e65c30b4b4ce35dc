/**
 * plan-revision.json → data/revision-sample.plan.json: the 変更後 targets are the plan's project
 * indicators (version 2); the 変更前 targets are kept in previousVersions (version 1).
 */
import { cmp, decimal, sum } from '../../shared/decimal.ts';
import type { PlanFileInput } from '../../shared/schema/index.ts';
import { PLAN_FORMAT } from '../../shared/schema/index.ts';
import { REVISION_TITLE } from '../../shared/tables/frames.ts';
import { Problems, printedDecimal, unwrapPdfSpaces } from './common.ts';
import type { RevisionFixture, RevisionRowFixture } from './fixture-types.ts';

const PROJECT_ID = 'pro-jinzai';
const DEPARTMENT = { id: 'sendai-city', name: '仙台市' };
/** The printed year columns, in order: 1年目, 2年目, 3年目. */
const YEAR_COLUMNS = ['H30', 'H31', 'H32'] as const;

function yearColumns(
  fx: RevisionFixture,
  problems: Problems,
): { key: string; fiscalYear: number; label: string }[] {
  return YEAR_COLUMNS.map((key) => {
    const col = fx.columns[key];
    if (col?.fiscal_year === undefined) {
      problems.add(
        'fixture.column',
        `columns.${key}`,
        `列 ${key} の年度がありません。`,
        `Column ${key} has no fiscal year.`,
      );
    }
    // 'H30 年度 増加分' → 'H30年度': the era year as printed (H31, H32 were written before 令和).
    const label = (col?.printed ?? key).replace(/\s*増加分\s*$/, '').replace(/\s+/g, '');
    return { key, fiscalYear: col?.fiscal_year ?? 0, label };
  });
}

function indicators(
  side: 'before' | 'after',
  rows: RevisionRowFixture[],
  fx: RevisionFixture,
  problems: Problems,
) {
  const columns = yearColumns(fx, problems);
  return rows.map((row, i) => {
    const path = `${side}[${i}]`;
    const targets = columns.map((c) => {
      const cell = row.yearly_increments[c.key];
      const value = cell
        ? printedDecimal(cell.text, cell.value, `${path}.yearly_increments.${c.key}`, problems)
        : '0';
      return { fiscalYear: c.fiscalYear, value, period: c.label };
    });
    const printedTotal = printedDecimal(
      row.cumulative_kpi.text,
      row.cumulative_kpi.value,
      `${path}.cumulative_kpi`,
      problems,
    );
    // The 累計 column must be the sum of the years (docs/domain.md §9.4); it is derived, not stored.
    if (cmp(sum(targets.map((t) => decimal(t.value))), decimal(printedTotal)) !== 0) {
      problems.add(
        'fixture.cumulative_sum',
        `${path}.cumulative_kpi`,
        `「${row.indicator}」の累計 ${row.cumulative_kpi.text} が各年度の合計と一致しません。`,
        `The cumulative ${row.cumulative_kpi.text} of "${row.indicator}" is not the sum of its years.`,
      );
    }
    return {
      id: `${PROJECT_ID}-kpi${i + 1}`,
      number: i + 1,
      name: unwrapPdfSpaces(row.indicator),
      unit: row.unit,
      kind: 'increment' as const,
      direction: 'higher_is_better' as const,
      baseline: {
        value: printedDecimal(
          row.pre_start_baseline.text,
          row.pre_start_baseline.value,
          `${path}.pre_start_baseline`,
          problems,
        ),
        // The column header as printed: 事業開始前 (現時点).
        period: fx.columns.pre_start?.printed ?? '事業開始前',
      },
      targets,
      window: { startFy: columns[0]?.fiscalYear ?? 0, endFy: columns[columns.length - 1]?.fiscalYear ?? 0 },
    };
  });
}

/** '[ 平成30年3月30日認定 ]' → '平成30年3月30日認定': the version the 変更前 half shows. */
function certified(printed: string): string {
  return printed.replace(/^[[［]\s*|\s*[\]］]$/g, '');
}

export function convertRevision(fx: RevisionFixture): { plan: PlanFileInput; problems: Problems } {
  const problems = new Problems();
  const columns = yearColumns(fx, problems);
  const title = fx.source.plan.replace(/^○/, '').replace(/\s*[(（]抄[)）]\s*$/, '');
  const project = (side: 'before' | 'after', rows: RevisionRowFixture[]) => ({
    id: PROJECT_ID,
    number: 1,
    name: title,
    period: { startFy: columns[0]?.fiscalYear ?? 0, endFy: columns[columns.length - 1]?.fiscalYear ?? 0 },
    departmentIds: [DEPARTMENT.id],
    budget: {
      amount: printedDecimal(
        fx.source.total_project_cost_printed.replace(/^総事業費\s*/, ''),
        fx.source.total_project_cost_thousand_yen,
        'source.total_project_cost_printed',
        problems,
      ),
      label: '総事業費',
    },
    indicators: indicators(side, rows, fx, problems),
  });
  // The frame's title lines as printed; the default wording of a 新旧対照表 gives the same lines
  // (shared/tables/frames.ts), so the plan holds them only when the fixture prints others.
  const label = certified(fx.source.certified_printed);
  const printedLines = [fx.source.title, fx.source.plan_printed, fx.source.certified_printed];
  const defaultLines = [REVISION_TITLE, `○${title} (抄)`, `[ ${label} ]`];
  const sameLines = printedLines.every((l, i) => l === defaultLines[i]);
  const plan: PlanFileInput = {
    format: PLAN_FORMAT,
    plan: {
      id: 'sendai-pro-jinzai-2018',
      title,
      period: { startFy: columns[0]?.fiscalYear ?? 0, endFy: columns[columns.length - 1]?.fiscalYear ?? 0 },
      version: 2,
      issuer: DEPARTMENT.name,
      ...(sameLines ? {} : { revisionFrame: { lines: printedLines } }),
    },
    departments: [DEPARTMENT],
    projects: [project('after', fx.after)],
    previousVersions: [{ version: 1, label, projects: [project('before', fx.before)] }],
  };
  return { plan, problems };
}
