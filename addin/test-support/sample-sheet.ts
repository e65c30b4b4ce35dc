import type { SheetResponse } from '../../shared/api.ts';
import type { Indicator } from '../../shared/schema/index.ts';

/**
 * Department sheets for tests and the benchmark. The first project is the published FY2023 row
 * (docs/domain.md §9.2: オウンドメディア等のPV数, 0PV → target 30,000, actual 144,476 → 481.6%);
 * the rest are generated to reach any number of KPI rows, with every indicator kind.
 */
const KINDS: Indicator['kind'][] = ['increment', 'cumulative', 'level', 'rate', 'reduction', 'qualitative'];

function generatedIndicator(p: number, n: number): Indicator {
  const kind = KINDS[(p + n) % KINDS.length]!;
  const id = `k-${p}-${n}`;
  const base: Indicator = {
    id,
    number: n,
    name: `指標${p}-${n} 市内事業者の新規取引件数（テスト用の長い名称を含む）`,
    unit: kind === 'rate' ? '%' : '件',
    kind,
    direction: kind === 'reduction' ? 'lower_is_better' : 'higher_is_better',
    baseline: { value: kind === 'rate' ? '39.2' : '1200', period: 'R4年度' },
    targets: [
      { fiscalYear: 2023, value: kind === 'rate' ? '45' : kind === 'reduction' ? '1000' : '300' },
      { fiscalYear: 2024, value: kind === 'rate' ? '50' : kind === 'reduction' ? '900' : '300' },
      { fiscalYear: 2025, value: kind === 'rate' ? '55' : kind === 'reduction' ? '800' : '300' },
    ],
    footnotes: [],
  };
  if (kind === 'cumulative') base.window = { startFy: 2023, endFy: 2025 };
  return base;
}

export function sampleSheet(
  options: { kpis?: number; perProject?: number; editable?: boolean } = {},
): SheetResponse {
  const kpis = options.kpis ?? 4;
  const perProject = options.perProject ?? 3;
  const projects: SheetResponse['projects'] = [
    {
      id: 'p-001',
      number: 1,
      name: '東北連携による観光プロモーション事業',
      period: { startFy: 2023, endFy: 2025 },
      departmentIds: ['d-kanko'],
      indicators: [
        {
          id: 'k-pv',
          number: 1,
          name: 'オウンドメディア等のPV数',
          unit: 'PV',
          kind: 'increment',
          direction: 'higher_is_better',
          baseline: { value: '0' },
          targets: [{ fiscalYear: 2023, value: '30000' }],
          footnotes: [],
        },
      ],
      footnotes: [],
      isLead: true,
    },
  ];
  let made = 1;
  for (let p = 2; made < kpis; p++) {
    const count = Math.min(perProject, kpis - made);
    projects.push({
      id: `p-${String(p).padStart(3, '0')}`,
      number: p,
      name: `テスト事業${p}`,
      // Every project's period covers FY2023: the server sends only the projects active in the cycle.
      period: { startFy: 2021 + (p % 3), endFy: 2023 + (p % 3) },
      departmentIds: ['d-kanko'],
      indicators: Array.from({ length: count }, (_, i) => generatedIndicator(p, i + 1)),
      footnotes: [],
      isLead: true,
    });
    made += count;
  }
  return {
    plan: {
      id: 'plan-1',
      title: '第2期仙台市まち・ひと・しごと創生総合戦略',
      version: 1,
      period: { startFy: 2021, endFy: 2025 },
    },
    cycle: { fiscalYear: 2023, label: '令和5年度末時点', locked: false },
    department: { id: 'd-kanko', name: '文化観光局東北連携推進室' },
    submission: {
      departmentId: 'd-kanko',
      status: 'draft',
      revision: 3,
      comment: null,
      submittedAt: null,
      updatedAt: '2024-04-10T00:00:00Z',
      updatedBy: null,
      editable: options.editable ?? true,
      allowedActions: (options.editable ?? true) ? ['submit'] : [],
    },
    projects,
    goals: [],
    actuals: [{ indicatorId: 'k-pv', value: '144476', basis: 'year', footnotes: [] }],
    activities: [{ projectId: 'p-001', text: '・東北6県の観光情報を発信' }],
    earlierCycles: [],
  };
}

/**
 * A sheet with the 数値目標 section (docs/domain.md §10.5): the sample sheet plus two goal indicators
 * the department reports, as the demo's published goal table has them (§9.3): 集中支援対象企業, a
 * running total (R1～5年(累計), last year 53社), and 宿泊者数, a level (last year 477万人, no value yet).
 */
export function sampleGoalSheet(
  options: { kpis?: number; perProject?: number; editable?: boolean } = {},
): SheetResponse {
  const sheet = sampleSheet(options);
  const firms: Indicator = {
    id: 'goal-1-1',
    number: 1,
    name: '集中支援対象企業',
    unit: '社',
    kind: 'cumulative',
    direction: 'higher_is_better',
    baseline: { value: '7', period: 'H29年度' },
    targets: [{ fiscalYear: 2023, value: '50', period: 'R1～5年(累計)' }],
    window: { startFy: 2019, endFy: 2023 },
    footnotes: [],
    departmentId: 'd-kanko',
  };
  const guests: Indicator = {
    id: 'goal-2-1',
    number: 1,
    name: '仙台市内の宿泊者数',
    unit: '万人',
    kind: 'level',
    direction: 'higher_is_better',
    baseline: { value: '624', period: 'R1年度' },
    targets: [{ fiscalYear: 2023, value: '650', period: 'R5年' }],
    footnotes: [],
    departmentId: 'd-kanko',
  };
  return {
    ...sheet,
    goals: [
      { id: 'goal-1', number: 1, title: '地域経済の中心である中小企業を活性化する', indicators: [firms] },
      { id: 'goal-2', number: 2, title: '交流人口の拡大を図る', indicators: [guests] },
    ],
    actuals: [
      ...sheet.actuals,
      { indicatorId: 'goal-1-1', value: '66', basis: 'to_date', period: 'R1～5年(累計)', footnotes: [] },
    ],
    earlierCycles: [
      {
        fiscalYear: 2022,
        actuals: [
          { indicatorId: 'goal-1-1', value: '53', basis: 'to_date', footnotes: [] },
          { indicatorId: 'goal-2-1', value: '477', basis: 'year', footnotes: [] },
        ],
      },
    ],
  };
}
