import type { HistoryEntry } from '../../shared/api.ts';
import {
  type ChainEntry,
  type ChainLink,
  linkEntries,
  type StoredChainEntry,
} from '../../shared/conversation/chain.ts';
import { fromJson, insertRows, type SqlValue, type Stmt, stmt, toJson } from './sql.ts';

/** Data access for the append-only history (rows are only ever inserted; triggers refuse the rest). */

/** A history row as read with the user's display name (`SELECT h.*, u.display_name AS user_name`). */
export interface HistoryRow {
  id: number;
  at: string;
  fiscal_year: number | null;
  department_id: string | null;
  indicator_id: string | null;
  project_id: string | null;
  action: string;
  field: string | null;
  before: string | null;
  after: string | null;
  revision: number | null;
  user_id: string | null;
  user_name: string | null;
  request_id: string;
}

export interface HistoryFilter {
  planId: string;
  fiscalYear?: number;
  departmentId?: string;
  indicatorId?: string;
  before?: number | undefined;
  limit: number;
}

/** One history entry as the API returns it (the history route and the story of a figure). */
export function historyEntryOf(r: HistoryRow): HistoryEntry {
  return {
    id: r.id,
    at: r.at,
    fiscalYear: r.fiscal_year,
    departmentId: r.department_id,
    indicatorId: r.indicator_id,
    projectId: r.project_id,
    action: r.action,
    field: r.field,
    before: fromJson<unknown>(r.before, null),
    after: fromJson<unknown>(r.after, null),
    revision: r.revision,
    userId: r.user_id,
    userName: r.user_name,
    requestId: r.request_id,
  };
}

/** Newest first; `nextBefore` pages further back. */
export async function readHistory(
  db: D1Database,
  f: HistoryFilter,
): Promise<{ entries: HistoryEntry[]; nextBefore: number | null }> {
  const where = ['h.plan_id = ?'];
  const params: SqlValue[] = [f.planId];
  if (f.fiscalYear !== undefined) {
    where.push('h.fiscal_year = ?');
    params.push(f.fiscalYear);
  }
  if (f.departmentId !== undefined) {
    where.push('h.department_id = ?');
    params.push(f.departmentId);
  }
  if (f.indicatorId !== undefined) {
    where.push('h.indicator_id = ?');
    params.push(f.indicatorId);
  }
  if (f.before !== undefined) {
    where.push('h.id < ?');
    params.push(f.before);
  }
  params.push(f.limit + 1);
  const { results } = await db
    .prepare(
      `SELECT h.*, u.display_name AS user_name FROM history h LEFT JOIN users u ON u.id = h.user_id
        WHERE ${where.join(' AND ')} ORDER BY h.id DESC LIMIT ?`,
    )
    .bind(...params)
    .all<HistoryRow>();
  const page = results.slice(0, f.limit);
  return {
    entries: page.map(historyEntryOf),
    nextBefore: results.length > f.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/**
 * The revision of the last save that changed each of `indicatorIds` in a cycle, from the history:
 * a cleared cell has no stored row left to carry its change count. One statement (ids bound as one
 * JSON array), read in the save's own batch.
 */
export function lastSavedQuery(
  db: D1Database,
  planId: string,
  fy: number,
  indicatorIds: readonly string[],
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT indicator_id, MAX(revision) AS revision FROM history
        WHERE plan_id = ? AND fiscal_year = ? AND action = 'save'
          AND indicator_id IN (SELECT value FROM json_each(?)) GROUP BY indicator_id`,
    )
    .bind(planId, fy, JSON.stringify(indicatorIds));
}

export function lastSavedIn(result: D1Result | undefined): Map<string, number> {
  const rows = (result?.results ?? []) as { indicator_id: string; revision: number | null }[];
  return new Map(rows.map((r) => [r.indicator_id, r.revision ?? 0]));
}

// --- the hash chain of a submission's history (docs/conversation.md §4) ----------------------------

/** One submission's chain: its plan, cycle and department. */
export interface ChainKey {
  planId: string;
  fy: number;
  departmentId: string;
}

/**
 * A history INSERT whose rows belong to a submission's chain. As built it stores the rows unhashed;
 * `chainHistory` (called by services/write.ts commitGuarded for every guarded batch) replaces it with
 * the same rows carrying `prev_hash` and `hash`, computed from the chain's head as read.
 */
export interface HistoryStmt extends Stmt {
  chain?: { key: ChainKey; entries: ChainEntry[]; revision: Stmt | null };
}

const HISTORY_COLUMNS = [
  'at',
  'plan_id',
  'fiscal_year',
  'department_id',
  'indicator_id',
  'project_id',
  'action',
  'field',
  'before',
  'after',
  'user_id',
  'request_id',
  'prev_hash',
  'hash',
] as const;

/** Rows per statement: 14 columns each and the revision's 2 parameters stay under D1's 100. */
const HISTORY_ROWS_PER_STATEMENT = 6;

function historyValues(e: ChainEntry, link: ChainLink | null): SqlValue[] {
  return [
    e.at,
    e.planId,
    e.fiscalYear,
    e.departmentId,
    e.indicatorId,
    e.projectId,
    e.action,
    e.field,
    e.before,
    e.after,
    e.userId,
    e.requestId,
    link?.prevHash ?? null,
    link?.hash ?? null,
  ];
}

function insertHistory(
  entries: readonly ChainEntry[],
  links: readonly ChainLink[] | null,
  revision: Stmt | null,
) {
  return insertRows({
    table: 'history',
    columns: HISTORY_COLUMNS,
    ...(revision ? { expressions: { revision } } : {}),
    rows: entries.map((e, i) => historyValues(e, links?.[i] ?? null)),
  });
}

/**
 * The history entries of one submission, as statements `chainHistory` hashes. `revision`: the SQL of
 * the revision the batch gives the submission (null for entries that change no cell: comments, evidence).
 */
export function submissionHistory(
  key: ChainKey,
  entries: readonly ChainEntry[],
  revision: Stmt | null,
): HistoryStmt[] {
  const out: HistoryStmt[] = [];
  for (let i = 0; i < entries.length; i += HISTORY_ROWS_PER_STATEMENT) {
    const chunk = entries.slice(i, i + HISTORY_ROWS_PER_STATEMENT);
    for (const s of insertHistory(chunk, null, revision))
      out.push({ ...s, chain: { key, entries: chunk, revision } });
  }
  return out;
}

/** The history entry of a cell or step, as the services describe it (before/after as values). */
export function historyEntry(
  key: ChainKey,
  m: { userId: string; requestId: string; now: string },
  e: {
    action: string;
    indicatorId?: string | null;
    projectId?: string | null;
    field: string | null;
    before?: unknown;
    after?: unknown;
  },
): ChainEntry {
  return {
    planId: key.planId,
    fiscalYear: key.fy,
    departmentId: key.departmentId,
    indicatorId: e.indicatorId ?? null,
    projectId: e.projectId ?? null,
    action: e.action,
    field: e.field,
    before: toJson(e.before ?? null),
    after: toJson(e.after ?? null),
    at: m.now,
    userId: m.userId,
    requestId: m.requestId,
  };
}

const HEAD_SQL = `SELECT hash FROM history WHERE plan_id = ? AND fiscal_year = ? AND department_id = ?
  AND hash IS NOT NULL ORDER BY id DESC LIMIT 1`;

/** The chain's head (the hash of its last hashed entry), read in a service's read batch. */
export function chainHeadQuery(db: D1Database, key: ChainKey): D1PreparedStatement {
  return db.prepare(HEAD_SQL).bind(key.planId, key.fy, key.departmentId);
}

export function chainHeadIn(result: D1Result | undefined): string | null {
  return ((result?.results?.[0] as { hash?: string } | undefined)?.hash ?? null) || null;
}

export async function readChainHead(db: D1Database, key: ChainKey): Promise<string | null> {
  return chainHeadIn(await chainHeadQuery(db, key).all());
}

/** The one chain a batch extends, or null when it writes no chained history. */
export function chainOf(statements: readonly Stmt[]): ChainKey | null {
  let key: ChainKey | null = null;
  for (const s of statements as readonly HistoryStmt[]) {
    if (!s.chain) continue;
    const k = s.chain.key;
    if (key && (key.planId !== k.planId || key.fy !== k.fy || key.departmentId !== k.departmentId))
      throw new Error('chainHistory: one batch extends one submission’s chain');
    key = k;
  }
  return key;
}

/**
 * The batch with its chained history hashed from `head`: each tagged INSERT rebuilt with prev_hash
 * and hash, and before the first of them a guard that fails the batch (CHECK chain_guard) unless the
 * chain's head is still `head` — a concurrent append never forks a chain; the writer reads the head
 * again and retries (services/write.ts).
 */
export async function chainHistory(statements: readonly Stmt[], head: string | null): Promise<Stmt[]> {
  const key = chainOf(statements);
  if (!key) return [...statements];
  const tagged = (statements as readonly HistoryStmt[]).filter((s) => s.chain);
  const links = await linkEntries(
    tagged.flatMap((s) => s.chain?.entries ?? []),
    head,
  );
  const out: Stmt[] = [];
  let next = 0;
  for (const s of statements as readonly HistoryStmt[]) {
    if (!s.chain) {
      out.push(s);
      continue;
    }
    if (next === 0)
      out.push(
        stmt(
          `INSERT INTO chain_guard (ok) SELECT (${HEAD_SQL}) IS ?`,
          key.planId,
          key.fy,
          key.departmentId,
          head,
        ),
        stmt('DELETE FROM chain_guard'),
      );
    const mine = links.slice(next, next + s.chain.entries.length);
    next += s.chain.entries.length;
    out.push(...insertHistory(s.chain.entries, mine, s.chain.revision));
  }
  return out;
}

/** True when a batch failed because another writer extended the chain since its head was read. */
export const isChainGuardFailure = (err: unknown): boolean =>
  err instanceof Error && /chain_guard/.test(err.message);

interface ChainRow {
  id: number;
  at: string;
  plan_id: string;
  fiscal_year: number | null;
  department_id: string | null;
  indicator_id: string | null;
  project_id: string | null;
  action: string;
  field: string | null;
  before: string | null;
  after: string | null;
  user_id: string | null;
  request_id: string;
  prev_hash: string | null;
  hash: string | null;
}

/** Every submission's history of a cycle, oldest first per department: what the verification reads. */
export async function readCycleChains(
  db: D1Database,
  planId: string,
  fy: number,
): Promise<Map<string, StoredChainEntry[]>> {
  const { results } = await db
    .prepare(
      `SELECT id, at, plan_id, fiscal_year, department_id, indicator_id, project_id, action, field, before,
              after, user_id, request_id, prev_hash, hash
         FROM history WHERE plan_id = ? AND fiscal_year = ? AND department_id IS NOT NULL
        ORDER BY department_id, id`,
    )
    .bind(planId, fy)
    .all<ChainRow>();
  const chains = new Map<string, StoredChainEntry[]>();
  for (const r of results) {
    const list = chains.get(r.department_id as string) ?? [];
    list.push({
      id: r.id,
      planId: r.plan_id,
      fiscalYear: r.fiscal_year,
      departmentId: r.department_id,
      indicatorId: r.indicator_id,
      projectId: r.project_id,
      action: r.action,
      field: r.field,
      before: r.before,
      after: r.after,
      at: r.at,
      userId: r.user_id,
      requestId: r.request_id,
      prevHash: r.prev_hash,
      hash: r.hash,
    });
    chains.set(r.department_id as string, list);
  }
  return chains;
}
