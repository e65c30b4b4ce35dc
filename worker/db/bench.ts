/**
 * Bare storage reads for the benchmark (routes/bench.ts, mounted only with BENCH_ROUTES=1): the rows an
 * API read returns, without its logic.
 */

/** The submissions of a cycle with their department and user names: the rows of the status dashboard. */
export async function benchCycleStatusRaw(db: D1Database, planId: string, fy: number): Promise<unknown[]> {
  const { results } = await db
    .prepare(
      `SELECT s.*, d.name, u.display_name FROM submissions s JOIN departments d ON d.id = s.department_id
         LEFT JOIN users u ON u.id = s.updated_by
        WHERE s.plan_id = ? AND s.fiscal_year = ?`,
    )
    .bind(planId, fy)
    .all();
  return results;
}
