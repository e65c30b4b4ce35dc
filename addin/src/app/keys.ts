import type { CellRef, IndicatorField, InputField, ProjectField } from './cells.ts';

/**
 * The names of the sheet's rows and input cells, built and read only here.
 *
 * - A row key names a project row (`p:<projectId>`), a KPI or goal indicator row (`i:<indicatorId>`),
 *   a goal's heading row (`g:<goalId>`) or the heading of the 数値目標 section (`s:goals`); it is
 *   written to the sheet's hidden key column, so a row is found again after the sheet was rebuilt.
 *   Only project and indicator rows hold input cells.
 * - A cell key is its row key and the input field (`i:k-pv:value`, `p:p-001:activities`): the
 *   queue, the model's maps and the refused cells are keyed by it.
 *
 * Ids cannot hold `:` (shared/schema `Id`), so a key's parts never run into each other.
 */
export type RowKind = CellRef['kind'];
export type ProjectRowKey = `p:${string}`;
export type IndicatorRowKey = `i:${string}`;
export type GoalRowKey = `g:${string}`;
export type SectionRowKey = 's:goals';
export type RowKey = ProjectRowKey | IndicatorRowKey | GoalRowKey | SectionRowKey;
/** The heading row of the 数値目標 section. */
export const GOALS_SECTION_KEY: SectionRowKey = 's:goals';

/** A goal's heading row in the 数値目標 section. */
export function goalRowKey(goalId: string): GoalRowKey {
  return `g:${goalId}`;
}
export type CellKey = `${ProjectRowKey}:${ProjectField}` | `${IndicatorRowKey}:${IndicatorField}`;

export function rowKey(kind: 'project', id: string): ProjectRowKey;
export function rowKey(kind: 'indicator', id: string): IndicatorRowKey;
export function rowKey(kind: RowKind, id: string): ProjectRowKey | IndicatorRowKey;
export function rowKey(kind: RowKind, id: string): ProjectRowKey | IndicatorRowKey {
  return kind === 'project' ? `p:${id}` : `i:${id}`;
}

export function cellKey(row: ProjectRowKey, field: ProjectField): CellKey;
export function cellKey(row: IndicatorRowKey, field: IndicatorField): CellKey;
export function cellKey(row: ProjectRowKey | IndicatorRowKey, field: InputField): CellKey;
export function cellKey(row: ProjectRowKey | IndicatorRowKey, field: InputField): CellKey {
  return `${row}:${field}` as CellKey;
}

/** The key of the cell a reference names. */
export function keyOf(ref: CellRef): CellKey {
  return ref.kind === 'project'
    ? cellKey(rowKey('project', ref.projectId), ref.field)
    : cellKey(rowKey('indicator', ref.indicatorId), ref.field);
}

/** A row key read back from the sheet's key column; null for anything else. */
export function parseRowKey(
  text: string,
): { key: RowKey; kind: RowKind | 'goal' | 'section'; id: string } | null {
  if (text === GOALS_SECTION_KEY) return { key: GOALS_SECTION_KEY, kind: 'section', id: 'goals' };
  const m = /^([pig]):([^:]+)$/.exec(text);
  if (!m) return null;
  if (m[1] === 'g') return { key: goalRowKey(m[2]!), kind: 'goal', id: m[2]! };
  const kind: RowKind = m[1] === 'p' ? 'project' : 'indicator';
  return { key: rowKey(kind, m[2]!), kind, id: m[2]! };
}

export interface ParsedCellKey {
  row: ProjectRowKey | IndicatorRowKey;
  kind: RowKind;
  id: string;
  field: InputField;
  ref: CellRef;
}

export function parseCellKey(key: CellKey): ParsedCellKey {
  const [, kind, id, field] = /^([pi]):([^:]+):(\w+)$/.exec(key) ?? [];
  const row = rowKey(kind === 'p' ? 'project' : 'indicator', id ?? '');
  const ref: CellRef =
    kind === 'p'
      ? { kind: 'project', projectId: id ?? '', field: field as ProjectField }
      : { kind: 'indicator', indicatorId: id ?? '', field: field as IndicatorField };
  return { row, kind: ref.kind, id: id ?? '', field: field as InputField, ref };
}

/** The row a cell belongs to: cells of one row are validated and sent together. */
export function rowOf(key: CellKey): ProjectRowKey | IndicatorRowKey {
  return parseCellKey(key).row;
}
