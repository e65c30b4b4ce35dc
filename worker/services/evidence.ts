import type { EvidenceItem } from '../../shared/conversation/api.ts';
import {
  EVIDENCE_EXTENSIONS,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MAX_FILES,
  EVIDENCE_TYPES,
  sanitiseFileName,
  sniffEvidence,
} from '../../shared/conversation/rules.ts';
import {
  type EvidenceRow,
  evidenceListQuery,
  evidenceQuery,
  insertEvidence,
  itemOf,
} from '../db/evidence.ts';
import { historyEntry, submissionHistory } from '../db/history.ts';
import { storeResponse } from '../db/idempotency.ts';
import { stmt } from '../db/sql.ts';
import type { SubmissionKey } from '../db/submissions.ts';
import {
  CONVERSATION_THING,
  cycleLocked,
  evidenceEmpty,
  evidenceLimitReached,
  evidenceTooLarge,
  evidenceTypeRefused,
  HttpProblem,
  notFound,
} from '../refusals.ts';
import { isKeyTaken } from './comments.ts';
import { type IdempotentRequest, type Replayed, readWithIdempotency } from './idempotency.ts';
import type { TargetAccess } from './thread-access.ts';
import { commitGuarded, type RequestMeta } from './write.ts';

/**
 * Evidence files on a KPI value (docs/conversation.md §2). The bytes go to R2 first, under a key no
 * client chooses; then the metadata (who, when, size, the SHA-256 the worker computed, the content
 * type recognised in the bytes) and its history entry are one D1 batch. A file whose batch fails is
 * removed from R2 again; until its row exists nothing lists or serves it.
 */

export const ALLOWED = EVIDENCE_EXTENSIONS;

/** The bytes of a body, refused with 413 naming the limit as soon as they pass it (Content-Length or not). */
export async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  declared: number | null,
): Promise<Uint8Array> {
  if (declared !== null && declared > EVIDENCE_MAX_BYTES)
    throw evidenceTooLarge(EVIDENCE_MAX_BYTES, declared);
  if (!body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > EVIDENCE_MAX_BYTES) {
      await reader.cancel();
      throw evidenceTooLarge(EVIDENCE_MAX_BYTES, null);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The SHA-256 of the bytes, hex: what the worker records for a file and R2 checks on put. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function listEvidence(db: D1Database, k: SubmissionKey, indicatorId: string) {
  const { results } = await evidenceListQuery(db, k.planId, k.fy, indicatorId).all<EvidenceRow>();
  return {
    items: results.map(itemOf),
    maxBytes: EVIDENCE_MAX_BYTES,
    maxFiles: EVIDENCE_MAX_FILES,
    allowedExtensions: [...ALLOWED],
  };
}

/** Stores a file of the value of `indicatorId` from the sheet `k`; the caller has judged reach and role. */
export async function uploadEvidence(
  db: D1Database,
  bucket: R2Bucket,
  k: SubmissionKey,
  indicatorId: string,
  access: TargetAccess,
  /** The bytes with the SHA-256 the route computed from them (for the Idempotency-Key too). */
  file: { name: string; bytes: Uint8Array; sha256: string },
  m: RequestMeta & { userName: string },
  idem: IdempotentRequest | null,
): Promise<{ kind: 'written'; body: EvidenceItem } | Replayed> {
  // A retry is answered with the first upload's answer before anything else is judged.
  const got = await readWithIdempotency(db, idem, async (also) => ({
    value: null,
    also: also.length ? await db.batch(also) : [],
  }));
  if ('replay' in got) {
    if (got.replay instanceof HttpProblem) throw got.replay;
    return got.replay;
  }
  if (access.locked) throw cycleLocked(k.fy);
  if (file.bytes.byteLength === 0) throw evidenceEmpty();
  const kind = sniffEvidence(file.bytes, file.name);
  if (!kind) throw evidenceTypeRefused(file.name, ALLOWED);
  const id = crypto.randomUUID();
  const e = {
    id,
    planId: k.planId,
    fy: k.fy,
    departmentId: k.departmentId,
    indicatorId,
    fileName: sanitiseFileName(file.name, kind),
    contentType: EVIDENCE_TYPES[kind].contentType,
    size: file.bytes.byteLength,
    sha256: file.sha256,
    r2Key: `evidence/${k.planId}/${k.fy}/${indicatorId}/${id}`,
    at: m.now,
    userId: m.userId,
    requestId: m.requestId,
  };
  const key = { planId: k.planId, fy: k.fy, departmentId: k.departmentId };
  const entry = historyEntry(key, m, {
    action: 'evidence',
    indicatorId,
    field: 'evidence',
    after: {
      evidenceId: id,
      fileName: e.fileName,
      contentType: e.contentType,
      size: e.size,
      sha256: e.sha256,
    },
  });
  await bucket.put(e.r2Key, file.bytes, {
    httpMetadata: { contentType: e.contentType },
    customMetadata: { sha256: e.sha256 },
    sha256: e.sha256,
  });
  const item: EvidenceItem = {
    id,
    fiscalYear: k.fy,
    indicatorId,
    departmentId: k.departmentId,
    fileName: e.fileName,
    contentType: e.contentType,
    size: e.size,
    sha256: e.sha256,
    uploadedAt: m.now,
    uploadedBy: m.userId,
    uploadedByName: m.userName,
  };
  const store = idem ? storeResponse({ ...idem, status: 201 }, item, stmt('NULL')) : [];
  try {
    const done = await commitGuarded(
      db,
      [...insertEvidence(e, EVIDENCE_MAX_FILES), ...submissionHistory(key, [entry], null), ...store],
      () => evidenceLimitReached(EVIDENCE_MAX_FILES),
      { idempotency: idem, guards: isKeyTaken },
    );
    if (done.kind === 'refused') throw done.problem;
    if (done.kind === 'replayed') {
      // A racing twin of this request stored its file first: this copy of the bytes is not kept.
      await bucket.delete(e.r2Key);
      return done;
    }
  } catch (err) {
    await bucket.delete(e.r2Key);
    throw err;
  }
  return { kind: 'written', body: item };
}

/** A file of the value, with its bytes; another value's id (or none) is the 404 of a missing file. */
export async function fetchEvidence(
  db: D1Database,
  bucket: R2Bucket,
  k: SubmissionKey,
  indicatorId: string,
  id: string,
): Promise<{ row: EvidenceRow; body: ReadableStream }> {
  const row = await evidenceQuery(db, k.planId, k.fy, indicatorId, id).first<EvidenceRow>();
  if (!row) throw notFound(CONVERSATION_THING.evidence, id);
  const object = await bucket.get(row.r2_key);
  if (!object) throw notFound(CONVERSATION_THING.evidence, id);
  return { row, body: object.body };
}
