import type { CommentThread, EvidenceItem, ThreadComment, UnreadResponse } from '../../../shared/api.ts';
import type { CommentTargetKind } from '../../../shared/conversation/api.ts';
import {
  COMMENT_MAX_CHARS,
  charCount,
  commentTextProblem,
  EVIDENCE_EXTENSIONS,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MAX_FILES,
  EVIDENCE_TYPES,
  sniffEvidence,
} from '../../../shared/conversation/rules.ts';
import type { Message } from '../../../shared/problem.ts';
import type { ApiResult } from '../api/client.ts';
import type { ConversationClient, ThreadRef, ValueRef } from '../api/conversation-client.ts';
import { cvm, cvt, fileSize } from './conversation-messages.ts';
import { formatTime, type Lang } from './i18n.ts';

/**
 * The conversation beside a number (docs/conversation.md §1–2), as a state slice and its selectors:
 * the open thread (a KPI or a project's 主な取組), its comments with every version, the draft, the
 * value's evidence files and the upload under way, and the cycle's unread counts. The steps (open,
 * post, edit, mark read, upload, download) run against an injected client and never throw; a
 * refusal is kept as a {ja, en} message and the draft stays. The limits are shared/conversation/
 * rules.ts's: a comment or a file the server would refuse for them is refused here before sending.
 */

/** What the slice needs of the API (ConversationClient is one; the tests pass a fake). */
export type ConversationPort = Pick<
  ConversationClient,
  'thread' | 'post' | 'edit' | 'markRead' | 'unread' | 'evidence' | 'uploadEvidence' | 'downloadEvidence'
>;

export type UploadState =
  | { phase: 'idle' }
  | { phase: 'sending'; name: string }
  | { phase: 'done'; name: string }
  | { phase: 'refused'; name: string; message: Message };

export interface EvidenceSlice {
  items: EvidenceItem[] | null;
  loadError: Message | null;
  upload: UploadState;
  downloadError: Message | null;
}

export interface OpenThread {
  ref: ThreadRef;
  /** The KPI's or the project's name, for the title. */
  label: string;
  thread: CommentThread | null;
  loading: boolean;
  loadError: Message | null;
  draft: string;
  /**
   * The Idempotency-Key the draft was sent with, kept while its answer is unknown (network failure)
   * so that sending the same text again cannot post it twice; a new text is a new request.
   */
  draftKey: string | null;
  posting: boolean;
  editing: { commentId: string; text: string; saving: boolean } | null;
  /** Comments whose earlier versions are shown. */
  expanded: readonly string[];
  /** What the last step said: a refusal, or that it went through. */
  notice: { kind: 'ok' | 'error'; message: Message } | null;
  /** A KPI's value carries evidence; a project's thread has none. */
  evidence: EvidenceSlice | null;
}

export interface ThreadsState {
  /** The signed-in person (Me.userId): whose comments may be edited, which are "mine". */
  userId: string | null;
  open: OpenThread | null;
  unread: UnreadResponse | null;
  unreadError: Message | null;
}

export const initialThreadsState = (userId: string | null): ThreadsState => ({
  userId,
  open: null,
  unread: null,
  unreadError: null,
});

type Failure = Extract<ApiResult<unknown>, { ok: false }>;

/** The server's own words for a refusal (its problem document), or the pane's for no connection. */
export const failureMessage = (r: Failure): Message =>
  r.kind === 'network' ? cvm('networkError') : r.problem.messages;

// --- pure steps of the slice ----------------------------------------------------------------------

const sameThread = (
  a: ThreadRef,
  b: { departmentId: string; targetKind: CommentTargetKind; targetId: string },
) => a.departmentId === b.departmentId && a.kind === b.targetKind && a.targetId === b.targetId;

/** The counts once a thread is read: its line gone, its department and the total lowered by as much. */
export function clearUnread(u: UnreadResponse | null, ref: ThreadRef): UnreadResponse | null {
  if (!u || u.planId !== ref.planId || u.fiscalYear !== ref.fiscalYear) return u;
  const gone = u.threads.filter((t) => sameThread(ref, t)).reduce((n, t) => n + t.unread, 0);
  if (gone === 0) return u;
  return {
    ...u,
    total: u.total - gone,
    departments: u.departments
      .map((d) => (d.departmentId === ref.departmentId ? { ...d, unread: d.unread - gone } : d))
      .filter((d) => d.unread > 0),
    threads: u.threads.filter((t) => !sameThread(ref, t)),
  };
}

/** A comment put into the thread: replaces the one with its id (an edit, a replayed post) or is added. */
export function withComment(thread: CommentThread, c: ThreadComment): CommentThread {
  const at = thread.comments.findIndex((x) => x.id === c.id);
  const comments = at < 0 ? [...thread.comments, c] : thread.comments.map((x, i) => (i === at ? c : x));
  return { ...thread, comments };
}

/**
 * The comment the person may edit: their newest in the thread. Editing keeps the earlier text (a new
 * version, §1), so an older one is answered with a new comment rather than rewritten.
 */
export function editableCommentId(thread: CommentThread | null, userId: string | null): string | null {
  if (!thread || !userId) return null;
  for (let i = thread.comments.length - 1; i >= 0; i--)
    if (thread.comments[i]!.createdBy === userId) return thread.comments[i]!.id;
  return null;
}

/** The bytes read to judge a file's kind: sniffEvidence looks at no more than the first 64 KiB. */
export const SNIFF_BYTES = 64 * 1024;

const typesText = EVIDENCE_EXTENSIONS.join(' / ');
const limitMb = Math.round(EVIDENCE_MAX_BYTES / (1024 * 1024));

/**
 * Why a file cannot be evidence, judged before anything is sent with the rules the worker applies
 * (shared/conversation/rules.ts): empty, over the size limit, the value already full, not a kind
 * the bytes show to be allowed. `head` is the file's first SNIFF_BYTES bytes.
 */
export function evidenceFileProblem(
  file: { name: string; size: number },
  head: Uint8Array,
  filesAlready: number,
): Message | null {
  if (file.size === 0) return cvm('evidenceEmptyFile', { name: file.name });
  if (file.size > EVIDENCE_MAX_BYTES)
    return cvm('evidenceTooLarge', { name: file.name, size: fileSize(file.size), mb: limitMb });
  if (filesAlready >= EVIDENCE_MAX_FILES) return cvm('evidenceFull', { max: EVIDENCE_MAX_FILES });
  if (sniffEvidence(head, file.name) === null)
    return cvm('evidenceTypeRefused', { name: file.name, types: typesText });
  return null;
}

// --- the steps -------------------------------------------------------------------------------------

export class ThreadsController {
  readonly #port: ConversationPort;
  readonly #newKey: () => string;
  readonly #listeners = new Set<() => void>();
  #state: ThreadsState;

  constructor(
    port: ConversationPort,
    userId: string | null,
    newKey: () => string = () => crypto.randomUUID(),
  ) {
    this.#port = port;
    this.#newKey = newKey;
    this.#state = initialThreadsState(userId);
  }

  state(): ThreadsState {
    return this.#state;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(next: Partial<ThreadsState>): void {
    this.#state = { ...this.#state, ...next };
    for (const l of this.#listeners) l();
  }

  /** Changes the open thread if it is still `ref`'s (an answer for a thread since closed is dropped). */
  #patch(ref: ThreadRef, change: (o: OpenThread) => Partial<OpenThread>): void {
    const o = this.#state.open;
    if (o?.ref === ref) this.#set({ open: { ...o, ...change(o) } });
  }

  #patchEvidence(ref: ThreadRef, change: (e: EvidenceSlice) => Partial<EvidenceSlice>): void {
    this.#patch(ref, (o) => (o.evidence ? { evidence: { ...o.evidence, ...change(o.evidence) } } : {}));
  }

  /** The unread counts of a cycle, for the dashboard and the sheet's marks. */
  async refreshUnread(planId: string, fiscalYear: number): Promise<void> {
    const r = await this.#port.unread(planId, fiscalYear);
    if (r.ok) this.#set({ unread: r.value, unreadError: null });
    else this.#set({ unreadError: failureMessage(r) });
  }

  /**
   * Opens a thread: its comments and (a KPI) its evidence, then marks it read when it holds
   * something unread — opening it is reading it.
   */
  async open(target: ThreadRef, label: string): Promise<void> {
    const ref = { ...target };
    this.#set({
      open: {
        ref,
        label,
        thread: null,
        loading: true,
        loadError: null,
        draft: '',
        draftKey: null,
        posting: false,
        editing: null,
        expanded: [],
        notice: null,
        evidence:
          ref.kind === 'indicator'
            ? { items: null, loadError: null, upload: { phase: 'idle' }, downloadError: null }
            : null,
      },
    });
    await Promise.all([this.#loadThread(ref), ref.kind === 'indicator' ? this.#loadEvidence(ref) : null]);
    const thread = this.#state.open?.ref === ref ? this.#state.open.thread : null;
    if (thread && thread.unread > 0) await this.#markRead(ref);
  }

  close(): void {
    this.#set({ open: null });
  }

  /** Reads the open thread again (the pane regained focus; someone may have answered). */
  async reload(): Promise<void> {
    const ref = this.#state.open?.ref;
    if (!ref) return;
    await this.#loadThread(ref);
    const o = this.#state.open;
    if (o?.ref === ref && o.thread && o.thread.unread > 0) await this.#markRead(ref);
  }

  async #loadThread(ref: ThreadRef): Promise<void> {
    const r = await this.#port.thread(ref);
    this.#patch(ref, () =>
      r.ok
        ? { thread: r.value, loading: false, loadError: null }
        : { loading: false, loadError: failureMessage(r) },
    );
  }

  async #loadEvidence(ref: ThreadRef): Promise<void> {
    const r = await this.#port.evidence(kpiValue(ref));
    this.#patchEvidence(ref, () =>
      r.ok ? { items: r.value.items, loadError: null } : { loadError: failureMessage(r) },
    );
  }

  async #markRead(ref: ThreadRef): Promise<void> {
    const r = await this.#port.markRead(ref);
    if (!r.ok) return; // still unread: the count stays and the next open tries again
    this.#patch(ref, (o) => (o.thread ? { thread: { ...o.thread, unread: 0 } } : {}));
    this.#set({ unread: clearUnread(this.#state.unread, ref) });
  }

  setDraft(text: string): void {
    const o = this.#state.open;
    if (!o || o.draft === text) return;
    // A different text is a different request: its key must not replay the earlier one's answer.
    this.#patch(o.ref, () => ({ draft: text, draftKey: null, notice: null }));
  }

  /** Posts the draft; true when it is in the thread. A refused draft stays, with the reason. */
  async post(): Promise<boolean> {
    const o = this.#state.open;
    if (!o || o.posting || !o.thread) return false;
    const ref = o.ref;
    const why = commentTextProblem(o.draft);
    if (why) {
      this.#patch(ref, () => ({ notice: { kind: 'error', message: why } }));
      return false;
    }
    const key = o.draftKey ?? this.#newKey();
    const text = o.draft;
    this.#patch(ref, () => ({ posting: true, draftKey: key, notice: null }));
    const r = await this.#port.post(ref, text, key);
    if (r.ok) {
      this.#patch(ref, (now) => ({
        posting: false,
        thread: now.thread ? withComment(now.thread, r.value) : now.thread,
        // Typed on while it was sending: that text stays as the next draft.
        draft: now.draft === text ? '' : now.draft,
        draftKey: null,
        notice: { kind: 'ok', message: cvm('posted') },
      }));
      return true;
    }
    this.#patch(ref, () => ({
      posting: false,
      // Unknown outcome (no answer): the same key again. An answer that refused it: a new try is new.
      draftKey: r.kind === 'network' ? key : null,
      notice: { kind: 'error', message: failureMessage(r) },
    }));
    return false;
  }

  startEdit(commentId: string): void {
    const o = this.#state.open;
    if (!o || editableCommentId(o.thread, this.#state.userId) !== commentId) return;
    const c = o.thread?.comments.find((x) => x.id === commentId);
    if (c) this.#patch(o.ref, () => ({ editing: { commentId, text: c.text, saving: false }, notice: null }));
  }

  setEditText(text: string): void {
    const o = this.#state.open;
    if (o?.editing && !o.editing.saving) this.#patch(o.ref, () => ({ editing: { ...o.editing!, text } }));
  }

  cancelEdit(): void {
    const o = this.#state.open;
    if (o) this.#patch(o.ref, () => ({ editing: null }));
  }

  /** Saves the edit as the comment's next version; the earlier text stays in the thread. */
  async saveEdit(): Promise<boolean> {
    const o = this.#state.open;
    const e = o?.editing;
    if (!o || !e || e.saving) return false;
    const ref = o.ref;
    const why = commentTextProblem(e.text);
    if (why) {
      this.#patch(ref, () => ({ notice: { kind: 'error', message: why } }));
      return false;
    }
    this.#patch(ref, () => ({ editing: { ...e, saving: true }, notice: null }));
    const r = await this.#port.edit(ref, e.commentId, e.text);
    if (r.ok) {
      this.#patch(ref, (now) => ({
        editing: null,
        thread: now.thread ? withComment(now.thread, r.value) : now.thread,
        notice: { kind: 'ok', message: cvm('editSaved') },
      }));
      return true;
    }
    this.#patch(ref, () => ({
      editing: { ...e, saving: false },
      notice: { kind: 'error', message: failureMessage(r) },
    }));
    return false;
  }

  toggleVersions(commentId: string): void {
    const o = this.#state.open;
    if (!o) return;
    const expanded = o.expanded.includes(commentId)
      ? o.expanded.filter((id) => id !== commentId)
      : [...o.expanded, commentId];
    this.#patch(o.ref, () => ({ expanded }));
  }

  /**
   * Attaches a file to the open KPI's value. It is judged first with the shared rules (size, count,
   * the kind its first bytes show), and sent only when they allow it; true when it is listed.
   */
  async upload(file: Blob & { name: string }): Promise<boolean> {
    const o = this.#state.open;
    if (!o?.evidence || o.evidence.upload.phase === 'sending') return false;
    const ref = o.ref;
    const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
    const already = this.#state.open?.evidence?.items?.length ?? 0;
    const why = evidenceFileProblem(file, head, already);
    if (why) {
      this.#patchEvidence(ref, () => ({ upload: { phase: 'refused', name: file.name, message: why } }));
      return false;
    }
    const kind = sniffEvidence(head, file.name);
    const contentType = kind ? EVIDENCE_TYPES[kind].contentType : 'application/octet-stream';
    this.#patchEvidence(ref, () => ({ upload: { phase: 'sending', name: file.name } }));
    const r = await this.#port.uploadEvidence(kpiValue(ref), file, file.name, contentType);
    if (r.ok) {
      this.#patchEvidence(ref, (e) => ({
        items: [...(e.items ?? []).filter((x) => x.id !== r.value.id), r.value],
        upload: { phase: 'done', name: r.value.fileName },
      }));
      return true;
    }
    this.#patchEvidence(ref, () => ({
      upload: { phase: 'refused', name: file.name, message: failureMessage(r) },
    }));
    // No answer: the file may have been stored all the same, and an upload has no Idempotency-Key
    // replay (docs/conversation.md §6). The list is read again so the person sees whether it is there
    // before sending it a second time.
    if (r.kind === 'network') await this.#loadEvidence(ref);
    return false;
  }

  /** An evidence file's bytes and the name to save them under, or null (the reason is in the state). */
  async download(evidenceId: string): Promise<{ fileName: string; blob: Blob } | null> {
    const o = this.#state.open;
    const item = o?.evidence?.items?.find((x) => x.id === evidenceId);
    if (!o || !item) return null;
    const r = await this.#port.downloadEvidence(kpiValue(o.ref), evidenceId);
    this.#patchEvidence(o.ref, () => ({ downloadError: r.ok ? null : failureMessage(r) }));
    return r.ok ? { fileName: item.fileName, blob: r.value } : null;
  }
}

const kpiValue = (ref: ThreadRef): ValueRef => ({
  planId: ref.planId,
  fiscalYear: ref.fiscalYear,
  departmentId: ref.departmentId,
  indicatorId: ref.targetId,
});

// --- selectors -------------------------------------------------------------------------------------

/** A thread's unread count (0 when none or not loaded). */
export function unreadForTarget(
  u: UnreadResponse | null,
  departmentId: string,
  kind: CommentTargetKind,
  targetId: string,
): number {
  return (
    u?.threads.find(
      (t) => t.departmentId === departmentId && t.targetKind === kind && t.targetId === targetId,
    )?.unread ?? 0
  );
}

/** Unread comments per department, for the dashboard's rows. */
export function unreadByDepartment(u: UnreadResponse | null): ReadonlyMap<string, number> {
  return new Map((u?.departments ?? []).map((d) => [d.departmentId, d.unread]));
}

/** The badge a row or a KPI shows, or null when nothing is unread. */
export function unreadBadge(n: number, lang: Lang): string | null {
  return n > 0 ? cvt(lang, 'unreadBadge', { n }) : null;
}

export interface VersionView {
  label: string;
  text: string;
}

export interface CommentView {
  id: string;
  author: string;
  mine: boolean;
  at: string;
  text: string;
  /** 編集済み, or null for a comment never edited. */
  edited: string | null;
  /** The button that shows or hides the earlier versions, or null when there are none. */
  versionsToggle: string | null;
  /** The earlier versions, oldest first, when shown. */
  versions: VersionView[];
  canEdit: boolean;
  editing: { text: string; saving: boolean; problem: string | null; count: string } | null;
}

export interface EvidenceItemView {
  id: string;
  fileName: string;
  meta: string;
  sha256: string;
}

export interface EvidenceView {
  items: EvidenceItemView[];
  loading: boolean;
  empty: string | null;
  loadError: string | null;
  /** The limits as a person reads them, from the shared rules. */
  limit: string;
  count: string;
  /** The file input's `accept`. */
  accept: string;
  canUpload: boolean;
  status: { kind: 'busy' | 'ok' | 'error'; text: string } | null;
  downloadError: string | null;
}

export interface ThreadView {
  title: string;
  loading: boolean;
  loadError: string | null;
  unread: string | null;
  empty: string | null;
  comments: CommentView[];
  draft: {
    text: string;
    label: string;
    count: string;
    over: boolean;
    /** Why the draft cannot be sent as it is (not for an empty one: that is just not started). */
    problem: string | null;
    canSend: boolean;
    sendLabel: string;
  };
  notice: { kind: 'ok' | 'error'; text: string } | null;
  evidence: EvidenceView | null;
}

const authorName = (name: string | null, id: string) => name ?? id;

/** What the thread panel shows, in `lang`; null when no thread is open. */
export function selectThreadView(s: ThreadsState, lang: Lang): ThreadView | null {
  const o = s.open;
  if (!o) return null;
  const editable = editableCommentId(o.thread, s.userId);
  const comments = (o.thread?.comments ?? []).map((c): CommentView => {
    const mine = c.createdBy === s.userId;
    const name = authorName(c.createdByName, c.createdBy);
    const earlier = c.versions.slice(0, -1);
    const shown = o.expanded.includes(c.id);
    const editing = o.editing?.commentId === c.id ? o.editing : null;
    const editProblem = editing ? commentTextProblem(editing.text) : null;
    return {
      id: c.id,
      author: mine ? cvt(lang, 'you', { name }) : name,
      mine,
      at: formatTime(c.createdAt, lang),
      text: c.text,
      edited: c.edited ? cvt(lang, 'edited') : null,
      versionsToggle: earlier.length
        ? cvt(lang, shown ? 'hideVersions' : 'showVersions', { n: earlier.length })
        : null,
      versions: shown
        ? earlier.map((v) => ({
            label: cvt(lang, 'version', {
              version: v.version,
              at: formatTime(v.at, lang),
              who: authorName(v.userName, v.userId),
            }),
            text: v.text,
          }))
        : [],
      canEdit: c.id === editable && !o.editing,
      editing: editing && {
        text: editing.text,
        saving: editing.saving,
        problem: editProblem ? editProblem[lang] : null,
        count: cvt(lang, 'draftCount', { n: charCount(editing.text), max: COMMENT_MAX_CHARS }),
      },
    };
  });
  const n = charCount(o.draft);
  const draftProblem = o.draft === '' ? null : commentTextProblem(o.draft);
  return {
    title: cvt(lang, o.ref.kind === 'indicator' ? 'threadTitleIndicator' : 'threadTitleProject', {
      name: o.label,
    }),
    loading: o.loading,
    loadError: o.loadError?.[lang] ?? null,
    unread: o.thread && o.thread.unread > 0 ? cvt(lang, 'threadUnread', { n: o.thread.unread }) : null,
    empty: o.thread && o.thread.comments.length === 0 ? cvt(lang, 'threadEmpty') : null,
    comments,
    draft: {
      text: o.draft,
      label: cvt(lang, 'draftLabel'),
      count: cvt(lang, 'draftCount', { n, max: COMMENT_MAX_CHARS }),
      over: n > COMMENT_MAX_CHARS,
      problem: draftProblem?.[lang] ?? null,
      canSend: o.thread !== null && !o.posting && draftProblem === null && o.draft !== '',
      sendLabel: cvt(lang, o.posting ? 'sending' : 'send'),
    },
    notice: o.notice && { kind: o.notice.kind, text: o.notice.message[lang] },
    evidence: o.evidence && selectEvidence(o.evidence, lang),
  };
}

function selectEvidence(e: EvidenceSlice, lang: Lang): EvidenceView {
  const items = e.items ?? [];
  const u = e.upload;
  return {
    items: items.map((x) => ({
      id: x.id,
      fileName: x.fileName,
      meta: cvt(lang, 'evidenceMeta', {
        size: fileSize(x.size),
        at: formatTime(x.uploadedAt, lang),
        who: authorName(x.uploadedByName, x.uploadedBy),
      }),
      sha256: x.sha256,
    })),
    loading: e.items === null && e.loadError === null,
    empty: e.items !== null && items.length === 0 ? cvt(lang, 'evidenceNone') : null,
    loadError: e.loadError?.[lang] ?? null,
    limit: cvt(lang, 'evidenceLimit', { types: typesText, mb: limitMb, max: EVIDENCE_MAX_FILES }),
    count: cvt(lang, 'evidenceCount', { n: items.length, max: EVIDENCE_MAX_FILES }),
    accept: EVIDENCE_EXTENSIONS.map((x) => `.${x}`).join(','),
    canUpload: e.items !== null && u.phase !== 'sending' && items.length < EVIDENCE_MAX_FILES,
    status:
      u.phase === 'sending'
        ? { kind: 'busy', text: cvt(lang, 'evidenceSending', { name: u.name }) }
        : u.phase === 'done'
          ? { kind: 'ok', text: cvt(lang, 'evidenceUploaded', { name: u.name }) }
          : u.phase === 'refused'
            ? { kind: 'error', text: u.message[lang] }
            : null,
    downloadError: e.downloadError?.[lang] ?? null,
  };
}
