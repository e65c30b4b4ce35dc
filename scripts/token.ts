/**
 * `npm run token -- --role coordinator [--department nagamachi] [--name "…"]`
 *
 * For a fresh local install: creates a user (or reuses the one with that name and role) and an API
 * token in the LOCAL D1 through wrangler, and prints the token once. Two wrangler runs: one read to
 * check the departments and the name, then one write, so a bad option never leaves half a user behind.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isRole, ROLE_LABELS, ROLES, type Role } from '../worker/auth/principal.ts';
import { generateToken, hashToken } from '../worker/auth/token-crypto.ts';
import { wranglerEnv } from './wrangler-env.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface TokenOptions {
  role: Role;
  departments: string[];
  name: string | undefined;
  label: string;
  persistTo: string | undefined;
  port: number;
}

/** A message for the person at the terminal, Japanese then English, on one line; no stack trace. */
export class UsageError extends Error {}

const USAGE = `usage: npm run token -- --role admin|coordinator|department [--department <id>]... [--name "<display name>"]
                      [--label "<what the token is for>"] [--persist-to <wrangler state dir>] [--port 8787]`;

function usageError(ja: string, en: string): UsageError {
  return new UsageError(`${ja} / ${en}`);
}

function checkText(value: string, option: string): string {
  const text = value.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (text === '' || text.length > 100 || /[\u0000-\u001f\u007f]/.test(text)) {
    throw usageError(
      `--${option} は1〜100文字で、改行などの制御文字を含めずに指定してください`,
      `--${option} must be 1-100 characters without control characters`,
    );
  }
  return text;
}

const OPTIONS = {
  role: { type: 'string' },
  department: { type: 'string', multiple: true },
  name: { type: 'string' },
  label: { type: 'string' },
  'persist-to': { type: 'string' },
  port: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseOptions(argv: string[]): TokenOptions | 'help' {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: false, options: OPTIONS });
  } catch (err) {
    const detail = (err as Error).message.split('\n')[0] ?? '';
    throw usageError(`オプションが正しくありません（${detail}）`, `bad option (${detail})`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.role === undefined) {
    throw usageError(
      `--role を指定してください（${ROLES.join(' / ')}）`,
      `--role is required (${ROLES.join(' / ')})`,
    );
  }
  if (!isRole(v.role)) {
    throw usageError(
      `--role は ${ROLES.join(' / ')} のいずれかです（指定値: ${v.role}）`,
      `--role must be one of ${ROLES.join(', ')} (got ${v.role})`,
    );
  }
  const departments = [
    ...new Set((v.department ?? []).flatMap((d) => d.split(',')).map((d) => d.trim())),
  ].filter((d) => d !== '');
  for (const d of departments) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(d)) {
      throw usageError(`担当課ID「${d}」の形式が正しくありません`, `department id "${d}" is not a valid id`);
    }
  }
  if (v.role === 'department' && departments.length === 0) {
    throw usageError(
      '--role department には --department <担当課ID> が必要です',
      '--role department needs --department <department id>',
    );
  }
  if (v.role !== 'department' && departments.length > 0) {
    throw usageError(
      `--department は --role department のときだけ指定できます（${ROLE_LABELS[v.role].ja}は全担当課を扱えます）`,
      `--department only applies to --role department (a ${v.role} sees every department)`,
    );
  }
  const port = Number(v.port ?? '8787');
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw usageError(
      `--port は1〜65535の整数です（指定値: ${v.port}）`,
      `--port must be 1-65535 (got ${v.port})`,
    );
  }
  return {
    role: v.role,
    departments,
    name: v.name === undefined ? undefined : checkText(v.name, 'name'),
    label: checkText(v.label ?? `npm run token (${new Date().toISOString().slice(0, 10)})`, 'label'),
    persistTo: v['persist-to'],
    port,
  };
}

export function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export interface ExistingState {
  departments: { id: string; name: string }[];
  /** Users whose display name is the one asked for. */
  users: { id: string; role: string }[];
}

const NAME_JOINER = '・';
const NAME_SUFFIX = ' 担当';

/**
 * The SQL that reads what the write depends on, in one wrangler run: which departments exist and
 * who already has the name (for department staff the default name is built from the departments'
 * names, in SQL too, exactly as defaultName() builds it).
 */
export function lookupSql(options: TokenOptions): string {
  const ids = options.departments.length ? options.departments.map(sqlText).join(', ') : "''";
  const departments = `SELECT id, name FROM departments WHERE id IN (${ids}) ORDER BY id`;
  const name =
    options.name !== undefined
      ? sqlText(options.name)
      : options.role === 'department'
        ? `(SELECT group_concat(name, ${sqlText(NAME_JOINER)}) || ${sqlText(NAME_SUFFIX)} FROM (${departments}))`
        : sqlText(ROLE_LABELS[options.role].ja);
  return `${departments};\nSELECT id, role FROM users WHERE display_name = ${name} ORDER BY created_at, id;`;
}

export function displayName(options: TokenOptions, departments: ExistingState['departments']): string {
  if (options.name !== undefined) return options.name;
  if (options.role !== 'department') return ROLE_LABELS[options.role].ja;
  return `${departments.map((d) => d.name).join(NAME_JOINER)}${NAME_SUFFIX}`;
}

export interface WritePlan {
  userId: string;
  createUser: boolean;
  sql: string;
}

/** Decides what to write, or explains in one line why nothing can be written. */
export function planWrite(
  options: TokenOptions,
  name: string,
  state: ExistingState,
  tokenId: string,
  tokenHash: string,
  now: string,
): WritePlan {
  const found = new Set(state.departments.map((d) => d.id));
  const missing = options.departments.filter((d) => !found.has(d));
  if (missing.length > 0) {
    throw usageError(
      `担当課「${missing.join('、')}」がローカルD1にありません。先に npm start でデモデータを入れるか、担当課を登録してください`,
      `department(s) ${missing.join(', ')} not found in the local D1; load the demo data (npm start) or register them first`,
    );
  }
  const sameRole = state.users.find((u) => u.role === options.role);
  if (!sameRole && state.users.length > 0) {
    throw usageError(
      `利用者「${name}」は別の権限（${state.users[0]?.role}）で登録済みです。--name で別の名前を指定してください`,
      `user "${name}" already exists with role ${state.users[0]?.role}; choose another --name`,
    );
  }
  const userId = sameRole?.id ?? `u_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const statements: string[] = [];
  if (!sameRole) {
    statements.push(
      `INSERT INTO users (id, display_name, role, created_at) VALUES (${[userId, name, options.role, now].map(sqlText).join(', ')});`,
    );
  }
  if (options.departments.length > 0) {
    const rows = options.departments.map((d) => `(${sqlText(userId)}, ${sqlText(d)})`).join(', ');
    statements.push(`INSERT OR IGNORE INTO user_departments (user_id, department_id) VALUES ${rows};`);
  }
  statements.push(
    `INSERT INTO api_tokens (id, user_id, token_hash, label, created_at) VALUES (${[tokenId, userId, tokenHash, options.label, now].map(sqlText).join(', ')});`,
  );
  return { userId, createUser: !sameRole, sql: `${statements.join('\n')}\n` };
}

function wrangler(args: string[], options: TokenOptions): unknown {
  const persist = options.persistTo ? ['--persist-to', options.persistTo] : [];
  const result = spawnSync(
    'npx',
    ['wrangler', 'd1', 'execute', 'DB', '--local', ...persist, '--json', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: wranglerEnv(),
    },
  );
  const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  if (result.error)
    throw new UsageError(`wrangler を起動できません / cannot start wrangler: ${result.error.message}`);
  if (/no such table/i.test(output)) {
    throw usageError(
      'ローカルD1にテーブルがありません。先に npm start（または npx wrangler d1 migrations apply DB --local）を実行してください',
      'the local D1 has no tables yet; run npm start (or npx wrangler d1 migrations apply DB --local) first',
    );
  }
  if (result.status !== 0) {
    const line = output.split('\n').find((l) => /error/i.test(l) && !/^npm warn/i.test(l)) ?? output.trim();
    throw new UsageError(
      `wrangler d1 execute が失敗しました / wrangler d1 execute failed: ${line.trim().slice(0, 300)}`,
    );
  }
  return JSON.parse(result.stdout);
}

function rowsOf<T>(output: unknown, index: number): T[] {
  const entry = (output as { results?: unknown }[])[index];
  return Array.isArray(entry?.results) ? (entry.results as T[]) : [];
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`error: ${err.message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const found = wrangler(['--command', lookupSql(options)], options);
  const departments = rowsOf<{ id: string; name: string }>(found, 0);
  const users = rowsOf<{ id: string; role: string }>(found, 1);
  const name = displayName(options, departments);

  const token = generateToken();
  const tokenId = `tok_${crypto.randomUUID().replace(/-/g, '')}`;
  const plan = planWrite(
    options,
    name,
    { departments, users },
    tokenId,
    await hashToken(token),
    new Date().toISOString(),
  );
  const dir = mkdtempSync(join(tmpdir(), 'shinchoku-token-'));
  try {
    const file = join(dir, 'token.sql');
    writeFileSync(file, plan.sql, { mode: 0o600 });
    wrangler(['--file', file], options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const who = `${name} (${plan.userId}, ${options.role}${options.departments.length ? `: ${options.departments.join(', ')}` : ''})`;
  console.log(
    plan.createUser ? `利用者を作成しました / created user: ${who}` : `既存の利用者 / existing user: ${who}`,
  );
  console.log(
    '\nAPIトークン（この一度だけ表示します。安全な場所に保管してください）/ API token (shown once; keep it safe):',
  );
  console.log(`  ${token}\n`);
  console.log('試す / try it (with npm start running):');
  console.log(`  curl -H "Authorization: Bearer ${token}" http://127.0.0.1:${options.port}/api/me`);
}

if (import.meta.main) {
  main().catch((err: unknown) => {
    console.error(err instanceof UsageError ? `error: ${err.message}` : err);
    process.exitCode = 1;
  });
}
