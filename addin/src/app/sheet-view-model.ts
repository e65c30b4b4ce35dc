import type { HistoryEntry } from '../../../shared/api.ts';
import { fiscalYearLabel } from '../../../shared/notation/index.ts';
import type { SubmissionStatus } from '../../../shared/schema/index.ts';
import { circledNumber } from '../../../shared/tables/cells.ts';
import { COLUMNS, columnIndex, FIELD_COLUMN } from './columns.ts';
import { completenessOf, isMissingProblem, type MissingItem, missingItems } from './completeness.ts';
import type { OpenConflict } from './conflict.ts';
import type { HistoryState, SheetState } from './controller.ts';
import { formatTime, type Translator } from './i18n.ts';
import { type CellKey, parseCellKey, parseRowKey } from './keys.ts';
import type { MessageKey } from './messages.ts';
import { type AnyRow, inputText, rowAt, rowCount, rowIndicator, type SheetModel } from './sheet-model.ts';
import type { ListedProblem } from './sheet-session.ts';
import { type SyncStatus, type SyncTone, syncLine } from './sync-status.ts';

/**
 * What the department's pane shows, computed from the controller's state by one pure selector:
 * the open year and the submission's state, the banners, the save state, the problems (errors apart
 * from notes to check), the cells still blank, the check before submitting, the history of a row and
 * the buttons. The pane (ui/sheet-view.ts) only turns this into DOM and calls the controller's
 * methods; which workflow buttons appear is the server's answer (`allowedActions`), never decided here.
 */
export interface Banner {
  tone: 'info' | 'warning' | 'error';
  text: string;
  testId?: string;
}

export interface ConflictCellView {
  key: CellKey;
  /** 「① オウンドメディア等のPV数 — 実績値」 */
  label: string;
  /** As I typed it, and as the server holds it now (as the sheet would show it). */
  mine: string;
  theirs: string;
}

/** The check before submitting: the summary, what is still blank, and whether 提出する is offered. */
export interface SubmitReview {
  title: string;
  /** `指標の入力 5/6`, `主な取組 2/2 事業`, `確認事項 1 件`, `未入力 1 件`, `入力エラー 0 件` */
  summary: { kpis: string; activities: string; warnings: string; missing: string; errors: string };
  /** The cells still blank, each with a link to it. */
  missing: MissingItem[];
  /** Why it cannot go yet, or what submitting means. */
  help: string;
  canSubmit: boolean;
}

export interface HistoryRowView {
  when: string;
  who: string;
  field: string;
  before: string;
  after: string;
}

export interface HistoryView {
  title: string;
  loading: boolean;
  error: string | null;
  /** Newest first; empty with `empty` said when nothing changed this year. */
  rows: HistoryRowView[];
  empty: string | null;
}

export interface SheetViewModel {
  /** The open year is always shown: `令和5年度末時点` (the cycle's label) or `令和4年度`, and whether it is locked. */
  title: { department: string; cycle: string; year: string; locked: string | null };
  submission: { status: SubmissionStatus; label: string; receivedAt: string | null };
  banners: Banner[];
  /** A newer copy on the server: the text, with a button to load it. */
  newer: { text: string; button: string } | null;
  sync: { kind: SyncStatus['kind']; tone: SyncTone; text: string } | null;
  /** Errors and notes to check, counted apart: `入力エラー 0 件・確認事項 2 件`. */
  problems: { title: string; errors: number; warnings: number; items: readonly ListedProblem[] };
  /** The cells a submit still needs, once the person asked to submit (before, the sheet is being filled). */
  missing: { title: string; items: MissingItem[] } | null;
  /** What the last step said. */
  notice: string | null;
  /**
   * Saving a draft (values, not a workflow step), the workflow steps the server allows (submit;
   * reopen, shown as 取り下げ for a submitted sheet when the sheet cannot be edited) and the history.
   */
  actions: { save: boolean; submit: boolean; withdraw: string | null; history: boolean };
  review: SubmitReview | null;
  history: HistoryView | null;
  conflict: { open: OpenConflict; cells: ConflictCellView[] } | null;
}

export const SUBMISSION_LABEL: Record<SubmissionStatus, MessageKey> = {
  draft: 'statusDraft',
  submitted: 'statusSubmitted',
  approved: 'statusApproved',
  returned: 'statusReturned',
};

/** The pane's view of the state; null until the sheet first loads. */
export function selectSheetView(state: SheetState, t: Translator): SheetViewModel | null {
  const model = state.model;
  if (!model) return null;
  const { submission: sub, cycle, department } = model.data;
  const label = t.t(SUBMISSION_LABEL[sub.status]);
  const year = fiscalYearLabel(cycle.fiscalYear, 'era-long');
  const banners: Banner[] = [];
  if (sub.status === 'returned' && sub.comment)
    banners.push({
      tone: 'warning',
      text: t.t('returnedComment', { comment: sub.comment }),
      testId: 'returned-comment',
    });
  if (cycle.locked) banners.push({ tone: 'info', text: t.t('lockedCycle', { year }), testId: 'locked' });
  else if (!sub.editable) banners.push({ tone: 'info', text: t.t('notEditable', { status: label }) });
  if (rowCount(model) === 0)
    banners.push({ tone: 'info', text: t.t('nothingToReport', { year }), testId: 'nothing-to-report' });
  if (state.error) banners.push({ tone: 'error', text: t.msg(state.error) });
  if (state.refusal) banners.push({ tone: 'error', text: t.msg(state.refusal), testId: 'refusal' });
  const listed = state.problems.filter((p) => !isMissingProblem(p));
  const errors = listed.filter((p) => p.severity === 'error').length;
  const warnings = listed.length - errors;
  const shown = model.markMissing || state.reviewing;
  const completeness = shown ? completenessOf(model) : null;
  const missing = completeness ? missingItems(model, completeness.missing, t.lang) : [];
  const withdraw = sub.allowedActions.includes('reopen') && !sub.editable;
  return {
    title: {
      department: department.name,
      cycle: cycle.label?.includes(year) ? cycle.label : [year, cycle.label].filter(Boolean).join(' '),
      year,
      locked: cycle.locked ? t.t('lockedYear') : null,
    },
    submission: {
      status: sub.status,
      label,
      receivedAt:
        sub.submittedAt && (sub.status === 'submitted' || sub.status === 'approved')
          ? t.t('submittedAt', { time: formatTime(sub.submittedAt, t.lang) })
          : null,
    },
    banners,
    newer: state.newer
      ? {
          text: t.t('newerCopy', {
            who: state.newer.updatedBy ?? t.t('newerCopySomeone'),
            time: formatTime(state.newer.updatedAt, t.lang),
          }),
          button: t.t('reloadNewer'),
        }
      : null,
    sync: state.sync ? { kind: state.sync.kind, ...syncLine(state.sync, t) } : null,
    problems: { title: t.t('problemsTitle', { errors, warnings }), errors, warnings, items: listed },
    missing:
      shown && missing.length > 0
        ? { title: t.t('missingTitle', { count: missing.length }), items: missing }
        : null,
    notice: state.notice ? t.msg(state.notice) : null,
    actions: {
      save: sub.editable,
      submit: sub.allowedActions.includes('submit'),
      withdraw: withdraw ? t.t(sub.status === 'submitted' ? 'withdraw' : 'reopenSheet') : null,
      history: rowCount(model) > 0,
    },
    review:
      state.reviewing && completeness
        ? submitReview(state, model, completeness, missing, { errors, warnings }, t)
        : null,
    history: state.history ? historyView(state.history, model, t) : null,
    conflict: state.conflict ? conflictView(state.conflict, model, t) : null,
  };
}

/** The summary before submitting; 提出する only for a complete sheet, everything saved, no error. */
export function submitReview(
  state: SheetState,
  model: SheetModel,
  completeness: ReturnType<typeof completenessOf>,
  missing: MissingItem[],
  counts: { errors: number; warnings: number },
  t: Translator,
): SubmitReview {
  const saved = state.sync?.kind === 'saved';
  const canSubmit = missing.length === 0 && counts.errors === 0 && saved;
  const year = fiscalYearLabel(model.fiscalYear, 'era-long');
  const help =
    missing.length > 0
      ? t.t('submitMissingHelp')
      : counts.errors > 0
        ? t.t('submitErrorsHelp')
        : !saved
          ? t.t('submitBlocked')
          : t.t('submitReadyHelp', { department: model.data.department.name, year });
  return {
    title: t.t('submitReviewTitle'),
    summary: {
      kpis: t.t('submitSummaryKpis', completeness.indicators),
      activities: t.t('submitSummaryActivities', completeness.activities),
      warnings: t.t('submitSummaryWarnings', { count: counts.warnings }),
      missing: t.t('submitSummaryMissing', { count: missing.length }),
      errors: t.t('submitSummaryErrors', { count: counts.errors }),
    },
    missing,
    help,
    canSubmit,
  };
}

const FIELD_LABEL: Readonly<Record<string, MessageKey>> = {
  value: 'fieldValue',
  missingReason: 'fieldMissingReason',
  marker: 'fieldMarker',
  status: 'fieldStatus',
  footnotes: 'fieldFootnotes',
  activities: 'fieldActivities',
  text: 'fieldText',
  // A goal indicator's period label is entered on its row (docs/domain.md §10.5).
  period: 'colPeriod',
  shortfallReason: 'colShortfallReason',
};

/** A stored value as the history shows it: text as is, null as blank, lists and objects as JSON. */
function shownValue(v: unknown, t: Translator): string {
  if (v === null || v === undefined || v === '') return t.t('conflictEmpty');
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length === 0) return t.t('conflictEmpty');
  if (Array.isArray(v) && v.every((f) => f && typeof f === 'object' && 'text' in f))
    return v
      .map((f) => `${(f as { marker?: string }).marker ?? ''} ${(f as { text: string }).text}`.trim())
      .join('\n');
  return JSON.stringify(v);
}

/** The history of one row: when, who, which field, before and after, newest first. */
export function historyView(h: HistoryState, model: SheetModel, t: Translator): HistoryView {
  const parsed = parseRowKey(h.rowKey);
  const row = rowAt(model, model.rowIndex.get(h.rowKey) ?? -1);
  const indicator = rowIndicator(row);
  const what = indicator
    ? `${circledNumber(indicator.number)} ${indicator.name}`
    : row?.kind === 'project'
      ? `${row.project.number} ${row.project.name} — ${t.t('colActivities')}`
      : (parsed?.id ?? '');
  const rows = (h.entries ?? []).flatMap((e: HistoryEntry) => {
    const before = shownValue(e.before, t);
    const after = shownValue(e.after, t);
    // Only what a person enters on the sheet; a field that went from absent to empty (no footnotes
    // → []) or one the sheet does not show (basis) changed nothing they can see.
    const label = e.field ? FIELD_LABEL[e.field] : undefined;
    if (e.field && (!label || before === after)) return [];
    const field = label ? t.t(label) : t.t('historyStep', { action: e.action });
    return [{ when: formatTime(e.at, t.lang), who: e.userName ?? e.userId ?? '—', field, before, after }];
  });
  return {
    title: t.t('historyTitle', { what }),
    loading: h.entries === null,
    error: h.error ? t.msg(h.error) : null,
    rows,
    empty:
      h.entries !== null && rows.length === 0 && !h.error
        ? t.t('historyEmpty', { year: fiscalYearLabel(model.fiscalYear, 'era-long') })
        : null,
  };
}

function conflictView(open: OpenConflict, model: SheetModel, t: Translator): SheetViewModel['conflict'] {
  return {
    open,
    cells: open.merge.conflicts.map((c) => ({
      key: c.key,
      label: cellLabel(model, c.key, t),
      mine: c.mineRaw,
      theirs: inputText(open.theirs, c.key),
    })),
  };
}

/** 「① オウンドメディア等のPV数 — 実績値」 for a cell key. */
export function cellLabel(model: SheetModel, key: CellKey, t: Translator): string {
  const { row: rowKey, id, field } = parseCellKey(key);
  const row = rowAt(model, model.rowIndex.get(rowKey) ?? -1);
  const column = COLUMNS[columnIndex(FIELD_COLUMN[field])];
  // The 主な取組 column holds a goal indicator's period label and a KPI's 未達成の理由 on their rows.
  const what =
    field === 'period'
      ? t.t('colPeriod')
      : field === 'shortfallReason'
        ? t.t('colShortfallReason')
        : column
          ? t.t(column.header, { year: '' })
          : field;
  if (!row) return `${id} — ${what}`;
  return `${rowName(row)} — ${what}`;
}

/** A row as a conflict names it: its indicator, its project, or its goal. */
function rowName(row: AnyRow): string {
  const indicator = rowIndicator(row);
  if (indicator) return `${indicator.number}. ${indicator.name}`;
  if (row.kind === 'project') return `${row.project.number} ${row.project.name}`;
  return row.kind === 'goal' ? `${circledNumber(row.goal.number)} ${row.goal.title}` : '';
}
