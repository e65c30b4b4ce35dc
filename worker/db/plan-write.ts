import type {
  Goal,
  Indicator,
  PlanFile,
  Project,
  ShortfallSetting,
  Target,
} from '../../shared/schema/index.ts';
import { ACTUAL_COLUMNS, actualRow } from './actual-rows.ts';
import { type AuditMeta, auditStmt } from './audit.ts';
import {
  BUDGET_COLUMNS,
  budgetRow,
  cycleAttrs,
  GOAL_COLUMNS,
  goalRow,
  INDICATOR_COLUMNS,
  indicatorRow,
  insertTargets,
  PLAN_COLUMNS,
  PROJECT_COLUMNS,
  planRow,
  projectRow,
  type TargetEntry,
} from './rows.ts';
import { insertRows, type Stmt, stmt, toJson } from './sql.ts';

/**
 * A goal indicator's department (the plan file's `departmentId`) lives in goal_indicator_departments,
 * not in the indicator's attrs: the goals as stored, and the pairs for that table.
 */
export function splitGoalAssignments(goals: readonly Goal[]): {
  goals: Goal[];
  assignments: [string, string][];
} {
  const assignments: [string, string][] = [];
  const stripped = goals.map((g) => ({
    ...g,
    indicators: g.indicators.map(({ departmentId, ...i }) => {
      if (departmentId) assignments.push([i.id, departmentId]);
      return i;
    }),
  }));
  return { goals: stripped, assignments };
}

/**
 * The statements that store a whole interchange file, for one db.batch() (one transaction).
 * Pure: `npm start` renders the same statements into the SQL file it loads with wrangler.
 */

export interface WriteMeta {
  userId: string | null;
  requestId: string;
  now: string;
}

export function indicatorsOf(owners: readonly (Goal | Project)[]): Indicator[] {
  return owners.flatMap((o) => o.indicators);
}

function targetEntries(goals: readonly Goal[], projects: readonly Project[]): TargetEntry[] {
  return indicatorsOf([...goals, ...projects]).flatMap((i) =>
    i.targets.map((target) => ({ indicatorId: i.id, target })),
  );
}

/**
 * Every department with a project of the plan gets a submission in each cycle of an imported file. A
 * department that only reports goal indicators gets its sheets when a cycle is opened or the
 * indicator is assigned (db/cycles.ts, db/plans.ts); an imported cycle lists the sheets it had.
 */
export function planDepartmentIds(plan: Pick<PlanFile, 'projects'>): string[] {
  return [...new Set(plan.projects.flatMap((p) => p.departmentIds))];
}

export function buildPlanImport(file: PlanFile, meta: WriteMeta): Stmt[] {
  const { goals, assignments } = splitGoalAssignments(file.goals);
  const plan: PlanFile = { ...file, goals };
  const planId = plan.plan.id;
  const current = plan.plan.version;
  const known = new Set(indicatorsOf([...plan.goals, ...plan.projects]).map((i) => i.id));
  const out: Stmt[] = [];
  const P = { plan_id: planId };

  out.push(
    stmt(
      `INSERT INTO plans (id, ${PLAN_COLUMNS.join(', ')}, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      planId,
      ...planRow(plan.plan),
      meta.now,
      meta.userId,
    ),
  );
  out.push(
    ...insertRows({
      table: 'plan_versions',
      columns: ['version', 'label', 'snapshot', 'created_at', 'created_by'],
      constants: P,
      rows: [
        ...plan.previousVersions.map((v) => [
          v.version,
          v.label ?? null,
          toJson({ goals: v.goals, projects: v.projects }),
          meta.now,
          meta.userId,
        ]),
        [current, null, null, meta.now, meta.userId],
      ],
    }),
  );
  out.push(
    ...insertRows({
      table: 'departments',
      columns: ['id', 'name', 'created_at'],
      rows: plan.departments.map((d) => [d.id, d.name, meta.now]),
      conflict: 'ON CONFLICT (id) DO NOTHING',
    }),
  );
  out.push(
    ...insertRows({
      table: 'plan_departments',
      columns: ['department_id', 'position'],
      constants: P,
      rows: plan.departments.map((d, i) => [d.id, i]),
    }),
  );
  out.push(
    ...insertRows({ table: 'goals', columns: GOAL_COLUMNS, constants: P, rows: plan.goals.map(goalRow) }),
  );
  out.push(
    ...insertRows({
      table: 'projects',
      columns: PROJECT_COLUMNS,
      constants: P,
      rows: plan.projects.map(projectRow),
    }),
  );
  out.push(
    ...insertRows({
      table: 'project_departments',
      columns: ['project_id', 'department_id', 'position'],
      constants: P,
      rows: plan.projects.flatMap((p) => p.departmentIds.map((d, i) => [p.id, d, i])),
    }),
  );
  const indicatorRows = [
    ...plan.goals.flatMap((g) => g.indicators.map((ind, i) => indicatorRow(ind, 'goal', g.id, i))),
    ...plan.projects.flatMap((p) => p.indicators.map((ind, i) => indicatorRow(ind, 'project', p.id, i))),
  ];
  out.push(
    ...insertRows({ table: 'indicators', columns: INDICATOR_COLUMNS, constants: P, rows: indicatorRows }),
  );
  out.push(...insertTargets({ ...P, version: current }, targetEntries(plan.goals, plan.projects)));
  // Earlier versions: their targets of indicators that still exist, so any two versions compare.
  for (const v of plan.previousVersions) {
    const entries = targetEntries(v.goals, v.projects).filter((e) => known.has(e.indicatorId));
    out.push(...insertTargets({ ...P, version: v.version }, entries));
  }
  out.push(
    ...insertRows({
      table: 'budgets',
      columns: BUDGET_COLUMNS,
      constants: P,
      rows: plan.budgets.map(budgetRow),
    }),
  );
  out.push(
    ...insertRows({
      table: 'goal_indicator_departments',
      columns: ['indicator_id', 'department_id'],
      constants: P,
      rows: assignments,
    }),
  );
  out.push(...buildCyclesImport(plan, meta));
  out.push(
    auditStmt(
      {
        action: 'plan.import',
        targetKind: 'plan',
        targetId: planId,
        planId,
        after: {
          title: plan.plan.title,
          version: current,
          projects: plan.projects.length,
          goals: plan.goals.length,
        },
      },
      meta,
    ),
  );
  out.push(
    stmt(
      `INSERT INTO history (at, plan_id, action, field, after, user_id, request_id) VALUES (?, ?, 'import', 'plan', ?, ?, ?)`,
      meta.now,
      planId,
      toJson({ version: current, projects: plan.projects.length, cycles: plan.cycles.length }),
      meta.userId,
      meta.requestId,
    ),
  );
  return out;
}

function buildCyclesImport(plan: PlanFile, meta: WriteMeta): Stmt[] {
  const out: Stmt[] = [];
  const planId = plan.plan.id;
  const departments = planDepartmentIds(plan);
  for (const c of plan.cycles) {
    const C = { plan_id: planId, fiscal_year: c.fiscalYear };
    out.push(
      stmt(
        `INSERT INTO cycles (plan_id, fiscal_year, label, locked, locked_at, locked_by, created_at, created_by, attrs)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        planId,
        c.fiscalYear,
        c.label ?? null,
        c.locked ? 1 : 0,
        c.locked ? meta.now : null,
        c.locked ? meta.userId : null,
        meta.now,
        meta.userId,
        cycleAttrs(c),
      ),
    );
    const listed = new Map(c.submissions.map((s) => [s.departmentId, s]));
    const ids = [...new Set([...departments, ...listed.keys()])];
    out.push(
      ...insertRows({
        table: 'submissions',
        columns: ['department_id', 'status', 'comment', 'submitted_at', 'updated_at', 'updated_by'],
        constants: C,
        rows: ids.map((d) => {
          const s = listed.get(d);
          const status = s?.status ?? 'draft';
          return [d, status, s?.comment ?? null, status === 'draft' ? null : meta.now, meta.now, meta.userId];
        }),
      }),
    );
    out.push(
      ...insertRows({
        table: 'actuals',
        columns: [...ACTUAL_COLUMNS, 'updated_at', 'updated_by'],
        constants: C,
        rows: c.actuals.map((a) => [...actualRow(a), meta.now, meta.userId]),
      }),
    );
    out.push(
      ...insertRows({
        table: 'activities',
        columns: ['project_id', 'text', 'updated_at', 'updated_by'],
        constants: C,
        rows: c.activities.map((a) => [a.projectId, a.text, meta.now, meta.userId]),
      }),
    );
  }
  return out;
}

export interface TargetChangeRow {
  indicatorId: string;
  fiscalYear: number;
  value: string | null;
  period?: string | undefined;
  before: { value: string; period: string | null } | null;
}

/** A new version of the targets: the current ones copied forward, then the changes applied. */
export function buildTargetRevision(
  planId: string,
  from: number,
  to: number,
  label: string | null,
  changes: readonly TargetChangeRow[],
  meta: WriteMeta,
): Stmt[] {
  const upserts = changes.filter((c) => c.value !== null);
  const removals = changes.filter((c) => c.value === null);
  return [
    // The conditional UPDATE makes a concurrent revision from the same base fail the whole batch.
    stmt('UPDATE plans SET current_version = ? WHERE id = ? AND current_version = ?', to, planId, from),
    stmt(
      'INSERT INTO write_guard (ok) SELECT COUNT(*) FROM plans WHERE id = ? AND current_version = ?',
      planId,
      to,
    ),
    stmt('DELETE FROM write_guard'),
    stmt(
      'INSERT INTO plan_versions (plan_id, version, label, created_at, created_by) VALUES (?, ?, ?, ?, ?)',
      planId,
      to,
      label,
      meta.now,
      meta.userId,
    ),
    stmt(
      `INSERT INTO targets (plan_id, indicator_id, version, fiscal_year, value, period, attrs)
       SELECT plan_id, indicator_id, ?, fiscal_year, value, period, attrs FROM targets WHERE plan_id = ? AND version = ?`,
      to,
      planId,
      from,
    ),
    ...(removals.length
      ? [
          stmt(
            `DELETE FROM targets WHERE plan_id = ? AND version = ? AND (indicator_id, fiscal_year) IN
             (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))`,
            planId,
            to,
            toJson(removals.map((r) => [r.indicatorId, r.fiscalYear])),
          ),
        ]
      : []),
    // A changed target is the change as sent, whole: fields it does not carry (a marker) are not kept.
    ...insertTargets(
      { plan_id: planId, version: to },
      upserts.map(({ indicatorId, before: _, ...target }) => ({ indicatorId, target: target as Target })),
      'ON CONFLICT (plan_id, version, indicator_id, fiscal_year) DO UPDATE SET value = excluded.value, period = excluded.period, attrs = excluded.attrs',
    ),
    ...insertRows({
      table: 'history',
      columns: [
        'at',
        'plan_id',
        'indicator_id',
        'action',
        'field',
        'before',
        'after',
        'revision',
        'user_id',
        'request_id',
      ],
      rows: changes.map((c) => [
        meta.now,
        planId,
        c.indicatorId,
        'revise',
        `target:${c.fiscalYear}`,
        toJson(c.before),
        toJson(c.value === null ? null : { value: c.value, period: c.period ?? null }),
        to,
        meta.userId,
        meta.requestId,
      ]),
    }),
  ];
}

/**
 * The plan's 未達成の理由 setting (docs/domain.md §8.6), kept in the plan's attrs like its other
 * optional header fields (rows.ts: a sheet read sees it at once), with its history row in the same
 * batch: the audit trail says who turned it on or changed the threshold, and from what.
 */
export function buildShortfallSetting(
  planId: string,
  before: ShortfallSetting | null,
  after: ShortfallSetting,
  m: AuditMeta,
): Stmt[] {
  return [
    stmt(
      `UPDATE plans SET attrs = json_set(COALESCE(attrs, '{}'), '$.shortfallReason', json(?)) WHERE id = ?`,
      toJson(after),
      planId,
    ),
    auditStmt(
      { action: 'plan.shortfall', targetKind: 'plan', targetId: planId, planId, before, after },
      m,
      stmt('changes() = 1'),
    ),
  ];
}
