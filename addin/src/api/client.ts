import { z } from 'zod';
import * as consoleApi from '../../../shared/api.ts';
import {
  AuthConfig,
  ConflictDetails,
  CycleStatusResponse,
  HistoryResponse,
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
      return networkFailure(error);
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) return httpFailure(response.status, body);
    const parsed = schema.safeParse(body);
    if (parsed.success) return { ok: true, value: parsed.data };
    return httpFailure(
      502,
      body,
      asProblem(502, {
        messages: {
          ja: `サーバーの応答の形式が想定と違います（${path}）。アドインとサーバーの版を確認してください。`,
          en: `The server's response has an unexpected shape (${path}). Check that the add-in and server versions match.`,
        },
      }),
    );
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

  /** Who changed an indicator's values, from what to what, newest first (every cycle). */
  indicatorHistory(planId: string, indicatorId: string, limit = 200) {
    return this.#call(
      'GET',
      `/api/plans/${enc(planId)}/indicators/${enc(indicatorId)}/history?limit=${limit}`,
      HistoryResponse,
    );
  }

  /** Every change of a department's sheet in a cycle (values, 主な取組, workflow steps), newest first. */
  sheetHistory(planId: string, fy: number, departmentId: string, limit = 200) {
    return this.#call(
      'GET',
      `${submissionPath(planId, fy, departmentId)}/history?limit=${limit}`,
      HistoryResponse,
    );
  }

  lockCycle(planId: string, fy: number) {
    return this.#call('POST', `/api/plans/${enc(planId)}/cycles/${fy}/lock`, z.unknown(), { body: {} });
  }

  // --- the coordinator's console (addin/src/ui/console-*.ts) ---------------------------------------

  /** Every plan the caller sees, archived ones too (marked `archived`). */
  plansWithArchived() {
    return this.#call('GET', '/api/plans?archived=include', PlanList);
  }

  /** The whole plan as a plan file (goal indicators with the department that reports them). */
  planFile(planId: string) {
    return this.#call('GET', `/api/plans/${enc(planId)}`, consoleApi.PlanFile);
  }

  /** Stores a plan file as a new plan (a table read with `readTable`). */
  createPlan(plan: unknown) {
    return this.#call('POST', '/api/plans', consoleApi.ImportPlanResponse, { body: plan as object });
  }

  /**
   * Reads last year's table (.xlsx or .csv) into a plan without storing it: the plan, the summary of
   * what was read and every problem by cell; a table that gives no plan is a 422 whose body holds
   * the problems and the summary too.
   */
  async readTable(
    file: Blob,
    query: { planId?: string; title?: string; acceptPartial?: boolean },
  ): Promise<ApiResult<z.infer<typeof TableRead>>> {
    const params = new URLSearchParams({ save: 'false' });
    if (query.planId) params.set('planId', query.planId);
    if (query.title) params.set('title', query.title);
    if (query.acceptPartial) params.set('acceptPartial', 'true');
    const token = await this.#token();
    const type =
      /\.csv$/i.test((file as File).name ?? '') || file.type === 'text/csv'
        ? 'text/csv'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}/api/tables/import?${params}`, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': type,
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: file,
      });
    } catch (error) {
      return networkFailure(error);
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) return httpFailure(response.status, body);
    const parsed = TableRead.safeParse(body);
    return parsed.success ? { ok: true, value: parsed.data } : httpFailure(502, body);
  }

  archivePlan(planId: string, archived: boolean) {
    return this.#call('PATCH', `/api/plans/${enc(planId)}`, consoleApi.UpdatePlanResponse, {
      body: { archived },
    });
  }

  /** The plan's 未達成の理由 setting (docs/domain.md §8.6): on/off and the 達成度 below which it is asked. */
  setShortfallReason(planId: string, shortfallReason: { required: boolean; below: number }) {
    return this.#call('PATCH', `/api/plans/${enc(planId)}`, consoleApi.UpdatePlanResponse, {
      body: { shortfallReason },
    });
  }

  deletePlan(planId: string) {
    return this.#call('DELETE', `/api/plans/${enc(planId)}?confirm=${enc(planId)}`, z.unknown());
  }

  goalAssignments(planId: string) {
    return this.#call('GET', `/api/plans/${enc(planId)}/goal-assignments`, consoleApi.GoalAssignmentList);
  }

  setGoalAssignments(planId: string, assignments: { indicatorId: string; departmentId: string | null }[]) {
    return this.#call('PATCH', `/api/plans/${enc(planId)}/goal-assignments`, consoleApi.GoalAssignmentList, {
      body: { assignments },
    });
  }

  planVersions(planId: string) {
    return this.#call('GET', `/api/plans/${enc(planId)}/versions`, consoleApi.PlanVersionList);
  }

  /** The 新旧対照表 a revision would make, nothing stored. */
  previewRevision(planId: string, body: z.input<typeof consoleApi.ReviseTargetsRequest>) {
    return this.#call('POST', `/api/plans/${enc(planId)}/versions?dryRun=true`, consoleApi.PlanDiffResponse, {
      body,
    });
  }

  reviseTargets(planId: string, body: z.input<typeof consoleApi.ReviseTargetsRequest>) {
    return this.#call('POST', `/api/plans/${enc(planId)}/versions`, consoleApi.ReviseTargetsResponse, {
      body,
    });
  }

  openCycle(planId: string, body: z.input<typeof consoleApi.CreateCycleRequest>) {
    return this.#call('POST', `/api/plans/${enc(planId)}/cycles`, consoleApi.CycleSummary, { body });
  }

  updateCycle(planId: string, fy: number, body: z.input<typeof consoleApi.UpdateCycleRequest>) {
    return this.#call('PATCH', `/api/plans/${enc(planId)}/cycles/${fy}`, consoleApi.CycleSummary, { body });
  }

  unlockCycle(planId: string, fy: number, comment?: string) {
    return this.#call('POST', `/api/plans/${enc(planId)}/cycles/${fy}/unlock`, consoleApi.CycleSummary, {
      body: comment ? { comment } : {},
    });
  }

  reminders(planId: string, fy: number) {
    return this.#call(
      'GET',
      `/api/plans/${enc(planId)}/cycles/${fy}/reminders`,
      consoleApi.RemindersResponse,
    );
  }

  departments() {
    return this.#call('GET', '/api/admin/departments', consoleApi.DepartmentList);
  }

  addDepartment(body: { id: string; name: string }) {
    return this.#call('POST', '/api/admin/departments', z.unknown(), { body });
  }

  updateDepartment(id: string, body: { name?: string; active?: boolean }) {
    return this.#call('PATCH', `/api/admin/departments/${enc(id)}`, consoleApi.DirectoryDepartment, { body });
  }

  users() {
    return this.#call('GET', '/api/admin/users', consoleApi.UserList);
  }

  addUser(body: z.input<typeof consoleApi.CreateUserRequest>) {
    return this.#call('POST', '/api/admin/users', consoleApi.User, { body });
  }

  updateUser(id: string, body: z.input<typeof consoleApi.UpdateUserRequest>) {
    return this.#call('PATCH', `/api/admin/users/${enc(id)}`, consoleApi.User, { body });
  }

  /** Users from a CSV file: `dryRun` previews (problems by line), otherwise all or none. */
  importUsers(csv: string, options: { dryRun: boolean; issueTokens?: boolean }) {
    return this.#call('POST', '/api/admin/users/import', consoleApi.ImportUsersResponse, {
      body: { csv, dryRun: options.dryRun, issueTokens: options.issueTokens ?? false },
    });
  }

  tokens(userId?: string) {
    return this.#call(
      'GET',
      `/api/admin/tokens${userId ? `?userId=${enc(userId)}` : ''}`,
      consoleApi.TokenList,
    );
  }

  issueToken(userId: string, label: string) {
    return this.#call('POST', `/api/admin/users/${enc(userId)}/tokens`, consoleApi.CreatedToken, {
      body: { label },
    });
  }

  revokeToken(tokenId: string) {
    return this.#call('DELETE', `/api/admin/tokens/${enc(tokenId)}`, z.unknown());
  }

  /** The history of administrative actions, newest first. */
  audit(options: { limit?: number; before?: number; planId?: string } = {}) {
    const q = new URLSearchParams({ limit: String(options.limit ?? 100) });
    if (options.before) q.set('before', String(options.before));
    if (options.planId) q.set('planId', options.planId);
    return this.#call('GET', `/api/audit?${q}`, consoleApi.AuditResponse);
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
      if (!response.ok) return httpFailure(response.status, await response.json().catch(() => null));
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
      return networkFailure(error);
    }
  }
}

/** What POST /api/tables/import answers without saving: the plan read, the summary, every problem by cell. */
export const TableRead = z.object({
  plan: consoleApi.PlanFile,
  summary: z.record(z.string(), z.number()),
  partial: z.boolean().optional(),
  warnings: z.array(consoleApi.ProblemSchema),
});

/** The 409 body's server copy and conflicting cells, when the response carries them. */
export function conflictDetails(body: unknown): ConflictAnswer | null {
  const parsed = ConflictDetails.safeParse(body);
  return parsed.success ? parsed.data : null;
}

const enc = encodeURIComponent;

function submissionPath(planId: string, fy: number, departmentId: string): string {
  return `/api/plans/${enc(planId)}/cycles/${fy}/submissions/${enc(departmentId)}`;
}

type Failure = Extract<ApiResult<never>, { ok: false }>;

/** A request that got no response: the fetch threw (offline, DNS, CORS, aborted). */
function networkFailure(error: unknown): Failure {
  return { ok: false, kind: 'network', message: error instanceof Error ? error.message : String(error) };
}

/**
 * A response that is not the answer asked for: its status, its body as received, and a problem
 * document (the server's own, or one made from the status).
 */
function httpFailure(status: number, body: unknown, problem: ProblemDoc = asProblem(status, body)): Failure {
  return { ok: false, kind: 'http', status, problem, body };
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
