import type { ChainVerifyResponse } from '../conversation/api.ts';
import type { Message } from '../problem.ts';
import { parseCommandArgs, yearOf } from './args.ts';
import { type CliError, type CliIo, dataError, EXIT_DATA, EXIT_OK, usageError } from './io.ts';

/**
 * `shinchoku audit verify --base-url … --token … --plan … --year …`: asks a Shinchoku server to verify
 * the hash chain of every submission's history in a cycle (GET /api/plans/{plan}/cycles/{fy}/audit/verify,
 * docs/conversation.md §4), prints one line per chain and one per break, and exits 1 when a chain is
 * broken (0 when all are intact), so a scheduled job or an auditor's script can act on it.
 */

const OPTIONS = ['base-url', 'token', 'plan', 'year'];

const required = (option: string, example: string): Message => ({
  ja: `${option} を指定してください（例: ${option} ${example}）`,
  en: `Give ${option}, e.g. ${option} ${example}.`,
});

function optionOf(options: Map<string, string>, name: string, example: string): string {
  const value = options.get(name);
  if (value === undefined) throw usageError(required(`--${name}`, example));
  return value;
}

const short = (hash: string | null) => (hash === null ? '（なし / none）' : hash.slice(0, 16));

/** The server's refusal as one line, or the network failure. */
async function failure(res: Response): Promise<CliError> {
  let messages: Message | null = null;
  try {
    messages = ((await res.json()) as { messages?: Message }).messages ?? null;
  } catch {
    messages = null;
  }
  return dataError(
    messages
      ? {
          ja: `サーバーが拒否しました（${res.status}）: ${messages.ja}`,
          en: `The server refused (${res.status}): ${messages.en}`,
        }
      : {
          ja: `サーバーの応答が読めません（${res.status}）`,
          en: `Unreadable answer from the server (${res.status}).`,
        },
  );
}

export async function runAudit(
  argv: readonly string[],
  io: CliIo,
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify')
    throw usageError({
      ja: 'audit のあとに verify を指定してください（例: shinchoku audit verify --base-url … --token … --plan … --year 2023）',
      en: 'Use "shinchoku audit verify --base-url … --token … --plan … --year 2023".',
    });
  const args = parseCommandArgs('audit verify', rest, OPTIONS);
  const baseUrl = optionOf(args.options, 'base-url', 'https://shinchoku.example.jp');
  const token = optionOf(args.options, 'token', 'shk_…');
  const plan = optionOf(args.options, 'plan', 'sendai-2023');
  const year = yearOf(args);
  if (year === undefined) throw usageError(required('--year', '2023'));
  let url: URL;
  try {
    url = new URL(`/api/plans/${encodeURIComponent(plan)}/cycles/${year}/audit/verify`, baseUrl);
  } catch {
    throw usageError({
      ja: `--base-url「${baseUrl}」は URL として読めません`,
      en: `--base-url "${baseUrl}" is not a URL.`,
    });
  }
  let res: Response;
  try {
    res = await fetchImpl(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  } catch (e) {
    throw dataError({
      ja: `サーバーに接続できません（${url.origin}）: ${e instanceof Error ? e.message : String(e)}`,
      en: `Cannot reach the server (${url.origin}): ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  if (!res.ok) throw await failure(res);
  const report = (await res.json()) as ChainVerifyResponse;
  for (const c of report.chains)
    io.stdout(
      `${c.ok ? 'OK  ' : 'NG  '} ${c.departmentId}: ${c.chained} 件連鎖 / chained, ${c.unchained} 件未連鎖 / unchained, head ${short(c.head)}\n`,
    );
  for (const b of report.breaks)
    io.stdout(
      `改ざんの疑い / broken: ${b.departmentId} 履歴 #${b.entryId} (${b.kind}) 期待 / expected ${short(b.expected)} 実際 / found ${short(b.found)}\n`,
    );
  if (report.ok) {
    io.stdout(
      `履歴の連鎖はすべて正常です（${report.chains.length} 担当課） / every chain is intact (${report.chains.length} departments)\n`,
    );
    return EXIT_OK;
  }
  io.stderr(
    `shinchoku: 履歴の連鎖に ${report.breaks.length} 件の不整合があります / ${report.breaks.length} break(s) in the history chains\n`,
  );
  return EXIT_DATA;
}
