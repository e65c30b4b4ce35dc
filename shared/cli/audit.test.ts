import { describe, expect, it } from 'vitest';
import { runAudit } from './audit.ts';
import { CliError, reasonLine } from './io.ts';
import { main } from './main.ts';
import { memoryIo } from './test-io.ts';

/** `shinchoku audit verify`: its options, and what it prints and exits with for each answer of the server. */

const ARGS = [
  'verify',
  '--base-url',
  'https://shinchoku.test',
  '--token',
  'shk_x',
  '--plan',
  'p1',
  '--year',
  '2023',
];
const report = (ok: boolean) => ({
  planId: 'p1',
  fiscalYear: 2023,
  format: 'shinchoku/history-chain@1',
  ok,
  chains: [{ departmentId: 'd1', entries: 5, unchained: 1, chained: 4, head: 'a'.repeat(64), ok }],
  breaks: ok
    ? []
    : [{ departmentId: 'd1', entryId: 7, kind: 'content', expected: 'b'.repeat(64), found: 'c'.repeat(64) }],
});

async function run(answer: () => Promise<Response>, argv = ARGS) {
  const { io, out } = memoryIo();
  const seen: string[] = [];
  let code: number;
  try {
    code = await runAudit(argv, io, async (input, init) => {
      seen.push(`${String(input)} ${new Headers(init?.headers).get('Authorization')}`);
      return answer();
    });
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    code = e.exitCode;
    io.stderr(reasonLine(e.reason));
  }
  return { code, seen, ...out };
}

describe('shinchoku audit verify', () => {
  it('asks the verify route with the token; intact: exit 0', async () => {
    const r = await run(async () => Response.json(report(true)));
    expect(r.code).toBe(0);
    expect(r.seen).toEqual(['https://shinchoku.test/api/plans/p1/cycles/2023/audit/verify Bearer shk_x']);
    expect(r.stdout).toContain('OK   d1: 4 件連鎖 / chained, 1 件未連鎖 / unchained');
    expect(r.stdout).toContain('every chain is intact');
  });

  it('a broken chain: each break printed, exit 1', async () => {
    const r = await run(async () => Response.json(report(false)));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `broken: d1 履歴 #7 (content) 期待 / expected ${'b'.repeat(16)} 実際 / found ${'c'.repeat(16)}`,
    );
    expect(r.stderr).toContain('1 break(s)');
  });

  it('a refusal or an unreachable server: one line, exit 1', async () => {
    const refused = await run(async () =>
      Response.json({ messages: { ja: '権限がありません', en: 'Forbidden' } }, { status: 403 }),
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'shinchoku: サーバーが拒否しました（403）: 権限がありません / The server refused (403): Forbidden\n',
    );
    const down = await run(async () => {
      throw new TypeError('fetch failed');
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Cannot reach the server (https://shinchoku.test): fetch failed');
  });

  it('through main: usage errors exit 2 naming the option', async () => {
    const { io, out } = memoryIo();
    expect(
      await main(['audit', 'verify', '--base-url', 'https://x.test', '--token', 't', '--plan', 'p'], io),
    ).toBe(2);
    expect(out.stderr).toContain('--year');
    expect(await main(['audit', 'check'], io)).toBe(2);
    expect(await main(['audit', 'verify', ...ARGS.slice(1), '--bogus', '1'], io)).toBe(2);
  });
});
