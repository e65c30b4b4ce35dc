import { cmp, parseDecimal } from '../decimal.ts';

/**
 * Whether a target changed between two plan versions: by its figure, not its text — `5` and `5.0`
 * are the same target — the same rule the 新旧対照表 (shared/tables/revision.ts) underlines by. A
 * target added or removed is a change; its period label (R5年度…) is how it prints, not what it is.
 */
export function targetsDiffer(
  before: { value: string } | null | undefined,
  after: { value: string } | null | undefined,
): boolean {
  if (!before || !after) return !before !== !after;
  const a = parseDecimal(before.value);
  const b = parseDecimal(after.value);
  if (a === null || b === null) return before.value !== after.value;
  return cmp(a, b) !== 0;
}
