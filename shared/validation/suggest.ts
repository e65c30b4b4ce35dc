import { parsePeriod } from '../notation/period.ts';

/**
 * The Western fiscal year a mistyped year stands for: "R5年度" or "令和５年度" → 2023, "2023" → 2023.
 * Undefined when the text names no single year, so a message never guesses.
 */
export function suggestFiscalYear(input: unknown): number | undefined {
  if (typeof input !== 'string' || input.length > 40) return undefined;
  if (/^\s*\d{4}\s*$/.test(input)) return Number(input);
  const period = parsePeriod(input);
  if (!period || period.startYear !== period.endYear) return undefined;
  return period.startYear;
}
