import { markerKey, normalizeWidth, splitLeadingMarker } from '../notation/index.ts';
import type { Actual, Baseline, Footnote } from '../schema/index.ts';
import { to } from './paths.ts';
import type { ImportSheet } from './sheet.ts';

/**
 * The footnote paragraphs under a block: `※…`, `※1…`, `(※1)…`, `（注１）…`, one per row, or one per
 * line of a cell. Within a cell, a line without a marker continues the note above it. A row whose
 * text starts without a marker is a note of its own without one (marker ''), which the plan keeps as
 * a note of the project, the goal or the table — unless it follows a note that went to an indicator,
 * which it then continues (a paragraph the printed report wrapped onto the next row).
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
  // `※4広域…`: a numbered bare marker before text (our exports print the note right after its
  // marker); `※10月以降…`, `※2020年度は…` are a ※ before a date or a figure.
  const numbered = /^※[0-9０-９]{1,2}(?![0-9０-９年月日度時点%％.．,，])/u.exec(plain)?.[0];
  const longest = [known, numbered].filter((m) => m !== undefined).sort((a, b) => b.length - a.length)[0];
  const marker = longest ?? (plain.startsWith('※') ? '※' : null);
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
      if (lead) {
        notes.push({
          marker: lead.marker,
          key: markerKey(lead.marker) ?? lead.marker,
          text: lead.text,
          cells: i === 0 ? at : [],
        });
      } else if (i > 0 && previous) previous.text = `${previous.text}\n${line.trim()}`;
      else notes.push({ marker: '', key: '', text: line.trim(), cells: at });
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

/** Where a note went, to add the rows that continue it (a paragraph wrapped onto the next row). */
export type Continue = (text: string, note: NoteLine) => void;

const footnoteOf =
  (sheet: ImportSheet, f: Footnote, to: string): Continue =>
  (text, next) => {
    f.text = `${f.text}\n${text}`;
    placeNote(sheet, next, to);
  };

function placeOnActual(sheet: ImportSheet, note: NoteLine, h: NoteHolder, fy: number): Continue | null {
  const actual = h.actual;
  if (!actual?.marker || keyOf(actual.marker) !== note.key) return null;
  if (actual.value === null && actual.missingReason === undefined) {
    actual.missingReason = note.text;
    Object.assign(actual, under(note, actual.marker));
    const path = to.actual(fy, h.indicatorId, 'missingReason');
    placeNote(sheet, note, path);
    return (text, next) => {
      actual.missingReason = `${actual.missingReason}\n${text}`;
      placeNote(sheet, next, path);
    };
  }
  const f: Footnote = { marker: actual.marker, ...under(note, actual.marker), text: note.text };
  actual.footnotes.push(f);
  const path = to.actual(fy, h.indicatorId, 'footnotes');
  placeNote(sheet, note, path);
  return footnoteOf(sheet, f, path);
}

/** An unknown baseline's marker (`(※1)億円`): its note says why. */
function placeOnBaseline(sheet: ImportSheet, note: NoteLine, h: NoteHolder): Continue | null {
  const b = h.baseline;
  if (!b?.marker || b.value !== null || b.missingReason !== undefined || keyOf(b.marker) !== note.key)
    return null;
  b.missingReason = note.text;
  Object.assign(b, under(note, b.marker));
  const path = h.path('baseline.missingReason');
  placeNote(sheet, note, path);
  return (text, next) => {
    b.missingReason = `${b.missingReason}\n${text}`;
    placeNote(sheet, next, path);
  };
}

/**
 * Gives a note to the name, baseline and actual cells whose marker it explains. Returns how to
 * continue it (the last place it went), or null when no cell of the indicators has its marker.
 */
export function placeOnIndicators(
  sheet: ImportSheet,
  note: NoteLine,
  holders: NoteHolder[],
  fy: number,
): Continue | null {
  const placed: Continue[] = [];
  for (const h of holders) {
    for (const marker of h.nameMarkers.filter((m) => keyOf(m) === note.key)) {
      const f: Footnote = { marker, ...under(note, marker), text: note.text };
      h.footnotes.push(f);
      placeNote(sheet, note, h.path('footnotes'));
      placed.push(footnoteOf(sheet, f, h.path('footnotes')));
    }
    const baseline = placeOnBaseline(sheet, note, h);
    if (baseline) placed.push(baseline);
    const actual = placeOnActual(sheet, note, h, fy);
    if (actual) placed.push(actual);
  }
  if (placed.length === 0) return null;
  // A note explaining several cells continues in each of them.
  return (text, next) => {
    for (const p of placed) p(text, next);
  };
}

/**
 * Places the notes of a block in order: each to the cells whose marker it explains, a row without
 * a marker continuing a note that went to an indicator; what is left to `own` (the block's notes).
 */
export function placeBlockNotes(
  notes: readonly NoteLine[],
  place: (note: NoteLine) => Continue | null | 'handled',
  own: (note: NoteLine) => void,
): void {
  let last: Continue | null = null;
  for (const note of notes) {
    if (note.key === '' && last) {
      last(note.text, note);
      continue;
    }
    const placed = note.key === '' ? null : place(note);
    last = placed === 'handled' ? null : placed;
    if (placed === null) own(note);
  }
}

/** Adds a note to a block's own list (`footnotes` of a project, a goal or the plan). */
export function keepNote(sheet: ImportSheet, list: Footnote[], note: NoteLine, path: string): void {
  // As printed: with its marker, or without one ('').
  list.push({ marker: note.marker, text: note.text });
  placeNote(sheet, note, path);
}

/** A marker alone in a value cell means "not available": its reason must be under the block. */
export function reportMissingReasons(
  sheet: ImportSheet,
  cells: { actual: Actual | null; row: number; col: number }[],
): void {
  for (const { actual: a, row, col } of cells) {
    // A qualitative KPI's result in words is no missing value.
    if (!a || a.value !== null || a.missingReason !== undefined || a.text !== undefined) continue;
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
