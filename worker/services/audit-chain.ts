import { ChainBreak, type ChainVerifyResponse } from '../../shared/conversation/api.ts';
import { CHAIN_FORMAT, verifyChain } from '../../shared/conversation/chain.ts';
import { cycleExistsQuery } from '../db/comments.ts';
import { readCycleChains } from '../db/history.ts';
import { cycleNotFound } from '../refusals.ts';

/**
 * Verifies the hash chain of every submission of a cycle (docs/conversation.md §4): each broken link
 * or altered entry is reported with its department, entry id and the hash expected and found.
 * Entries written before hashing began are counted as unchained, not as broken.
 */
export async function verifyCycleChains(
  db: D1Database,
  planId: string,
  fy: number,
): Promise<ChainVerifyResponse> {
  const [cycle] = await db.batch([cycleExistsQuery(db, planId, fy)]);
  if (!cycle?.results?.length) throw cycleNotFound(planId, fy);
  const chains = await readCycleChains(db, planId, fy);
  const report: ChainVerifyResponse = {
    planId,
    fiscalYear: fy,
    format: CHAIN_FORMAT,
    ok: true,
    chains: [],
    breaks: [],
  };
  for (const [departmentId, entries] of chains) {
    const r = await verifyChain(entries);
    report.chains.push({
      departmentId,
      entries: r.entries,
      unchained: r.unchained,
      chained: r.chained,
      head: r.head,
      ok: r.breaks.length === 0,
    });
    report.breaks.push(...r.breaks.map((b) => ChainBreak.parse({ departmentId, ...b })));
  }
  report.ok = report.breaks.length === 0;
  return report;
}
