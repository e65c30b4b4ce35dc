import type { Stmt } from './sql.ts';

/** Binds plain statements to D1 (kept apart from sql.ts, which Node scripts import too). */
export function toD1(db: D1Database, statements: readonly Stmt[]): D1PreparedStatement[] {
  return statements.map((s) => db.prepare(s.sql).bind(...s.params));
}
