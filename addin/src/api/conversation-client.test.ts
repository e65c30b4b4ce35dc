import { describe, expect, it } from 'vitest';
import { ConversationClient, type ThreadRef } from './conversation-client.ts';

type Call = { url: string; init: RequestInit };

function client(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetchImpl = (async (url: string, init: RequestInit = {}) => {
    calls.push({ url, init });
    return respond({ url, init });
  }) as unknown as typeof fetch;
  return { api: new ConversationClient('https://x.example/', async () => 'tok', fetchImpl), calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const SHEET = 'https://x.example/api/plans/plan%201/cycles/2024/submissions/d-1';
const KPI: ThreadRef = {
  planId: 'plan 1',
  fiscalYear: 2024,
  departmentId: 'd-1',
  kind: 'indicator',
  targetId: 'i-1',
};
const comment = {
  id: 'c1',
  createdAt: '2024-05-01T00:00:00Z',
  createdBy: 'u1',
  createdByName: '山田',
  text: '確認しました',
  edited: false,
  versions: [
    { version: 1, text: '確認しました', at: '2024-05-01T00:00:00Z', userId: 'u1', userName: '山田' },
  ],
};
const headersOf = (c: Call) => c.init.headers as Record<string, string>;

describe('the conversation client', () => {
  it('reads a KPI’s or a project’s thread by its query, with the token', async () => {
    const { api, calls } = client(() =>
      json(200, {
        planId: 'plan 1',
        fiscalYear: 2024,
        departmentId: 'd-1',
        targetKind: 'project',
        targetId: 'p-1',
        comments: [comment],
        unread: 1,
      }),
    );
    const r = await api.thread({ ...KPI, kind: 'project', targetId: 'p-1' });
    expect(r.ok && r.value.comments[0]?.text).toBe('確認しました');
    await api.thread(KPI);
    expect(calls.map((c) => [c.init.method, c.url])).toEqual([
      ['GET', `${SHEET}/comments?projectId=p-1`],
      ['GET', `${SHEET}/comments?indicatorId=i-1`],
    ]);
    expect(headersOf(calls[0]!).Authorization).toBe('Bearer tok');
  });

  it('posts with the Idempotency-Key, edits with PATCH, marks read with an empty body', async () => {
    const { api, calls } = client((c) =>
      c.url.includes('/read')
        ? json(200, { unread: 0, lastSeq: 3 })
        : json(c.init.method === 'POST' ? 201 : 200, comment),
    );
    expect((await api.post(KPI, '確認しました', 'k-1')).ok).toBe(true);
    expect((await api.edit(KPI, 'c1', '確認しました')).ok).toBe(true);
    expect(await api.markRead(KPI)).toEqual({ ok: true, value: { unread: 0, lastSeq: 3 } });
    expect(calls.map((c) => [c.init.method, c.url, c.init.body])).toEqual([
      ['POST', `${SHEET}/comments?indicatorId=i-1`, '{"text":"確認しました"}'],
      ['PATCH', `${SHEET}/comments?indicatorId=i-1`, '{"commentId":"c1","text":"確認しました"}'],
      ['POST', `${SHEET}/comments/read?indicatorId=i-1`, '{}'],
    ]);
    expect(headersOf(calls[0]!)).toMatchObject({
      'Idempotency-Key': 'k-1',
      'Content-Type': 'application/json',
    });
  });

  it('uploads the file’s bytes as the body with its name as ?name=', async () => {
    const item = {
      id: 'e1',
      fiscalYear: 2024,
      indicatorId: 'i-1',
      departmentId: 'd-1',
      fileName: '根拠 資料.pdf',
      contentType: 'application/pdf',
      size: 8,
      sha256: 'a'.repeat(64),
      uploadedAt: '2024-05-01T00:00:00Z',
      uploadedBy: 'u1',
      uploadedByName: null,
    };
    const { api, calls } = client(() => json(201, item));
    const file = new Blob(['%PDF-1.7']);
    expect(await api.uploadEvidence(KPI_VALUE, file, '根拠 資料.pdf', 'application/pdf')).toEqual({
      ok: true,
      value: item,
    });
    expect(calls[0]!.url).toBe(
      `${SHEET}/indicators/i-1/evidence?name=${encodeURIComponent('根拠 資料.pdf')}`,
    );
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.body).toBe(file);
    expect(headersOf(calls[0]!)['Content-Type']).toBe('application/pdf');
  });

  it('downloads an evidence file and the story’s CSV or HTML through the pane’s download (token, Blob)', async () => {
    const { api, calls } = client(
      () => new Response('bytes', { status: 200, headers: { 'content-type': 'text/csv' } }),
    );
    const file = await api.downloadEvidence(KPI_VALUE, 'e 1');
    expect(file.ok && (await file.value.text())).toBe('bytes');
    await api.downloadStory('plan 1', 'i-1', 'csv', 2024);
    await api.downloadStory('plan 1', 'i-1', 'html');
    expect(calls.map((c) => c.url)).toEqual([
      `${SHEET}/indicators/i-1/evidence/file?id=e%201`,
      'https://x.example/api/plans/plan%201/indicators/i-1/audit?fy=2024&format=csv',
      'https://x.example/api/plans/plan%201/indicators/i-1/audit?format=html',
    ]);
    expect(headersOf(calls[0]!).Authorization).toBe('Bearer tok');
  });

  it('a refusal is the server’s problem document; an unexpected body is a 502; offline is a network failure', async () => {
    const problem = {
      type: 'about:blank',
      title: 'Unprocessable',
      status: 422,
      detail: 'text: コメントが空です。',
      code: 'comment_invalid',
      messages: { ja: 'text: コメントが空です。', en: 'text: The comment is empty.' },
    };
    const { api } = client((c) =>
      c.init.method === 'POST' ? json(422, problem) : json(200, { planId: 'x' /* not an UnreadResponse */ }),
    );
    const refused = await api.post(KPI, ' ', 'k');
    expect(refused.ok === false && refused.kind === 'http' && [refused.status, refused.problem.code]).toEqual(
      [422, 'comment_invalid'],
    );
    const odd = await api.unread('plan 1', 2024);
    expect(odd.ok === false && odd.kind === 'http' && odd.status).toBe(502);
    expect(odd.ok === false && odd.kind === 'http' && odd.problem.messages.ja).toContain('/comments/unread');

    const down = new ConversationClient('https://x.example', async () => null, (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch);
    expect(await down.verifyChains('p', 2024)).toEqual({
      ok: false,
      kind: 'network',
      message: 'Failed to fetch',
    });
  });

  it('a return that points at KPIs sends them with the reviewed revision', async () => {
    const { api, calls } = client(() =>
      json(200, { status: 'returned', revision: 8, comment: '指標を確認' }),
    );
    const r = await api.returnPointingAt(
      { planId: 'plan 1', fiscalYear: 2024, departmentId: 'd-1' },
      { comment: '指標を確認', indicatorIds: ['i-1', 'i-2'] },
      { ifMatch: 7, idempotencyKey: 'k' },
    );
    expect(r.ok).toBe(true);
    expect(calls[0]!.url).toBe(`${SHEET}/return`);
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({
      comment: '指標を確認',
      indicatorIds: ['i-1', 'i-2'],
    });
    expect(headersOf(calls[0]!)).toMatchObject({ 'If-Match': '"7"', 'Idempotency-Key': 'k' });
  });
});

const KPI_VALUE = { planId: 'plan 1', fiscalYear: 2024, departmentId: 'd-1', indicatorId: 'i-1' };
