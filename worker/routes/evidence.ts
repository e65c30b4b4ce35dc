import { Hono, type MiddlewareHandler } from 'hono';
import { validator } from 'hono/validator';
import { EvidenceFileQuery, EvidenceUploadQuery } from '../../shared/conversation/api.ts';
import {
  attachmentDisposition,
  EVIDENCE_READ_PERMISSION,
  EVIDENCE_WRITE_PERMISSION,
} from '../../shared/conversation/rules.ts';
import type { Permission } from '../../shared/roles.ts';
import { parseBody } from '../body.ts';
import type { SubmissionKey } from '../db/submissions.ts';
import type { AppEnv } from '../env.ts';
import { idParam, meta, sheetKey } from '../http.ts';
import { evidenceNameRequired, THING } from '../refusals.ts';
import { fetchEvidence, listEvidence, readLimited, sha256Hex, uploadEvidence } from '../services/evidence.ts';
import { idempotentRequest } from '../services/idempotency.ts';
import { requireTargetAccess, type TargetAccess } from '../services/thread-access.ts';

/**
 * Evidence files on a KPI value of one department's sheet (docs/conversation.md §2): upload (the file
 * as the body, its name as ?name=), list, download. Whoever may write the value uploads, whoever may
 * read it lists and downloads (a shared project's departments alike); anyone else gets the 404 of a
 * missing sheet. A download is always an attachment, never rendered by the browser.
 */
export const evidenceRoutes = new Hono<AppEnv>();
const BASE = '/plans/:planId/cycles/:fy/submissions/:departmentId/indicators/:indicatorId/evidence';

/** The path at which a file is uploaded: app.ts lets its larger bodies past the general 8 MB limit. */
export const EVIDENCE_UPLOAD_PATH =
  /^\/api\/plans\/[^/]+\/cycles\/[^/]+\/submissions\/[^/]+\/indicators\/[^/]+\/evidence$/;

interface ValueVar {
  Variables: { value: { k: SubmissionKey; indicatorId: string; access: TargetAccess } };
}

function valueAccess(permission: Permission): MiddlewareHandler<AppEnv & ValueVar> {
  return async (c, next) => {
    const k = sheetKey(c);
    const indicatorId = idParam(c, 'indicatorId', THING.indicator);
    const access = await requireTargetAccess(c.env.DB, c.get('principal'), permission, k, {
      kind: 'indicator',
      id: indicatorId,
    });
    c.set('value', { k, indicatorId, access });
    await next();
  };
}

evidenceRoutes.get(BASE, valueAccess(EVIDENCE_READ_PERMISSION), async (c) =>
  c.json(await listEvidence(c.env.DB, c.var.value.k, c.var.value.indicatorId)),
);

evidenceRoutes.post(BASE, valueAccess(EVIDENCE_WRITE_PERMISSION), async (c) => {
  const name = c.req.query('name');
  if (name === undefined) throw evidenceNameRequired();
  const { name: fileName } = parseBody(EvidenceUploadQuery, { name }, 422);
  const length = c.req.header('Content-Length');
  const bytes = await readLimited(c.req.raw.body, length && /^\d+$/.test(length) ? Number(length) : null);
  const { k, indicatorId, access } = c.var.value;
  const m = { ...meta(c), userName: c.get('principal').displayName };
  // A retry with the same Idempotency-Key, the same name and the same bytes is stored once.
  const sha256 = await sha256Hex(bytes);
  const idem = await idempotentRequest({
    key: c.req.header('Idempotency-Key'),
    userId: m.userId,
    method: 'POST',
    path: new URL(c.req.url).pathname,
    ifMatch: '',
    body: `${fileName}\n${sha256}`,
    now: m.now,
  });
  const outcome = await uploadEvidence(
    c.env.DB,
    c.env.EVIDENCE,
    k,
    indicatorId,
    access,
    { name: fileName, bytes, sha256 },
    m,
    idem,
  );
  if (outcome.kind === 'written') return c.json(outcome.body, 201);
  return new Response(outcome.body, {
    status: outcome.status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'Idempotency-Replayed': 'true' },
  });
});

evidenceRoutes.get(
  `${BASE}/file`,
  valueAccess(EVIDENCE_READ_PERMISSION),
  validator('query', (q) => parseBody(EvidenceFileQuery, q)),
  async (c) => {
    const { k, indicatorId } = c.var.value;
    const { row, body } = await fetchEvidence(
      c.env.DB,
      c.env.EVIDENCE,
      k,
      indicatorId,
      c.req.valid('query').id,
    );
    return new Response(body, {
      status: 200,
      headers: {
        // The recognised type, never HTML; the browser must save it, not render or sniff it.
        'Content-Type': row.content_type,
        'Content-Disposition': attachmentDisposition(row.file_name),
        'Content-Length': String(row.size),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
        ETag: `"${row.sha256}"`,
        'X-Evidence-SHA256': row.sha256,
      },
    });
  },
);
