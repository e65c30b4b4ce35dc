import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { dataError } from './io.ts';

/**
 * Which Chromium prints PDFs (`shinchoku export --format pdf`) and runs the browser tests — one
 * module for both, so what the tests prove is what the CLI uses. By default the browser shipped
 * inside the npm package `@sparticuz/chromium` (a devDependency: `npm install` brings it, nothing
 * from apt); SHINCHOKU_CHROMIUM names another executable (e.g. Debian's `/usr/bin/chromium`). A
 * missing or broken browser fails with a message saying what to do; nothing skips.
 */
export const CHROMIUM_ENV = 'SHINCHOKU_CHROMIUM';

/** Keep the browser off the network (these machines have none) and quiet. */
const OFFLINE_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Flags of `chromium.args` (made for serverless functions) left out: they switch off the same-origin
 * policy and the blocking of mixed content, which the pane has in Excel's browser and must have here.
 */
const LEFT_OUT = new Set(['--disable-web-security', '--allow-running-insecure-content']);

export interface BrowserToLaunch {
  executablePath: string;
  args: string[];
  /** Where it came from, for messages. */
  source: string;
}

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '../..');

const notInstalled = (what: string) =>
  dataError({
    ja:
      `Chromium には開発用の依存パッケージ（${what}）が要ります。リポジトリで npm install（--omit=dev なし）を実行するか、` +
      `${CHROMIUM_ENV} に Chromium の実行ファイルを指定してください（例: ${CHROMIUM_ENV}=/usr/bin/chromium）`,
    en:
      `Chromium needs the devDependency ${what}: run \`npm install\` in the repository (without --omit=dev), ` +
      `or set ${CHROMIUM_ENV} to a Chromium executable, e.g. ${CHROMIUM_ENV}=/usr/bin/chromium.`,
  });

/** The installed `@sparticuz/chromium` package: its directory and version. */
function npmPackage(): { dir: string; version: string } {
  let entry: string;
  try {
    entry = require.resolve('@sparticuz/chromium');
  } catch {
    throw notInstalled('@sparticuz/chromium');
  }
  const dir = join(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  if (!existsSync(join(dir, 'bin', 'chromium.br')))
    throw dataError({
      ja: `@sparticuz/chromium ${version} に bin/chromium.br がありません。npm ci で入れ直してください`,
      en: `@sparticuz/chromium ${version} has no bin/chromium.br: reinstall it (npm ci).`,
    });
  return { dir, version };
}

/** Fails loudly when no browser is there to launch. Cheap: unpacks nothing. */
export function requireChromium(): void {
  const custom = process.env[CHROMIUM_ENV];
  if (!custom) {
    npmPackage();
    return;
  }
  if (!existsSync(custom))
    throw dataError({
      ja: `${CHROMIUM_ENV}=${custom} のファイルがありません。npm の Chromium を使うには ${CHROMIUM_ENV} を外してください`,
      en: `${CHROMIUM_ENV}=${custom}, but there is no such file. Unset ${CHROMIUM_ENV} to use the browser from npm (@sparticuz/chromium).`,
    });
}

const run = promisify(execFile);

/**
 * `chromium.executablePath()` unpacks the browser (with its SwiftShader libraries and fonts) into
 * os.tmpdir(), and takes an existing `<tmpdir>/chromium` as done even when it is half written or of
 * another version. So it runs in a child process whose TMPDIR is a fresh directory, which is then
 * renamed whole to `<tmpdir>/shinchoku-chromium-<version>`: a parallel process sees either nothing
 * or the complete browser, and a new package version unpacks anew. About 3 s, once.
 */
async function unpack(): Promise<string> {
  const { version } = npmPackage();
  const dir = join(tmpdir(), `shinchoku-chromium-${version}`);
  const executable = join(dir, 'chromium');
  if (existsSync(executable)) return executable;
  const partial = mkdtempSync(`${dir}.partial-`);
  try {
    const script =
      "const { default: c } = await import('@sparticuz/chromium'); process.stdout.write(await c.executablePath());";
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, TMPDIR: partial },
      timeout: 120_000,
    });
    if (stdout !== join(partial, 'chromium') || !existsSync(stdout))
      throw new Error(`unpacked to ${JSON.stringify(stdout)}, expected ${partial}/chromium`);
    try {
      renameSync(partial, dir);
    } catch (error) {
      if (!existsSync(executable)) throw error; // else another process finished first: use its copy
    }
    return executable;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw dataError({
      ja: `npm の Chromium（@sparticuz/chromium ${version}）を ${dir} に展開できませんでした: ${why}`,
      en: `Could not unpack the browser from npm (@sparticuz/chromium ${version}) into ${dir}: ${why}`,
    });
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

let unpacked: Promise<string> | undefined;

/** The executable and flags to launch: SHINCHOKU_CHROMIUM's browser, or the npm package's. */
export async function browserToLaunch(): Promise<BrowserToLaunch> {
  requireChromium();
  const custom = process.env[CHROMIUM_ENV];
  if (custom)
    return {
      executablePath: custom,
      args: ['--no-sandbox', '--disable-gpu', ...OFFLINE_FLAGS],
      source: `${CHROMIUM_ENV}=${custom}`,
    };
  unpacked ??= unpack().catch((error: unknown) => {
    unpacked = undefined;
    throw error;
  });
  const executablePath = await unpacked;
  const { default: chromium } = await import('@sparticuz/chromium');
  const args = [...chromium.args.filter((a) => !LEFT_OUT.has(a)), ...OFFLINE_FLAGS];
  return { executablePath, args: [...new Set(args)], source: `@sparticuz/chromium ${npmPackage().version}` };
}
