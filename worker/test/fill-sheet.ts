import { expect } from 'vitest';
import type { SheetResponse } from '../../shared/api.ts';
import { isFilled } from '../../shared/workflow/index.ts';
import { call, sheetPath } from './helpers.ts';

/**
 * Fills every blank cell of a sheet (a KPI without a value, reason or status; a project without 主な
 *取組) so that it may be submitted (shared/workflow's completeness rule), leaving filled cells as
 * they are. One read, one save (none when nothing is blank). Returns how many cells it filled.
 */
export async function fillBlanks(token: string, planId: string, fy: number, dept: string): Promise<number> {
  const sheet = (await call<SheetResponse>(token, 'GET', sheetPath(planId, fy, dept))).body;
  const filled = new Set(sheet.actuals.filter(isFilled).map((a) => a.indicatorId));
  const written = new Set(sheet.activities.filter((a) => a.text.trim() !== '').map((a) => a.projectId));
  const actuals = sheet.projects.flatMap((p) =>
    p.indicators
      .filter((i) => !filled.has(i.id))
      .map((i) =>
        i.kind === 'qualitative'
          ? { indicatorId: i.id, value: null, status: 'in_progress' as const }
          : { indicatorId: i.id, value: '1' },
      ),
  );
  const activities = sheet.projects
    .filter((p) => !written.has(p.id))
    .map((p) => ({ projectId: p.id, text: `${p.name}の取組` }));
  if (actuals.length + activities.length === 0) return 0;
  const saved = await call(
    token,
    'PATCH',
    sheetPath(planId, fy, dept),
    { actuals, activities },
    {
      'If-Match': `"${sheet.submission.revision}"`,
    },
  );
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  return actuals.length + activities.length;
}
