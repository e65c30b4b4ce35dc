import type { Actual, PlanFileInput } from '../../shared/schema/index.ts';

/**
 * Generated plans for tests and the benchmark: `projects` projects with `kpis` increment KPIs
 * each and targets over `years` fiscal years, spread over `departments` departments. When
 * `shared` is set, the first project is run jointly by the first two departments.
 */
export interface PlanShape {
  id?: string;
  projects: number;
  kpis: number;
  years: number;
  departments: number;
  shared?: boolean;
  startFy?: number;
}

export const deptId = (i: number) => `dept-${String(i + 1).padStart(3, '0')}`;
export const projectId = (p: number) => `p-${String(p + 1).padStart(4, '0')}`;
export const indicatorId = (p: number, k: number) => `${projectId(p)}-k${k + 1}`;

export function makePlan(shape: PlanShape): PlanFileInput {
  const start = shape.startFy ?? 2021;
  const end = start + shape.years - 1;
  const departments = Array.from({ length: shape.departments }, (_, i) => ({
    id: deptId(i),
    name: `第${i + 1}課`,
  }));
  const projects = Array.from({ length: shape.projects }, (_, p) => {
    const lead = deptId(p % shape.departments);
    const departmentIds = shape.shared && p === 0 && shape.departments > 1 ? [deptId(0), deptId(1)] : [lead];
    return {
      id: projectId(p),
      number: p + 1,
      name: `事業${p + 1}`,
      period: { startFy: start, endFy: end },
      departmentIds,
      indicators: Array.from({ length: shape.kpis }, (_, k) => ({
        id: indicatorId(p, k),
        number: k + 1,
        name: `指標${p + 1}-${k + 1}`,
        unit: '人',
        kind: 'increment' as const,
        baseline: { value: '100', period: `R${start - 2018}年度当初` },
        targets: Array.from({ length: shape.years }, (_, y) => ({
          fiscalYear: start + y,
          value: String(10 * (k + 1) + y),
        })),
      })),
    };
  });
  return {
    format: 'shinchoku/plan@1',
    plan: {
      id: shape.id ?? 'test-plan',
      title: 'テスト計画',
      period: { startFy: start, endFy: end },
      version: 1,
    },
    departments,
    goals: [],
    projects,
    cycles: [],
  };
}

/** Values for every KPI of the given projects; `salt` varies them between calls. */
export function makeActuals(projects: readonly number[], kpis: number, salt = 0): Actual[] {
  return projects.flatMap((p) =>
    Array.from({ length: kpis }, (_, k) => ({
      indicatorId: indicatorId(p, k),
      value: String(1000 + p * 7 + k + salt),
      basis: 'year' as const,
      footnotes: [],
    })),
  );
}
