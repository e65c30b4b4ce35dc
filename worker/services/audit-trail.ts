import type { IndicatorAuditResponse } from '../../shared/conversation/api.ts';
import { WORKFLOW_ACTIONS } from '../../shared/workflow/index.ts';
import { departmentsIn, readIndicatorComments, targetDepartmentsQuery } from '../db/comments.ts';
import { readIndicatorEvidence } from '../db/evidence.ts';
import { type HistoryRow, historyEntryOf } from '../db/history.ts';
import { toJson } from '../db/sql.ts';
import { indicatorNotFound } from '../refusals.ts';

/**
 * The story of a figure (docs/conversation.md §5): every save of an indicator's value with before →
 * after, who and when; the workflow steps of the sheets that hold it; its comments (every version) and
 * its evidence files. All cycles, or one (`fy`).
 */

/** A step of the story: a history entry without what names the cell (the story is one indicator's). */
const stepOf = (r: HistoryRow) => {
  const { indicatorId: _i, projectId: _p, requestId: _r, ...step } = historyEntryOf(r);
  return step;
};

const STEPS = `SELECT h.*, u.display_name AS user_name FROM history h LEFT JOIN users u ON u.id = h.user_id`;

export async function indicatorStory(
  db: D1Database,
  planId: string,
  indicatorId: string,
  fy: number | null,
): Promise<IndicatorAuditResponse> {
  const [indicator, departments, values] = await db.batch([
    db
      .prepare('SELECT id, name, unit FROM indicators WHERE plan_id = ? AND id = ?')
      .bind(planId, indicatorId),
    targetDepartmentsQuery(db, planId, 'indicator', indicatorId),
    db
      .prepare(
        `${STEPS} WHERE h.plan_id = ? AND h.indicator_id = ? AND h.action = 'save' AND (? IS NULL OR h.fiscal_year = ?)
          ORDER BY h.id`,
      )
      .bind(planId, indicatorId, fy, fy),
  ]);
  const row = indicator?.results?.[0] as { id: string; name: string; unit: string } | undefined;
  if (!row) throw indicatorNotFound(planId, indicatorId);
  const [workflow, comments, evidence] = await Promise.all([
    db
      .prepare(
        `${STEPS} WHERE h.plan_id = ? AND h.action IN (SELECT value FROM json_each(?))
            AND h.department_id IN (SELECT value FROM json_each(?)) AND (? IS NULL OR h.fiscal_year = ?)
          ORDER BY h.id`,
      )
      .bind(planId, toJson(WORKFLOW_ACTIONS), toJson(departmentsIn(departments)), fy, fy)
      .all<HistoryRow>(),
    readIndicatorComments(db, planId, indicatorId, fy),
    readIndicatorEvidence(db, planId, indicatorId, fy),
  ]);
  return {
    planId,
    indicator: row,
    fiscalYear: fy,
    values: ((values?.results ?? []) as HistoryRow[]).map(stepOf),
    comments,
    evidence,
    workflow: workflow.results.map(stepOf),
  };
}
