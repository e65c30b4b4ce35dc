import type { Ack } from './client.ts';

/**
 * After the load: the database against what the clients were told. Every acknowledged cell must
 * be in the history exactly once with the revision the client got; nothing may be stored that no
 * client was told about; each KPI's history must chain (each "before" is the previous "after") and
 * end at the stored value; every acknowledged submit and reopen must be recorded once.
 */
export interface HistoryRow {
  id: number;
  department_id: string;
  indicator_id: string | null;
  action: string;
  field: string | null;
  before: string | null;
  after: string | null;
  revision: number;
}

export interface Verification {
  ackedSaves: number;
  ackedCells: number;
  storedValueEdits: number;
  missing: number;
  duplicated: number;
  wrongRevision: number;
  unacknowledged: number;
  chainBreaks: number;
  finalMismatches: number;
  workflow: { acked: number; stored: number; mismatchedDepartments: number };
  /** Comments: each acknowledged one stored once (a version and a history entry), none unacknowledged. */
  comments: { acked: number; stored: number; missing: number; duplicated: number; unacknowledged: number };
  ok: boolean;
}

/** A stored comment version: its thread's department and KPI, and its text. */
export interface CommentRow {
  department_id: string;
  target_id: string;
  text: string;
}

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

/**
 * Every acknowledged comment is stored once as a comment and once as a history entry of its sheet,
 * and nothing is stored that no client was told about.
 */
function verifyComments(acks: readonly Ack[], history: readonly HistoryRow[], stored: readonly CommentRow[]) {
  const key = (dept: string, kpi: string | null, text: string) => `${dept}|${kpi}|${text}`;
  const tally = (keys: string[]) => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const versions = tally(stored.map((c) => key(c.department_id, c.target_id, c.text)));
  const entries = tally(
    history
      .filter((h) => h.action === 'comment')
      .map((h) => key(h.department_id, h.indicator_id, String((parse(h.after) as { text?: string })?.text))),
  );
  const acked = acks.filter((a) => a.kind === 'comment');
  const told = new Set<string>();
  let missing = 0;
  let duplicated = 0;
  for (const a of acked)
    for (const [kpi, text] of Object.entries(a.cells)) {
      const k = key(a.departmentId, kpi, text);
      told.add(k);
      const n = Math.min(versions.get(k) ?? 0, entries.get(k) ?? 0);
      if (n === 0) missing++;
      if ((versions.get(k) ?? 0) > 1 || (entries.get(k) ?? 0) > 1) duplicated++;
    }
  const unacknowledged = [...new Set([...versions.keys(), ...entries.keys()])].filter(
    (k) => !told.has(k),
  ).length;
  return { acked: acked.length, stored: stored.length, missing, duplicated, unacknowledged };
}

export function verify(
  acks: readonly Ack[],
  history: readonly HistoryRow[],
  actuals: readonly { indicator_id: string; value: string | null }[],
  comments: readonly CommentRow[] = [],
): Verification {
  const edits = history.filter((h) => h.action === 'save' && h.field === 'value' && h.indicator_id);
  const byCell = new Map<string, HistoryRow[]>();
  for (const h of edits) {
    const key = `${h.indicator_id}|${String(parse(h.after))}`;
    byCell.set(key, [...(byCell.get(key) ?? []), h]);
  }
  const saves = acks.filter((a) => a.kind === 'save');
  let ackedCells = 0;
  let missing = 0;
  let duplicated = 0;
  let wrongRevision = 0;
  const matched = new Set<number>();
  for (const ack of saves)
    for (const [indicatorId, value] of Object.entries(ack.cells)) {
      ackedCells++;
      const rows = byCell.get(`${indicatorId}|${value}`) ?? [];
      if (rows.length === 0) missing++;
      if (rows.length > 1) duplicated++;
      for (const r of rows) {
        matched.add(r.id);
        if (r.revision !== ack.revision || r.department_id !== ack.departmentId) wrongRevision++;
      }
    }
  const unacknowledged = edits.filter((h) => !matched.has(h.id)).length;

  let chainBreaks = 0;
  const last = new Map<string, unknown>();
  for (const h of [...edits].sort((a, b) => a.id - b.id)) {
    const id = h.indicator_id as string;
    if (JSON.stringify(parse(h.before)) !== JSON.stringify(last.get(id) ?? null)) chainBreaks++;
    last.set(id, parse(h.after));
  }
  let finalMismatches = 0;
  const stored = new Map(actuals.map((a) => [a.indicator_id, a.value]));
  for (const [id, value] of last) if (stored.get(id) !== value) finalMismatches++;

  const steps = acks.filter((a) => a.kind === 'submit' || a.kind === 'reopen');
  const count = (rows: { departmentId: string; kind: string }[]) => {
    const m = new Map<string, number>();
    for (const r of rows)
      m.set(`${r.departmentId}|${r.kind}`, (m.get(`${r.departmentId}|${r.kind}`) ?? 0) + 1);
    return m;
  };
  const ackedSteps = count(steps);
  const storedSteps = count(
    history
      .filter((h) => h.action === 'submit' || h.action === 'reopen')
      .map((h) => ({ departmentId: h.department_id, kind: h.action })),
  );
  let mismatchedDepartments = 0;
  for (const key of new Set([...ackedSteps.keys(), ...storedSteps.keys()]))
    if (ackedSteps.get(key) !== storedSteps.get(key)) mismatchedDepartments++;

  const result = {
    ackedSaves: saves.length,
    ackedCells,
    storedValueEdits: edits.length,
    missing,
    duplicated,
    wrongRevision,
    unacknowledged,
    chainBreaks,
    finalMismatches,
    workflow: {
      acked: steps.length,
      stored: [...storedSteps.values()].reduce((a, b) => a + b, 0),
      mismatchedDepartments,
    },
    comments: verifyComments(acks, history, comments),
  };
  const ok =
    missing +
      duplicated +
      wrongRevision +
      unacknowledged +
      chainBreaks +
      finalMismatches +
      mismatchedDepartments +
      result.comments.missing +
      result.comments.duplicated +
      result.comments.unacknowledged ===
    0;
  return { ...result, ok };
}
