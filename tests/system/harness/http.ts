/** Plain HTTP calls to the local worker, as any client (or attacker) on the network would make them. */

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
  bytes: Uint8Array;
}

export interface CallOptions {
  token?: string | null;
  /** A raw Authorization header (overrides token). */
  authorization?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.authorization !== undefined) headers.Authorization = options.authorization;
  else if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let payload: string | undefined;
  if (options.body !== undefined) {
    payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(payload !== undefined ? { body: payload } : {}),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, text, body: body as T, bytes };
}

/** Bound API calls for one user. */
export function client(baseUrl: string, token: string) {
  return <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => call<T>(baseUrl, method, path, { token, headers, ...(body !== undefined ? { body } : {}) });
}

export const sheetPath = (planId: string, fy: number, departmentId: string, suffix = '') =>
  `/api/plans/${planId}/cycles/${fy}/submissions/${departmentId}${suffix}`;
