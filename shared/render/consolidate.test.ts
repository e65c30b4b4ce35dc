import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../tests/shared/load.ts';
import type { PlanFile } from '../schema/index.ts';
import { renderCsv } from '../tables/csv.ts';
import { consolidatePlan } from './consolidate.ts';
import { buildExportModels } from './export.ts';

/**
 * Which values an export uses (docs/domain.md §10.4): a goal indicator a department reports (§10.5)
 * counts once that department's sheet is approved, as a KPI counts once its lead department's is;
 * a goal indicator nobody reports keeps the values it has.
 */

const sendai = loadPlan('sendai-2023.plan.json');

/** The demo plan with 仙台市内の宿泊者数 (goal-2-1) reported by `departmentId`, its FY2023 sheet in `status`. */
function reportedBy(departmentId: string, status: 'approved' | 'submitted'): PlanFile {
  return {
    ...sendai,
    goals: sendai.goals.map((g) => ({
      ...g,
      indicators: g.indicators.map((i) => (i.id === 'goal-2-1' ? { ...i, departmentId } : i)),
    })),
    cycles: sendai.cycles.map((c) =>
      c.fiscalYear !== 2023
        ? c
        : {
            ...c,
            submissions: c.submissions.map((s) => (s.departmentId === departmentId ? { ...s, status } : s)),
          },
    ),
  };
}

const goalCsv = (plan: PlanFile, include: 'approved' | 'all') =>
  renderCsv(buildExportModels(plan, ['goals'], { fiscalYear: 2023, include })[0]!);
const guests = (plan: PlanFile) =>
  plan.cycles.find((c) => c.fiscalYear === 2023)!.actuals.find((a) => a.indicatorId === 'goal-2-1');

describe('consolidatePlan and goal indicators', () => {
  it('the published plan (no goal indicator reported by a department) prints every goal value', () => {
    expect(consolidatePlan(sendai, 2023, 'approved')).toBe(sendai);
    expect(goalCsv(sendai, 'approved')).toContain('R5年 600万人 (+123万人)');
  });

  it('a reporting department’s sheet not yet approved: withheld under approved, shown under all', () => {
    const plan = reportedBy('tohoku-renkei', 'submitted');
    expect(guests(consolidatePlan(plan, 2023, 'approved'))).toBeUndefined();
    expect(guests(consolidatePlan(plan, 2023, 'all'))?.value).toBe('600');
    expect(goalCsv(plan, 'approved')).not.toContain('600万人');
    expect(goalCsv(plan, 'all')).toContain('R5年 600万人 (+123万人)');
    // Only that indicator: the others, nobody's, stay.
    expect(goalCsv(plan, 'approved')).toContain('R1～5年(累計) 66社 (+13社)');
  });

  it('once that sheet is approved its value prints, as published', () => {
    const plan = reportedBy('tohoku-renkei', 'approved');
    expect(goalCsv(plan, 'approved')).toBe(goalCsv(sendai, 'approved'));
  });

  it('the previous cycle’s values (for 前年度比) are kept whatever that year’s state', () => {
    const plan = reportedBy('tohoku-renkei', 'submitted');
    const fy2022 = consolidatePlan(plan, 2023, 'approved').cycles.find((c) => c.fiscalYear === 2022);
    expect(fy2022?.actuals.some((a) => a.indicatorId === 'goal-2-1')).toBe(true);
  });
});
