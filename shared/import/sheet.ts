import { type CellRef, type Message, type Problem, problem, type Severity } from '../problem.ts';
import { codePointLabel, refusedChar } from '../text/integrity.ts';
import { address, type TextGrid } from './grid.ts';
import type { IdentityIndex } from './identity.ts';
import { oneLine } from './values.ts';

/**
 * Where a cell of the imported file went. `to` is a path into the plan built (`projects[p1].name`,
 * `cycles[2023].actuals[p1-2]`: brackets name an element by its id, fiscal year, indicator or
 * project), or `layout` (a label or header of the official layout), `derived` (a printed figure or
 * sentence the plan derives, checked against the calculation) or `problem` (named by a problem).
 */
export interface CellUse {
  /** `B12`, or `進捗状況!B12` for a sheet of an xlsx. */
  at: string;
  text: string;
  to: string;
}

/** What an import found, shared by every sheet it reads: the problems and where each cell went. */
export class ImportLog {
  readonly problems: Problem[] = [];
  readonly uses: CellUse[] = [];
  readonly #ids = new Set<string>();

  /** The identity an xlsx of ours carries (ids and what the tables do not print), if any. */
  readonly identity: IdentityIndex | null;

  constructor(identity: IdentityIndex | null = null) {
    this.identity = identity;
  }

  /** A project's or goal's id: the identity's for its number, else `base`; unique either way. */
  ownerId(kind: 'projects' | 'goals', number: number, base: string): string {
    const known = kind === 'projects' ? this.identity?.project(number) : this.identity?.goal(number);
    return this.uniqueId(known?.id ?? base);
  }

  /** An indicator's id: the identity's for its number in its owner (by the owner's id), else `base`. */
  indicatorId(kind: 'projects' | 'goals', ownerId: string, number: number, base: string): string {
    const owner = this.identity?.identity[kind].find((o) => o.id === ownerId);
    return this.uniqueId(this.identity?.indicatorId(owner, number) ?? base);
  }

  /** `base`, or `base-2`, `base-3`… when a number was printed twice: every element keeps its own id. */
  uniqueId(base: string): string {
    let id = base;
    for (let n = 2; this.#ids.has(id); n++) id = `${base}-${n}`;
    this.#ids.add(id);
    return id;
  }
}

export interface CellProblem {
  code: string;
  field: string;
  message: Message;
  severity?: Severity;
  ref?: Omit<CellRef, 'field'>;
}

/**
 * One grid of the imported file, read cell by cell. Every reader takes the cells it understood
 * (`take`) or names them in a problem (`report`); at the end `reportUnread` turns every non-empty
 * cell nobody took into `import.cell_not_read`, so nothing is ever dropped without a word.
 */
export class ImportSheet {
  readonly name: string;
  readonly log: ImportLog;
  readonly #rows: string[][];
  readonly #taken = new Set<string>();
  readonly #joined = new Set<string>();

  constructor(grid: TextGrid, log: ImportLog) {
    this.name = grid.sheet;
    this.log = log;
    this.#rows = grid.rows.map((cells, row) =>
      cells.map((text, col) => this.#storable(row, col, text ?? '')),
    );
  }

  /** A cell without the characters no plan can store (controls, bidi overrides…), each reported. */
  #storable(row: number, col: number, text: string): string {
    let clean = text;
    for (let found = refusedChar(clean, 'multi'); found; found = refusedChar(clean, 'multi')) {
      const chars = Array.from(clean);
      chars.splice(found.position - 1, 1);
      clean = chars.join('');
      this.flag(row, col, {
        code: 'refused_char',
        field: 'text',
        message: {
          ja: `保存できない文字（${codePointLabel(found.codePoint)}）を取り除きました。`,
          en: `A character that cannot be stored (${codePointLabel(found.codePoint)}) was removed.`,
        },
      });
    }
    return clean;
  }

  get rowCount(): number {
    return this.#rows.length;
  }

  /** The trimmed text at a position ('' beyond the edges); does not take the cell. */
  text(row: number, col: number): string {
    return (this.#rows[row]?.[col] ?? '').trim();
  }

  /** The non-empty cells of a row, left to right. */
  cells(row: number): { col: number; text: string }[] {
    const out: { col: number; text: string }[] = [];
    (this.#rows[row] ?? []).forEach((raw, col) => {
      const text = (raw ?? '').trim();
      if (text !== '') out.push({ col, text });
    });
    return out;
  }

  texts(row: number): string[] {
    return this.cells(row).map((c) => c.text);
  }

  isBlank(row: number): boolean {
    return this.cells(row).length === 0;
  }

  /** The first non-empty cell of a row, or null. */
  first(row: number): { col: number; text: string } | null {
    return this.cells(row)[0] ?? null;
  }

  where(row: number, col: number): string {
    return this.name === '' ? address(row, col) : `${this.name}!${address(row, col)}`;
  }

  isTaken(row: number, col: number): boolean {
    return this.#taken.has(`${row}:${col}`);
  }

  /** Takes a cell as read, recording where its content went; returns its text. */
  take(row: number, col: number, to: string): string {
    const text = this.text(row, col);
    if (text === '' || this.isTaken(row, col)) return text;
    this.#taken.add(`${row}:${col}`);
    this.log.uses.push({ at: this.where(row, col), text, to });
    return text;
  }

  /** A problem naming the cell; a cell nobody took is taken by it (the problem accounts for it). */
  report(row: number, col: number, p: CellProblem): void {
    this.take(row, col, 'problem');
    this.flag(row, col, p);
  }

  /** A problem naming the cell, which stays for a reader to take. */
  flag(row: number, col: number, p: CellProblem): void {
    const at = this.where(row, col);
    this.log.problems.push(
      problem(
        `import.${p.code}`,
        at,
        { ja: `${at}: ${p.message.ja}`, en: `${at}: ${p.message.en}` },
        { severity: p.severity ?? 'error', cell: { ...p.ref, field: p.field } },
      ),
    );
  }

  /**
   * The text of a one-line field (a name, a label): line breaks typed to wrap it are joined, with a
   * warning that the break is not kept.
   */
  line(row: number, col: number): string {
    const { text, changed } = oneLine(this.text(row, col));
    if (changed && !this.#joined.has(`${row}:${col}`)) {
      this.#joined.add(`${row}:${col}`);
      this.flag(row, col, {
        code: 'not_held',
        field: 'line_break',
        severity: 'warning',
        message: {
          ja: 'セル内の改行（またはタブ）をつなげて1行にしました。この欄は1行で保持されます。',
          en: 'The line breaks (or tabs) in the cell were joined: this field is kept on one line.',
        },
      });
    }
    return text;
  }

  /** The number of non-empty cells. */
  cellCount(): number {
    return this.#rows.reduce((n, _, row) => n + this.cells(row).length, 0);
  }

  /** Every non-empty cell nobody took, as `import.cell_not_read`. */
  reportUnread(): void {
    this.#rows.forEach((_, row) => {
      for (const { col, text } of this.cells(row)) {
        if (this.isTaken(row, col)) continue;
        const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
        this.report(row, col, {
          code: 'cell_not_read',
          field: 'cell',
          message: {
            ja: `「${shown}」を読み取れませんでした。公表様式のどの欄にも当てはまりません。`,
            en: `"${shown}" was not read: it fits no field of the official layout.`,
          },
        });
      }
    });
  }
}
