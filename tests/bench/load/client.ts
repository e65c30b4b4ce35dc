import { backoffDelay } from '../../../addin/src/app/backoff.ts';

/**
 * One simulated department client: saves a few KPI values at a time and now and then submits
 * (and withdraws, to keep working), the way the add-in sends them: If-Match with the revision it
 * knows, an Idempotency-Key per request kept across retries, backoff on network errors, 5xx and
 * 429, and on 409 a fresh copy of the sheet and the same edits sent again as a new request.
 */
export interface Ack {
  kind: 'save' | 'submit' | 'reopen' | 'comment';
  departmentId: string;
  key: string;
  revision: number;
  /** indicatorId → value, for saves; indicatorId → the comment's text, for a comment. */
  cells: Record<string, string>;
}

export interface Sample {
  kind: string;
  status: number;
  ms: number;
}

export interface Shared {
  baseUrl: string;
  planId: string;
  fiscalYear: number;
  deadline: number;
  thinkMs: number;
  submitEvery: number;
  /** Every this many steps a client posts a comment on one of its KPIs instead of saving. */
  commentEvery: number;
  acks: Ack[];
  samples: Sample[];
  /** Writes given up: refused for good, or the sheet no longer editable after a refetch. */
  abandoned: Record<string, number>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAX_ATTEMPTS = 8;

interface Sheet {
  submission: { revision: number; status: string };
  projects: { id: string; indicators: { id: string }[] }[];
}

export async function runClient(
  s: Shared,
  index: number,
  departmentId: string,
  token: string,
): Promise<void> {
  const path = `/api/plans/${s.planId}/cycles/${s.fiscalYear}/submissions/${departmentId}`;
  let seq = 0;
  let revision = 0;
  let status = 'draft';
  let indicators: string[] = [];
  let projects: string[] = [];

  async function request(
    kind: string,
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: unknown,
  ) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${s.baseUrl}${url}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
      s.samples.push({ kind, status: res.status, ms: performance.now() - t0 });
      return { status: res.status, json };
    } catch {
      s.samples.push({ kind, status: 0, ms: performance.now() - t0 });
      return { status: 0, json: null };
    }
  }

  async function refetch(kind = 'read'): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const res = await request(kind, 'GET', path, {});
      if (res.status === 200 && res.json) {
        const sheet = res.json as unknown as Sheet;
        revision = sheet.submission.revision;
        status = sheet.submission.status;
        indicators = sheet.projects.flatMap((p) => p.indicators.map((i) => i.id));
        projects = sheet.projects.map((p) => p.id);
        return;
      }
      await sleep(backoffDelay(attempt));
    }
  }

  /** One write as the add-in sends it; the same key on every retry of the same request. */
  async function write(
    kind: Ack['kind'],
    url: string,
    body: unknown,
    cells: Record<string, string>,
  ): Promise<boolean> {
    let key = crypto.randomUUID();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && Date.now() < s.deadline + 30_000; attempt++) {
      const method = kind === 'save' ? 'PATCH' : 'POST';
      const res = await request(
        kind,
        method,
        url,
        { 'If-Match': `"${revision}"`, 'Idempotency-Key': key },
        body,
      );
      if (res.status === 200 && res.json) {
        revision = Number(res.json.revision);
        status = String(res.json.status);
        s.acks.push({ kind, departmentId, key, revision, cells });
        return true;
      }
      if (res.status === 409) {
        // Someone else moved the sheet: take the server's copy, apply my edits again, new request.
        await refetch();
        if (kind !== 'save' || status !== 'draft') return giveUp(`${kind} 409`);
        key = crypto.randomUUID();
        continue;
      }
      if (res.status === 0 || res.status >= 500 || res.status === 429) {
        await sleep(backoffDelay(attempt));
        continue;
      }
      return giveUp(`${kind} ${res.status}`);
    }
    return giveUp(`${kind} retries exhausted`);
  }

  /**
   * A comment as the add-in would post it: an Idempotency-Key kept across retries (a retry after a
   * lost answer is stored once); comments move no revision, so no If-Match and no 409 from a save.
   */
  async function comment(indicatorId: string, text: string): Promise<boolean> {
    const key = crypto.randomUUID();
    const url = `${path}/comments?indicatorId=${indicatorId}`;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && Date.now() < s.deadline + 30_000; attempt++) {
      const res = await request('comment', 'POST', url, { 'Idempotency-Key': key }, { text });
      if (res.status === 201) {
        s.acks.push({ kind: 'comment', departmentId, key, revision: 0, cells: { [indicatorId]: text } });
        return true;
      }
      // 409 history_busy: nothing stored, many writers on the sheet at once; 5xx, 429, network: retry.
      if (res.status === 0 || res.status === 409 || res.status >= 500 || res.status === 429) {
        await sleep(backoffDelay(attempt));
        continue;
      }
      return giveUp(`comment ${res.status}`);
    }
    return giveUp('comment retries exhausted');
  }

  function giveUp(why: string): false {
    s.abandoned[why] = (s.abandoned[why] ?? 0) + 1;
    return false;
  }

  /** The values a save of these cells sends, as the add-in sends a typed figure. */
  const actualsOf = (cells: Record<string, string>) =>
    Object.entries(cells).map(([indicatorId, value]) => ({
      indicatorId,
      value,
      basis: 'year',
      footnotes: [],
    }));

  // Every client opens its sheet at the same moment: a burst of 100 reads, reported apart ('open').
  await refetch('open');
  // A sheet is submitted only when complete (shared/workflow/completeness.ts): fill every KPI and
  // every project's 主な取組 once, as a department does before its first 提出.
  const first: Record<string, string> = {};
  indicators.forEach((id, j) => {
    first[id] = `2${String(index).padStart(3, '0')}${String(j).padStart(6, '0')}`;
  });
  const activities = projects.map((projectId) => ({ projectId, text: '・負荷試験の取組' }));
  if (indicators.length > 0) await write('save', path, { actuals: actualsOf(first), activities }, first);
  while (Date.now() < s.deadline) {
    await sleep(s.thinkMs * (0.5 + Math.random()));
    if (Date.now() >= s.deadline) break;
    seq++;
    if (s.commentEvery > 0 && seq % s.commentEvery === 5 % s.commentEvery && indicators.length > 0) {
      const id = indicators[Math.floor(Math.random() * indicators.length)] as string;
      await comment(id, `負荷試験のコメント c${index}-${seq}\n二行目`);
      continue;
    }
    if (seq % s.submitEvery === 0 && status === 'draft') {
      if (await write('submit', `${path}/submit`, {}, {})) await write('reopen', `${path}/reopen`, {}, {});
      continue;
    }
    if (status !== 'draft') {
      await refetch();
      if (status === 'submitted') await write('reopen', `${path}/reopen`, {}, {});
      continue;
    }
    const cells: Record<string, string> = {};
    const n = 1 + Math.floor(Math.random() * 3);
    for (let j = 0; j < n && indicators.length > 0; j++) {
      const id = indicators[Math.floor(Math.random() * indicators.length)] as string;
      // Unique over the whole run: client number, then this client's counter.
      cells[id] = `1${String(index).padStart(3, '0')}${String(seq).padStart(6, '0')}${j}`;
    }
    await write('save', path, { actuals: actualsOf(cells) }, cells);
  }
}
