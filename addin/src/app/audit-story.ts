import type { IndicatorAuditResponse } from '../../../shared/api.ts';
import { SUBMISSION_STATUS_LABELS, WORKFLOW_ACTION_LABELS } from '../../../shared/glossary.ts';
import type { Message } from '../../../shared/problem.ts';
import type { SubmissionStatus } from '../../../shared/schema/index.ts';
import type { WorkflowAction } from '../../../shared/workflow/index.ts';
import type { ConversationClient, StoryFormat } from '../api/conversation-client.ts';
import { type ConversationMessageKey, cvt, fileSize } from './conversation-messages.ts';
import type { Lang } from './i18n.ts';
import { failureMessage } from './threads.ts';

/**
 * The story of a figure on one page (docs/conversation.md §5): every change of the value (日時, 操作,
 * 担当者, 変更前, 変更後), the comments with their versions, the evidence files with their SHA-256,
 * and the submission and approval steps — a pure view model of the server's story, plus the loads.
 * The CSV and HTML to keep are the server's (shared/conversation/story.ts renders them), so what is
 * downloaded is what an auditor gets from the API, not a second rendering made here.
 */

export type StoryPort = Pick<ConversationClient, 'story' | 'downloadStory'>;

export interface StoryRow {
  at: string;
  action: string;
  who: string;
  before: string;
  after: string;
}

export interface StoryCommentView {
  id: string;
  at: string;
  who: string;
  year: string;
  department: string;
  text: string;
  edited: string | null;
  /** Every earlier version, oldest first: the story shows them all (nothing is on demand in a record). */
  versions: StoryRow[];
}

export interface StoryEvidenceView {
  id: string;
  at: string;
  who: string;
  fileName: string;
  size: string;
  contentType: string;
  sha256: string;
}

export interface StoryWorkflowView extends StoryRow {
  year: string;
  department: string;
  comment: string | null;
}

export interface AuditStoryView {
  title: string;
  subtitle: string;
  scope: string;
  head: { at: string; action: string; who: string; before: string; after: string };
  values: StoryRow[];
  comments: StoryCommentView[];
  evidence: StoryEvidenceView[];
  workflow: StoryWorkflowView[];
  headings: { values: string; comments: string; evidence: string; workflow: string };
  none: string;
  downloads: { format: StoryFormat; label: string; fileName: string }[];
}

const FIELD_KEYS: Readonly<Record<string, ConversationMessageKey>> = {
  value: 'fieldValue',
  missingReason: 'fieldMissingReason',
  footnotes: 'fieldFootnotes',
  status: 'fieldStatus',
  text: 'fieldText',
  marker: 'fieldMarker',
  period: 'fieldPeriod',
  basis: 'fieldBasis',
};

/**
 * A moment in the record, with its year, in Japan's time: a municipality's record reads in JST
 * whatever the machine's zone (the server stores UTC).
 */
export function recordTime(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** A stored before/after as text: empty as （空欄）, a list joined, anything else as it was stored. */
export function shownValue(v: unknown, lang: Lang): string {
  if (v === null || v === undefined || v === '') return cvt(lang, 'emptyValue');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(lang === 'ja' ? '、' : ', ');
  return JSON.stringify(v);
}

const isStatus = (v: unknown): v is SubmissionStatus =>
  typeof v === 'string' && v in SUBMISSION_STATUS_LABELS;
const statusText = (v: unknown, lang: Lang): string =>
  isStatus(v) ? SUBMISSION_STATUS_LABELS[v][lang] : shownValue(v, lang);
const year = (fy: number | null, lang: Lang) => (fy === null ? '' : cvt(lang, 'auditYear', { fy }));
const who = (name: string | null, id: string | null, lang: Lang) => name ?? id ?? cvt(lang, 'unknownUser');

function actionLabel(action: string, lang: Lang): string {
  if (action in WORKFLOW_ACTION_LABELS) return WORKFLOW_ACTION_LABELS[action as WorkflowAction][lang];
  if (action === 'save') return cvt(lang, 'actionSave');
  if (action === 'comment') return cvt(lang, 'actionComment');
  if (action === 'comment_edit') return cvt(lang, 'actionCommentEdit');
  if (action === 'evidence') return cvt(lang, 'actionEvidence');
  return action;
}

const fieldLabel = (field: string | null, lang: Lang): string | null => {
  if (field === null) return null;
  const key = FIELD_KEYS[field];
  return key ? cvt(lang, key) : field;
};

export function storyFileName(
  s: { indicator: { id: string }; fiscalYear: number | null },
  format: StoryFormat,
): string {
  return `${s.indicator.id}-audit${s.fiscalYear === null ? '' : `-${s.fiscalYear}`}.${format}`;
}

export function selectAuditStory(s: IndicatorAuditResponse, lang: Lang): AuditStoryView {
  const t = (key: ConversationMessageKey, p = {}) => cvt(lang, key, p);
  const values = s.values.map((v): StoryRow => {
    const field = fieldLabel(v.field, lang);
    const action = actionLabel(v.action, lang);
    const yearText = year(v.fiscalYear, lang);
    return {
      at: recordTime(v.at, lang),
      action: `${field ? t('actionWithField', { action, field }) : action}${yearText ? ` · ${yearText}` : ''}`,
      who: who(v.userName, v.userId, lang),
      before: shownValue(v.before, lang),
      after: shownValue(v.after, lang),
    };
  });
  const workflow = s.workflow.map((w): StoryWorkflowView => {
    const after = w.after as { status?: unknown; comment?: unknown } | null;
    return {
      at: recordTime(w.at, lang),
      action: actionLabel(w.action, lang),
      who: who(w.userName, w.userId, lang),
      before: statusText(w.before, lang),
      after: statusText(after && typeof after === 'object' && 'status' in after ? after.status : after, lang),
      year: year(w.fiscalYear, lang),
      department: w.departmentId ?? '',
      comment: after && typeof after === 'object' && typeof after.comment === 'string' ? after.comment : null,
    };
  });
  return {
    title: t('auditTitle', { name: s.indicator.name }),
    subtitle: t('auditSubtitle', { plan: s.planId, id: s.indicator.id, unit: s.indicator.unit }),
    scope: s.fiscalYear === null ? t('auditAllYears') : year(s.fiscalYear, lang),
    head: {
      at: t('colAt'),
      action: t('colAction'),
      who: t('colWho'),
      before: t('colBefore'),
      after: t('colAfter'),
    },
    values,
    comments: s.comments.map((c) => ({
      id: c.id,
      at: recordTime(c.createdAt, lang),
      who: who(c.createdByName, c.createdBy, lang),
      year: year(c.fiscalYear, lang),
      department: c.departmentId,
      text: c.text,
      edited: c.edited ? t('edited') : null,
      versions: c.versions.slice(0, -1).map((v, i, all) => ({
        at: recordTime(v.at, lang),
        action: t('versionNumber', { version: v.version }),
        who: who(v.userName, v.userId, lang),
        before: i === 0 ? '' : (all[i - 1]?.text ?? ''),
        after: v.text,
      })),
    })),
    evidence: s.evidence.map((e) => ({
      id: e.id,
      at: recordTime(e.uploadedAt, lang),
      who: who(e.uploadedByName, e.uploadedBy, lang),
      fileName: e.fileName,
      size: fileSize(e.size),
      contentType: e.contentType,
      sha256: e.sha256,
    })),
    workflow,
    headings: {
      values: t('auditValues'),
      comments: t('auditComments'),
      evidence: t('auditEvidence'),
      workflow: t('auditWorkflow'),
    },
    none: t('auditNone'),
    downloads: (['csv', 'html'] as const).map((format) => ({
      format,
      label: t(format === 'csv' ? 'auditDownloadCsv' : 'auditDownloadHtml'),
      fileName: storyFileName(s, format),
    })),
  };
}

// --- the loads -------------------------------------------------------------------------------------

export type StoryLoad = { ok: true; story: IndicatorAuditResponse } | { ok: false; message: Message };

export async function loadStory(
  port: StoryPort,
  planId: string,
  indicatorId: string,
  fiscalYear?: number,
): Promise<StoryLoad> {
  const r = await port.story(planId, indicatorId, fiscalYear);
  return r.ok ? { ok: true, story: r.value } : { ok: false, message: failureMessage(r) };
}

/** The server's CSV or HTML of the story, with the name to save it under. */
export async function storyFile(
  port: StoryPort,
  story: IndicatorAuditResponse,
  format: StoryFormat,
): Promise<{ ok: true; fileName: string; blob: Blob } | { ok: false; message: Message }> {
  const r = await port.downloadStory(story.planId, story.indicator.id, format, story.fiscalYear ?? undefined);
  return r.ok
    ? { ok: true, fileName: storyFileName(story, format), blob: r.value }
    : { ok: false, message: failureMessage(r) };
}
