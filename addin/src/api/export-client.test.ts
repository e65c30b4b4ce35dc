import { describe, expect, it } from 'vitest';
import { buildExportModels } from '../../../shared/render/export.ts';
import { loadPlan } from '../../../tests/shared/load.ts';
import { ApiClient } from './client.ts';
import { fetchTableModel } from './export-client.ts';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function client(respond: (url: string) => Response) {
  const urls: string[] = [];
  const fetchImpl = (async (url: string) => {
    urls.push(url);
    return respond(url);
  }) as unknown as typeof fetch;
  return { api: new ApiClient('https://x.example', async () => 'tok', fetchImpl), urls };
}

describe('fetchTableModel', () => {
  const [model] = buildExportModels(loadPlan('sendai-2023.plan.json'), ['projects']);

  it('asks the export route for JSON and returns the table model as sent', async () => {
    const { api, urls } = client(() => json(200, model));
    const r = await fetchTableModel(api, 'sendai 2023', 2023, 'projects');
    expect(urls).toEqual([
      'https://x.example/api/plans/sendai%202023/cycles/2023/export?table=projects&format=json',
    ]);
    expect(r).toEqual({ ok: true, value: JSON.parse(JSON.stringify(model)) });
  });

  it('refuses a body that is not the table asked for, with a message in both languages', async () => {
    for (const body of [{ ...model, blocks: [{ id: 'x' }] }, { ...model, kind: 'goals' }, 'not json']) {
      const { api } = client(() => json(200, body));
      const r = await fetchTableModel(api, 'p', 2023, 'projects');
      expect(r.ok).toBe(false);
      if (!r.ok && r.kind === 'http') {
        expect(r.status).toBe(502);
        expect(r.problem.messages.ja).toContain('進捗状況');
        expect(r.problem.messages.en).toContain('projects');
      }
    }
  });

  it('passes the server’s problem through (a plan without an earlier version has no 新旧対照表)', async () => {
    const messages = { ja: '新旧対照表は作れません。', en: 'no 新旧対照表' };
    const problem = {
      type: 'about:blank',
      title: 'x',
      status: 404,
      detail: messages.ja,
      code: 'no_previous_version',
      messages,
    };
    const { api } = client(() => json(404, problem));
    const r = await fetchTableModel(api, 'p', 2023, 'revision');
    expect(r).toMatchObject({
      ok: false,
      kind: 'http',
      status: 404,
      problem: { code: 'no_previous_version', messages },
    });
  });
});
