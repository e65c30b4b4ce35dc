/**
 * Paths into the plan an import builds, as recorded for each cell (CellUse.to). Brackets name an
 * element by a key rather than a position, because positions are known only once the plan is
 * assembled: `projects[p1].indicators[p1-2].baseline`, `cycles[2023].actuals[p1-2]`.
 */
export const to = {
  plan: (field: string) => `plan.${field}`,
  project: (id: string, field: string) => `projects[${id}].${field}`,
  kpi: (projectId: string, id: string, field: string) => `projects[${projectId}].indicators[${id}].${field}`,
  goal: (id: string, field: string) => `goals[${id}].${field}`,
  goalIndicator: (goalId: string, id: string, field: string) => `goals[${goalId}].indicators[${id}].${field}`,
  actual: (fy: number, indicatorId: string, field = '') =>
    `cycles[${fy}].actuals[${indicatorId}]${field === '' ? '' : `.${field}`}`,
  activities: (fy: number, projectId: string) => `cycles[${fy}].activities[${projectId}].text`,
  cycle: (fy: number, field: string) => `cycles[${fy}].${field}`,
  budget: (id: string, field: string) => `budgets[${id}].${field}`,
  /** A part of an earlier version (the 新旧対照表's 変更前 half): `previousVersions[1].projects[p1].…`. */
  version: (version: number, path: string) => `previousVersions[${version}].${path}`,
} as const;

/** The part of a layout (a label, a header) or a derived, checked figure: not data of the plan. */
export const LAYOUT = 'layout';

/** What a partial plan holds where a required cell was missing (each reported as an error at its cell). */
export const NO_DEPARTMENT = '（担当課なし）';
export const NO_TITLE = '（名称なし）';
export const DERIVED = 'derived';

const KEYS = ['id', 'fiscalYear', 'indicatorId', 'projectId', 'marker', 'version'] as const;

function child(node: unknown, name: string, key: string | undefined): unknown {
  const value = name === '' ? node : (node as Record<string, unknown> | null)?.[name];
  if (key === undefined) return value;
  if (!Array.isArray(value)) return undefined;
  return value.find((item) =>
    KEYS.some(
      (k) => item && typeof item === 'object' && String((item as Record<string, unknown>)[k]) === key,
    ),
  );
}

/**
 * What a recorded path points to in a plan (undefined when nothing is there): lets a test check
 * that every cell the import says it put into the plan is really there.
 */
export function resolvePath(plan: unknown, path: string): unknown {
  let node: unknown = plan;
  for (const segment of path.split(/\.(?![^[]*\])/)) {
    const m = /^([^[]*)(?:\[([^\]]*)\])?$/.exec(segment);
    if (!m) return undefined;
    node = child(node, m[1] ?? '', m[2]);
    if (node === undefined || node === null) return node;
  }
  return node;
}
