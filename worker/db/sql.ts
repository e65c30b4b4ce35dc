/**
 * Statements as plain data ({sql, params}) so the same builders feed D1 in the worker and the
 * SQL file that `npm start` loads with `wrangler d1 execute`. No Workers API is used here.
 */
export type SqlValue = string | number | null;

export interface Stmt {
  sql: string;
  params: SqlValue[];
}

/** D1 refuses statements with more than 100 bound parameters. */
export const MAX_PARAMS = 100;

export interface InsertRows {
  table: string;
  columns: readonly string[];
  /** Values shared by every row (e.g. plan_id), bound once per statement as ?1, ?2… */
  constants?: Readonly<Record<string, SqlValue>>;
  rows: readonly (readonly SqlValue[])[];
  /** Columns computed in SQL for every row, e.g. a sub-select of the batch's new revision. */
  expressions?: Readonly<Record<string, Stmt>>;
  /** e.g. 'ON CONFLICT (id) DO NOTHING' */
  conflict?: string;
}

/**
 * Multi-row INSERTs, as few statements as the parameter limit allows. Constants are numbered
 * once per statement and referenced from every row, so they do not eat into the budget.
 */
export function insertRows(spec: InsertRows): Stmt[] {
  const constNames = Object.keys(spec.constants ?? {});
  const exprNames = Object.keys(spec.expressions ?? {});
  const exprs = exprNames.map((k) => spec.expressions?.[k] as Stmt);
  // Expression parameters follow the constants and are numbered once, like them.
  const shared: SqlValue[] = [...constNames.map((k) => spec.constants?.[k] ?? null)];
  const exprSql = exprs.map((e) => {
    let i = 0;
    return e.sql.replace(/\?(?!\d)/g, () => {
      shared.push(e.params[i++] ?? null);
      return `?${shared.length}`;
    });
  });
  const width = spec.columns.length;
  if (width === 0) throw new Error(`insertRows(${spec.table}): no columns`);
  const perStatement = Math.floor((MAX_PARAMS - shared.length) / width);
  if (perStatement < 1)
    throw new Error(`insertRows(${spec.table}): a row needs more than ${MAX_PARAMS} parameters`);
  const columnList = [...constNames, ...exprNames, ...spec.columns].join(', ');
  const out: Stmt[] = [];
  for (let start = 0; start < spec.rows.length; start += perStatement) {
    const chunk = spec.rows.slice(start, start + perStatement);
    const params: SqlValue[] = [...shared];
    const tuples = chunk.map((row) => {
      if (row.length !== width)
        throw new Error(`insertRows(${spec.table}): row of ${row.length}, expected ${width}`);
      const refs = [...constNames.map((_, i) => `?${i + 1}`), ...exprSql];
      for (const v of row) {
        params.push(v);
        refs.push(`?${params.length}`);
      }
      return `(${refs.join(', ')})`;
    });
    const conflict = spec.conflict ? ` ${spec.conflict}` : '';
    out.push({
      sql: `INSERT INTO ${spec.table} (${columnList}) VALUES ${tuples.join(', ')}${conflict}`,
      params,
    });
  }
  return out;
}

export function stmt(sql: string, ...params: SqlValue[]): Stmt {
  return { sql, params };
}

const json = (v: unknown): string => JSON.stringify(v);
export const toJson = json;

/** Parses a JSON column written by this code; a corrupt value is a server fault, not user input. */
export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

function literal(v: SqlValue | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`renderSql: ${v} is not a SQL number`);
    return String(v);
  }
  return `'${v.replace(/'/g, "''")}'`;
}

/**
 * A statement with its parameters written in as literals, for a .sql file (`wrangler d1 execute
 * --file`). Only for SQL written in this module's style: no "?" inside the SQL's own string literals.
 */
export function renderSql(s: Stmt): string {
  let next = 0;
  return `${s.sql.replace(/\?(\d+)?/g, (_, n: string | undefined) => literal(s.params[n ? Number(n) - 1 : next++]))};`;
}
