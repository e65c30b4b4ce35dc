import { z } from 'zod';
import {
  AuthConfig,
  ConflictDetails,
  CycleStatusResponse,
  Me,
  PlanList,
  ProblemDocument,
  type SaveValuesRequest,
  SaveValuesResponse,
  SheetResponse,
  WorkflowResponse,
} from '../../../shared/api.ts';
import type { WorkflowAction } from '../../../shared/workflow/index.ts';

/**
 * The worker's HTTP API, typed by shared/api.ts. Never throws for a failed request: every call
 * returns either the parsed body or why it failed (network, or a problem document with a status),
 * so the pane can keep edits and say what happened.
 */
export type ProblemDoc = z.infer<typeof ProblemDocument>;

export type ApiResult<T> =
  | { ok: true; value: T }
  | { ok: false; kind: 'network'; message: string }
  | { ok: false; kind: 'http'; status: number; problem: ProblemDoc; body: unknown };

export type TokenSource = () => Promise<string | null>;

/** A 409's server copy and the cells changed on both sides. */
export type ConflictAnswer = z.infer<typeof ConflictDetails>;

export class ApiClient {
  readonly #base: string;
  readonly #token: TokenSource;
  readonly #fetch: typeof fetch;

  constructor(baseUrl: string, token: TokenSource, fetchImpl: typeof fetch = (...a) => fetch(...a)) {
    this.#base = baseUrl.replace(/\/$/, '');
    this.#token = token;
    this.#fetch = fetchImpl;
  }

  async #call<T>(
    method: string,
    path: string,
    schema: z.ZodType<T>,
    options: { body?: object; headers?: Record<string, string>; auth?: boolean } = {},
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (options.auth !== false) {
      const token = await this.#token();
      if (token) headers.Authorization = `Bearer ${token}`;
    }
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}${path}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
    } catch (error) {
      return { ok: false, kind: 'network', message: error instanceof Error ? error.message : String(error) };
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok)
      return {
        ok: false,
        kind: 'http',
        status: response.status,
        problem: asProblem(response.status, body),
        body,
      };
    const parsed = schema.safeParse(body);
    if (parsed.success) return { ok: true, value: parsed.data };
    return {
      ok: false,
      kind: 'http',
      status: 502,
      problem: asProblem(502, {
        messages: {
          ja: `サーバーの応答の形式が想定と違います（${path}）。アドインとサーバーの版を確認してください。`,
          en: `The server's response has an unexpected shape (${path}). Check that the add-in and server versions match.`,
        },
      }),
      body,
    };
  }

  authConfig(): Promise<ApiResult<AuthConfig>> {
    return this.#call('GET', '/api/auth/config', AuthConfig, { auth: false });
  }
  me() {
    return this.#call('GET', '/api/me', Me);
  }
  plans() {
    return this.#call('GET', '/api/plans', PlanList);
  }

  /** The department's sheet, with the actuals of the plan's earlier cycles (for 累計実績). */
  sheet(planId: string, fy: number, departmentId: string): Promise<ApiResult<SheetResponse>> {
    return this.#call('GET', submissionPath(planId, fy, departmentId), SheetResponse);
  }

  save(
    planId: string,
    fy: number,
    departmentId: string,
    body: SaveValuesRequest,
    ifMatch: number,
    idempotencyKey: string,
  ) {
    return this.#call('PATCH', submissionPath(planId, fy, departmentId), SaveValuesResponse, {
      body,
      headers: { 'If-Match': `"${ifMatch}"`, 'Idempotency-Key': idempotencyKey },
    });
  }

  /**
   * A workflow step. Approving and returning need the revision the coordinator reviewed (`ifMatch`,
   * the revision shown in the cycle status): the server refuses them without it (428) and refuses a
   * sheet changed since (409), so nobody approves values they did not see.
   */
  workflow(
    planId: string,
    fy: number,
    departmentId: string,
    action: 'approve' | 'return',
    options: { comment?: string; ifMatch: number; idempotencyKey?: string },
  ): Promise<ApiResult<z.infer<typeof WorkflowResponse>>>;
  workflow(
    planId: string,
    fy: number,
    departmentId: string,
    action: 'submit' | 'reopen',
    options?: { comment?: string; ifMatch?: number; idempotencyKey?: string },
  ): Promise<ApiResult<z.infer<typeof WorkflowResponse>>>;
  workflow(
    planId: string,
    fy: number,
    departmentId: string,
    action: WorkflowAction,
    options: { comment?: string; ifMatch?: number; idempotencyKey?: string } = {},
  ): Promise<ApiResult<z.infer<typeof WorkflowResponse>>> {
    const headers: Record<string, string> = {};
    if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`;
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    return this.#call('POST', `${submissionPath(planId, fy, departmentId)}/${action}`, WorkflowResponse, {
      body: options.comment !== undefined ? { comment: options.comment } : {},
      headers,
    });
  }

  cycleStatus(planId: string, fy: number) {
    return this.#call('GET', `/api/plans/${enc(planId)}/cycles/${fy}/status`, CycleStatusResponse);
  }

  lockCycle(planId: string, fy: number) {
    return this.#call('POST', `/api/plans/${enc(planId)}/cycles/${fy}/lock`, z.unknown(), { body: {} });
  }

  /**
   * Downloads a file the server renders (an official table), reporting bytes received when the
   * server sends a length; the signal cancels it.
   */
  async download(
    path: string,
    options: { signal?: AbortSignal; onProgress?: (received: number, total: number) => void } = {},
  ): Promise<ApiResult<Blob>> {
    const token = await this.#token();
    try {
      const response = await this.#fetch(`${this.#base}${path}`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (!response.ok) {
        const body: unknown = await response.json().catch(() => null);
        return {
          ok: false,
          kind: 'http',
          status: response.status,
          problem: asProblem(response.status, body),
          body,
        };
      }
      const total = Number(response.headers.get('content-length') ?? 0);
      const reader = response.body?.getReader();
      if (!reader) return { ok: true, value: await response.blob() };
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        received += value.length;
        options.onProgress?.(received, total);
      }
      const type = response.headers.get('content-type') ?? 'application/octet-stream';
      return { ok: true, value: new Blob(parts, { type }) };
    } catch (error) {
      return { ok: false, kind: 'network', message: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** The 409 body's server copy and conflicting cells, when the response carries them. */
export function conflictDetails(body: unknown): ConflictAnswer | null {
  const parsed = ConflictDetails.safeParse(body);
  return parsed.success ? parsed.data : null;
}

const enc = encodeURIComponent;

function submissionPath(planId: string, fy: number, departmentId: string): string {
  return `/api/plans/${enc(planId)}/cycles/${fy}/submissions/${enc(departmentId)}`;
}

function asProblem(status: number, body: unknown): ProblemDoc {
  const parsed = ProblemDocument.safeParse(body);
  if (parsed.success) return parsed.data;
  const messages =
    (body as { messages?: { ja: string; en: string } } | null)?.messages ??
    ({
      ja: `サーバーがエラーを返しました（HTTP ${status}）。時間をおいて再度お試しください。`,
      en: `The server returned an error (HTTP ${status}). Please try again later.`,
    } as const);
  return {
    type: 'about:blank',
    title: 'Error',
    status,
    detail: messages.ja,
    code: `http_${status}`,
    messages,
  };
}
