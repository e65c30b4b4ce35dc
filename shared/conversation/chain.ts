/**
 * The hash chain of a submission's history (docs/conversation.md §4). Every history entry of one
 * submission — plan, cycle, department — carries `prevHash`, the hash of the submission's previous
 * hashed entry (null for the first), and `hash`, the SHA-256 of its canonical serialisation followed
 * by `prevHash`. Changing, removing or reordering an entry breaks the link of the entry after it;
 * changing an entry's stored content breaks its own hash.
 *
 * The serialisation is what the worker knows when it builds the batch: the entry's fields as stored
 * (before/after are the stored JSON texts), not its row id or revision, which the database assigns
 * inside the batch. The order of a chain is the order of the row ids, and each link names its
 * predecessor, so an id or order changed afterwards still shows as a broken link.
 *
 * WebCrypto only (globalThis.crypto.subtle): the same code runs in the worker, in Node (the CLI) and in
 * a browser.
 */

/** The version of the serialisation; part of every hash, so a future change cannot be mistaken for this one. */
export const CHAIN_FORMAT = 'shinchoku/history-chain@1';

/** One history entry as it is stored, minus its id, revision and chain columns. */
export interface ChainEntry {
  planId: string;
  fiscalYear: number | null;
  departmentId: string | null;
  indicatorId: string | null;
  projectId: string | null;
  action: string;
  field: string | null;
  /** The stored JSON text of `before` (e.g. `"12"` with its quotes), or null. */
  before: string | null;
  after: string | null;
  at: string;
  userId: string | null;
  requestId: string;
}

/** The canonical serialisation: a JSON array of the fields in a fixed order (JSON escapes are deterministic). */
export function canonicalEntry(e: ChainEntry): string {
  return JSON.stringify([
    CHAIN_FORMAT,
    e.planId,
    e.fiscalYear,
    e.departmentId,
    e.indicatorId,
    e.projectId,
    e.action,
    e.field,
    e.before,
    e.after,
    e.at,
    e.userId,
    e.requestId,
  ]);
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The hash of an entry whose predecessor's hash is `prevHash` (null: the first entry of its chain). */
export function entryHash(e: ChainEntry, prevHash: string | null): Promise<string> {
  return sha256Hex(`${canonicalEntry(e)}\n${prevHash ?? ''}`);
}

export interface ChainLink {
  prevHash: string | null;
  hash: string;
}

/** The links of entries appended, in order, to a chain whose head (last hash) is `head`. */
export async function linkEntries(entries: readonly ChainEntry[], head: string | null): Promise<ChainLink[]> {
  const links: ChainLink[] = [];
  let prev = head;
  for (const e of entries) {
    const hash = await entryHash(e, prev);
    links.push({ prevHash: prev, hash });
    prev = hash;
  }
  return links;
}

/** A stored entry with its id and chain columns, as the verification reads it. */
export interface StoredChainEntry extends ChainEntry {
  id: number;
  prevHash: string | null;
  hash: string | null;
}

export type ChainBreakKind = 'content' | 'link' | 'unhashed';

export interface ChainBreak {
  entryId: number;
  kind: ChainBreakKind;
  expected: string | null;
  found: string | null;
}

export interface ChainReport {
  entries: number;
  /** Entries before the first hashed one (written before hashing began): not part of the chain. */
  unchained: number;
  chained: number;
  /** The hash of the last hashed entry: an auditor may note it to detect a later truncation. */
  head: string | null;
  breaks: ChainBreak[];
}

/**
 * Verifies one submission's entries, oldest first. The chain starts at the first hashed entry (its
 * prevHash must be null); every later entry must be hashed, link to the stored hash of the entry
 * before it, and hash to its stored hash.
 */
export async function verifyChain(entries: readonly StoredChainEntry[]): Promise<ChainReport> {
  const start = entries.findIndex((e) => e.hash !== null);
  const unchained = start === -1 ? entries.length : start;
  const breaks: ChainBreak[] = [];
  let prev: string | null = null;
  let head: string | null = null;
  for (const e of start === -1 ? [] : entries.slice(start)) {
    if (e.hash === null) {
      breaks.push({ entryId: e.id, kind: 'unhashed', expected: 'sha256', found: null });
      continue;
    }
    if (e.prevHash !== prev) breaks.push({ entryId: e.id, kind: 'link', expected: prev, found: e.prevHash });
    // The content is judged against its own stored link: a broken link is reported once, above.
    const computed = await entryHash(e, e.prevHash);
    if (computed !== e.hash)
      breaks.push({ entryId: e.id, kind: 'content', expected: computed, found: e.hash });
    prev = e.hash;
    head = e.hash;
  }
  return { entries: entries.length, unchained, chained: entries.length - unchained, head, breaks };
}
