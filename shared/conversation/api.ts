import { z } from 'zod';
import { FiscalYear, Id, MultilineText } from '../schema/index.ts';
import { RETURN_POINTERS_MAX } from './rules.ts';

/**
 * The API contract of the conversation around a number (docs/conversation.md): comments, read
 * markers, evidence files, the hash-chain verification and the story of a figure. Re-exported by
 * shared/api.ts, so the worker, the add-in and the OpenAPI document use the same schemas.
 */

const Timestamp = z.string().describe('ISO 8601 date-time (UTC)');

/**
 * A comment's text: the shared text rule (shared/text/integrity.ts: line breaks allowed, no controls
 * or bidi overrides). Its length is judged by the worker against COMMENT_MAX_CHARS, so that an
 * over-long comment gets a 422 naming the limit, not a 400 about the body's shape.
 */
const CommentText = MultilineText(1_000_000);

/** Which thread: `?indicatorId=` (a KPI) or `?projectId=` (a project's 主な取組), exactly one. */
export const CommentTargetQuery = z
  .object({ indicatorId: Id.optional(), projectId: Id.optional() })
  .strict()
  .refine((q) => (q.indicatorId === undefined) !== (q.projectId === undefined), {
    message:
      'indicatorId（指標）か projectId（事業の主な取組）のどちらか一つを指定してください / give exactly one of indicatorId or projectId',
  });
export type CommentTargetQuery = z.infer<typeof CommentTargetQuery>;

export const PostCommentRequest = z.object({ text: CommentText }).strict();
export type PostCommentRequest = z.infer<typeof PostCommentRequest>;
/** An edit is a new version of the comment; the earlier text stays in the thread. */
export const EditCommentRequest = z.object({ commentId: Id, text: CommentText }).strict();
export type EditCommentRequest = z.infer<typeof EditCommentRequest>;
export const MarkReadRequest = z.object({}).strict();

/**
 * A return (差し戻し) that points at KPIs: the comment is also posted into the thread of each
 * indicator named, in the same batch as the step.
 */
export const ReturnWithKpisRequest = z
  .object({
    comment: MultilineText(2000).min(1),
    indicatorIds: z.array(Id).max(RETURN_POINTERS_MAX).optional(),
  })
  .strict();
export type ReturnWithKpisRequest = z.infer<typeof ReturnWithKpisRequest>;

export const CommentTargetKind = z.enum(['indicator', 'project']);
export type CommentTargetKind = z.infer<typeof CommentTargetKind>;

export const CommentVersion = z.object({
  version: z.number().int(),
  text: z.string(),
  at: Timestamp,
  userId: z.string(),
  userName: z.string().nullable(),
});
export const ThreadComment = z.object({
  id: z.string(),
  createdAt: Timestamp,
  createdBy: z.string(),
  createdByName: z.string().nullable(),
  /** The latest version's text. */
  text: z.string(),
  /** True when there is more than one version: the thread shows it as edited (編集済み). */
  edited: z.boolean(),
  /** Every version, oldest first. */
  versions: z.array(CommentVersion),
});
export type ThreadComment = z.infer<typeof ThreadComment>;

export const CommentThread = z.object({
  planId: z.string(),
  fiscalYear: FiscalYear,
  departmentId: z.string(),
  targetKind: CommentTargetKind,
  targetId: z.string(),
  comments: z.array(ThreadComment),
  /** Posts and edits by others since the caller last marked the thread read. */
  unread: z.number().int(),
});
export type CommentThread = z.infer<typeof CommentThread>;

export const MarkReadResponse = z.object({ unread: z.literal(0), lastSeq: z.number().int() });

export const UnreadThread = z.object({
  departmentId: z.string(),
  targetKind: CommentTargetKind,
  targetId: z.string(),
  unread: z.number().int(),
  lastAt: Timestamp,
});
export const UnreadResponse = z.object({
  planId: z.string(),
  fiscalYear: FiscalYear,
  total: z.number().int(),
  departments: z.array(z.object({ departmentId: z.string(), unread: z.number().int() })),
  threads: z.array(UnreadThread),
});
export type UnreadResponse = z.infer<typeof UnreadResponse>;

export const EvidenceItem = z.object({
  id: z.string(),
  fiscalYear: FiscalYear,
  indicatorId: z.string(),
  departmentId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: Timestamp,
  uploadedBy: z.string(),
  uploadedByName: z.string().nullable(),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;
export const EvidenceList = z.object({
  items: z.array(EvidenceItem),
  maxBytes: z.number().int(),
  maxFiles: z.number().int(),
  allowedExtensions: z.array(z.string()),
});
export const EvidenceUploadQuery = z.object({ name: z.string().min(1).max(1000) }).strict();
export const EvidenceFileQuery = z.object({ id: Id }).strict();

export const ChainBreak = z.object({
  departmentId: z.string(),
  entryId: z.number().int(),
  kind: z
    .enum(['content', 'link', 'unhashed'])
    .describe(
      'content: the entry does not hash to its stored hash; link: its prevHash is not the previous entry’s hash; unhashed: an entry without a hash after the chain began',
    ),
  expected: z.string().nullable(),
  found: z.string().nullable(),
});
export const ChainVerifyResponse = z.object({
  planId: z.string(),
  fiscalYear: FiscalYear,
  format: z.string(),
  ok: z.boolean(),
  chains: z.array(
    z.object({
      departmentId: z.string(),
      entries: z.number().int(),
      unchained: z.number().int().describe('entries written before hashing began (not part of the chain)'),
      chained: z.number().int(),
      head: z.string().nullable(),
      ok: z.boolean(),
    }),
  ),
  breaks: z.array(ChainBreak),
});
export type ChainVerifyResponse = z.infer<typeof ChainVerifyResponse>;

export const IndicatorAuditQuery = z
  .object({
    fy: z.coerce.number().pipe(FiscalYear).optional(),
    format: z.enum(['json', 'csv', 'html']).default('json'),
  })
  .strict();

const AuditStep = z.object({
  id: z.number().int(),
  at: Timestamp,
  fiscalYear: FiscalYear.nullable(),
  departmentId: z.string().nullable(),
  action: z.string(),
  field: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  revision: z.number().int().nullable(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
});
export const IndicatorAuditResponse = z.object({
  planId: z.string(),
  indicator: z.object({ id: z.string(), name: z.string(), unit: z.string() }),
  fiscalYear: FiscalYear.nullable(),
  /** Every save of the value (each field's before → after), oldest first. */
  values: z.array(AuditStep),
  comments: z.array(
    ThreadComment.extend({ fiscalYear: FiscalYear, departmentId: z.string(), targetKind: CommentTargetKind }),
  ),
  evidence: z.array(EvidenceItem),
  /** Submit, approve, return, reopen of the sheets holding the indicator, oldest first. */
  workflow: z.array(AuditStep),
});
export type IndicatorAuditResponse = z.infer<typeof IndicatorAuditResponse>;
