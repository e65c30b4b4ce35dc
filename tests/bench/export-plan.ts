import { PlanFile } from '../../shared/schema/index.ts';

/**
 * The benchmark's cycle: `departments` departments, one project each, `kpis` increment KPIs per
 * project with baseline, target and actual, an overview and three activities per project, every
 * submission approved. 300 × 50 = 15,000 KPI rows. Built in memory, deterministic.
 */
export function benchPlan(departments = 300, kpis = 50): PlanFile {
  const fy = 2023;
  const dept = (d: number) => `dept-${String(d + 1).padStart(3, '0')}`;
  const project = (d: number) => `p-${String(d + 1).padStart(3, '0')}`;
  const units = ['人', '件', '社', '回', '%', '千円'];
  return PlanFile.parse({
    format: 'shinchoku/plan@1',
    plan: {
      id: 'bench',
      title: 'ベンチマーク用総合戦略',
      period: { startFy: 2023, endFy: 2025 },
      version: 1,
    },
    departments: Array.from({ length: departments }, (_, d) => ({
      id: dept(d),
      name: `第${d + 1}局第${d + 1}課`,
    })),
    projects: Array.from({ length: departments }, (_, d) => ({
      id: project(d),
      number: d + 1,
      name: `地域の魅力を高める第${d + 1}番目の推進事業`,
      period: { startFy: 2023 - (d % 3), endFy: 2025 - (d % 3) },
      departmentIds: [dept(d)],
      budget: { amount: String(10000 + d * 37), label: '事業規模 (令和5年度交付対象事業費)' },
      overview: `${'地域の事業者と連携して交流人口の拡大と地域経済の活性化に取り組む。'.repeat(3)}`,
      indicators: Array.from({ length: kpis }, (_, k) => ({
        id: `${project(d)}-k${k + 1}`,
        number: k + 1,
        name: `事業${d + 1}の成果指標${k + 1}（利用者数・参加者数など）`,
        unit: units[k % units.length],
        kind: 'increment',
        baseline: { value: String(1000 + k * 13) },
        targets: [{ fiscalYear: fy, value: String(100 + ((d + k) % 50) * 10) }],
      })),
    })),
    cycles: [
      {
        fiscalYear: fy,
        label: '令和5年度末時点',
        actuals: Array.from({ length: departments * kpis }, (_, i) => {
          const d = Math.floor(i / kpis);
          const k = i % kpis;
          return { indicatorId: `${project(d)}-k${k + 1}`, value: String(50 + ((d * 7 + k * 11) % 400) * 3) };
        }),
        activities: Array.from({ length: departments }, (_, d) => ({
          projectId: project(d),
          text: '関係団体との協議会を開催した。\n市内外への情報発信を強化した。\n参加者アンケートを実施した。',
        })),
        submissions: Array.from({ length: departments }, (_, d) => ({
          departmentId: dept(d),
          status: 'approved',
        })),
      },
    ],
  });
}
