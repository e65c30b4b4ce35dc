import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceItem } from '../../shared/conversation/api.ts';
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES } from '../../shared/conversation/rules.ts';
import { STRICT_CSP } from '../security-headers.ts';
import { addUser, BASE, call, count, db, dump, sheetPath, type TestUser } from './helpers.ts';
import { indicatorId, makePlan } from './plan-factory.ts';

/**
 * Evidence files on a KPI value (docs/conversation.md §2): upload to R2 with the metadata and SHA-256
 * in D1 and the history, list, download as an attachment only (RFC 5987 name, nosniff), every route ×
 * role, files judged by their bytes, the size limit with and without Content-Length, and no
 * department ever reaching another's file.
 */

const PLAN = 'file-plan';
const FY = 2022;
const SHARED_KPI = indicatorId(0, 0);
const OWN_KPI = indicatorId(3, 0);
const OTHER_KPI = indicatorId(2, 0);
const bucket = (env as unknown as { EVIDENCE: R2Bucket }).EVIDENCE;
let admin: TestUser;
let coord: TestUser;
let u1: TestUser;
let u2: TestUser;
let u3: TestUser;

const files = (dept: string, kpi: string) => `${sheetPath(PLAN, FY, dept)}/indicators/${kpi}/evidence`;
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));
const PDF = bytes('%PDF-1.7\n', '1 0 obj << >> endobj\n%%EOF\n');
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR....');
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF');
const XLSX = bytes([0x50, 0x4b, 0x03, 0x04], '....[Content_Types].xml....PK..xl/workbook.xml....');
const CSV = bytes('年度,実績\n2022,1161000\n');
const HTML = bytes('<!DOCTYPE html><script>alert(1)</script>');

async function upload(
  u: TestUser | null,
  dept: string,
  kpi: string,
  name: string | null,
  body: Uint8Array | ReadableStream<Uint8Array>,
  type = 'application/octet-stream',
) {
  const headers: Record<string, string> = { 'Content-Type': type };
  if (u) headers.Authorization = `Bearer ${u.token}`;
  const q = name === null ? '' : `?name=${encodeURIComponent(name)}`;
  const res = await SELF.fetch(`${BASE}/api${files(dept, kpi).slice(4)}${q}`, {
    method: 'POST',
    headers,
    body,
  });
  const text = await res.text();
  return {
    status: res.status,
    body: JSON.parse(text || 'null') as EvidenceItem & {
      code?: string;
      messages?: { ja: string; en: string };
    },
    headers: res.headers,
  };
}

async function download(u: TestUser | null, dept: string, kpi: string, id: string) {
  const res = await SELF.fetch(`${BASE}/api${files(dept, kpi).slice(4)}/file?id=${id}`, {
    headers: u ? { Authorization: `Bearer ${u.token}` } : {},
  });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const sha256 = async (b: Uint8Array) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', b))]
    .map((x) => x.toString(16).padStart(2, '0'))
    .join('');

beforeAll(async () => {
  admin = await addUser('admin', 'admin');
  const plan = makePlan({ id: PLAN, projects: 4, kpis: 2, years: 3, departments: 3, shared: true });
  expect((await call(admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
  coord = await addUser('coord', 'coordinator');
  u1 = await addUser('u1', 'department', ['dept-001']);
  u2 = await addUser('u2', 'department', ['dept-002']);
  u3 = await addUser('u3', 'department', ['dept-003']);
  expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear: FY })).status).toBe(201);
});

describe('every evidence route × role', () => {
  it('no token 401; admin lists and downloads but may not upload (403); another department 404; coordinator and own department allowed', async () => {
    const first = await upload(u1, 'dept-001', OWN_KPI, '根拠.pdf', PDF);
    expect(first.status).toBe(201);
    const id = first.body.id;
    const list = (u: TestUser | null) => call(u?.token ?? null, 'GET', files('dept-001', OWN_KPI));
    expect((await list(null)).status).toBe(401);
    expect((await upload(null, 'dept-001', OWN_KPI, 'a.pdf', PDF)).status).toBe(401);
    expect((await download(null, 'dept-001', OWN_KPI, id)).status).toBe(401);

    expect((await list(admin)).status).toBe(200);
    expect((await download(admin, 'dept-001', OWN_KPI, id)).status).toBe(200);
    const byAdmin = await upload(admin, 'dept-001', OWN_KPI, 'a.pdf', PDF);
    expect([byAdmin.status, byAdmin.body.code]).toEqual([403, 'forbidden']);

    for (const u of [coord, u1]) {
      expect((await list(u)).status).toBe(200);
      expect((await download(u, 'dept-001', OWN_KPI, id)).status).toBe(200);
      expect((await upload(u, 'dept-001', OWN_KPI, `${u.id}.pdf`, PDF)).status).toBe(201);
    }
    const missing = await call(u3.token, 'GET', files('no-such-dept', OWN_KPI));
    for (const res of [await list(u3), await upload(u3, 'dept-001', OWN_KPI, 'x.pdf', PDF)]) {
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body).replaceAll('dept-001', '{d}')).toBe(
        JSON.stringify(missing.body).replaceAll('no-such-dept', '{d}'),
      );
    }
    expect((await download(u3, 'dept-001', OWN_KPI, id)).status).toBe(404);
  });
});

describe('upload, list, download', () => {
  it('stores the bytes in R2 and the metadata (who, when, size, SHA-256, recognised type) in D1 and the history', async () => {
    const up = await upload(u1, 'dept-001', OWN_KPI, '令和4年度 実績調査（確定）.pdf', PDF, 'text/html');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      fileName: '令和4年度 実績調査（確定）.pdf',
      contentType: 'application/pdf', // judged from the bytes, not the claimed text/html
      size: PDF.byteLength,
      sha256: await sha256(PDF),
      uploadedBy: 'u1',
      departmentId: 'dept-001',
    });
    const row = await db
      .prepare('SELECT * FROM evidence WHERE id = ?')
      .bind(up.body.id)
      .first<Record<string, unknown>>();
    expect(row).toMatchObject({ size: PDF.byteLength, sha256: await sha256(PDF), uploaded_by: 'u1' });
    const object = await bucket.get(String(row?.r2_key));
    expect(new Uint8Array(await (object as R2ObjectBody).arrayBuffer())).toEqual(PDF);
    const h = await db
      .prepare(
        `SELECT action, user_id, after, hash FROM history WHERE request_id = (SELECT request_id FROM evidence WHERE id = ?)`,
      )
      .bind(up.body.id)
      .first<{ action: string; user_id: string; after: string; hash: string }>();
    expect(h?.action).toBe('evidence');
    expect(h?.user_id).toBe('u1');
    expect(JSON.parse(h?.after ?? '{}')).toMatchObject({ evidenceId: up.body.id, sha256: await sha256(PDF) });
    expect(h?.hash).toMatch(/^[0-9a-f]{64}$/);

    const list = await call<{ items: EvidenceItem[]; maxBytes: number }>(
      coord.token,
      'GET',
      files('dept-001', OWN_KPI),
    );
    expect(list.body.items.map((i) => i.id)).toContain(up.body.id);
    expect(list.body.maxBytes).toBe(EVIDENCE_MAX_BYTES);
  });

  it('downloads as an attachment only: RFC 5987 Japanese name, nosniff, strict CSP, the recognised type', async () => {
    const up = await upload(u1, 'dept-001', OWN_KPI, '../../資料/実績"調査".pdf', PDF);
    expect(up.body.fileName).toBe('実績_調査_.pdf');
    const got = await download(u1, 'dept-001', OWN_KPI, up.body.id);
    expect(got.status).toBe(200);
    expect(got.bytes).toEqual(PDF);
    expect(got.headers.get('Content-Type')).toBe('application/pdf');
    expect(got.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(got.headers.get('Content-Security-Policy')).toBe(STRICT_CSP);
    const cd = got.headers.get('Content-Disposition') ?? '';
    expect(cd).toMatch(/^attachment; /);
    expect(cd).toContain(`filename*=UTF-8''${encodeURIComponent('実績_調査_.pdf')}`);
    expect(cd).toMatch(/filename="[\x20-\x7e]+"/);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(cd)?.[1] ?? '')).toBe('実績_調査_.pdf');
  });

  it('accepts PDF, xlsx, CSV, PNG and JPEG by their bytes; refuses HTML (even named .csv or .pdf) and anything else: 422', async () => {
    const ok: [string, Uint8Array, string][] = [
      ['表.xlsx', XLSX, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['data.csv', CSV, 'text/csv'],
      ['写真.png', PNG, 'image/png'],
      ['写真.jpg', JPEG, 'image/jpeg'],
      ['名前だけ', PDF, 'application/pdf'],
    ];
    for (const [name, body, type] of ok) {
      const up = await upload(u1, 'dept-001', indicatorId(3, 1), name, body);
      expect([name, up.status, up.body.contentType]).toEqual([name, 201, type]);
    }
    expect((await upload(u1, 'dept-001', indicatorId(3, 1), '名前だけ', PDF)).body.fileName).toBe(
      '名前だけ.pdf',
    );
    const before = await dump();
    const r2Before = (await bucket.list()).objects.length;
    for (const [name, body] of [
      ['page.csv', HTML],
      ['page.pdf', HTML],
      ['page.html', HTML],
      ['tool.exe', bytes('MZ\x90\x00')],
      ['fake.xlsx', bytes([0x50, 0x4b, 0x03, 0x04], 'word/document.xml')],
      ['nul.csv', bytes('a,b\n', [0], 'c')],
    ] as const) {
      const up = await upload(u1, 'dept-001', indicatorId(3, 1), name, body);
      expect([name, up.status, up.body.code]).toEqual([name, 422, 'evidence_type_refused']);
      expect(up.body.messages?.ja).toContain('PDF'.toLowerCase());
    }
    const empty = await upload(u1, 'dept-001', indicatorId(3, 1), 'empty.pdf', new Uint8Array(0));
    expect([empty.status, empty.body.code]).toEqual([422, 'evidence_empty']);
    const noName = await upload(u1, 'dept-001', indicatorId(3, 1), null, PDF);
    expect(noName.status).toBe(400);
    expect(await dump()).toBe(before);
    expect((await bucket.list()).objects.length).toBe(r2Before);
  });

  it('over 10 MB: 413 naming the limit, with and without Content-Length; nothing stored', async () => {
    const before = await dump();
    const r2Before = (await bucket.list()).objects.length;
    const big = new Uint8Array(EVIDENCE_MAX_BYTES + 1);
    big.set(PDF);
    const sized = await upload(u1, 'dept-001', OWN_KPI, 'big.pdf', big);
    expect(sized.status).toBe(413);
    expect(sized.body.code).toBe('evidence_too_large');
    expect(sized.body.messages?.ja).toContain('10 MB');
    expect(sized.body.messages?.en).toContain('10 MB');
    const chunk = new Uint8Array(1024 * 1024);
    chunk.set(PDF);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > EVIDENCE_MAX_BYTES) return controller.close();
        controller.enqueue(chunk.slice());
        sent += chunk.byteLength;
      },
    });
    const chunked = await upload(u1, 'dept-001', OWN_KPI, 'big.pdf', stream);
    expect(chunked.status).toBe(413);
    expect(chunked.body.messages?.en).toContain('10 MB');
    // Exactly the limit is accepted.
    const exact = new Uint8Array(EVIDENCE_MAX_BYTES);
    exact.set(PDF);
    expect(await dump()).toBe(before);
    expect((await bucket.list()).objects.length).toBe(r2Before);
    expect((await upload(u1, 'dept-001', OWN_KPI, 'exact.pdf', exact)).status).toBe(201);
  });
});

describe('retries', () => {
  it('an upload retried with its Idempotency-Key (also racing) is stored once, in D1 and in R2', async () => {
    const kpi = indicatorId(3, 1);
    const n = await count('evidence');
    const r2 = (await bucket.list()).objects.length;
    const send = () =>
      SELF.fetch(`${BASE}/api${files('dept-001', kpi).slice(4)}?name=${encodeURIComponent('再送.pdf')}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${u1.token}`, 'Idempotency-Key': 'upload-1' },
        body: PDF,
      });
    const [a, b] = await Promise.all([send(), send()]);
    const c = await send();
    const bodies = [await a.json(), await b.json(), await c.json()] as EvidenceItem[];
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(new Set(bodies.map((x) => x.id)).size).toBe(1);
    expect(c.headers.get('Idempotency-Replayed')).toBe('true');
    expect(await count('evidence')).toBe(n + 1);
    expect((await bucket.list()).objects.length).toBe(r2 + 1);
  });
});

describe('no department reaches another’s file', () => {
  it('another department’s file through their own sheet and KPI: the 404 of an id that does not exist', async () => {
    const theirs = await upload(u3, 'dept-003', OTHER_KPI, '第3課.pdf', PDF);
    expect(theirs.status).toBe(201);
    const viaOwn = await download(u1, 'dept-001', OWN_KPI, theirs.body.id);
    const none = await download(u1, 'dept-001', OWN_KPI, 'no-such-file');
    expect(viaOwn.status).toBe(404);
    expect(new TextDecoder().decode(viaOwn.bytes).replaceAll(theirs.body.id, '{id}')).toBe(
      new TextDecoder().decode(none.bytes).replaceAll('no-such-file', '{id}'),
    );
    expect((await download(u1, 'dept-003', OTHER_KPI, theirs.body.id)).status).toBe(404);
    expect((await download(u1, 'dept-001', OTHER_KPI, theirs.body.id)).status).toBe(404);
    expect((await call(u1.token, 'GET', files('dept-003', OTHER_KPI))).status).toBe(404);
    expect((await download(coord, 'dept-003', OTHER_KPI, theirs.body.id)).status).toBe(200);
  });

  it('a shared project: the other department lists and downloads the file of the shared KPI', async () => {
    const up = await upload(u1, 'dept-001', SHARED_KPI, '共同.pdf', PDF);
    expect(up.status).toBe(201);
    const list = await call<{ items: EvidenceItem[] }>(u2.token, 'GET', files('dept-002', SHARED_KPI));
    expect(list.body.items.map((i) => i.id)).toContain(up.body.id);
    expect((await download(u2, 'dept-002', SHARED_KPI, up.body.id)).status).toBe(200);
    expect((await download(u3, 'dept-003', SHARED_KPI, up.body.id)).status).toBe(404);
  });
});

describe('limits of a value and of the cycle', () => {
  it(`at most ${EVIDENCE_MAX_FILES} files per value: the next is 422 and leaves nothing in R2`, async () => {
    const kpi = indicatorId(0, 1);
    const have = await count('evidence', 'indicator_id = ?', kpi);
    for (let i = have; i < EVIDENCE_MAX_FILES; i++)
      expect((await upload(u1, 'dept-001', kpi, `f${i}.png`, PNG)).status).toBe(201);
    const r2Before = (await bucket.list()).objects.length;
    const over = await upload(u1, 'dept-001', kpi, 'one-more.png', PNG);
    expect([over.status, over.body.code]).toEqual([422, 'evidence_limit_reached']);
    expect((await bucket.list()).objects.length).toBe(r2Before);
    expect(await count('evidence', 'indicator_id = ?', kpi)).toBe(EVIDENCE_MAX_FILES);
  });

  it('a locked cycle refuses uploads (423); files stay readable', async () => {
    expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles/${FY}/lock`)).status).toBe(200);
    const up = await upload(u1, 'dept-001', OWN_KPI, 'late.pdf', PDF);
    expect([up.status, up.body.code]).toEqual([423, 'cycle_locked']);
    expect((await call(u1.token, 'GET', files('dept-001', OWN_KPI))).status).toBe(200);
    expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles/${FY}/unlock`)).status).toBe(200);
  });
});
