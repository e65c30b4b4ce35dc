import { beforeAll, describe, expect, it } from 'vitest';
import type { Actual } from '../../shared/schema/index.ts';
import { validateCycleValues } from '../../shared/validation/index.ts';
import { type LoadedPlan, loadPlan } from '../db/plan-read.ts';
import { HttpProblem } from '../refusals.ts';
import { loadSheetState, readSheetState, type SheetState } from '../services/sheet.ts';
import { addUser, call, db, sheetPath, type TestUser } from './helpers.ts';
import { indicatorId, makeActuals, makePlan, projectId } from './plan-factory.ts';

/**
 * A sheet, a save and a workflow step read only their own department's values (every cycle), not
 * the whole plan's, and a save's Idempotency-Key is looked up in that same read. Plan: 4 projects ×
 * 2 KPIs over 3 departments, p-0001 shared by dept-001 and dept-002; FY2021 and FY2022 imported with
 * values for every KPI and project, FY2023 opened afterwards.
 */

const PLAN = 'scope-plan';
let coord: TestUser;
let d2: TestUser;

const all = [0, 1, 2, 3];
const activities = (salt: string) => all.map((p) => ({ projectId: projectId(p), text: `・取組${p}${salt}` }));
// dept-002 runs p-0001 (shared, led by dept-001) and p-0002.
const ownProjects = [projectId(0), projectId(1)];
const isOwn = (indicator: string) => ownProjects.some((p) => indicator.startsWith(`${p}-`));

let full: LoadedPlan;

beforeAll(async () => {
  const admin = await addUser('admin', 'admin');
  const plan = makePlan({ id: PLAN, projects: 4, kpis: 2, years: 3, departments: 3, shared: true });
  plan.cycles = [
    { fiscalYear: 2021, actuals: makeActuals(all, 2), activities: activities('a') },
    { fiscalYear: 2022, actuals: makeActuals(all, 2, 50), activities: activities('b') },
  ];
  expect((await call(admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
  coord = await addUser('coord', 'coordinator');
  d2 = await addUser('u2', 'department', ['dept-002']);
  expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear: 2023 })).status).toBe(
    201,
  );
  full = (await loadPlan(db, PLAN)) as LoadedPlan;
});

const key = { planId: PLAN, fy: 2023, departmentId: 'dept-002' };
const sheetOf = (s: SheetState | HttpProblem): SheetState => {
  if (s instanceof HttpProblem) throw s;
  return s;
};

describe('what a sheet reads', () => {
  it('its own projects’ values of every cycle (a shared one included) and no other department’s', async () => {
    const s = sheetOf(await loadSheetState(db, key));
    expect(s.loaded.actualRows).toEqual(full.actualRows.filter((r) => isOwn(r.indicator_id)));
    expect(s.loaded.actualRows.map((r) => r.fiscal_year)).toEqual([
      2021, 2021, 2021, 2021, 2022, 2022, 2022, 2022,
    ]);
    expect(s.loaded.activityRows).toEqual(
      full.activityRows.filter((r) => ownProjects.includes(r.project_id)),
    );
    expect(s.loaded.file.cycles.map((c) => c.submissions.map((x) => x.departmentId))).toEqual([
      ['dept-002'],
      ['dept-002'],
      ['dept-002'],
    ]);
    // The plan's structure is whole: membership checks tell "not on your sheet" from "unknown".
    expect(s.loaded.file.projects).toEqual(full.file.projects);
    expect([...s.loaded.indicatorIds].sort()).toEqual(
      all.flatMap((p) => [0, 1].map((k) => indicatorId(p, k))),
    );
    expect([...s.loaded.projectIds]).toEqual(all.map(projectId));
  });

  it('plus every cycle of the indicators a save names, on the sheet or not', async () => {
    const foreign = indicatorId(3, 1);
    const s = sheetOf(await loadSheetState(db, key, [foreign, 'no-such-kpi']));
    expect(s.loaded.actualRows).toEqual(
      full.actualRows.filter((r) => isOwn(r.indicator_id) || r.indicator_id === foreign),
    );
  });

  it('returns a missing sheet as its 404 and the extra statements’ results in the same round trip', async () => {
    const missing = await readSheetState(
      db,
      { ...key, departmentId: 'dept-999' },
      [],
      [db.prepare('SELECT 42 AS answer')],
    );
    expect(missing.value).toBeInstanceOf(HttpProblem);
    expect((missing.value as HttpProblem).status).toBe(404);
    expect(missing.also[0]?.results).toEqual([{ answer: 42 }]);
  });
});

describe('a save against the scoped read', () => {
  const save = (body: unknown, rev: number, headers: Record<string, string> = {}) =>
    call(d2.token, 'PATCH', sheetPath(PLAN, 2023, 'dept-002'), body, { 'If-Match': `"${rev}"`, ...headers });
  const revision = async () =>
    (await call<{ submission: { revision: number } }>(d2.token, 'GET', sheetPath(PLAN, 2023, 'dept-002')))
      .body.submission.revision;

  it('naming another department’s KPI: only “not on your sheet” for it; its own cells as a whole-plan read judges them', async () => {
    const own: Actual[] = [
      { indicatorId: indicatorId(1, 0), value: '5', basis: 'year', footnotes: [] },
      { indicatorId: indicatorId(1, 1), value: null, basis: 'year', footnotes: [] },
    ];
    const foreign: Actual = { indicatorId: indicatorId(3, 1), value: '-3', basis: 'year', footnotes: [] };
    const actuals = [own[0]!, foreign, own[1]!];
    const res = await save({ actuals }, await revision());
    expect(res.status).toBe(422);
    const problems = res.body.problems as { code: string; path: string }[];
    const aboutForeign = (p: { path: string }) => p.path.startsWith('actuals[1]');
    const whole = JSON.parse(JSON.stringify(validateCycleValues(full.file, 2023, actuals, [])));
    expect(whole.filter((p: { path: string }) => !aboutForeign(p)).length).toBeGreaterThan(0);
    expect(problems.filter((p) => !aboutForeign(p))).toEqual(
      whole.filter((p: { path: string }) => !aboutForeign(p)),
    );
    expect(problems.filter(aboutForeign)).toEqual([
      expect.objectContaining({ code: 'sheet.indicator_not_on_sheet', path: 'actuals[1].indicatorId' }),
    ]);
  });

  it('another department’s KPI or project and an id that names nothing get the same answer, the id aside', async () => {
    const foreignKpi = indicatorId(3, 1);
    const foreignProject = projectId(3);
    const bodies = (kpi: string, project: string) => [
      { actuals: [{ indicatorId: kpi, value: '7', basis: 'year', footnotes: [] }] },
      { actuals: [{ indicatorId: kpi, value: 'not a number' }] },
      { cleared: [kpi] },
      { activities: [{ projectId: project, text: '・取組' }] },
    ];
    const hidden = bodies(foreignKpi, foreignProject);
    const nowhere = bodies('p-9999-k9', 'p-9999');
    for (const [i, body] of hidden.entries()) {
      const a = await save(body, await revision());
      const b = await save(nowhere[i], await revision());
      expect(a.status, a.text).toBe(422);
      const named = b.text.replaceAll('p-9999-k9', foreignKpi).replaceAll('p-9999', foreignProject);
      expect(named, JSON.stringify(body)).toBe(a.text);
    }
  });

  it('a retry with its Idempotency-Key is replayed before the lock is judged; a new request is refused', async () => {
    const body = { actuals: [{ indicatorId: indicatorId(1, 0), value: '8', basis: 'year', footnotes: [] }] };
    const base = await revision();
    const first = await save(body, base, { 'Idempotency-Key': 'scope-1' });
    expect(first.status).toBe(200);
    expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles/2023/lock`)).status).toBe(200);
    try {
      const again = await save(body, base, { 'Idempotency-Key': 'scope-1' });
      expect(again.status).toBe(200);
      expect(again.headers.get('Idempotency-Replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(
        (await save(body, base, { 'Idempotency-Key': 'scope-1' }).then((r) => r.headers)).get('ETag'),
      ).toBe(`"${first.body.revision}"`);
      const fresh = await save(body, first.body.revision as number, { 'Idempotency-Key': 'scope-2' });
      expect(fresh.status).toBe(423);
      const reused = await save({ actuals: [] }, base, { 'Idempotency-Key': 'scope-1' });
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('idempotency_key_reused');
    } finally {
      await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles/2023/unlock`);
    }
  });
});
