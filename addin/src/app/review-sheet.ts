import { type ConsoleMessageKey, ct } from './console-messages.ts';
import type { ReviewViewModel } from './console-review.ts';
import type { Lang } from './i18n.ts';

/**
 * A department's submission under review as a read-only worksheet (「Excelで開く」 in the review):
 * the same view model as the review in the pane (app/console-review.ts), laid out as rows of text —
 * title and state, per project its 主な取組 and a table of KPIs (target, actual, 達成度, 累計, 判定,
 * footnotes and reasons, problems, changed since the last submission), then every problem and every
 * change. Pure; excel/review-sheet.ts writes it, protected. Approving or returning stays in the pane,
 * against the revision this sheet names.
 */

export type RowKind = 'title' | 'note' | 'project' | 'header' | 'kpi' | 'section' | 'item' | 'blank';

export interface ReviewSheetPlan {
  /** A worksheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ]. */
  name: string;
  /** Every row as wide as `widths`, text only. */
  rows: string[][];
  kinds: RowKind[];
  /** Rows changed since the last submission (marked on the sheet). */
  changed: number[];
  /** Rows with an input error. */
  errors: number[];
  widths: number[];
}

const KPI_COLUMNS = [
  'colIndicator',
  'colBaseline',
  'colTarget',
  'colActual',
  'colAchievement',
  'colCumulative',
  'colJudgement',
  'colNotes',
  'colProblems',
  'colChanged',
] as const satisfies readonly ConsoleMessageKey[];
const WIDTHS = [260, 90, 80, 80, 70, 80, 70, 220, 220, 90];

/** `確認_<department id>`: the sheet a review writes, the same one each time (replaced). */
export function reviewSheetName(departmentId: string): string {
  return `確認_${departmentId}`.replace(/[:\\/?*[\]]/g, '_').slice(0, 31);
}

export function reviewSheetPlan(v: ReviewViewModel, lang: Lang): ReviewSheetPlan {
  const width = KPI_COLUMNS.length;
  const rows: string[][] = [];
  const kinds: RowKind[] = [];
  const changed: number[] = [];
  const errors: number[] = [];
  const push = (kind: RowKind, cells: string[]) => {
    kinds.push(kind);
    rows.push([...cells, ...Array<string>(width - cells.length).fill('')].slice(0, width));
    return rows.length - 1;
  };
  push('title', [v.title]);
  push('note', [
    [v.statusLabel, v.revisionText, v.received, v.completeness, v.locked ? ct(lang, 'cycleLocked') : null]
      .filter(Boolean)
      .join(' · '),
  ]);
  if (v.comment) push('note', [v.comment]);
  push('note', [ct(lang, 'reviewSheetNote', { revision: v.revision })]);
  for (const p of v.projects) {
    push('blank', []);
    push('project', [p.heading, '', '', '', '', '', p.judgement]);
    const activities = push('item', [
      ct(lang, 'colActivities'),
      p.activities || ct(lang, 'empty'),
      ...Array<string>(width - 3).fill(''),
      p.activitiesChanged ? ct(lang, 'reviewSheetChanged') : '',
    ]);
    if (p.activitiesChanged) changed.push(activities);
    push(
      'header',
      KPI_COLUMNS.map((k) => ct(lang, k)),
    );
    for (const r of p.rows) {
      const at = push('kpi', [
        r.unit ? `${r.name}（${r.unit}）` : r.name,
        r.baseline,
        r.target,
        r.actual,
        r.achievement,
        r.cumulative,
        r.judgement,
        r.notes,
        r.problems.map((x) => x.message).join('\n'),
        r.changed ? ct(lang, 'reviewSheetChanged') : '',
      ]);
      if (r.changed) changed.push(at);
      if (r.problems.some((x) => x.severity === 'error')) errors.push(at);
    }
  }
  push('blank', []);
  push('section', [v.problems.title]);
  for (const p of v.problems.items) {
    const at = push('item', [p.where, p.message]);
    if (p.severity === 'error') errors.push(at);
  }
  push('blank', []);
  push('section', [v.changes.title]);
  for (const c of v.changes.items) push('item', [`${c.at} ${c.who}`, c.what]);
  if (v.changes.more) push('item', [ct(lang, 'reviewMoreChanges', { n: v.changes.more })]);
  return { name: reviewSheetName(v.departmentId), rows, kinds, changed, errors, widths: [...WIDTHS] };
}
