import type { SubmissionStatus } from '../../../shared/schema/index.ts';
import { COLUMNS, columnIndex } from './columns.ts';
import type { OpenConflict } from './conflict.ts';
import type { SheetState } from './controller.ts';
import { formatTime, type Translator } from './i18n.ts';
import { type CellKey, parseCellKey } from './keys.ts';
import type { MessageKey } from './messages.ts';
import { inputText, type SheetModel } from './sheet-model.ts';
import type { ListedProblem } from './sheet-session.ts';
import { type SyncStatus, type SyncTone, syncLine } from './sync-status.ts';

/**
 * What the department's pane shows, computed from the controller's state by one pure selector:
 * the submission's state, the banners, the save state, the problems and the buttons. The pane
 * (ui/sheet-view.ts) only turns this into DOM and calls the controller's methods; which workflow
 * buttons appear is the server's answer (`allowedActions`), never decided here.
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

export interface SheetViewModel {
  title: { department: string; cycle: string };
  submission: { status: SubmissionStatus; label: string; receivedAt: string | null };
  banners: Banner[];
  sync: { kind: SyncStatus['kind']; tone: SyncTone; text: string } | null;
  problems: { title: string; items: readonly ListedProblem[] };
  /** Saving a draft (values, not a workflow step) and the workflow steps the server allows. */
  actions: { save: boolean; submit: boolean };
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
  const banners: Banner[] = [];
  if (sub.status === 'returned' && sub.comment)
    banners.push({
      tone: 'warning',
      text: t.t('returnedComment', { comment: sub.comment }),
      testId: 'returned-comment',
    });
  if (cycle.locked) banners.push({ tone: 'info', text: t.t('lockedCycle') });
  else if (!sub.editable) banners.push({ tone: 'info', text: t.t('notEditable', { status: label }) });
  if (state.error) banners.push({ tone: 'error', text: t.msg(state.error) });
  if (state.refusal) banners.push({ tone: 'error', text: t.msg(state.refusal), testId: 'refusal' });
  const errors = state.problems.filter((p) => p.severity === 'error').length;
  return {
    title: { department: department.name, cycle: cycle.label ?? '' },
    submission: {
      status: sub.status,
      label,
      receivedAt:
        sub.submittedAt && (sub.status === 'submitted' || sub.status === 'approved')
          ? t.t('submittedAt', { time: formatTime(sub.submittedAt, t.lang) })
          : null,
    },
    banners,
    sync: state.sync ? { kind: state.sync.kind, ...syncLine(state.sync, t) } : null,
    problems: { title: t.t('problemsTitle', { count: errors }), items: state.problems },
    actions: { save: sub.editable, submit: sub.allowedActions.includes('submit') },
    conflict: state.conflict ? conflictView(state.conflict, model, t) : null,
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
  const row = model.rows[model.rowIndex.get(rowKey) ?? -1];
  const column = COLUMNS[columnIndex(field)];
  const what = column ? t.t(column.header, { year: '' }) : field;
  if (!row) return `${id} — ${what}`;
  const name = row.indicator
    ? `${row.indicator.number}. ${row.indicator.name}`
    : `${row.project.number} ${row.project.name}`;
  return `${name} — ${what}`;
}
