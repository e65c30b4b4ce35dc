import type { ChainVerifyResponse } from '../../../shared/api.ts';
import { ct } from './console-messages.ts';
import type { Lang } from './i18n.ts';

/**
 * The console's check of a cycle's history (docs/conversation.md §4): the server recomputes every
 * department's hash chain (`GET …/audit/verify`); this turns its answer into what a coordinator
 * reads — 改ざんなし, or each break in words — and the heads to keep, since cutting off the last
 * entries breaks no link and only a head kept elsewhere shows it. Pure.
 */

export interface ChainRowView {
  departmentId: string;
  department: string;
  entries: string;
  head: string;
  ok: boolean;
  state: string;
}

export interface ChainCheckView {
  ok: boolean;
  headline: string;
  chains: ChainRowView[];
  breaks: { departmentId: string; entryId: number; text: string }[];
}

const BREAK_KEY = {
  content: 'chainBreakContent',
  link: 'chainBreakLink',
  unhashed: 'chainBreakUnhashed',
} as const;

/** `names`: department id → name (the cycle's status); an id not in it is shown as the id. */
export function selectChainCheck(
  r: ChainVerifyResponse,
  names: ReadonlyMap<string, string>,
  lang: Lang,
): ChainCheckView {
  const name = (id: string) => names.get(id) ?? id;
  // The server's `ok` is the verdict; a break listed under an `ok` answer would still be shown.
  const ok = r.ok && r.breaks.length === 0;
  const entries = r.chains.reduce((n, c) => n + c.chained, 0);
  return {
    ok,
    headline: ok
      ? ct(lang, 'chainIntact', { n: r.chains.length, entries })
      : ct(lang, 'chainBroken', { n: r.breaks.length }),
    chains: r.chains.map((c) => ({
      departmentId: c.departmentId,
      department: name(c.departmentId),
      entries: ct(lang, 'chainEntries', { chained: c.chained, unchained: c.unchained }),
      head: c.head ? c.head.slice(0, 16) : '—',
      ok: c.ok,
      state: ct(lang, c.ok ? 'chainOk' : 'chainNg'),
    })),
    breaks: r.breaks.map((b) => ({
      departmentId: b.departmentId,
      entryId: b.entryId,
      text: ct(lang, BREAK_KEY[b.kind], { department: name(b.departmentId), entry: b.entryId }),
    })),
  };
}
