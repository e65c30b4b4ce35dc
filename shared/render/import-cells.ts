import { parseAchievementCell } from '../calc/achievement-cell.ts';
import type { Decimal } from '../decimal.ts';
import { parseValueCell, splitTrailingMarker } from '../notation/index.ts';
import { type Problem, problem } from '../problem.ts';
import { address } from './import-grid.ts';

/**
 * Reading the cells of an imported table, each through shared/notation, with a Problem that names
 * the cell (`進捗状況!E12`) in Japanese and English for whatever cannot be read.
 */
export class CellReader {
  readonly problems: Problem[] = [];
  readonly #sheet: string;
  readonly #rows: string[][];

  constructor(sheet: string, rows: string[][]) {
    this.#sheet = sheet;
    this.#rows = rows;
  }

  get rowCount(): number {
    return this.#rows.length;
  }

  /** The trimmed text at a position ('' beyond the edges). */
  text(row: number, col: number): string {
    return (this.#rows[row]?.[col] ?? '').trim();
  }

  /** The non-empty texts of a row, left to right. */
  texts(row: number): string[] {
    return (this.#rows[row] ?? []).map((t) => t.trim()).filter((t) => t !== '');
  }

  where(row: number, col: number): string {
    return this.#sheet === '' ? address(row, col) : `${this.#sheet}!${address(row, col)}`;
  }

  report(
    code: string,
    row: number,
    col: number,
    field: string,
    message: { ja: string; en: string },
    severity: 'error' | 'warning' = 'error',
  ): void {
    const at = this.where(row, col);
    this.problems.push(
      problem(
        `import.${code}`,
        at,
        { ja: `${at}: ${message.ja}`, en: `${at}: ${message.en}` },
        { severity, cell: { field } },
      ),
    );
  }

  /** A figure with an optional unit (`56,677人`, `30,000`); null and a problem when unreadable. */
  figure(
    row: number,
    col: number,
    field: string,
  ): { value: string; unit: string | null; marker?: string } | null {
    const cell = parseValueCell(this.text(row, col));
    if (cell.kind === 'number') return cell;
    if (cell.kind === 'invalid') this.report('value', row, col, field, cell.message);
    else if (cell.kind === 'missing')
      this.report('marker_only', row, col, field, {
        ja: `この欄には数値が必要です（「${cell.marker}」だけでは読めません）。`,
        en: `This cell needs a number ("${cell.marker}" alone cannot be read).`,
      });
    return null;
  }

  /** An actual: a figure, a footnote marker alone (not available), or empty. */
  actual(
    row: number,
    col: number,
  ):
    | { kind: 'number'; value: string; marker?: string }
    | { kind: 'missing'; marker: string }
    | { kind: 'empty' }
    | null {
    const cell = parseValueCell(this.text(row, col));
    if (cell.kind === 'invalid') {
      this.report('value', row, col, 'actual', cell.message);
      return null;
    }
    if (cell.kind === 'number')
      return { kind: 'number', value: cell.value, ...(cell.marker ? { marker: cell.marker } : {}) };
    return cell;
  }

  /** A printed 達成度 (`481.6%`, `—%`, `-%`); undefined for an empty cell, null when unreadable. */
  achievement(row: number, col: number): Decimal | null | undefined {
    const text = this.text(row, col);
    if (text === '') return undefined;
    const parsed = parseAchievementCell(text);
    if (parsed.kind === 'invalid') {
      this.report('achievement', row, col, 'achievement', parsed.message);
      return undefined;
    }
    return parsed.kind === 'value' ? parsed.percent : null;
  }
}

const CIRCLED = /^([\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])\s*/u;

/** `① オウンドメディア等のPV数〔※〕` → number 1, the name, the markers appended to it. */
export function splitIndicatorName(text: string): { number: number | null; name: string; markers: string[] } {
  let rest = text.trim();
  let number: number | null = null;
  const circled = CIRCLED.exec(rest);
  if (circled) {
    const code = circled[1]!.codePointAt(0)!;
    number = code <= 0x2473 ? code - 0x2460 + 1 : code <= 0x325f ? code - 0x3251 + 21 : code - 0x32b1 + 36;
    rest = rest.slice(circled[0].length);
  } else {
    const digits = /^(\d{1,2})[\s.．、)]\s*/.exec(rest);
    if (digits) {
      number = Number(digits[1]);
      rest = rest.slice(digits[0].length);
    }
  }
  const markers: string[] = [];
  for (;;) {
    const split = splitTrailingMarker(rest);
    if (split.marker === null || split.text === '') break;
    markers.unshift(split.marker);
    rest = split.text;
  }
  return { number, name: rest.trim(), markers };
}

/**
 * A footnote line under a block (`※仙台市地下鉄の…`) split into its marker key and text. The key is
 * the longest of the block's own marker keys the line starts with (`※2`, `注1`), else a bare `※`:
 * so `※10月以降…` under a block whose cells only use `(※)` keeps its `10月`.
 */
export function splitFootnoteLine(line: string, keys: ReadonlySet<string>): { key: string; text: string } {
  const known = [...keys].sort((a, b) => b.length - a.length).find((k) => k !== '' && line.startsWith(k));
  const key = known ?? (line.startsWith('※') ? '※' : '');
  return { key, text: line.slice(key.length) };
}
