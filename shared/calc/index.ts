/**
 * Calculations on indicators (docs/domain.md §4–§7): 達成度 per kind, cumulative totals, 前年度比,
 * project status and cohort summaries. Every figure is exact (shared/decimal.ts).
 */
export * from './achievement.ts';
export type { ParsedAchievementCell } from './achievement-cell.ts';
export { firstActualYear, NO_ACTUALS } from './actuals.ts';
export * from './cumulative.ts';
export * from './delta.ts';
export * from './status.ts';
export { comparatorOf, holds } from './threshold.ts';
