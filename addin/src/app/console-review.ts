import type { HistoryEntry, SheetResponse } from '../../../shared/api.ts';
import { commentTextProblem, RETURN_POINTERS_MAX } from '../../../shared/conversation/rules.ts';
import { formatNumber } from '../../../shared/notation/index.ts';
import type { SubmissionStatus } from '../../../shared/schema/index.ts';
import { circledNumber } from '../../../shared/tables/cells.ts';
import { sheetCompleteness, type WorkflowAction } from '../../../shared/workflow/index.ts';
import { columnIndex } from './columns.ts';
import { type ConsoleMessageKey, ct } from './console-messages.ts';
import { formatTime, type Lang, type Translator } from './i18n.ts';
import { buildModel, checkRows } from './sheet-model.ts';
import { renderRow } from './sheet-render.ts';
import { SUBMISSION_LABEL } from './sheet-view-model.ts';

/**
 * A department's submission as the coordinator reviews it before approving: every KPI with its
 * target, actual and 達成度 (the sheet's own rendering, shared/calc — the strings the official
 * table prints), footnotes and reasons, the problems the shared validation finds, what changed
 * since the last submission (from the history), and the workflow steps the server allows on the
 * revision shown. Pure: the view renders it, the approve/return calls send `revision` as If-Match.
 */

export interface ReviewRow {
  indicatorId: string;
  name: string;
  unit: string;
  baseline: string;
  target: string;
  actual: string;
  achievement: string;
  cumulative: string;
  judgement: string;
  notes: string;
  problems: { severity: 'error' | 'warning'; message: string }[];
  changed: boolean;
}

export interface ReviewProject {
  projectId: string;
  heading: string;
  activities: string;
  activitiesChanged: boolean;
  judgement: string;
  rows: ReviewRow[];
}

export interface ReviewChange {
  at: string;
  who: string;
  what: string;
}

export interface ReviewViewModel {
  title: string;
  departmentId: string;
  status: SubmissionStatus;
  statusLabel: string;
  /** The revision shown: what an approval or a return sends as If-Match. */
  revision: number;
  revisionText: string;
  received: string | null;
  comment: string | null;
  locked: boolean;
  completeness: string;
  projects: ReviewProject[];
  problems: { title: string; items: { where: string; severity: 'error' | 'warning'; message: string }[] };
  changes: { title: string; items: ReviewChange[]; more: number };
  /** The steps the server allows on this sheet, of those the review offers. */
  actions: ('approve' | 'return' | 'reopen')[];
  approveHint: string;
}

const REVIEW_ACTIONS = ['approve', 'return', 'reopen'] as const satisfies readonly WorkflowAction[];
const MAX_CHANGES = 50;

const FIELD_LABEL: Record<string, ConsoleMessageKey> = {
  value: 'fieldValue',
  missingReason: 'fieldMissingReason',
  footnotes: 'fieldFootnotes',
  status: 'fieldStatus',
  marker: 'fieldMarker',
  activities: 'fieldActivities',
};

/** A stored value as the change list shows it (a figure with △ and separators, a list joined). */
export function shownValue(field: string | null, v: unknown, t: Pick<Translator, 'lang'>): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0))
    return ct(t.lang, 'empty');
  if (field === 'value' && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return formatNumber(v);
  if (Array.isArray(v))
    return v
      .map((x) =>
        x && typeof x === 'object' && 'text' in x
          ? `${String((x as { marker?: string }).marker ?? '')}${String((x as { text: string }).text)}`
          : String(x),
      )
      .join(' ');
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  const flat = text.replace(/\s*\n\s*/g, ' / ');
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}

/** Fields a reader does not write (the basis of a figure is set by the sheet, not typed). */
const HIDDEN_FIELDS = new Set(['basis']);

/** Nothing, an empty text and an empty list are the same content: no change between them. */
const sameContent = (a: unknown, b: unknown) => {
  const norm = (v: unknown) =>
    v === undefined || v === '' || (Array.isArray(v) && v.length === 0) ? null : v;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
};

/**
 * The saves to show: those since the previous submission when the sheet is under review (submitted
 * or approved), else since the last one; each cell once, from its first value to its last.
 */
export function changesSinceSubmission(
  entries: readonly HistoryEntry[],
  status: SubmissionStatus,
): { first: boolean; changes: HistoryEntry[] } {
  const submits = entries.filter((e) => e.action === 'submit');
  const base = status === 'submitted' || status === 'approved' ? submits[1] : submits[0];
  const saves = entries.filter((e) => e.action === 'save' && (base === undefined || e.id > base.id));
  // Newest first in the history: walk oldest first, keep the first `before` and the last `after`.
  const byCell = new Map<string, HistoryEntry>();
  for (const e of [...saves].reverse()) {
    const key = `${e.indicatorId ?? ''}|${e.projectId ?? ''}|${e.field ?? ''}`;
    const seen = byCell.get(key);
    byCell.set(key, seen ? { ...e, before: seen.before } : e);
  }
  const changes = [...byCell.values()]
    .filter((e) => !HIDDEN_FIELDS.has(e.field ?? '') && !sameContent(e.before, e.after))
    .sort((a, b) => b.id - a.id);
  return { first: base === undefined, changes };
}

export function selectReview(
  sheet: SheetResponse,
  history: readonly HistoryEntry[],
  t: Translator,
): ReviewViewModel {
  const lang = t.lang;
  const model = buildModel(sheet);
  const checks = checkRows(
    model,
    model.rows.map((_, i) => i),
  );
  const since = changesSinceSubmission(history, sheet.submission.status);
  // Marked on the table only against an earlier submission (on a first one, everything is new).
  const marked = since.first ? [] : since.changes;
  const changedIndicators = new Set(marked.flatMap((e) => (e.indicatorId ? [e.indicatorId] : [])));
  const changedActivities = new Set(
    marked.flatMap((e) => (e.field === 'activities' && e.projectId ? [e.projectId] : [])),
  );
  const col = (id: Parameters<typeof columnIndex>[0]) => columnIndex(id);

  const projects: ReviewProject[] = [];
  const problemItems: ReviewViewModel['problems']['items'] = [];
  const reasons = new Map(
    sheet.actuals.flatMap((a) => (a.shortfallReason ? [[a.indicatorId, a.shortfallReason] as const] : [])),
  );
  const names = new Map<string, string>();
  model.rows.forEach((row, i) => {
    const r = renderRow(model, i, checks, t);
    const v = r.values;
    const problems = (checks.get(i)?.problems ?? []).map((p) => ({
      severity: p.severity,
      message: t.msg(p.message),
    }));
    if (row.kind === 'project') {
      names.set(row.project.id, v[col('project')] ?? row.project.name);
      projects.push({
        projectId: row.project.id,
        heading: v[col('project')] ?? '',
        activities: v[col('activities')] ?? '',
        activitiesChanged: changedActivities.has(row.project.id),
        judgement: v[col('judgement')] ?? '',
        rows: [],
      });
      for (const p of problems) problemItems.push({ where: v[col('project')] ?? '', ...p });
      return;
    }
    const ind = row.indicator!;
    const name = v[col('indicator')] ?? ind.name;
    names.set(ind.id, name);
    // 未達成の理由 (docs/domain.md §8.6) as saved: the official tables do not print it, the review does.
    const shortfall = reasons.get(ind.id);
    const notes = [
      v[col('footnote')],
      v[col('missingReason')],
      shortfall ? `${t.t('colShortfallReason')}: ${shortfall}` : '',
    ]
      .filter(Boolean)
      .join(' / ');
    const actual = [v[col('value')], v[col('status')]].filter(Boolean).join(' ');
    projects[projects.length - 1]?.rows.push({
      indicatorId: ind.id,
      name,
      unit: v[col('unit')] ?? '',
      baseline: v[col('baseline')] ?? '',
      target: v[col('target')] ?? '',
      actual,
      achievement: v[col('achievement')] ?? '',
      cumulative: v[col('cumulative')] ?? '',
      judgement: v[col('judgement')] ?? '',
      notes,
      problems,
      changed: changedIndicators.has(ind.id),
    });
    for (const p of problems)
      problemItems.push({
        where: `${row.project.number} ${row.project.name} ${circledNumber(ind.number)} ${ind.name}`,
        ...p,
      });
  });

  const completeness = sheetCompleteness(sheet.projects, sheet.cycle.fiscalYear, {
    actuals: sheet.actuals,
    activities: sheet.activities,
  });
  const items = since.changes.slice(0, MAX_CHANGES).map((e) => {
    const where =
      names.get(e.indicatorId ?? '') ?? names.get(e.projectId ?? '') ?? e.indicatorId ?? e.projectId ?? '';
    const field = ct(lang, FIELD_LABEL[e.field ?? ''] ?? 'fieldOther', { field: e.field ?? '' });
    return {
      at: formatTime(e.at, lang),
      who: e.userName ?? e.userId ?? '',
      what: `${where} ${field}: ${shownValue(e.field, e.before, t)} → ${shownValue(e.field, e.after, t)}`,
    };
  });
  const s = sheet.submission;
  const cycle = sheet.cycle.label ?? `${sheet.cycle.fiscalYear}`;
  return {
    title: ct(lang, 'reviewTitle', { department: sheet.department.name, cycle }),
    departmentId: sheet.department.id,
    status: s.status,
    statusLabel: t.t(SUBMISSION_LABEL[s.status]),
    revision: s.revision,
    revisionText: ct(lang, 'reviewRevision', { revision: s.revision }),
    received:
      s.submittedAt && (s.status === 'submitted' || s.status === 'approved')
        ? t.t('submittedAt', { time: formatTime(s.submittedAt, lang) })
        : null,
    comment: s.status === 'returned' && s.comment ? t.t('returnedComment', { comment: s.comment }) : null,
    locked: sheet.cycle.locked,
    completeness: ct(lang, 'reviewCompleteness', {
      filled: completeness.indicators.filled,
      total: completeness.indicators.total,
      activities: completeness.activities.filled,
      projects: completeness.activities.total,
    }),
    projects,
    problems: {
      title: problemItems.length
        ? ct(lang, 'reviewProblems', { n: problemItems.length })
        : ct(lang, 'reviewNoProblems'),
      items: problemItems,
    },
    changes: {
      title: since.first
        ? ct(lang, 'reviewFirstSubmission', { n: since.changes.length })
        : since.changes.length
          ? ct(lang, 'reviewChanges', { n: since.changes.length })
          : ct(lang, 'reviewNoChanges'),
      items,
      more: Math.max(0, since.changes.length - MAX_CHANGES),
    },
    actions: REVIEW_ACTIONS.filter((a) => s.allowedActions.includes(a)),
    approveHint: ct(lang, 'reviewApproveHint', { revision: s.revision }),
  };
}

/** Names of the sheet's projects and KPIs as the change lists print them. */
function sheetNames(sheet: SheetResponse): Map<string, string> {
  const names = new Map<string, string>();
  for (const p of sheet.projects) {
    names.set(p.id, `${p.number} ${p.name}`);
    for (const i of p.indicators) names.set(i.id, `${circledNumber(i.number)} ${i.name}`);
  }
  return names;
}

/**
 * The whole history of a sheet in words, newest first: each value changed (from what to what), each
 * workflow step with its comment, who and when. Fields nobody types (basis) and no-op rows left out.
 */
export function historyItems(
  entries: readonly HistoryEntry[],
  sheet: SheetResponse,
  t: Translator,
): ReviewChange[] {
  const lang = t.lang;
  const names = sheetNames(sheet);
  const steps: Record<string, string> = {
    submit: t.t('submit'),
    approve: t.t('approve'),
    return: t.t('returnTo'),
    reopen: t.t('reopen'),
  };
  return entries
    .filter(
      (e) => e.action !== 'save' || (!HIDDEN_FIELDS.has(e.field ?? '') && !sameContent(e.before, e.after)),
    )
    .map((e) => {
      const comment = (e.after as { comment?: string | null } | null)?.comment;
      const what =
        e.action === 'save'
          ? `${names.get(e.indicatorId ?? '') ?? names.get(e.projectId ?? '') ?? ''} ${ct(lang, FIELD_LABEL[e.field ?? ''] ?? 'fieldOther', { field: e.field ?? '' })}: ${shownValue(e.field, e.before, t)} → ${shownValue(e.field, e.after, t)}`
          : `${steps[e.action] ?? e.action}${comment ? `（${comment}）` : ''}`;
      return { at: formatTime(e.at, lang), who: e.userName ?? e.userId ?? '', what };
    });
}

// ---- the conversation around the review (docs/conversation.md §1) -----------------------------------

/** A 💬 button's words: the unread count of its thread in it, so the row says where to look. */
export function threadButtonLabel(unread: number, lang: Lang): string {
  return unread > 0 ? ct(lang, 'threadOpenUnread', { n: unread }) : ct(lang, 'threadOpen');
}

export type ReturnRequest =
  | { ok: true; body: { comment: string; indicatorIds: string[] } }
  | { ok: false; message: string };

/**
 * What a return sends: the comment and the KPIs it points at (ReturnWithKpisRequest), the ids in
 * the sheet's order and only those the review shows — a KPI ticked on a sheet since reloaded
 * without it is not sent, as the server would refuse the whole return for it (422, nothing
 * stored). Refused here for what the server refuses too: no comment, more pointers than allowed,
 * a comment the thread could not hold (it goes into each pointed thread).
 */
export function returnRequest(
  v: Pick<ReviewViewModel, 'projects'>,
  comment: string,
  pointed: ReadonlySet<string>,
  t: Pick<Translator, 'lang' | 't'>,
): ReturnRequest {
  const text = comment.trim();
  if (text === '') return { ok: false, message: t.t('returnComment') };
  const indicatorIds = v.projects.flatMap((p) =>
    p.rows.filter((r) => pointed.has(r.indicatorId)).map((r) => r.indicatorId),
  );
  if (indicatorIds.length > RETURN_POINTERS_MAX)
    return {
      ok: false,
      message: ct(t.lang, 'pointersTooMany', { max: RETURN_POINTERS_MAX, n: indicatorIds.length }),
    };
  const why = commentTextProblem(text);
  if (why) return { ok: false, message: why[t.lang] };
  return { ok: true, body: { comment: text, indicatorIds } };
}

/** The line under the return comment: which KPIs the return points at, by name. */
export function pointersSummary(
  v: Pick<ReviewViewModel, 'projects'>,
  pointed: ReadonlySet<string>,
  lang: Lang,
): string {
  const names = v.projects.flatMap((p) =>
    p.rows.filter((r) => pointed.has(r.indicatorId)).map((r) => r.name),
  );
  if (names.length === 0) return ct(lang, 'pointersNone');
  if (names.length > RETURN_POINTERS_MAX)
    return ct(lang, 'pointersTooMany', { max: RETURN_POINTERS_MAX, n: names.length });
  return ct(lang, 'pointersSome', { n: names.length, names: names.join(lang === 'ja' ? '、' : ', ') });
}
