import type { SaveValuesRequest, SheetResponse } from '../../shared/api.ts';
import type { ApiClient, ApiResult } from '../src/api/client.ts';
import { sampleSheet } from './sample-sheet.ts';

/**
 * The worker as far as a department's pane needs it: serves the sheet, stores saves (whole rows,
 * as the worker does), replays an Idempotency-Key it already stored, and can drop off the network.
 */
export class FakeServer {
  revision = 3;
  readonly data = sampleSheet({ kpis: 6 });
  /** Every save the server applied (a replay is not applied again). */
  readonly applied: { key: string; body: SaveValuesRequest }[] = [];
  /** Every request that reached it, replays included. */
  readonly requests: string[] = [];
  /** history: one entry per stored indicator value or activities text, as the worker records. */
  readonly history: { indicatorId?: string; projectId?: string; after: unknown }[] = [];
  readonly #replay = new Map<string, number>();
  online = true;
  /** The next save is stored, but its response is lost on the way back. */
  dropNextResponse = false;

  sheet(): ApiResult<SheetResponse> {
    if (!this.online) return { ok: false, kind: 'network', message: 'Failed to fetch' };
    return {
      ok: true,
      value: structuredClone({
        ...this.data,
        submission: { ...this.data.submission, revision: this.revision },
      }),
    };
  }

  save(body: SaveValuesRequest, ifMatch: number, key: string) {
    if (!this.online) return { ok: false as const, kind: 'network' as const, message: 'Failed to fetch' };
    this.requests.push(key);
    const replayed = this.#replay.get(key);
    if (replayed !== undefined) return this.#ok(replayed);
    if (ifMatch !== this.revision) throw new Error(`stale If-Match ${ifMatch} (server at ${this.revision})`);
    this.revision++;
    this.applied.push({ key, body });
    for (const a of body.actuals) {
      this.data.actuals = [...this.data.actuals.filter((x) => x.indicatorId !== a.indicatorId), a];
      this.history.push({ indicatorId: a.indicatorId, after: a });
    }
    for (const a of body.activities) {
      this.data.activities = [...this.data.activities.filter((x) => x.projectId !== a.projectId), a];
      this.history.push({ projectId: a.projectId, after: a.text });
    }
    this.#replay.set(key, this.revision);
    if (this.dropNextResponse) {
      this.dropNextResponse = false;
      return { ok: false as const, kind: 'network' as const, message: 'connection reset' };
    }
    return this.#ok(this.revision);
  }

  #ok(revision: number) {
    return {
      ok: true as const,
      value: { revision, status: 'draft' as const, changedCells: 1, warnings: [] },
    };
  }

  api(): ApiClient {
    return {
      sheet: async () => this.sheet(),
      save: async (
        _p: string,
        _fy: number,
        _d: string,
        body: SaveValuesRequest,
        ifMatch: number,
        key: string,
      ) => this.save(body, ifMatch, key),
    } as unknown as ApiClient;
  }

  value(indicatorId: string): string | null | undefined {
    return this.data.actuals.find((a) => a.indicatorId === indicatorId)?.value;
  }
}
