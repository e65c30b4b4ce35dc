import { markerKey, normalizeWidth, splitLeadingMarker } from '../notation/index.ts';
import type { Message } from '../problem.ts';
import type { Actual, Baseline, Footnote } from '../schema/index.ts';
import { to } from './paths.ts';
import type { ImportSheet } from './sheet.ts';

/**
 * The footnote paragraphs under a block: `※…`, `※1…`, `(※1)…`, `（注１）…`, one per row, or one per
 * line of a cell. A line without a marker continues the note above it (a paragraph the printed
 * report wrapped); with no note above it, it is a note nobody can refer to, and is reported.
 */
export interface NoteLine {
  /** The marker as printed at the start of the note (`(※1)`, `※`, `※2`). */
  marker: string;
  /** The comparable key of the marker (`※1`). */
  key: string;
  text: string;
  /** The cells the note was read from. */
  cells: { row: number; col: number }[];
}

/** The marker a line starts with, by the keys the block's cells use (so `※10月以降…` keeps its `10月`). */
function leadingMarker(line: string, keys: ReadonlySet<string>): { marker: string; text: string } | null {
  const split = splitLeadingMarker(line);
  if (split.marker !== null) return { marker: split.marker, text: split.text };
  const plain = normalizeWidth(line);
  const known = [...keys]
    .filter((k) => k.startsWith('※'))
    .sort((a, b) => b.length - a.length)
    .find((k) => plain.startsWith(k));
  const marker = known ?? (plain.startsWith('※') ? '※' : null);
  return marker === null
    ? null
    : { marker: line.slice(0, marker.length), text: line.slice(marker.length).trim() };
}

/**
 * Reads the note rows [from, to) of a sheet. Returns the notes and the rows read; cells are taken by
 * whoever places each note (`placeNote`), so that their recorded destination is where it went.
 */
export function readNotes(
  sheet: ImportSheet,
  rows: readonly number[],
  keys: ReadonlySet<string>,
): NoteLine[] {
  const notes: NoteLine[] = [];
  for (const row of rows) {
    const cells = sheet.cells(row).filter((c) => !sheet.isTaken(row, c.col));
    const first = cells[0];
    // A row of several cells is a note only when it starts with a marker (`(※1)` | `速報値`);
    // otherwise it is no note, and is left for `reportUnread` to name cell by cell.
    if (!first || (cells.length > 1 && leadingMarker(first.text.trim(), keys) === null)) continue;
    const lines = cells
      .map((c) => c.text)
      .join(' ')
      .split(/\r\n?|\n/)
      .filter((l) => l.trim() !== '');
    const at = cells.map((c) => ({ row, col: c.col }));
    lines.forEach((line, i) => {
      const lead = leadingMarker(line.trim(), keys);
      const previous = notes[notes.length - 1];
      const cellsOfLine = i === 0 ? at : [];
      if (lead) {
        notes.push({
          marker: lead.marker,
          key: markerKey(lead.marker) ?? lead.marker,
          text: lead.text,
          cells: cellsOfLine,
        });
      } else if (previous) {
        previous.text = `${previous.text}\n${line.trim()}`;
        previous.cells.push(...cellsOfLine);
      } else {
        notes.push({ marker: '', key: '', text: line.trim(), cells: cellsOfLine });
      }
    });
  }
  return notes;
}

/** A cell starting like a note (`※…`, `(※1)…`): never a name or a label. */
export const NOTE_START = /^[※(（〔［【[]/u;

/** Takes the cells of a note for where it went. */
export function placeNote(sheet: ImportSheet, note: NoteLine, to: string): void {
  for (const { row, col } of note.cells) sheet.take(row, col, to);
}

/** Reports a note the plan cannot keep, naming its first cell; its other cells are part of it. */
export function reportNote(sheet: ImportSheet, note: NoteLine, why: (shown: string) => Message): void {
  const first = note.cells[0];
  if (!first) return;
  const shown = note.text.length > 40 ? `${note.text.slice(0, 40)}…` : note.text;
  sheet.report(first.row, first.col, { code: 'not_held', field: 'footnote', message: why(shown) });
  const at = sheet.where(first.row, first.col);
  for (const cell of note.cells.slice(1)) {
    sheet.report(cell.row, cell.col, {
      code: 'not_held',
      field: 'footnote',
      message: {
        ja: `${at} の注記の続きです（${at} を参照）。`,
        en: `Part of the note at ${at} (see there).`,
      },
    });
  }
}

/** A note without a marker: the plan keeps footnotes only with their marker. */
export function reportNoteWithoutMarker(sheet: ImportSheet, note: NoteLine): void {
  reportNote(sheet, note, (shown) => ({
    ja: `注記「${shown}」に記号（※、(※1) など）がありません。計画ファイルの注記は記号とともに保持するため、この文は取り込めません。`,
    en: `The note "${shown}" has no marker (※, (※1)…). The plan file keeps notes with their marker, so this text cannot be imported.`,
  }));
}

/** A row whose cells can carry markers: the indicator's name, its baseline, and its actual. */
export interface NoteHolder {
  indicatorId: string;
  footnotes: Footnote[];
  nameMarkers: string[];
  baseline: Baseline | null;
  actual: Actual | null;
  /** Where the indicator's own footnotes and its baseline go in the plan. */
  path: (field: string) => string;
}

const keyOf = (marker: string) => markerKey(marker) ?? marker;

/** The marker printed before the note under the table, kept when it is not the cell's own. */
const under = (note: NoteLine, marker: string) => (note.marker === marker ? {} : { noteMarker: note.marker });

function placeOnActual(sheet: ImportSheet, note: NoteLine, h: NoteHolder, fy: number): boolean {
  const actual = h.actual;
  if (!actual?.marker || keyOf(actual.marker) !== note.key) return false;
  if (actual.value === null && actual.missingReason === undefined) {
    actual.missingReason = note.text;
    Object.assign(actual, under(note, actual.marker));
    placeNote(sheet, note, to.actual(fy, h.indicatorId, 'missingReason'));
  } else {
    actual.footnotes.push({ marker: actual.marker, ...under(note, actual.marker), text: note.text });
    placeNote(sheet, note, to.actual(fy, h.indicatorId, 'footnotes'));
  }
  return true;
}

/** An unknown baseline's marker (`(※1)億円`): its note says why. */
function placeOnBaseline(sheet: ImportSheet, note: NoteLine, h: NoteHolder): boolean {
  const b = h.baseline;
  if (!b?.marker || b.value !== null || b.missingReason !== undefined || keyOf(b.marker) !== note.key)
    return false;
  b.missingReason = note.text;
  Object.assign(b, under(note, b.marker));
  placeNote(sheet, note, h.path('baseline.missingReason'));
  return true;
}

/** Gives a note to the name, baseline and actual cells whose marker it explains; false when none does. */
export function placeOnIndicators(
  sheet: ImportSheet,
  note: NoteLine,
  holders: NoteHolder[],
  fy: number,
): boolean {
  let placed = false;
  for (const h of holders) {
    for (const marker of h.nameMarkers.filter((m) => keyOf(m) === note.key)) {
      h.footnotes.push({ marker, ...under(note, marker), text: note.text });
      placeNote(sheet, note, h.path('footnotes'));
      placed = true;
    }
    if (placeOnBaseline(sheet, note, h)) placed = true;
    if (placeOnActual(sheet, note, h, fy)) placed = true;
  }
  return placed;
}

/** A marker alone in a value cell means "not available": its reason must be under the block. */
export function reportMissingReasons(
  sheet: ImportSheet,
  cells: { actual: Actual | null; row: number; col: number }[],
): void {
  for (const { actual: a, row, col } of cells) {
    if (!a || a.value !== null || a.missingReason !== undefined) continue;
    sheet.report(row, col, {
      code: 'missing_reason',
      field: 'actual',
      ref: { indicatorId: a.indicatorId },
      message: {
        ja: `実績値「${a.marker}」の理由（同じ記号の注記）がブロックの下にありません。`,
        en: `The reason for the missing actual "${a.marker}" (a note with the same marker) is not under the block.`,
      },
    });
  }
}

/** The rows of a block's notes: to `end`, or for the last block of a table to its first blank row. */
export function noteRows(sheet: ImportSheet, from: number, end: number, last: boolean): number[] {
  const rows: number[] = [];
  for (let row = from; row < end; row++) {
    if (sheet.isBlank(row)) {
      if (last) break;
      continue;
    }
    rows.push(row);
  }
  return rows;
}
