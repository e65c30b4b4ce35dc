import type { z } from 'zod';
import {
  ChainVerifyResponse,
  CommentThread,
  EvidenceItem,
  EvidenceList,
  IndicatorAuditResponse,
  MarkReadResponse,
  ProblemDocument,
  ThreadComment,
  UnreadResponse,
  WorkflowResponse,
} from '../../../shared/api.ts';
import type { CommentTargetKind } from '../../../shared/conversation/api.ts';
import { ApiClient, type ApiResult, type ProblemDoc, type TokenSource } from './client.ts';

/**
 * The conversation around a number (docs/conversation.md): comments on a KPI or a project's 主な取組
 * (§1), evidence files on a KPI value (§2), the hash-chain check (§4) and the story of a figure (§5),
 * typed by shared/conversation/api.ts. Same conventions as client.ts: a bearer token per call, never
 * throws for a failed request, `{ ok: true, value }` or why not. Downloads go through
 * `ApiClient.download` (progress, cancel) — the routes need the bearer token, so a plain link would
 * not do; the pane saves the Blob under the file's name (always a download, never shown inline).
 */

/** One thread: a department's sheet in a cycle and the KPI or project it is about. */
export interface ThreadRef {
  planId: string;
  fiscalYear: number;
  departmentId: string;
  kind: CommentTargetKind;
  targetId: string;
}

/** A KPI value of a department's sheet: where its evidence files are. */
export interface ValueRef {
  planId: string;
  fiscalYear: number;
  departmentId: string;
  indicatorId: string;
}

export type StoryFormat = 'csv' | 'html';

type Download = { signal?: AbortSignal; onProgress?: (received: number, total: number) => void };

const enc = encodeURIComponent;

const sheetPath = (r: { planId: string; fiscalYear: number; departmentId: string }) =>
  `/api/plans/${enc(r.planId)}/cycles/${r.fiscalYear}/submissions/${enc(r.departmentId)}`;

/** The thread's query: `?indicatorId=` or `?projectId=`, exactly one (CommentTargetQuery). */
const threadQuery = (t: ThreadRef) =>
  `?${t.kind === 'indicator' ? 'indicatorId' : 'projectId'}=${enc(t.targetId)}`;

export const commentsPath = (t: ThreadRef): string => `${sheetPath(t)}/comments${threadQuery(t)}`;
export const markReadPath = (t: ThreadRef): string => `${sheetPath(t)}/comments/read${threadQuery(t)}`;
export const unreadPath = (planId: string, fiscalYear: number): string =>
  `/api/plans/${enc(planId)}/cycles/${fiscalYear}/comments/unread`;
export const evidencePath = (v: ValueRef): string =>
  `${sheetPath(v)}/indicators/${enc(v.indicatorId)}/evidence`;
/** Where an evidence file is downloaded: the server answers it as an attachment, nosniff. */
export const evidenceFilePath = (v: ValueRef, evidenceId: string): string =>
  `${evidencePath(v)}/file?id=${enc(evidenceId)}`;
export const verifyPath = (planId: string, fiscalYear: number): string =>
  `/api/plans/${enc(planId)}/cycles/${fiscalYear}/audit/verify`;

/** The story of a figure: JSON for the pane, CSV (UTF-8 with BOM) or HTML to keep; all cycles or one. */
export function storyPath(
  planId: string,
  indicatorId: string,
  format: 'json' | StoryFormat = 'json',
  fiscalYear?: number,
): string {
  const q = new URLSearchParams();
  if (fiscalYear !== undefined) q.set('fy', String(fiscalYear));
  if (format !== 'json') q.set('format', format);
  const query = q.toString();
  return `/api/plans/${enc(planId)}/indicators/${enc(indicatorId)}/audit${query ? `?${query}` : ''}`;
}

export class ConversationClient {
  readonly #base: string;
  readonly #token: TokenSource;
  readonly #fetch: typeof fetch;
  /** The downloads reuse the pane's API client (its auth, its failure reports, its progress). */
  readonly #files: ApiClient;

  constructor(baseUrl: string, token: TokenSource, fetchImpl: typeof fetch = (...a) => fetch(...a)) {
    this.#base = baseUrl.replace(/\/$/, '');
    this.#token = token;
    this.#fetch = fetchImpl;
    this.#files = new ApiClient(baseUrl, token, fetchImpl);
  }

  // --- comments (§1) ---------------------------------------------------------------------------

  /** The thread with every version of each comment and the caller's unread count. */
  thread(t: ThreadRef): Promise<ApiResult<CommentThread>> {
    return this.#send('GET', commentsPath(t), CommentThread);
  }

  /**
   * A new comment. The Idempotency-Key is the draft's: a retry after a lost answer gets the first
   * answer back and posts nothing twice.
   */
  post(t: ThreadRef, text: string, idempotencyKey: string): Promise<ApiResult<ThreadComment>> {
    return this.#send('POST', commentsPath(t), ThreadComment, {
      body: { text },
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  }

  /** A new version of the caller's own comment (403 `comment_not_author` for anyone else's). */
  edit(t: ThreadRef, commentId: string, text: string): Promise<ApiResult<ThreadComment>> {
    return this.#send('PATCH', commentsPath(t), ThreadComment, { body: { commentId, text } });
  }

  markRead(t: ThreadRef): Promise<ApiResult<z.infer<typeof MarkReadResponse>>> {
    return this.#send('POST', markReadPath(t), MarkReadResponse, { body: {} });
  }

  /** The caller's unread comments of a cycle, per thread and per department. */
  unread(planId: string, fiscalYear: number): Promise<ApiResult<UnreadResponse>> {
    return this.#send('GET', unreadPath(planId, fiscalYear), UnreadResponse);
  }

  /**
   * A return (差し戻し) that points at KPIs: the comment also goes into each named KPI's thread, in
   * the step's own batch (ReturnWithKpisRequest). `ifMatch` is the revision the coordinator reviewed.
   * The return route validates its body with ReturnWithKpisRequest (worker/routes/submissions.ts); with
   * no ids the body is the plain return's.
   */
  returnPointingAt(
    sheet: { planId: string; fiscalYear: number; departmentId: string },
    body: { comment: string; indicatorIds: readonly string[] },
    options: { ifMatch: number; idempotencyKey?: string },
  ): Promise<ApiResult<WorkflowResponse>> {
    const headers: Record<string, string> = { 'If-Match': `"${options.ifMatch}"` };
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    return this.#send('POST', `${sheetPath(sheet)}/return`, WorkflowResponse, {
      body: {
        comment: body.comment,
        ...(body.indicatorIds.length ? { indicatorIds: [...body.indicatorIds] } : {}),
      },
      headers,
    });
  }

  // --- evidence (§2) ---------------------------------------------------------------------------

  /** The value's files (every department's of a shared project) and the server's limits. */
  evidence(v: ValueRef): Promise<ApiResult<z.infer<typeof EvidenceList>>> {
    return this.#send('GET', evidencePath(v), EvidenceList);
  }

  /**
   * Uploads a file: its bytes as the body, its name as `?name=` (the server sanitises it and judges
   * the kind from the bytes; `contentType` is only a courtesy). Check it first with the shared rules
   * (threads.ts does) so that a file the server would refuse is never sent.
   */
  uploadEvidence(
    v: ValueRef,
    file: Blob,
    name: string,
    contentType: string,
  ): Promise<ApiResult<EvidenceItem>> {
    return this.#send('POST', `${evidencePath(v)}?name=${enc(name)}`, EvidenceItem, {
      raw: file,
      headers: { 'Content-Type': contentType },
    });
  }

  /** An evidence file's bytes (the pane saves them under the item's file name). */
  downloadEvidence(v: ValueRef, evidenceId: string, options: Download = {}): Promise<ApiResult<Blob>> {
    return this.#files.download(evidenceFilePath(v, evidenceId), options);
  }

  // --- audit (§4–5) ----------------------------------------------------------------------------

  verifyChains(planId: string, fiscalYear: number): Promise<ApiResult<ChainVerifyResponse>> {
    return this.#send('GET', verifyPath(planId, fiscalYear), ChainVerifyResponse);
  }

  /** The story of a figure: saves, workflow steps, comments, evidence (all cycles, or `fiscalYear`'s). */
  story(
    planId: string,
    indicatorId: string,
    fiscalYear?: number,
  ): Promise<ApiResult<IndicatorAuditResponse>> {
    return this.#send('GET', storyPath(planId, indicatorId, 'json', fiscalYear), IndicatorAuditResponse);
  }

  /** The story as a file to keep: CSV (opens in Excel) or one HTML page. */
  downloadStory(
    planId: string,
    indicatorId: string,
    format: StoryFormat,
    fiscalYear?: number,
    options: Download = {},
  ): Promise<ApiResult<Blob>> {
    return this.#files.download(storyPath(planId, indicatorId, format, fiscalYear), options);
  }

  async #send<T>(
    method: string,
    path: string,
    schema: z.ZodType<T>,
    options: { body?: object; raw?: Blob; headers?: Record<string, string> } = {},
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    const token = await this.#token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const body = options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
    } catch (error) {
      return { ok: false, kind: 'network', message: error instanceof Error ? error.message : String(error) };
    }
    const answer: unknown = await response.json().catch(() => null);
    if (!response.ok) return failure(response.status, answer);
    const parsed = schema.safeParse(answer);
    if (parsed.success) return { ok: true, value: parsed.data };
    return failure(502, answer, {
      ja: `サーバーの応答の形式が想定と違います（${path.split('?')[0]}）。アドインとサーバーの版を確認してください。`,
      en: `The server's response has an unexpected shape (${path.split('?')[0]}). Check that the add-in and server versions match.`,
    });
  }
}

/**
 * A response that is not the answer asked for, as client.ts reports one (its `httpFailure` and
 * `asProblem` are module-private; exporting them would let this copy go).
 */
function failure(status: number, body: unknown, messages?: { ja: string; en: string }): ApiResult<never> {
  const parsed = messages ? null : ProblemDocument.safeParse(body);
  if (parsed?.success) return { ok: false, kind: 'http', status, problem: parsed.data, body };
  const m = messages ??
    (body as { messages?: { ja: string; en: string } } | null)?.messages ?? {
      ja: `サーバーがエラーを返しました（HTTP ${status}）。時間をおいて再度お試しください。`,
      en: `The server returned an error (HTTP ${status}). Please try again later.`,
    };
  const problem: ProblemDoc = {
    type: 'about:blank',
    title: 'Error',
    status,
    detail: m.ja,
    code: `http_${status}`,
    messages: m,
  };
  return { ok: false, kind: 'http', status, problem, body };
}
