import { describe, expect, it } from 'vitest';
import { sampleSheet } from '../../test-support/sample-sheet.ts';
import { toSaveOutcome } from '../app/controller.ts';
import { ApiClient } from './client.ts';

type Call = { url: string; init: RequestInit };

function client(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return respond({ url, init });
  }) as unknown as typeof fetch;
  return { api: new ApiClient('https://x.example/', async () => 'tok', fetchImpl), calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the API client', () => {
  it('sends the token, If-Match and Idempotency-Key with a save', async () => {
    const { api, calls } = client(() =>
      json(200, { revision: 4, status: 'draft', changedCells: 1, warnings: [] }),
    );
    const r = await api.save('plan-1', 2023, 'd-1', { actuals: [], activities: [] }, 3, 'key-1');
    expect(r).toEqual({ ok: true, value: { revision: 4, status: 'draft', changedCells: 1, warnings: [] } });
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(calls[0]!.url).toBe('https://x.example/api/plans/plan-1/cycles/2023/submissions/d-1');
    expect(calls[0]!.init.method).toBe('PATCH');
    expect(headers).toMatchObject({
      Authorization: 'Bearer tok',
      'If-Match': '"3"',
      'Idempotency-Key': 'key-1',
    });
  });

  it('turns failures into outcomes the sync engine acts on, never exceptions', async () => {
    const problem = {
      type: 't',
      title: 'x',
      status: 409,
      detail: 'd',
      code: 'stale',
      messages: { ja: '古い', en: 'stale' },
    };
    const cases: [Response | Error, string][] = [
      [new TypeError('Failed to fetch'), 'retry'],
      [json(503, { ...problem, status: 503 }), 'retry'],
      [json(409, { ...problem, currentRevision: 5 }), 'conflict'],
      [json(422, { ...problem, status: 422, problems: [] }), 'rejected'],
      [json(423, { ...problem, status: 423 }), 'refused'],
      [new Response('<html>', { status: 502 }), 'retry'],
    ];
    for (const [response, kind] of cases) {
      const { api } = client(() => {
        if (response instanceof Error) throw response;
        return response;
      });
      expect(
        toSaveOutcome(await api.save('p', 2023, 'd', { actuals: [], activities: [] }, 1, 'k')).kind,
      ).toBe(kind);
    }
  });

  it('parses the sheet with shared/api.ts, earlier cycles included', async () => {
    const earlierCycles = [
      { fiscalYear: 2022, actuals: [{ indicatorId: 'k-pv', value: '10', basis: 'year', footnotes: [] }] },
    ];
    const { api } = client(() => json(200, { ...sampleSheet(), earlierCycles }));
    const r = await api.sheet('plan-1', 2023, 'd-kanko');
    expect(r.ok && r.value.earlierCycles).toEqual(earlierCycles);
    expect(r.ok && r.value.department.id).toBe('d-kanko');
    const { earlierCycles: _, ...withoutEarlier } = sampleSheet();
    expect((await client(() => json(200, withoutEarlier)).api.sheet('plan-1', 2023, 'd-kanko')).ok).toBe(
      false,
    );
    const bad = client(() => json(200, { nope: true }));
    const broken = await bad.api.sheet('plan-1', 2023, 'd-kanko');
    expect(broken.ok).toBe(false);
  });

  it('asks how to sign in without a token, with the schema of shared/api.ts', async () => {
    const entra = { clientId: 'addin-app', tenantId: 'tenant', scopes: ['api://shinchoku/Shinchoku.Access'] };
    const { api, calls } = client(() => json(200, { entra }));
    expect(await api.authConfig()).toEqual({ ok: true, value: { entra } });
    expect(calls[0]!.url).toBe('https://x.example/api/auth/config');
    expect((calls[0]!.init.headers as Record<string, string>).Authorization).toBeUndefined();
    expect((await client(() => json(200, { entra: null })).api.authConfig()).ok).toBe(true);
    expect((await client(() => json(200, { entra: { ...entra, scopes: [] } })).api.authConfig()).ok).toBe(
      false,
    );
  });
});
