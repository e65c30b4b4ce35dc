import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PlanFile } from '../../shared/schema/index.ts';
import type { TableKind } from '../../shared/tables/types.ts';

/**
 * The plans printed by the print checks: every plan file of data/ with each table it can export,
 * and generated plans that stretch every table past a page — 300 departments' worth of budget
 * rows with long descriptions, project and goal blocks taller than a page, long KPI names, a
 * 新旧対照表 wider and longer than a page.
 */

/** Every plan the print checks print: data/, then the generated ones. */
export function printedPlans(): PrintedPlan[] {
  return [...demoPlans(), generatedPlan(), generatedRevisionPlan()];
}

export const ROOT = resolve(import.meta.dirname, '../..');

export interface PrintedPlan {
  name: string;
  plan: PlanFile;
  tables: TableKind[];
  /** Blocks made taller than a page on purpose: they may, and must, span pages. */
  tall: Set<string>;
}

/** The tables a plan has the data for. */
export function tablesOf(plan: PlanFile): TableKind[] {
  const tables: TableKind[] = [];
  if (plan.projects.length > 0 && plan.cycles.length > 0) tables.push('projects');
  if (plan.goals.length > 0 && plan.cycles.length > 0) tables.push('goals');
  if (plan.previousVersions.length > 0) tables.push('revision');
  if (plan.budgets.length > 0) tables.push('budget');
  return tables;
}

export function demoPlans(): PrintedPlan[] {
  const dir = join(ROOT, 'data');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.plan.json'))
    .sort()
    .map((file) => {
      const plan = PlanFile.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      return { name: file.replace('.plan.json', ''), plan, tables: tablesOf(plan), tall: new Set<string>() };
    });
}

const FY = 2023;
const pad = (n: number) => String(n).padStart(3, '0');
/** Deterministic variety: lengths that differ from row to row. */
const lengthOf = (i: number, min: number, spread: number) => min + ((i * 37) % spread);
const sentence = (i: number, chars: number) => {
  const words = [
    '地域産業の振興',
    '人材の育成と定着',
    '新事業の創出',
    'デジタル化の推進',
    '企業立地の促進',
    '交流人口の拡大',
  ];
  let out = '';
  for (let k = 0; out.length < chars; k++)
    out += `${words[(i + k) % words.length]}を図るため、関係機関と連携し事業を実施した。`;
  return out.slice(0, chars);
};

/**
 * The generated plan: the demo plan (sendai-2023) with more of everything. Projects with 3 to 49
 * KPIs (two taller than a page), a goal with 40 indicators, 300 budget rows in seven sections.
 */
export function generatedPlan(): PrintedPlan {
  const base = PlanFile.parse(
    JSON.parse(readFileSync(join(ROOT, 'data/sendai-2023.plan.json'), 'utf8')),
  ) as PlanFile;
  const plan = structuredClone(base);
  plan.plan = { ...plan.plan, id: 'print-generated', title: `${plan.plan.title}（印刷確認用の生成データ）` };
  const departments = Array.from({ length: 300 }, (_, i) => ({
    id: `dept-${pad(i + 1)}`,
    name: `${['経済局', '文化観光局', 'まちづくり政策局', '子供未来局', '健康福祉局'][i % 5]}第${i + 1}推進課`,
  }));
  plan.departments = [...plan.departments, ...departments];
  const cycle = plan.cycles.find((c) => c.fiscalYear === FY)!;
  const tall = new Set<string>();

  const kpiCounts = [3, 49, 6, 4, 44, 8, 3, 12];
  const projects = kpiCounts.map((count, p) => {
    const id = `gen-project-${p + 1}`;
    if (count > 30) tall.add(`project-${id}`);
    const dept = departments[p]!.id;
    const indicators = Array.from({ length: count }, (_, k) => ({
      id: `${id}-kpi${k + 1}`,
      number: k + 1,
      name: `事業${p + 1}の指標${k + 1}：${sentence(p + k, lengthOf(k, 12, 60))}`,
      unit: '件',
      kind: 'increment' as const,
      direction: 'higher_is_better' as const,
      baseline: { value: String(k * 10) },
      targets: [{ fiscalYear: FY, value: String(100 + k) }],
      footnotes: [],
    }));
    for (const ind of indicators)
      cycle.actuals.push({
        indicatorId: ind.id,
        value: String(90 + ind.number * 3),
        basis: 'year',
        footnotes: [],
      });
    cycle.activities.push({
      projectId: id,
      text: Array.from({ length: 1 + (p % 4) }, (_, k) => sentence(p * 3 + k, lengthOf(p + k, 40, 120))).join(
        '\n',
      ),
    });
    return {
      id,
      number: base.projects.length + p + 1,
      name: `生成事業${p + 1}：${sentence(p, lengthOf(p, 10, 30))}`,
      period: { startFy: FY, endFy: FY + 2 },
      departmentIds: [dept],
      budget: { amount: String(1000 * (p + 3)), label: '事業規模 (令和5年度交付対象事業費)' },
      overview: sentence(p + 1, lengthOf(p, 80, 200)),
      indicators,
      footnotes: [],
    };
  });
  plan.projects = [...plan.projects, ...projects] as PlanFile['projects'];

  const goalSizes = [40, 5];
  const goals = goalSizes.map((count, g) => {
    const id = `gen-goal-${g + 1}`;
    if (count > 30) tall.add(id);
    const indicators = Array.from({ length: count }, (_, k) => ({
      id: `${id}-${k + 1}`,
      number: k + 1,
      name: `目標${g + 1}の数値目標${k + 1}：${sentence(g + k, lengthOf(k, 10, 40))}`,
      unit: '人',
      kind: 'level' as const,
      direction: 'higher_is_better' as const,
      baseline: { value: String(1000 + k), period: 'R1年度' },
      targets: [{ fiscalYear: FY, value: String(2000 + k), period: 'R5年度' }],
      footnotes: [],
    }));
    for (const ind of indicators)
      cycle.actuals.push({
        indicatorId: ind.id,
        value: String(1500 + ind.number),
        basis: 'year',
        footnotes: [],
      });
    return {
      id,
      number: base.goals.length + g + 1,
      title: sentence(g + 2, 50),
      directions: [sentence(g, 20), sentence(g + 1, 25), sentence(g + 2, 18)],
      indicators,
    };
  });
  plan.goals = [...plan.goals, ...goals] as PlanFile['goals'];

  for (const d of departments) {
    if (!cycle.submissions.some((s) => s.departmentId === d.id))
      cycle.submissions.push({
        departmentId: d.id,
        status: 'approved',
      } as (typeof cycle.submissions)[number]);
  }

  const sections = [
    '（１）経営基盤の強化',
    '（２）新事業の創出',
    '（３）産学官の連携',
    '（４）事業環境の整備',
    '（５）人材の育成',
    '（６）企業の立地',
    '（７）震災復興',
  ];
  plan.budgets = departments.map((d, i) => ({
    id: `gen-budget-${pad(i + 1)}`,
    fiscalYear: FY,
    section: sections[Math.floor((i * sections.length) / departments.length)]!,
    name: `${d.name}の事業${i + 1}${i % 3 === 0 ? '（先導型含む）' : ''}`,
    initialBudget: String(1000 + ((i * 7919) % 200000)),
    settlement: String(900 + ((i * 6151) % 190000)),
    description: sentence(i, lengthOf(i, 30, 260)),
    department: d.name,
    isReprint: i % 29 === 0,
  })) as PlanFile['budgets'];

  return { name: 'generated', plan: PlanFile.parse(plan), tables: ['projects', 'goals', 'budget'], tall };
}

/**
 * A generated 新旧対照表 wider than a page (five target years a side: printed scaled to fit the
 * width) and longer than one: four projects, the first (under the section rows `1～3 (略)` …
 * `【数値目標】`, which stays with the title) with 40 KPIs and the third with 45, each taller than
 * a page, every KPI's targets changed.
 */
export function generatedRevisionPlan(): PrintedPlan {
  const base = PlanFile.parse(
    JSON.parse(readFileSync(join(ROOT, 'data/revision-sample.plan.json'), 'utf8')),
  ) as PlanFile;
  const plan = structuredClone(base);
  const years = [2018, 2019, 2020, 2021, 2022];
  const era = (fy: number) => `H${fy - 1988}年度`;
  plan.plan = { ...plan.plan, id: 'print-generated-revision', period: { startFy: 2018, endFy: 2022 } };
  const template = base.projects[0]!;
  const tall = new Set<string>();
  const counts = [40, 4, 45, 6];
  for (const [p, count] of counts.entries()) if (count >= 40) tall.add(`revision-project-gen-rev-${p + 1}`);
  const projects = counts.map((count, p) => ({
    ...structuredClone(template),
    id: `gen-rev-${p + 1}`,
    number: p + 1,
    name: `生成事業${p + 1}：${sentence(p, 20)}`,
    period: { startFy: 2018, endFy: 2022 },
    indicators: Array.from({ length: count }, (_, k) => ({
      ...structuredClone(template.indicators[0]!),
      id: `gen-rev-${p + 1}-kpi${k + 1}`,
      number: k + 1,
      name: `指標${p + 1}-${k + 1}：${sentence(p + k, lengthOf(k, 8, 30))}`,
      targets: years.map((fy, y) => ({
        fiscalYear: fy,
        value: String(1000 * (k + 1) * (y + 1)),
        period: era(fy),
      })),
      window: { startFy: 2018, endFy: 2022 },
    })),
  }));
  const before = structuredClone(projects).map((project) => ({
    ...project,
    indicators: project.indicators.map((ind, k) => ({
      ...ind,
      targets: ind.targets.map((t, y) => (y === k % 5 ? { ...t, value: String(Number(t.value) + 500) } : t)),
    })),
  }));
  plan.projects = projects as PlanFile['projects'];
  plan.previousVersions = [{ ...base.previousVersions[0]!, projects: before as PlanFile['projects'] }];
  return { name: 'generated-revision', plan: PlanFile.parse(plan), tables: ['revision'], tall };
}
