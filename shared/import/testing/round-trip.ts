import { exportTables } from '../../render/export.ts';
import type { PlanFile } from '../../schema/index.ts';
import type { TableKind } from '../../tables/types.ts';
import { address, decodeCsv, parseCsv, readXlsxGrids, type TextGrid } from '../grid.ts';

/**
 * What the round-trip tests compare: an export of ours as the import reads it (every cell with its
 * address), the printed text of an export (the CSV itself; an xlsx's cells as read back, so two
 * workbooks compare by what they show, not by their zip bytes), and a plan seen without what a CSV
 * cannot carry (its identity).
 */

export type Format = 'csv' | 'xlsx';

const CREATED = new Date('2026-01-01T00:00:00Z');

/**
 * The tables of a plan `shinchoku export` prints: the project and goal tables of a report cycle (and
 * of a plan that has projects or goals), the 新旧対照表 of a plan with an earlier version, the budget
 * table of a plan with budget rows.
 */
export function tablesOf(plan: PlanFile): TableKind[] {
  const cycle = plan.cycles.length > 0;
  return [
    ...(cycle && plan.projects.length > 0 ? (['projects'] as const) : []),
    ...(cycle && plan.goals.length > 0 ? (['goals'] as const) : []),
    ...(plan.previousVersions.length > 0 ? (['revision'] as const) : []),
    ...(plan.budgets.length > 0 ? (['budget'] as const) : []),
  ];
}

export async function exportOf(
  plan: PlanFile,
  tables: readonly TableKind[],
  format: Format,
): Promise<Uint8Array> {
  // `all`: values of sheets not yet approved print too (their blocks say so), so they come back.
  const file = await exportTables(plan, { tables, format, include: 'all', xlsx: { created: CREATED } });
  return file.body;
}

async function gridsOf(bytes: Uint8Array, format: Format): Promise<TextGrid[]> {
  if (format === 'xlsx') return (await readXlsxGrids(bytes)) ?? [];
  return [{ sheet: '', rows: parseCsv(decodeCsv(bytes) ?? '') ?? [] }];
}

/** Every non-empty cell of a file, named as the import names it (`B12`, `進捗状況!B12`). */
export async function cellsOf(bytes: Uint8Array, format: Format): Promise<{ at: string; text: string }[]> {
  return (await gridsOf(bytes, format)).flatMap((g) =>
    g.rows.flatMap((row, r) =>
      row.flatMap((text, c) => {
        if ((text ?? '').trim() === '') return [];
        const at = address(r, c);
        return [{ at: g.sheet === '' ? at : `${g.sheet}!${at}`, text }];
      }),
    ),
  );
}

/** The printed text of an export: the CSV, or each sheet's cells as read back. */
export async function printedOf(bytes: Uint8Array, format: Format): Promise<string> {
  if (format === 'csv') return new TextDecoder().decode(bytes);
  const grids = await gridsOf(bytes, format);
  return grids.map((g) => [`## ${g.sheet}`, ...g.rows.map((r) => JSON.stringify(r))].join('\n')).join('\n');
}

/** Actuals in the order of their indicators (goals, then projects): the order carries no meaning. */
export function ordered(plan: PlanFile): PlanFile {
  const order = new Map(
    [...plan.goals.flatMap((g) => g.indicators), ...plan.projects.flatMap((p) => p.indicators)].map(
      (ind, i) => [ind.id, i],
    ),
  );
  return {
    ...plan,
    cycles: plan.cycles.map((c) => ({
      ...c,
      actuals: [...c.actuals].sort(
        (a, b) => (order.get(a.indicatorId) ?? 0) - (order.get(b.indicatorId) ?? 0),
      ),
    })),
  };
}

/**
 * A plan without what a CSV does not carry (docs/domain.md §9.6): the plan's id, version, issuer,
 * period and period label, ids (replaced by what the tables print: numbers, names, positions), the
 * window of an increment KPI,
 * departments no project names, the states of departments that lead no project, the previous
 * cycle's states, locked flags, budget rows' links to projects of another name, and the 変更前
 * version's number; the project-table-only facts of a project the 新旧対照表 alone prints.
 */
export function withoutIdentity(source: PlanFile): unknown {
  const plan = ordered(source);
  const departmentName = new Map(plan.departments.map((d) => [d.id, d.name]));
  const projectKey = new Map(plan.projects.map((p) => [p.id, `project ${p.number}`]));
  const indicatorKey = new Map<string, string>();
  for (const p of plan.projects)
    for (const i of p.indicators) indicatorKey.set(i.id, `project ${p.number} ${i.number}`);
  for (const g of plan.goals)
    for (const i of g.indicators) indicatorKey.set(i.id, `goal ${g.number} ${i.number}`);
  for (const v of plan.previousVersions)
    for (const p of v.projects)
      for (const i of p.indicators)
        if (!indicatorKey.has(i.id)) indicatorKey.set(i.id, `old ${p.name} ${i.number}`);
  const budgetKey = new Map(plan.budgets.map((b, i) => [b.id, `budget ${i + 1}`]));
  const leads = new Set(plan.projects.map((p) => p.departmentIds[0]));
  // The window of an increment KPI prints nowhere (its 達成度 is the year's).
  const indicator = (i: PlanFile['projects'][number]['indicators'][number]) => {
    const { window, ...rest } = i;
    return { ...(i.kind === 'increment' ? rest : { ...rest, window }), id: indicatorKey.get(i.id) };
  };
  const project = (p: PlanFile['projects'][number]) => ({
    ...p,
    id: projectKey.get(p.id) ?? `old ${p.name}`,
    departmentIds: p.departmentIds.map((d) => departmentName.get(d)),
    indicators: p.indicators.map(indicator),
  });
  const goal = (g: PlanFile['goals'][number]) => ({
    ...g,
    id: `goal ${g.number}`,
    indicators: g.indicators.map(indicator),
  });
  const fy = Math.max(...plan.cycles.map((c) => c.fiscalYear));
  const { id: _id, version: _v, issuer: _i, period: _p, periodLabel: _l, ...header } = plan.plan;
  return {
    plan: header,
    departments: plan.departments
      .filter((d) => plan.projects.some((p) => p.departmentIds.includes(d.id)))
      .map((d) => d.name)
      .sort(),
    goals: plan.goals.map(goal),
    projects: plan.projects.map(project),
    cycles: plan.cycles.map((c) => ({
      fiscalYear: c.fiscalYear,
      label: c.label,
      actuals: c.actuals.map((a) => ({ ...a, indicatorId: indicatorKey.get(a.indicatorId) })),
      activities: c.activities.map((a) => ({ ...a, projectId: projectKey.get(a.projectId) })),
      submissions:
        c.fiscalYear === fy
          ? c.submissions
              .filter((s) => leads.has(s.departmentId))
              .map((s) => ({ ...s, departmentId: departmentName.get(s.departmentId) ?? '' }))
              .sort((a, b) => a.departmentId.localeCompare(b.departmentId))
          : [],
    })),
    budgets: plan.budgets.map((b) => ({
      ...b,
      id: budgetKey.get(b.id),
      projectId: b.projectId === undefined ? undefined : projectKey.get(b.projectId),
      reprintOf: b.reprintOf === undefined ? undefined : budgetKey.get(b.reprintOf),
    })),
    previousVersions: plan.previousVersions.map((v) => ({
      label: v.label,
      goals: v.goals.map(goal),
      projects: v.projects.map(project),
    })),
  };
}
