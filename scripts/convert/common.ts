import { cmp, decimal } from '../../shared/decimal.ts';
import { numberToDecimalString, parseNumber } from '../../shared/notation/index.ts';
import { type Problem, problem } from '../../shared/problem.ts';

/** Collects the problems of one conversion; every figure is cross-checked against the fixture. */
export class Problems {
  readonly list: Problem[] = [];

  add(code: string, path: string, ja: string, en: string): void {
    this.list.push(problem(code, path, { ja, en }));
  }
}

/**
 * The decimal of a printed cell, exactly as printed ('50.0%' → '50.0'), checked against the number
 * the fixture's extractor recorded next to it. Returns '0' after recording a problem if unreadable.
 */
export function printedDecimal(
  printed: string,
  expected: number | null,
  path: string,
  problems: Problems,
): string {
  const parsed = parseNumber(printed);
  if (!parsed.ok) {
    problems.add(
      'fixture.number',
      path,
      `「${printed}」: ${parsed.message.ja}`,
      `"${printed}": ${parsed.message.en}`,
    );
    return '0';
  }
  if (expected !== null) {
    const recorded = numberToDecimalString(expected);
    if (recorded === null || cmp(decimal(recorded), decimal(parsed.value)) !== 0) {
      problems.add(
        'fixture.value_mismatch',
        path,
        `印字「${printed}」と記録値 ${expected} が一致しません。`,
        `Printed "${printed}" and recorded value ${expected} differ.`,
      );
    }
  }
  return parsed.value;
}

const WIDE = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\u30FC\uFF01-\uFF60`;
const WRAP_SPACE_RE = new RegExp(`(?<=[${WIDE}])\\s+(?=[${WIDE}])`, 'gu');

/**
 * Removes the spaces a PDF line wrap left between two Japanese characters
 * ('市民 の割合' → '市民の割合'). Spaces next to ASCII text are kept.
 */
export function unwrapPdfSpaces(text: string): string {
  return text.replace(WRAP_SPACE_RE, '');
}

/** Footnote text as stored: the printed marker that opens it ('※', '（注１）') is the marker's job. */
export function footnoteBody(text: string, markers: readonly string[]): string {
  let body = text.trim();
  for (const m of markers) {
    if (body.startsWith(m)) {
      body = body.slice(m.length).trim();
      break;
    }
  }
  return body;
}

const LEADING_NOTE_MARKER_RE = /^(?:[(（〔[［【]\s*(?:※|注)\s*[0-9０-９]*\s*[)）〕\]］】]|※[0-9０-９]*)/u;

/**
 * The marker a printed footnote text opens with (`※仙台市…` → `※`, `（注１） 担当課…` → `（注１）`),
 * even when the text follows without a space; null when it opens with none.
 */
export function leadingNoteMarker(text: string): string | null {
  return LEADING_NOTE_MARKER_RE.exec(text.trim())?.[0] ?? null;
}

/**
 * `noteMarker` of a footnote whose printed text under the table opens with another marker than the
 * one beside the value (`(※)` in the cell, `※…` under the table); nothing when they are the same.
 */
export function noteMarkerOf(marker: string, printedText: string): { noteMarker?: string } {
  const lead = leadingNoteMarker(printedText);
  return lead !== null && lead !== marker ? { noteMarker: lead } : {};
}

export function pretty(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
