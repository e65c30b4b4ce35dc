import type { CohortSummary } from '../calc/status.ts';
import type { CohortNote } from '../schema/index.ts';
import { DERIVED, to } from './paths.ts';
import type { ImportSheet } from './sheet.ts';
import { loose } from './values.ts';

/**
 * The cohort summary above the project blocks (`新規3事業 (計画期間：令和5～7年度)` | `3事業とも
 * KPIを達成した…`). It is derived from the projects, never typed: the printed rows are read and
 * compared with what the plan gives. A sentence the coordinator added after the derived one is kept
 * as the cohort's note (`plan.reports[].cohortNotes`).
 */
export interface PrintedCohort {
  row: number;
  label: { col: number; text: string };
  sentence: { col: number; text: string } | null;
}

const COHORT = /^(?:新規|継続)\s*[0-9０-９]+\s*事業/u;
const LABEL_AND_SENTENCE = /^(.*?[(（]\s*計画期間\s*[：:][^)）]*[)）])\s*(.*)$/su;

export function readCohortRow(sheet: ImportSheet, row: number): PrintedCohort | null {
  const [first, ...rest] = sheet.cells(row);
  if (!first || !COHORT.test(first.text)) return null;
  const next = rest[0];
  if (next) return { row, label: first, sentence: next };
  const both = LABEL_AND_SENTENCE.exec(first.text);
  if (both && both[2] !== '')
    return { row, label: { col: first.col, text: both[1]! }, sentence: { col: first.col, text: both[2]! } };
  return { row, label: first, sentence: null };
}

const periodOf = (label: string): string => /計画期間[:：](.+?)[)）]/u.exec(loose(label))?.[1] ?? '';

function mismatch(
  sheet: ImportSheet,
  row: number,
  col: number,
  printed: string,
  derived: string | null,
): void {
  sheet.report(row, col, {
    code: 'summary_mismatch',
    field: 'summary',
    severity: 'warning',
    message:
      derived === null
        ? {
            ja: `要約「${printed}」の区分に当たる事業がこの表にありません。要約は事業から導くため、この行は読み込みません。`,
            en: `No project of this table falls in the cohort "${printed}": summaries are derived from the projects, so this row is not imported.`,
          }
        : {
            ja: `要約「${printed}」は事業の値から導いた「${derived}」と一致しません（書き出しでは導いた文になります）。`,
            en: `The summary "${printed}" differs from "${derived}" derived from the projects' values (exports print the derived one).`,
          },
  });
}

/** The printed text after its first `n` characters of `loose` form: the sentence the coordinator added. */
function after(text: string, n: number): string {
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (seen === n) return text.slice(i).trim();
    seen += loose(text[i]!).length;
  }
  return '';
}

/**
 * Compares the printed rows with the derived cohorts, matched by their plan period; returns the
 * sentences printed after the derived ones (the coordinator's follow-ups), for the plan to keep.
 */
export function checkCohorts(
  sheet: ImportSheet,
  printed: PrintedCohort[],
  derived: readonly (CohortSummary & { alternatives?: string[] })[],
  fy: number,
): CohortNote[] {
  const notes: CohortNote[] = [];
  for (const cohort of printed) {
    const match = derived.find((d) => periodOf(d.label) === periodOf(cohort.label.text));
    if (!match) {
      mismatch(sheet, cohort.row, cohort.label.col, cohort.label.text, null);
      if (cohort.sentence && cohort.sentence.col !== cohort.label.col)
        mismatch(sheet, cohort.row, cohort.sentence.col, cohort.sentence.text, null);
      continue;
    }
    sheet.take(cohort.row, cohort.label.col, DERIVED);
    if (loose(match.label) !== loose(cohort.label.text))
      mismatch(sheet, cohort.row, cohort.label.col, cohort.label.text, match.label);
    if (!cohort.sentence) continue;
    const said = loose(cohort.sentence.text);
    // As the project table prints it (which tells a blank actual from 未確定), or as the published
    // reports word it (every missing actual 未確定).
    const want =
      [match.sentence, ...(match.alternatives ?? [])].map(loose).find((w) => said.startsWith(w)) ??
      loose(match.sentence);
    const note = said.startsWith(want) ? after(cohort.sentence.text, want.length) : null;
    const path = note ? to.plan(`reports[${fy}].cohortNotes`) : DERIVED;
    sheet.take(cohort.row, cohort.sentence.col, path);
    if (note) notes.push({ period: { ...match.period }, text: note });
    else if (!said.startsWith(want))
      mismatch(sheet, cohort.row, cohort.sentence.col, cohort.sentence.text, match.sentence);
  }
  return notes;
}
