import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../tests/shared/load.ts';
import type { PlanFile } from '../schema/index.ts';
import type { TableKind } from '../tables/types.ts';
import { validatePlanFile } from '../validation/index.ts';
import { type ImportResult, importTables } from './index.ts';
import { unaccounted } from './testing/accounting.ts';
import { generatePlan } from './testing/generate.ts';
import {
  cellsOf,
  exportOf,
  type Format,
  ordered,
  printedOf,
  tablesOf,
  withoutIdentity,
} from './testing/round-trip.ts';

/**
 * Everything this project exports comes back: export → import → export prints the same to the
 * letter (a CSV byte for byte, an xlsx cell for cell), every cell of the file lands in the plan or
 * in a problem, and the plan read is the plan exported — exactly from an xlsx (which carries the
 * identity), without its identity from a CSV (docs/domain.md §9.6). For the plans of data/, a plan
 * with all four tables in one file, and generated plans that use every notation.
 */

const FORMATS: Format[] = ['csv', 'xlsx'];
/** Warnings an import of our own export may give: what it had to infer, what the table does not print. */
const EXPECTED = new Set(['import.inferred_direction', 'import.not_printed']);

async function roundTrip(
  plan: PlanFile,
  tables: readonly TableKind[],
  format: Format,
): Promise<ImportResult> {
  const first = await exportOf(plan, tables, format);
  const result = await importTables(first, { acceptPartial: true });
  const unexpected = result.problems.filter((p) => p.severity === 'error' || !EXPECTED.has(p.code));
  expect(unexpected.map((p) => `${p.code} ${p.message.en}`)).toEqual([]);
  expect(unaccounted(result, await cellsOf(first, format))).toEqual([]);
  expect(result.plan).not.toBeNull();
  const again = await exportOf(result.plan!, tables, format);
  expect(await printedOf(again, format)).toBe(await printedOf(first, format));
  // A CSV byte for byte. An xlsx by its cells: its identity part names the plan read, which holds
  // only what this file printed (a goal table alone gives no projects).
  if (format === 'csv') expect(again).toEqual(first);
  return result;
}

/** The project facts only the project table prints, left out when the 新旧対照表 is read alone. */
function withoutProjectTable(plan: PlanFile): PlanFile {
  const strip = (p: PlanFile['projects'][number]) => {
    const { budget: _b, overview: _o, ...rest } = p;
    return rest;
  };
  return {
    ...plan,
    projects: plan.projects.map(strip),
    previousVersions: plan.previousVersions.map((v) => ({ ...v, projects: v.projects.map(strip) })),
  };
}

/** What a CSV of the 新旧対照表 alone cannot say either: the departments. */
function withoutDepartments(view: unknown): unknown {
  type Owner = { departmentIds: unknown };
  const v = view as { projects: Owner[]; previousVersions: { projects: Owner[] }[] };
  const none = (p: Owner) => ({ ...p, departmentIds: [] });
  return {
    ...v,
    departments: [],
    projects: v.projects.map(none),
    previousVersions: v.previousVersions.map((x) => ({ ...x, projects: x.projects.map(none) })),
  };
}

function expectSamePlan(read: PlanFile, plan: PlanFile, format: Format, tables: readonly TableKind[]): void {
  const revisionOnly = tables.includes('revision') && !tables.includes('projects');
  const want = revisionOnly ? withoutProjectTable(plan) : plan;
  const got = revisionOnly ? withoutProjectTable(read) : read;
  if (format === 'xlsx') expect(ordered(got)).toEqual(ordered(want));
  else if (revisionOnly)
    expect(withoutDepartments(withoutIdentity(got))).toEqual(withoutDepartments(withoutIdentity(want)));
  else expect(withoutIdentity(got)).toEqual(withoutIdentity(want));
}

const PLANS = readdirSync(resolve(import.meta.dirname, '../../data')).filter((f) => f.endsWith('.plan.json'));

describe('the plans of data/: each table the plan exports, in each format', () => {
  for (const file of PLANS) {
    const plan = loadPlan(file);
    for (const table of tablesOf(plan)) {
      for (const format of FORMATS) {
        it(`${file}: ${table} as ${format}: export → import → export prints the same`, async () => {
          await roundTrip(plan, [table], format);
        });
      }
    }
    for (const format of FORMATS) {
      it(`${file}: all its tables in one ${format} give the plan back`, async () => {
        const tables = tablesOf(plan);
        const r = await roundTrip(plan, tables, format);
        expectSamePlan(r.plan!, plan, format, tables);
      });
    }
  }
});

/**
 * The demo plan with all four tables: an earlier version (one target and a goal's target changed),
 * budget rows of the report year (one repeating a row, ［再掲］). Its project targets and baselines
 * carry period labels, as a plan with a 新旧対照表 does (the 新旧対照表 prints them in its header).
 */
function allFour(): PlanFile {
  const plan = structuredClone(loadPlan('sendai-2023.plan.json'));
  for (const p of plan.projects)
    for (const ind of p.indicators) {
      for (const t of ind.targets) t.period = 'R5年度';
      if (ind.baseline?.value != null) ind.baseline.period = '事業開始前';
    }
  plan.plan.version = 2;
  const old = structuredClone({ projects: plan.projects, goals: plan.goals });
  old.projects[0]!.indicators[0]!.targets[0]!.value = '20000';
  old.projects[1]!.indicators[1]!.name = '商店街地区で行う試行実験の開催回数';
  old.goals[0]!.indicators[0]!.targets[0]!.value = '40';
  plan.previousVersions = [{ version: 1, label: '令和3年3月31日認定', ...old }];
  const budgets = loadPlan('miyagi-budget-r4.plan.json').budgets.slice(0, 30);
  plan.budgets = budgets.map((b) => ({ ...b, fiscalYear: 2023 }));
  plan.budgets[0] = { ...plan.budgets[0]!, projectId: plan.projects[0]!.id, name: plan.projects[0]!.name };
  return plan;
}

describe('all four tables in one file', () => {
  for (const format of FORMATS) {
    it(`the demo plan with a 新旧対照表 and a budget table, as ${format}: the plan comes back`, async () => {
      const plan = allFour();
      expect(validatePlanFile(plan).problems.filter((p) => p.severity === 'error')).toEqual([]);
      const tables = tablesOf(plan);
      expect(tables).toEqual(['projects', 'goals', 'revision', 'budget']);
      const r = await roundTrip(plan, tables, format);
      expectSamePlan(r.plan!, plan, format, tables);
    });
  }
});

describe('generated plans that use every notation', () => {
  const property = (revision: boolean, budget: boolean) =>
    fc.asyncProperty(fc.gen(), async (g) => {
      const plan = generatePlan(g, { revision, budget });
      expect(validatePlanFile(plan).problems.filter((p) => p.severity === 'error')).toEqual([]);
      const tables = tablesOf(plan);
      for (const format of FORMATS) {
        const r = await roundTrip(plan, tables, format);
        expectSamePlan(r.plan!, plan, format, tables);
      }
    });

  it('progress tables (projects and goals): the same print, the same plan', async () => {
    await fc.assert(property(false, false), { numRuns: 60 });
  }, 120_000);

  it('with a 新旧対照表 and a budget table in the same file', async () => {
    await fc.assert(property(true, true), { numRuns: 40 });
  }, 120_000);
});
