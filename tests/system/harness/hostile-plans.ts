import type { PlanFileInput } from '../../../shared/schema/index.ts';

/**
 * Plans whose every text field carries markup or a spreadsheet formula, imported through the API
 * and exported again: the exports must show the text, never run it.
 */
export const SCRIPT = '<script>alert(1)</script>';
export const IMG = '"><img src=x onerror=alert(1)>';

/** Texts that a spreadsheet would evaluate if written as they are. */
export const FORMULAS = ['=HYPERLINK("http://x")', '+1+1', '-1', '@SUM(A1)'] as const;

const period = { startFy: 2022, endFy: 2024 };
const targets = (base: number) =>
  [2022, 2023, 2024].map((fy, i) => ({ fiscalYear: fy, value: String(base + 10 * i) }));

/** Every text field of the interchange format that an export prints, with markup in it. */
export function markupPlan(id: string): { plan: PlanFileInput; texts: Record<string, string> } {
  const texts = {
    planTitle: `計画${SCRIPT}`,
    goalTitle: `目標${IMG}`,
    direction: `方向${SCRIPT}`,
    goalIndicator: `数値目標${IMG}`,
    projectName: `事業${SCRIPT}`,
    overview: `概要${IMG}`,
    department: `課${SCRIPT}`,
    indicator1: `指標${IMG}`,
    indicator2: `指標${SCRIPT}`,
    unit1: SCRIPT,
    unit2: IMG,
    planFootnote: `計画の注${IMG}`,
    projectFootnote: `事業の注${SCRIPT}`,
    indicatorFootnote: `指標の注${IMG}`,
    actualFootnote: `実績の注${SCRIPT}`,
    activity1: `取組${SCRIPT}`,
    activity2: `取組${IMG}`,
    missingReason: `未集計${IMG}`,
  };
  const plan: PlanFileInput = {
    format: 'shinchoku/plan@1',
    plan: {
      id,
      title: texts.planTitle,
      period,
      version: 1,
      footnotes: [{ marker: '（注１）', text: texts.planFootnote }],
    },
    departments: [{ id: `${id}-dept`, name: texts.department }],
    goals: [
      {
        id: `${id}-g1`,
        number: 1,
        title: texts.goalTitle,
        directions: [texts.direction],
        indicators: [
          {
            id: `${id}-g1-k1`,
            number: 1,
            name: texts.goalIndicator,
            unit: '人',
            kind: 'level',
            baseline: { value: '100', period: 'R3年度' },
            targets: targets(110),
          },
        ],
      },
    ],
    projects: [
      {
        id: `${id}-p1`,
        number: 1,
        name: texts.projectName,
        period,
        departmentIds: [`${id}-dept`],
        overview: texts.overview,
        footnotes: [{ marker: '(※)', text: texts.projectFootnote }],
        indicators: [
          {
            id: `${id}-k1`,
            number: 1,
            name: texts.indicator1,
            unit: texts.unit1,
            kind: 'increment',
            baseline: { value: '100', period: 'R3年度' },
            targets: targets(20),
            footnotes: [{ marker: '(※1)', text: texts.indicatorFootnote }],
          },
          {
            id: `${id}-k2`,
            number: 2,
            name: texts.indicator2,
            unit: texts.unit2,
            kind: 'increment',
            baseline: { value: '5', period: 'R3年度' },
            targets: targets(3),
          },
        ],
      },
    ],
    cycles: [
      {
        fiscalYear: 2023,
        label: '令和5年度末時点',
        actuals: [
          {
            indicatorId: `${id}-k1`,
            value: '25',
            basis: 'year',
            footnotes: [{ marker: '(※2)', text: texts.actualFootnote }],
          },
          {
            indicatorId: `${id}-k2`,
            value: null,
            missingReason: texts.missingReason,
            marker: '(※3)',
            basis: 'year',
          },
          { indicatorId: `${id}-g1-k1`, value: '115', basis: 'year' },
        ],
        activities: [{ projectId: `${id}-p1`, text: `${texts.activity1}\n${texts.activity2}` }],
        submissions: [{ departmentId: `${id}-dept`, status: 'approved' }],
      },
    ],
  };
  return { plan, texts };
}

/** Four projects named, measured and commented with formulas, one formula each. */
export function formulaPlan(id: string): PlanFileInput {
  const projects = FORMULAS.map((formula, p) => ({
    id: `${id}-p${p + 1}`,
    number: p + 1,
    name: formula,
    period,
    departmentIds: [`${id}-dept`],
    overview: formula,
    indicators: [0, 1].map((k) => ({
      id: `${id}-p${p + 1}-k${k + 1}`,
      number: k + 1,
      name: FORMULAS[(p + k + 1) % FORMULAS.length] as string,
      unit: '件',
      kind: 'increment' as const,
      baseline: { value: '10', period: 'R3年度' },
      targets: targets(5),
      footnotes: [{ marker: '(※)', text: formula }],
    })),
  }));
  return {
    format: 'shinchoku/plan@1',
    plan: { id, title: '=1+1', period, version: 1 },
    departments: [{ id: `${id}-dept`, name: '@SUM(A1)' }],
    goals: [],
    projects,
    cycles: [
      {
        fiscalYear: 2023,
        actuals: projects.flatMap((p, i) =>
          p.indicators.map((ind, k) =>
            k === 0
              ? { indicatorId: ind.id, value: String(7 + i), basis: 'year' as const }
              : {
                  indicatorId: ind.id,
                  value: null,
                  missingReason: FORMULAS[i] as string,
                  marker: '(※2)',
                  basis: 'year' as const,
                },
          ),
        ),
        activities: projects.map((p, i) => ({ projectId: p.id, text: FORMULAS[i] as string })),
        submissions: [{ departmentId: `${id}-dept`, status: 'approved' }],
      },
    ],
  };
}
