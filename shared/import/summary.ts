import type { Message, Problem } from '../problem.ts';
import type { PlanFile } from '../schema/index.ts';

/** What an import read, counted for the one line it prints and for the worker's answer. */
export interface ImportSummary {
  projects: number;
  indicators: number;
  goals: number;
  goalIndicators: number;
  /** Footnotes and reasons for missing values that landed in the plan. */
  notes: number;
  /** Non-empty cells of the input. */
  cells: number;
  /** Cells nobody could read (`import.cell_not_read`). */
  cellsNotRead: number;
  /** Cells read whose content the plan file cannot keep (`import.not_held`, errors and warnings). */
  notHeld: number;
  errors: number;
  warnings: number;
}

function notesOf(plan: PlanFile | null): number {
  if (!plan) return 0;
  const indicators = [
    ...plan.projects.flatMap((p) => p.indicators),
    ...plan.goals.flatMap((g) => g.indicators),
  ];
  const actuals = plan.cycles.flatMap((c) => c.actuals);
  return (
    indicators.reduce((n, i) => n + i.footnotes.length, 0) +
    actuals.reduce((n, a) => n + a.footnotes.length + (a.missingReason ? 1 : 0), 0) +
    plan.projects.reduce((n, p) => n + p.footnotes.length, 0) +
    plan.goals.reduce((n, g) => n + (g.footnotes?.length ?? 0), 0) +
    (plan.plan.footnotes?.length ?? 0)
  );
}

export function summarize(plan: PlanFile | null, problems: readonly Problem[], cells: number): ImportSummary {
  return {
    projects: plan?.projects.length ?? 0,
    indicators: plan?.projects.reduce((n, p) => n + p.indicators.length, 0) ?? 0,
    goals: plan?.goals.length ?? 0,
    goalIndicators: plan?.goals.reduce((n, g) => n + g.indicators.length, 0) ?? 0,
    notes: notesOf(plan),
    cells,
    cellsNotRead: problems.filter((p) => p.code === 'import.cell_not_read').length,
    notHeld: problems.filter((p) => p.code === 'import.not_held').length,
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
  };
}

/** `3事業・11指標・注記1件を読み込みました。読めなかったセル: 0` (goals added when there are any). */
export function summaryLine(s: ImportSummary): Message {
  const goalsJa = s.goals > 0 ? `・基本目標${s.goals}件（数値目標${s.goalIndicators}指標）` : '';
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const goalsEn = s.goals > 0 ? `, ${n(s.goals, 'goal')} (${n(s.goalIndicators, 'indicator')})` : '';
  const heldJa = s.notHeld > 0 ? `、計画ファイルに保持できない内容: ${s.notHeld}` : '';
  const heldEn = s.notHeld > 0 ? `; content the plan file cannot keep: ${s.notHeld}` : '';
  return {
    ja: `${s.projects}事業・${s.indicators}指標${goalsJa}・注記${s.notes}件を読み込みました。読めなかったセル: ${s.cellsNotRead}${heldJa}`,
    en: `Read ${n(s.projects, 'project')}, ${n(s.indicators, 'indicator')}${goalsEn}, ${n(s.notes, 'note')}. Cells not read: ${s.cellsNotRead}${heldEn}`,
  };
}
