import type { ImportResult } from '../index.ts';
import { DERIVED, LAYOUT, resolvePath } from '../paths.ts';

const empty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The import's promise, checked for any input: every non-empty cell typed is either in the plan
 * (the path recorded for it points at something there), a label or derived figure of the layout,
 * or named by a problem. Returns what breaks it, one line per cell ([] when nothing does). The
 * result must carry a plan (import with `acceptPartial`).
 */
export function unaccounted(result: ImportResult, typed: readonly { at: string; text: string }[]): string[] {
  const uses = new Map(result.cells.map((u) => [u.at, u]));
  const named = new Set(result.problems.map((p) => p.path));
  const out: string[] = [];
  for (const { at, text } of typed) {
    const use = uses.get(at);
    if (!use) {
      if (!named.has(at)) out.push(`${at} 「${text}」: neither read nor reported`);
      continue;
    }
    if (use.to === 'problem') {
      if (!named.has(at)) out.push(`${at} 「${text}」: taken for a problem that does not name it`);
    } else if (use.to !== LAYOUT && use.to !== DERIVED && empty(resolvePath(result.plan, use.to))) {
      out.push(`${at} 「${text}」: recorded as ${use.to}, which the plan does not hold`);
    }
  }
  return out;
}
