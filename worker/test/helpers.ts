import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { Role } from '../../shared/roles.ts';
import type { Principal } from '../auth/principal.ts';
import { createApiToken } from '../auth/store.ts';

/** Test support: users with real API tokens, requests through the Worker's fetch, database dumps. */

export const db = (env as unknown as { DB: D1Database }).DB;
export const BASE = 'http://shinchoku.test';

export interface Res<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export async function call<T = Record<string, unknown>>(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Res<T>> {
  const h: Record<string, string> = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    h['Content-Type'] ??= 'application/json';
  }
  const res = await SELF.fetch(`${BASE}${path}`, {
    method,
    headers: h,
    ...(payload !== undefined ? { body: payload } : {}),
  });
  const type = res.headers.get('content-type') ?? '';
  const text =
    /json|text/.test(type) || type === ''
      ? await res.text()
      : `(${(await res.arrayBuffer()).byteLength} bytes)`;
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { unparsable: text };
  }
  return { status: res.status, body: parsed as T, headers: res.headers, text };
}

export interface TestUser {
  id: string;
  token: string;
}

/** Inserts a user with its departments and returns a fresh API token for it. */
export async function addUser(id: string, role: Role, departmentIds: string[] = []): Promise<TestUser> {
  const statements = [
    db.prepare('INSERT INTO users (id, display_name, role) VALUES (?, ?, ?)').bind(id, `${id} さん`, role),
    ...departmentIds.map((d) =>
      db.prepare('INSERT INTO user_departments (user_id, department_id) VALUES (?, ?)').bind(id, d),
    ),
  ];
  await db.batch(statements);
  const { token } = await createApiToken(db, id, `test ${id}`);
  return { id, token };
}

/** Every row of every table, for "nothing changed" assertions (token use stamps excluded). */
export async function dump(): Promise<string> {
  const { results } = await db
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
        AND name NOT LIKE '_cf_%' AND name NOT IN ('d1_migrations') ORDER BY name`,
    )
    .all<{ name: string }>();
  const tables = await db.batch(results.map((t) => db.prepare(`SELECT * FROM "${t.name}" ORDER BY rowid`)));
  return JSON.stringify(
    results.map((t, i) => [
      t.name,
      (tables[i]?.results ?? []).map((r) => {
        const row = { ...(r as Record<string, unknown>) };
        if (t.name === 'api_tokens') delete row.last_used_at;
        return row;
      }),
    ]),
  );
}

export async function count(table: string, where = '1 = 1', ...params: (string | number)[]): Promise<number> {
  const row = await db
    .prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`)
    .bind(...params)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export function sheetPath(planId: string, fy: number, dept: string, suffix = ''): string {
  return `/api/plans/${planId}/cycles/${fy}/submissions/${dept}${suffix}`;
}

/** A caller as requireAuth resolves one, for calling services directly. */
export function principal(userId: string, role: Role, departmentIds: string[] = []): Principal {
  return { userId, role, departmentIds, displayName: userId, via: 'token' };
}

/** The database with every prepared statement (its first word) and every batch counted. */
export function countingDb(inner: D1Database) {
  const counter = { statements: [] as string[], batches: 0 };
  const db = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'prepare')
        return (sql: string) => {
          counter.statements.push(sql.trim().split(/\s+/)[0] ?? '');
          return target.prepare(sql);
        };
      if (prop === 'batch')
        return (statements: D1PreparedStatement[]) => {
          counter.batches++;
          return target.batch(statements);
        };
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db, counter };
}
