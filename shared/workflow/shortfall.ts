import type { Achievement } from '../calc/result.ts';
import { cmp, type Decimal, parseDecimal } from '../decimal.ts';
import type { Message } from '../problem.ts';
import type { Indicator, ShortfallSetting } from '../schema/index.ts';
import { circledNumber } from '../tables/cells.ts';

/**
 * 未達成の理由 (docs/domain.md §8.6): when the plan asks for it (`PlanHeader.shortfallReason`), a KPI
 * that falls short of its target needs a short reason before 提出 — the city's audit asks why, as
 * Spider Impact asks for an explanation of a missed target. The one rule for the pane (the cell is
 * marked, the submit dialog lists it), the worker (a submit without it is 422
 * `submission_incomplete` naming the cell) and the coordinator's review.
 *
 * A reason is needed when, for the cycle's figure of `evaluateIndicator` (shared/calc):
 * - the setting is on (absent or `required: false`: never);
 * - a threshold KPI is judged not met (`met === false`): its bound is not a 100% mark (§5.7);
 * - another kind has a 達成度 below `below`, compared as printed (one decimal: 99.9 asks, 100.0 does
 *   not at `below: 100`);
 * - the figure is final: an interim one (a window or a target year not yet reached) is progress
 *   towards a later target, not a shortfall, and a qualitative KPI has no figure — its status says it.
 * A KPI without a figure (no value, no target) asks nothing here: a missing value has its own reason.
 */

/** Whether a reason is needed for one KPI, whether it is given, and — when needed — what to ask. */
export interface ShortfallJudgement {
  needed: boolean;
  given: boolean;
  /** Names the KPI and its figure and asks for the reason; null when none is needed. */
  message: Message | null;
}

/** The most a reason holds (the Actual's `shortfallReason`, checked by the shared text rule). */
export const SHORTFALL_REASON_MAX = 400;

const NOT_NEEDED: ShortfallJudgement = Object.freeze({ needed: false, given: false, message: null });

/** Whether the plan asks for reasons at all: the pane shows the column only then. */
export const asksShortfallReason = (setting: ShortfallSetting | undefined | null): boolean =>
  setting?.required === true;

/** `below` as printed: one decimal (`100.0%`). */
export function formatShortfallBelow(below: number): string {
  return `${below.toFixed(1)}%`;
}

function belowDecimal(below: number): Decimal {
  return parseDecimal(below.toFixed(1)) ?? { units: 1000n, scale: 1 };
}

/** Whether the figure falls short under the setting (the setting is on). */
function fallsShort(setting: ShortfallSetting, kind: Indicator['kind'], evaluation: Achievement): boolean {
  if (kind === 'qualitative' || evaluation.interim || !evaluation.computable) return false;
  if (kind === 'threshold') return evaluation.met === false;
  return evaluation.percent !== null && cmp(evaluation.percent, belowDecimal(setting.below)) < 0;
}

type Named = Pick<Indicator, 'kind' | 'number' | 'name'>;

/**
 * The rule for one KPI: `evaluation` is its `evaluateIndicator` for the cycle, `reason` what its
 * 未達成の理由 holds now, `project` (number and name) named in the message when given.
 */
export function judgeShortfall(
  setting: ShortfallSetting | undefined | null,
  indicator: Named,
  evaluation: Achievement | null,
  reason: string | null | undefined,
  project?: { number: number; name: string },
): ShortfallJudgement {
  if (!setting || !asksShortfallReason(setting) || !evaluation) return NOT_NEEDED;
  if (!fallsShort(setting, indicator.kind, evaluation)) return NOT_NEEDED;
  const given = reason != null && reason.trim() !== '';
  return { needed: true, given, message: shortfallMessage(setting, indicator, evaluation, project) };
}

function shortfallMessage(
  setting: ShortfallSetting,
  indicator: Named,
  evaluation: Achievement,
  project?: { number: number; name: string },
): Message {
  const name = `${circledNumber(indicator.number)} ${indicator.name}`;
  const where = project
    ? {
        ja: `事業「${project.number} ${project.name}」の指標「${name}」`,
        en: `KPI "${name}" of project "${project.number} ${project.name}"`,
      }
    : { ja: `指標「${name}」`, en: `KPI "${name}"` };
  if (indicator.kind === 'threshold')
    return {
      ja: `${where.ja}が目標の基準を満たしていません。未達成の理由を入力してください`,
      en: `${where.en} does not meet its target. Enter the reason it fell short`,
    };
  const below = formatShortfallBelow(setting.below);
  return {
    ja: `${where.ja}の達成度が ${evaluation.printed} で ${below} 未満です。未達成の理由を入力してください`,
    en: `${where.en} achieved ${evaluation.printed}, below ${below}. Enter the reason it fell short`,
  };
}
