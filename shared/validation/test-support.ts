import { PlanFile } from '../schema/index.ts';

/**
 * A small valid plan file as it arrives from JSON (defaults not yet applied), covering every indicator
 * kind the rules look at. Figures come from the FY2023 Sendai report (tests/fixtures, docs/domain.md §13).
 * Tests take a fresh copy and break one thing.
 */
export function samplePlanJson(): Record<string, unknown> {
  return {
    format: 'shinchoku/plan@1',
    plan: {
      id: 'sendai-2',
      title: '第2期仙台市まち・ひと・しごと創生総合戦略',
      period: { startFy: 2021, endFy: 2023 },
    },
    departments: [
      { id: 'd-tohoku', name: '文化観光局東北連携推進室' },
      { id: 'd-keizai', name: '経済局産業政策課' },
    ],
    goals: [
      {
        id: 'g1',
        number: 1,
        title: '地域経済の中心である中小企業を活性化し、魅力ある「しごと」をつくります。',
        indicators: [
          {
            id: 'g1-i1',
            number: 1,
            name: '集中支援対象企業',
            unit: '社',
            kind: 'cumulative',
            baseline: { value: '7', period: 'H29年度' },
            window: { startFy: 2019, endFy: 2023 },
            targets: [{ fiscalYear: 2023, value: '50', period: 'R1～5年(累計)' }],
          },
          {
            id: 'g1-i2',
            number: 2,
            name: '大学生等の地元定着率',
            unit: '%',
            kind: 'rate',
            baseline: { value: '42.2', period: 'R1年度' },
            targets: [{ fiscalYear: 2023, value: '50.0', period: 'R5年度' }],
          },
          {
            id: 'g1-i3',
            number: 3,
            name: '市内の温室効果ガス排出量',
            unit: '万t-CO2',
            kind: 'reduction',
            direction: 'lower_is_better',
            baseline: { value: '911', period: 'H25年度' },
            targets: [{ fiscalYear: 2030, value: '593', period: 'R12年度' }],
          },
        ],
      },
    ],
    projects: [
      {
        id: 'p1',
        number: 1,
        name: '東北連携による観光プロモーション事業',
        period: { startFy: 2023, endFy: 2025 },
        departmentIds: ['d-tohoku'],
        budget: { amount: '28218' },
        indicators: [
          {
            id: 'p1-k1',
            number: 1,
            name: 'オウンドメディア等のPV数',
            unit: 'PV',
            kind: 'increment',
            baseline: { value: '0' },
            targets: [
              { fiscalYear: 2023, value: '30000' },
              { fiscalYear: 2024, value: '30000' },
            ],
          },
          { id: 'p1-k2', number: 2, name: '連携自治体との協議', unit: '', kind: 'qualitative' },
          {
            id: 'p1-k3',
            number: 3,
            name: '参加事業者数',
            unit: '社',
            kind: 'threshold',
            threshold: { comparator: '>=' },
            targets: [{ fiscalYear: 2023, value: '40' }],
          },
        ],
      },
    ],
    cycles: [
      {
        fiscalYear: 2023,
        label: '令和5年度末時点',
        actuals: [
          { indicatorId: 'p1-k1', value: '144476' },
          { indicatorId: 'p1-k2', value: null, status: 'achieved', text: '協議会を2回開催' },
          { indicatorId: 'p1-k3', value: null, missingReason: '集計中', marker: '(※)' },
          { indicatorId: 'g1-i1', value: '66', basis: 'to_date' },
          { indicatorId: 'g1-i2', value: '39.2' },
        ],
        activities: [{ projectId: 'p1', text: '・東北6県の観光情報を発信' }],
        submissions: [{ departmentId: 'd-tohoku', status: 'submitted' }],
      },
    ],
    budgets: [
      {
        id: 'b1',
        fiscalYear: 2023,
        section: '（１）観光',
        name: '東北連携による観光プロモーション事業',
        projectId: 'p1',
        initialBudget: '28218',
        settlement: '27900',
      },
    ],
  };
}

/** The sample after zod (defaults applied), for the functions that take a parsed plan. */
export function samplePlan(): PlanFile {
  return PlanFile.parse(samplePlanJson());
}

/** Sets a value at a path in plain JSON, creating nothing: the path must exist up to its parent. */
export function setAt(root: unknown, path: readonly (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}
