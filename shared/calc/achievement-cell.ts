import type { Decimal } from '../decimal.ts';
import type { Message } from '../problem.ts';

export type ParsedAchievementCell =
  | { readonly kind: 'placeholder' }
  | { readonly kind: 'value'; readonly percent: Decimal }
  | { readonly kind: 'invalid'; readonly message: Message };

// The published reports use both `—%` (U+2014) and `-%` for "no figure"; after NFKC a full-width
// `－％` reads as `-%`, and `―` (U+2015) and `–` (U+2013) are the dashes a keyboard gives instead.
const PLACEHOLDER_RE = /^[\u2014\u2015\u2013-]%$/;
const VALUE_RE = /^([△-]?)(\d+)(?:\.(\d))?%$/;

/**
 * Reads a 達成度 cell on import: `481.6%`, `100%`, `△8.3%`, full-width digits and `％`, or a dash
 * placeholder (`—%`, `-%`). At most one decimal, as the table prints it.
 */
export function parseAchievementCell(printed: string): ParsedAchievementCell {
  const text = printed.normalize('NFKC').replace(/\s+/g, '');
  if (PLACEHOLDER_RE.test(text)) return { kind: 'placeholder' };
  const m = VALUE_RE.exec(text);
  if (!m) {
    return {
      kind: 'invalid',
      message: {
        ja: `達成度「${printed}」を読み取れません。「481.6%」のように小数第1位までの百分率か、「—%」と入力してください。`,
        en: `Cannot read the achievement "${printed}": enter a percentage with at most one decimal such as "481.6%", or "—%".`,
      },
    };
  }
  const units = BigInt(`${m[2]}${m[3] ?? '0'}`);
  return { kind: 'value', percent: { units: m[1] ? -units : units, scale: 1 } };
}
