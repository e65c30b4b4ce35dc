import type { Principal } from '../auth/principal.ts';
import { toD1 } from '../db/d1.ts';
import {
  type ChainKey,
  chainHeadIn,
  chainHeadQuery,
  chainHistory,
  chainOf,
  isChainGuardFailure,
  readChainHead,
} from '../db/history.ts';
import { storeResponse } from '../db/idempotency.ts';
import type { Stmt } from '../db/sql.ts';
import {
  isGuardFailure,
  revisionOf,
  type SubmissionKey,
  type SubmissionResult,
  submissionResultIn,
} from '../db/submissions.ts';
import { chainBusy, HttpProblem } from '../refusals.ts';
import { type IdempotentRequest, type Replayed, readWithIdempotency, replayIfStored } from './idempotency.ts';

/**
 * The one shape of a guarded write. A write to a submission (a save, a clearing, a workflow step)
 * reads the sheet and the Idempotency-Key's stored response in one round trip, answers a stored
 * response before judging anything, decides (refuse, answer without writing, or write), and commits
 * its batch with `commitGuarded`: the batch's own guard fails it when the revision moved meanwhile,
 * and then a concurrent twin's stored response is replayed, or the write says why it was refused.
 */

/** Who, when and for which request: what a service needs to know about the request besides its body. */
export interface RequestMeta {
  userId: string;
  requestId: string;
  now: string;
}

/** What a write takes from the request besides its body (the route reads the headers). */
export interface WriteRequest {
  principal: Principal;
  meta: RequestMeta;
  /** The revision the client's copy was based on (If-Match), or null when none was sent. */
  base: number | null;
  idempotency: IdempotentRequest | null;
}

export interface Refused {
  kind: 'refused';
  problem: HttpProblem;
}

export type WriteOutcome<T> = { kind: 'written'; body: T; revision: number } | Replayed | Refused;

export const refused = (problem: HttpProblem): Refused => ({ kind: 'refused', problem });

const replayedOrRefused = (r: Replayed | HttpProblem): Replayed | Refused =>
  r instanceof HttpProblem ? refused(r) : r;

/**
 * How often a batch is rebuilt when other writers keep extending its chain meanwhile: each round one
 * of the writers racing on a sheet wins, so this many can append at once before one is told to retry.
 */
const CHAIN_ATTEMPTS = 12;

/** A short, jittered pause before a rebuilt attempt, so racing writers do not collide in step again. */
const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 4 * Math.min(attempt, 6)));

/**
 * Runs a guarded batch in one `db.batch()`. History rows of a submission in it are hashed into the
 * submission's chain first (db/history.ts chainHistory), from `options.chainHead` when the caller read
 * it with its state, else from a fresh read; when another writer extended that chain meanwhile (a
 * comment posted while a save was on its way), the chain's guard fails the batch, the head is read
 * again and the batch rebuilt — nothing else about the write changes. When a guard of the batch fails
 * it (a stale or concurrent write: `isGuardFailure`, or `options.guards`), nothing is stored; a
 * concurrent twin of this request (same Idempotency-Key) may have stored its response meanwhile, which
 * is replayed; otherwise `onGuardFailure` says why the write is refused. Any other failure is thrown.
 */
export async function commitGuarded(
  db: D1Database,
  statements: readonly Stmt[],
  onGuardFailure: () => HttpProblem | Promise<HttpProblem>,
  options: {
    idempotency?: IdempotentRequest | null;
    guards?: (err: unknown) => boolean;
    chainHead?: string | null;
  } = {},
): Promise<{ kind: 'committed'; rows: D1Result[] } | Replayed | Refused> {
  const chain = chainOf(statements);
  let head = options.chainHead;
  for (let attempt = 1; ; attempt++) {
    if (chain && head === undefined) head = await readChainHead(db, chain);
    const batch = chain ? await chainHistory(statements, head ?? null) : statements;
    try {
      return { kind: 'committed', rows: await db.batch(toD1(db, batch)) };
    } catch (err) {
      if (chain && isChainGuardFailure(err)) {
        if (attempt < CHAIN_ATTEMPTS) {
          await pause(attempt);
          head = undefined;
          continue;
        }
        const replay = await replayIfStored(db, options.idempotency ?? null);
        return replay ? replayedOrRefused(replay) : refused(chainBusy());
      }
      if (!(isGuardFailure(err) || options.guards?.(err))) throw err;
      const replay = await replayIfStored(db, options.idempotency ?? null);
      if (replay) return replayedOrRefused(replay);
      return refused(await onGuardFailure());
    }
  }
}

/**
 * `read` with the head of the submission's history chain read in the same round trip: a guarded
 * write hashes its history from it without a round trip of its own.
 */
export async function readWithChainHead<T>(
  key: ChainKey,
  db: D1Database,
  read: (also: D1PreparedStatement[]) => Promise<{ value: T; also: D1Result[] }>,
  also: D1PreparedStatement[],
): Promise<{ value: T; also: D1Result[]; head: string | null }> {
  const r = await read([...also, chainHeadQuery(db, key)]);
  return { value: r.value, also: r.also.slice(0, also.length), head: chainHeadIn(r.also[also.length]) };
}

/** A write that goes ahead: its batch, and its answer once the batch has run. */
export interface Change<T> {
  /**
   * The batch, ending with the read of the submission (db/submissions.ts); `store` keeps the response
   * for the Idempotency-Key and goes in the same batch, before that read.
   */
  statements: (store: readonly Stmt[]) => Stmt[];
  /** The submission as the batch leaves it, its revision aside: what a retry is answered with. */
  expected: Omit<SubmissionResult, 'revision'>;
  /** The answer, from the submission as the batch left it. */
  response: (row: SubmissionResult) => T;
  /** After a guard failure: why the write is refused now (read afresh). */
  whyRefused: () => Promise<HttpProblem>;
}

/** What a write decides once it has read the sheet: a refusal, an answer without writing, or a change. */
export type Decision<T> = HttpProblem | { unchanged: T; revision: number } | Change<T>;

export async function writeSubmission<S, T>(
  db: D1Database,
  k: SubmissionKey,
  w: WriteRequest,
  read: (also: D1PreparedStatement[]) => Promise<{ value: S | HttpProblem; also: D1Result[] }>,
  decide: (state: S) => Decision<T>,
): Promise<WriteOutcome<T>> {
  let head: string | null | undefined;
  const got = await readWithIdempotency(db, w.idempotency, async (also) => {
    const r = await readWithChainHead(k, db, read, also);
    head = r.head;
    return r;
  });
  if ('replay' in got) return replayedOrRefused(got.replay);
  if (got.value instanceof HttpProblem) return refused(got.value);
  const decision = decide(got.value);
  if (decision instanceof HttpProblem) return refused(decision);
  if ('unchanged' in decision)
    return { kind: 'written', body: decision.unchanged, revision: decision.revision };
  const idem = w.idempotency;
  const store = idem
    ? storeResponse(
        { ...idem, status: 200 },
        decision.response({ ...decision.expected, revision: 0 }),
        revisionOf(k),
      )
    : [];
  const done = await commitGuarded(db, decision.statements(store), decision.whyRefused, {
    idempotency: idem,
    ...(head === undefined ? {} : { chainHead: head }),
  });
  if (done.kind !== 'committed') return done;
  const row = submissionResultIn(done.rows);
  return { kind: 'written', body: decision.response(row), revision: row.revision };
}
