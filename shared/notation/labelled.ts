import { type Period, parsePeriod } from './period.ts';

/**
 * Cells of the goal table carry their own period label before the value:
 * `H29年度 7社`, `R1～5年(累計) 66社 (+13社)`, `R4年度(速報値) 708万t-CO2`.
 */
export interface LeadingPeriod {
  period: Period;
  /** The label as printed (trimmed). */
  label: string;
  /** What follows the label (trimmed), e.g. '66社 (+13社)'. */
  rest: string;
}

// A label can end at a space or right after one of these; never inside a number (R5 10件 is R5 + 10件).
const LABEL_END = /[度年)）初末点]/;

/** The longest leading period label of `text`, or null if it does not start with one. */
export function splitLeadingPeriod(text: string): LeadingPeriod | null {
  const trimmed = String(text ?? '').trim();
  for (let end = trimmed.length; end > 0; end--) {
    const atSpace = end === trimmed.length || /\s/.test(trimmed.charAt(end));
    if (!atSpace && !LABEL_END.test(trimmed.charAt(end - 1))) continue;
    const label = trimmed.slice(0, end).trim();
    const period = parsePeriod(label);
    if (period) return { period, label, rest: trimmed.slice(end).trim() };
  }
  return null;
}

/** `66社 (+13社)` → { value: '66社', delta: '(+13社)' }; delta is null when none is printed. */
export function splitTrailingDelta(text: string): { value: string; delta: string | null } {
  const trimmed = String(text ?? '').trim();
  const m = /[(（]\s*[+＋△▲\-−－]\s*[\d０-９][^()（）]*[)）]$/.exec(trimmed);
  if (!m || m.index === 0) return { value: trimmed, delta: null };
  return { value: trimmed.slice(0, m.index).trim(), delta: m[0] };
}
