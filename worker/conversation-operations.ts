import type { z } from 'zod';
import * as api from '../shared/api.ts';
import {
  CHAIN_VERIFY_PERMISSION,
  COMMENT_PERMISSION,
  EVIDENCE_EXTENSIONS,
  EVIDENCE_READ_PERMISSION,
  EVIDENCE_TYPES,
  EVIDENCE_WRITE_PERMISSION,
  INDICATOR_AUDIT_PERMISSION,
} from '../shared/conversation/rules.ts';
import type { OperationSpec } from './operations.ts';

/**
 * The routes of the conversation around a number (docs/conversation.md), listed into worker/operations.ts
 * (the OpenAPI document and the route × role tests read them there), and their response schemas.
 */

const SUB = '/api/plans/{planId}/cycles/{fy}/submissions/{departmentId}';
const THREAD = { indicatorId: 'a KPI’s thread', projectId: 'or a project’s 主な取組 thread (exactly one)' };
const FILE_TYPES = Object.values(EVIDENCE_TYPES).map((t) => t.contentType);

export const CONVERSATION_SPECS: readonly OperationSpec[] = [
  {
    method: 'get',
    path: `${SUB}/comments`,
    summary: 'The comment thread of a KPI or a project’s 主な取組 on this sheet, every version, unread count',
    permission: COMMENT_PERMISSION,
    response: 'CommentThread',
    query: THREAD,
  },
  {
    method: 'post',
    path: `${SUB}/comments`,
    summary: 'Post a comment (422 when empty, over 2,000 characters or holding a refused character)',
    permission: COMMENT_PERMISSION,
    body: api.PostCommentRequest,
    response: 'ThreadComment',
    status: 201,
    query: THREAD,
    headers: ['Idempotency-Key'],
  },
  {
    method: 'patch',
    path: `${SUB}/comments`,
    summary: 'Edit your comment: a new version; the earlier text stays in the thread (edited)',
    permission: COMMENT_PERMISSION,
    body: api.EditCommentRequest,
    response: 'ThreadComment',
    query: THREAD,
  },
  {
    method: 'post',
    path: `${SUB}/comments/read`,
    summary: 'Mark the thread read up to its newest post or edit',
    permission: COMMENT_PERMISSION,
    body: api.MarkReadRequest,
    bodyOptional: true,
    response: 'MarkReadResponse',
    query: THREAD,
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/cycles/{fy}/comments/unread',
    summary: 'Unread comments of the cycle for the caller, per thread and per department',
    permission: COMMENT_PERMISSION,
    response: 'UnreadResponse',
  },
  {
    method: 'get',
    path: `${SUB}/indicators/{indicatorId}/evidence`,
    summary: 'Evidence files of a KPI value (every department’s of a shared project), with the limits',
    permission: EVIDENCE_READ_PERMISSION,
    response: 'EvidenceList',
  },
  {
    method: 'post',
    path: `${SUB}/indicators/{indicatorId}/evidence`,
    summary: `Upload an evidence file (${EVIDENCE_EXTENSIONS.join(', ')}; judged by its bytes; at most 10 MB: 413)`,
    permission: EVIDENCE_WRITE_PERMISSION,
    response: 'EvidenceItem',
    status: 201,
    query: { name: 'the file’s name (sanitised; the extension follows the recognised type)' },
    rawBody: FILE_TYPES,
    headers: ['Idempotency-Key'],
  },
  {
    method: 'get',
    path: `${SUB}/indicators/{indicatorId}/evidence/file`,
    summary: 'Download an evidence file: always an attachment (RFC 5987 file name), nosniff',
    permission: EVIDENCE_READ_PERMISSION,
    query: { id: 'the evidence file’s id' },
    produces: FILE_TYPES,
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/cycles/{fy}/audit/verify',
    summary: 'Verify the hash chain of every submission’s history in the cycle: each break named',
    permission: CHAIN_VERIFY_PERMISSION,
    response: 'ChainVerifyResponse',
  },
  {
    method: 'get',
    path: '/api/plans/{planId}/indicators/{indicatorId}/audit',
    summary: 'The story of a figure: saves, workflow steps, comments, evidence (JSON, CSV with BOM, HTML)',
    permission: INDICATOR_AUDIT_PERMISSION,
    response: 'IndicatorAuditResponse',
    query: { fy: 'one cycle only', format: 'json (default) | csv | html' },
    produces: ['application/json', 'text/csv', 'text/html'],
  },
];

export const CONVERSATION_RESPONSES: Record<string, z.ZodType> = {
  CommentThread: api.CommentThread,
  ThreadComment: api.ThreadComment,
  MarkReadResponse: api.MarkReadResponse,
  UnreadResponse: api.UnreadResponse,
  EvidenceList: api.EvidenceList,
  EvidenceItem: api.EvidenceItem,
  ChainVerifyResponse: api.ChainVerifyResponse,
  IndicatorAuditResponse: api.IndicatorAuditResponse,
};
