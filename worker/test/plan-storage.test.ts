/// <reference types="vite/client" />
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Actual, type Indicator, PlanFile } from '../../shared/schema/index.ts';
import { addUser, call, sheetPath, type TestUser } from './helpers.ts';
import {
  fieldUse,
  optionalFields,
  planFile,
  rawActual,
  repairActual,
  type Schema,
  withPrefix,
} from './plan-arbitrary.ts';

/**
 * What is acknowledged is what is stored: a plan file imported with POST /api/plans reads back from
 * GET /api/plans/{planId} as the very JSON its import was parsed into (PlanFile.parse: defaults filled
 * in), every field of shared/schema included — after a save of actuals on a department's sheet, and
 * after a revision of the targets (POST …/versions) too. The files come from plan-arbitrary.ts, a
 * walker over the zod schema, so a field the schema gains is generated (and checked) at once.
 */

type File = ReturnType<typeof PlanFile.parse>;
const dataFiles = import.meta.glob<unknown>('../../data/*.plan.json', { eager: true, import: 'default' });

let admin: TestUser;
beforeAll(async () => {
  admin = await addUser('storage-admin', 'admin');
});

/**
 * The file as an import stores it: every department with a project has a sheet in every cycle (a
 * draft unless the file says otherwise), the submissions in the departments' order.
 */
function withOpenedSheets(f: File): File {
  const withProject = new Set(f.projects.flatMap((p) => p.departmentIds));
  return {
    ...f,
    cycles: f.cycles.map((c) => ({
      ...c,
      submissions: f.departments.flatMap((d) => {
        const listed = c.submissions.find((s) => s.departmentId === d.id);
        if (listed) return [listed];
        return withProject.has(d.id) ? [{ departmentId: d.id, status: 'draft' as const }] : [];
      }),
    })),
  };
}

/** The plan as stored: equal to `expected`, and byte for byte the JSON of it. */
async function expectStored(planId: string, expected: File) {
  const back = await call<File>(admin.token, 'GET', `/api/plans/${planId}`);
  expect(back.status).toBe(200);
  expect(back.body).toStrictEqual(expected);
  expect(back.text).toBe(JSON.stringify(expected));
}

describe('plan storage', () => {
  it('the generated files use every optional, defaulted and nullable field of the schema', () => {
    const fields = optionalFields(PlanFile as unknown as Schema);
    const use = new Map<string, { present: boolean; absent: boolean; null: boolean }>();
    for (const f of fc.sample(planFile, { numRuns: 300, seed: 1 }))
      fieldUse(PlanFile as unknown as Schema, f, use);
    const unused = [...fields].flatMap(([path, { nullable }]) => {
      const u = use.get(path);
      const gaps = [
        ...(u?.present ? [] : ['present']),
        ...(u?.absent || nullable ? [] : ['absent']),
        ...(!nullable || u?.null ? [] : ['null']),
      ];
      return gaps.length ? [`${path}: never ${gaps.join(', ')}`] : [];
    });
    expect(fields.size).toBeGreaterThan(100);
    expect(unused).toEqual([]);
  });

  it('every data/*.plan.json reads back as imported', async () => {
    expect(Object.keys(dataFiles).length).toBeGreaterThanOrEqual(3);
    for (const [name, file] of Object.entries(dataFiles)) {
      const parsed = PlanFile.parse(file);
      const res = await call(admin.token, 'POST', '/api/plans', file);
      expect(res.status, name).toBe(201);
      await expectStored(parsed.plan.id, withOpenedSheets(parsed));
    }
  });

  let run = 0;
  const done = { saves: 0, revisions: 0 };
  it('generated files read back as imported, after a save of actuals and after a revision of targets', async () => {
    await fc.assert(
      fc.asyncProperty(planFile, fc.array(rawActual, { maxLength: 4 }), async (generated, saves) => {
        run += 1;
        const prefix = `ps${run}`;
        const input = withPrefix(generated, prefix);
        let expected = PlanFile.parse(input);
        // The generator lists every sheet an import opens: nothing to add.
        expect(withOpenedSheets(expected)).toStrictEqual(expected);
        const imported = await call(admin.token, 'POST', '/api/plans', input);
        expect(imported.status, JSON.stringify(imported.body)).toBe(201);
        await expectStored(prefix, expected);

        const sheet = sheetToSave(expected);
        if (sheet && saves.length) {
          const user = await addUser(`${prefix}-staff`, 'department', [sheet.departmentId]);
          const path = sheetPath(prefix, sheet.fiscalYear, sheet.departmentId);
          const read = await call<{ submission: { revision: number } }>(user.token, 'GET', path);
          expect(read.status).toBe(200);
          const byId = new Map(
            saves.map((a, k) => {
              const indicator = sheet.indicators[k % sheet.indicators.length] as Indicator;
              return [indicator.id, repairActual(structuredClone(a), indicator)];
            }),
          );
          const actuals = [...byId.values()];
          const saved = await call(
            user.token,
            'PATCH',
            path,
            { actuals },
            {
              'If-Match': `"${read.body.submission.revision}"`,
            },
          );
          expect(saved.status, JSON.stringify(saved.body)).toBe(200);
          done.saves += 1;
          expected = withActuals(
            expected,
            sheet.fiscalYear,
            actuals.map((a) => Actual.parse(a)),
          );
          await expectStored(prefix, expected);
        }

        const target = [...expected.goals, ...expected.projects]
          .flatMap((o) => o.indicators)
          .find((i) => i.targets.length);
        if (target) {
          const fiscalYear = target.targets[0]?.fiscalYear as number;
          const change = { indicatorId: target.id, fiscalYear, value: '4321.50' };
          const revised = await call(admin.token, 'POST', `/api/plans/${prefix}/versions`, {
            baseVersion: expected.plan.version,
            changes: [change],
          });
          expect(revised.status, JSON.stringify(revised.body)).toBe(201);
          done.revisions += 1;
          expected = withRevision(expected, change);
          await expectStored(prefix, expected);
        }
      }),
      { numRuns: 25 },
    );
    // Not vacuous: the runs revised targets (saves on a generated plan are rarer: the next test saves always).
    expect(done.revisions).toBeGreaterThanOrEqual(3);
  }, 300_000);
});

/** One department's sheet: a KPI of every kind whose actuals have rules of their own. */
const SAVE_PLAN = 'ps-save';
const SAVE_DEPT = 'ps-save-d1';
const SAVE_FY = 2022;
const SAVE_INDICATORS = [
  { id: 'ps-k1', number: 1, name: '来訪者数', unit: '人', kind: 'increment' as const },
  {
    id: 'ps-k2',
    number: 2,
    name: '累計',
    unit: '%',
    kind: 'cumulative' as const,
    window: { startFy: 2021, endFy: 2023 },
  },
  { id: 'ps-k3', number: 3, name: '定性', unit: '', kind: 'qualitative' as const },
  {
    id: 'ps-k4',
    number: 4,
    name: '閾値',
    unit: '件',
    kind: 'threshold' as const,
    window: { startFy: 2021, endFy: 2023 },
    threshold: { comparator: '>=' as const },
  },
];

describe('plan storage through the sheet', () => {
  it('actuals saved on a sheet (every field of Actual) read back in the plan file as saved', async () => {
    const input = {
      format: 'shinchoku/plan@1',
      plan: { id: SAVE_PLAN, title: '保存', period: { startFy: 2021, endFy: 2023 } },
      departments: [{ id: SAVE_DEPT, name: '企画課' }],
      projects: [
        {
          id: 'ps-p1',
          number: 1,
          name: '事業',
          period: { startFy: 2021, endFy: 2023 },
          departmentIds: [SAVE_DEPT],
          indicators: SAVE_INDICATORS,
        },
      ],
      cycles: [{ fiscalYear: SAVE_FY }],
    };
    expect((await call(admin.token, 'POST', '/api/plans', input)).status).toBe(201);
    let expected = withOpenedSheets(PlanFile.parse(input));
    await expectStored(SAVE_PLAN, expected);
    const staff = await addUser('ps-save-staff', 'department', [SAVE_DEPT]);
    const path = sheetPath(SAVE_PLAN, SAVE_FY, SAVE_DEPT);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(SAVE_INDICATORS.length - 1), rawActual), { minLength: 1, maxLength: 4 }),
        async (cells) => {
          const byId = new Map<string, ReturnType<typeof repairActual>>();
          for (const [n, raw] of cells) {
            const indicator = SAVE_INDICATORS[n] as (typeof SAVE_INDICATORS)[number];
            if (!byId.has(indicator.id))
              byId.set(indicator.id, repairActual(structuredClone(raw), indicator));
          }
          const actuals = [...byId.values()];
          const read = await call<{ submission: { revision: number } }>(staff.token, 'GET', path);
          const saved = await call(
            staff.token,
            'PATCH',
            path,
            { actuals },
            { 'If-Match': `"${read.body.submission.revision}"` },
          );
          expect(saved.status, JSON.stringify(saved.body)).toBe(200);
          expected = withActuals(
            expected,
            SAVE_FY,
            actuals.map((a) => Actual.parse(a)),
          );
          await expectStored(SAVE_PLAN, expected);
        },
      ),
      { numRuns: 25 },
    );
  }, 300_000);
});

/** A cycle open for saving and a department whose draft sheet there has KPIs no approved sheet shares. */
function sheetToSave(f: File) {
  for (const c of f.cycles) {
    if (c.locked) continue;
    const status = new Map(c.submissions.map((s) => [s.departmentId, s.status]));
    for (const d of f.departments) {
      if (status.get(d.id) !== 'draft') continue;
      const indicators = f.projects
        .filter((p) => p.departmentIds.includes(d.id))
        .filter((p) => p.period.startFy <= c.fiscalYear && c.fiscalYear <= p.period.endFy)
        .filter((p) => p.departmentIds.every((id) => status.get(id) !== 'approved'))
        .flatMap((p) => p.indicators);
      if (indicators.length) return { fiscalYear: c.fiscalYear, departmentId: d.id, indicators };
    }
  }
  return null;
}

/** The file with these actuals saved in cycle `fy`: each replaces its indicator's, in display order. */
function withActuals(f: File, fy: number, actuals: readonly Actual[]): File {
  const order = new Map(
    [...f.goals, ...f.projects].flatMap((o) => o.indicators).map((i, n) => [i.id, n] as const),
  );
  const at = (a: Actual) => order.get(a.indicatorId) ?? -1;
  const saved = new Set(actuals.map((a) => a.indicatorId));
  return {
    ...f,
    cycles: f.cycles.map((c) =>
      c.fiscalYear !== fy
        ? c
        : {
            ...c,
            actuals: [...c.actuals.filter((a) => !saved.has(a.indicatorId)), ...actuals].sort(
              (a, b) => at(a) - at(b),
            ),
          },
    ),
  };
}

/** The file after a revision changing one target: the version before kept as it was. */
function withRevision(f: File, change: { indicatorId: string; fiscalYear: number; value: string }): File {
  const revise = (i: Indicator): Indicator =>
    i.id !== change.indicatorId
      ? i
      : {
          ...i,
          targets: i.targets.map((t) =>
            t.fiscalYear === change.fiscalYear ? { fiscalYear: t.fiscalYear, value: change.value } : t,
          ),
        };
  return {
    ...f,
    plan: { ...f.plan, version: f.plan.version + 1 },
    goals: f.goals.map((g) => ({ ...g, indicators: g.indicators.map(revise) })),
    projects: f.projects.map((p) => ({ ...p, indicators: p.indicators.map(revise) })),
    previousVersions: [
      ...f.previousVersions,
      { version: f.plan.version, goals: f.goals, projects: f.projects },
    ].sort((a, b) => a.version - b.version),
  };
}
