import { type Achievement, evaluateIndicator } from '../calc/achievement.ts';
import { parseAchievementCell } from '../calc/achievement-cell.ts';
import { actualsIndex, NO_ACTUALS } from '../calc/index.ts';
import { cohortSummary } from '../calc/status.ts';
import type { CohortNote, PlanFile } from '../schema/index.ts';
import { buildProjectTable } from '../tables/projects.ts';
import { validatePlanFile } from '../validation/index.ts';
import type { ReadTables } from './assemble.ts';
import { checkCohorts } from './cohorts.ts';
import type { ImportLog } from './sheet.ts';

/**
 * What the plan built says about the printed figures it did not import: the 達成度 of each KPI and
 * the cohort summary are computed by shared/calc and compared with the print (a difference is a
 * warning with both figures); then the plan is validated as `shinchoku validate` would.
 */

function evaluations(plan: PlanFile, fy: number): Map<string, Achievement[]> {
  const byIndicator = actualsIndex(plan.cycles);
  return new Map(
    plan.projects.map((p) => [
      p.id,
      p.indicators.map((ind) => evaluateIndicator(ind, byIndicator.get(ind.id) ?? NO_ACTUALS, fy)),
    ]),
  );
}

function samePrinted(printed: string, computed: string): boolean {
  const a = parseAchievementCell(printed);
  const b = parseAchievementCell(computed);
  if (a.kind !== b.kind) return false;
  return a.kind !== 'value' || (b.kind === 'value' && a.percent.units === b.percent.units);
}

function checkAchievements(plan: PlanFile, read: ReadTables, byProject: Map<string, Achievement[]>): void {
  const computed = new Map(
    plan.projects.flatMap((p) =>
      p.indicators.map((ind, i) => [ind.id, byProject.get(p.id)?.[i]?.printed] as const),
    ),
  );
  for (const table of read.projects) {
    for (const { indicatorId, row, col, printed } of table.blocks.flatMap((b) => b.achievements)) {
      const want = computed.get(indicatorId);
      if (want === undefined || samePrinted(printed, want)) continue;
      table.sheet.report(row, col, {
        code: 'achievement_mismatch',
        field: 'achievement',
        severity: 'warning',
        ref: { indicatorId },
        message: {
          ja: `達成度「${printed}」は目標値と実績値から計算した「${want}」と一致しません（達成度は読み込まず計算し直します）。`,
          en: `The achievement "${printed}" differs from "${want}" computed from the target and actual (it is recomputed, not imported).`,
        },
      });
    }
  }
}

function checkDuplicates(read: ReadTables): void {
  const seen = new Set<number>();
  for (const t of read.projects) {
    for (const b of t.blocks) {
      const n = b.project.number;
      if (!seen.has(n)) {
        seen.add(n);
        continue;
      }
      t.sheet.report(b.headingRow, t.sheet.first(b.headingRow)?.col ?? 0, {
        code: 'duplicate_project',
        field: 'heading',
        message: { ja: `事業番号 ${n} が重複しています。`, en: `Project number ${n} appears twice.` },
      });
    }
  }
  const goals = new Set<number>();
  for (const t of read.goals) {
    for (const g of t.goals) {
      if (!goals.has(g.goal.number)) {
        goals.add(g.goal.number);
        continue;
      }
      t.sheet.report(g.row, t.sheet.first(g.row)?.col ?? 0, {
        code: 'duplicate_goal',
        field: 'goal',
        message: {
          ja: `基本的目標 ${g.goal.number} が重複しています。`,
          en: `Goal ${g.goal.number} appears twice.`,
        },
      });
    }
  }
}

/** `●「…」における6つの基本目標…`: the number announced must be the number of goals read. */
function checkAnnounced(read: ReadTables): void {
  for (const t of read.goals) {
    const title = t.head.lines[0];
    if (t.announced === null || t.announced === t.goals.length || !title) continue;
    t.sheet.report(title.row, title.col, {
      code: 'goal_count',
      field: 'title',
      severity: 'warning',
      message: {
        ja: `表題は${t.announced}つの基本目標としていますが、表から読めた基本的目標は${t.goals.length}件です。`,
        en: `The title announces ${t.announced} goals; ${t.goals.length} were read from the table.`,
      },
    });
  }
}

/** The coordinator's sentences after the derived summary, kept with the report of the year. */
function addCohortNotes(plan: PlanFile, fy: number, notes: CohortNote[]): void {
  const reports = plan.plan.reports ?? [];
  const report = reports.find((r) => r.fiscalYear === fy) ?? { fiscalYear: fy };
  report.cohortNotes = notes;
  plan.plan.reports = [...reports.filter((r) => r !== report), report];
}

/** Validation codes the reader reports at the cell itself (import.missing_reason). */
const AT_THE_CELL = new Set(['actual.missing_reason']);

export function checkPlan(plan: PlanFile, read: ReadTables, log: ImportLog): void {
  checkDuplicates(read);
  const fy = plan.cycles[plan.cycles.length - 1]?.fiscalYear;
  if (fy !== undefined) {
    const byProject = evaluations(plan, fy);
    checkAchievements(plan, read, byProject);
    // The sentence as the project table prints it (which tells a blank from 未確定), per cohort.
    const printed = new Map(
      (buildProjectTable(plan, { fiscalYear: fy }).summary[0]?.rows ?? []).map((r) => [
        r[0]?.text,
        r[1]?.text,
      ]),
    );
    const derived = cohortSummary(plan.projects, byProject, fy).map((c) => ({
      ...c,
      sentence: printed.get(c.label) ?? c.sentence,
      alternatives: [c.sentence],
    }));
    const notes = read.projects.flatMap((t) => checkCohorts(t.sheet, t.cohorts, derived, fy));
    if (notes.length > 0) addCohortNotes(plan, fy, notes);
  }
  checkAnnounced(read);
  // The plan must pass `shinchoku validate`; what the reader already named at its cell is not repeated.
  const result = validatePlanFile(plan);
  log.problems.push(...result.problems.filter((p) => p.severity === 'error' && !AT_THE_CELL.has(p.code)));
}
