import { readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { generateToken, hashToken } from '../worker/auth/token-crypto.ts';
import {
  displayName,
  type ExistingState,
  lookupSql,
  parseOptions,
  planWrite,
  sqlText,
  type TokenOptions,
} from './token.ts';

const options = (argv: string[]) => parseOptions(argv) as TokenOptions;
const failure = (argv: string[]) => {
  try {
    parseOptions(argv);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`accepted ${argv.join(' ')}`);
};

/** The real schema in an in-memory SQLite: the SQL the script hands to wrangler runs here unchanged. */
function database(): DatabaseSync {
  const db = new DatabaseSync(':memory:');
  db.exec(readFileSync(new URL('../worker/migrations/0001_initial.sql', import.meta.url), 'utf8'));
  db.exec(`INSERT INTO departments (id, name) VALUES ('nagamachi', '長町課'), ('kamome', '鴎課')`);
  return db;
}

function lookup(db: DatabaseSync, o: TokenOptions): ExistingState {
  const [departments, users] = lookupSql(o).split(';\n');
  return {
    departments: db.prepare(departments ?? '').all() as ExistingState['departments'],
    users: db.prepare(users ?? '').all() as ExistingState['users'],
  };
}

async function run(db: DatabaseSync, argv: string[]) {
  const o = options(argv);
  const state = lookup(db, o);
  const token = generateToken();
  const plan = planWrite(
    o,
    displayName(o, state.departments),
    state,
    `tok_${crypto.randomUUID()}`,
    await hashToken(token),
    'now',
  );
  db.exec(plan.sql);
  return { ...plan, token };
}

describe('npm run token: options', () => {
  it('reads role, departments (repeated or comma-separated), name, label and port', () => {
    expect(
      options(['--role', 'department', '--department', 'nagamachi,kamome', '--department', 'nagamachi']),
    ).toMatchObject({
      role: 'department',
      departments: ['nagamachi', 'kamome'],
      name: undefined,
      port: 8787,
    });
    expect(
      options(['--role', 'coordinator', '--name', ' 政策企画課 ', '--label', 'CI', '--port', '8788']),
    ).toMatchObject({ role: 'coordinator', departments: [], name: '政策企画課', label: 'CI', port: 8788 });
    expect(parseOptions(['--help'])).toBe('help');
  });

  it('explains each bad option on one line, in Japanese and English', () => {
    const cases: [string[], RegExp][] = [
      [[], /--role を指定してください.* \/ --role is required/],
      [['--role', 'boss'], /admin \/ coordinator \/ department のいずれか.*got boss/],
      [['--role', 'department'], /--department <担当課ID> が必要です/],
      [['--role', 'coordinator', '--department', 'kamome'], /--role department のときだけ/],
      [
        ['--role', 'department', '--department', "x'; DROP TABLE users; --"],
        /担当課ID「x'; DROP TABLE users; --」の形式/,
      ],
      [['--role', 'admin', '--name', 'a\nb'], /--name は1〜100文字/],
      [['--role', 'admin', '--name', 'x'.repeat(101)], /--name は1〜100文字/],
      [['--role', 'admin', '--port', '99999'], /--port は1〜65535/],
      [['--role', 'admin', '--rol', 'x'], /オプションが正しくありません.*Unknown option '--rol'/],
      [['--role', 'admin', 'extra'], /オプションが正しくありません/],
    ];
    for (const [argv, message] of cases) {
      const text = failure(argv);
      expect(text, argv.join(' ')).toMatch(message);
      expect(text).not.toContain('\n');
    }
  });
});

describe('npm run token: what it writes', () => {
  it('quotes SQL text safely', () => {
    expect(sqlText("O'Brien")).toBe("'O''Brien'");
  });

  it('creates a department user named after the departments, then reuses it', async () => {
    const db = database();
    const first = await run(db, ['--role', 'department', '--department', 'nagamachi,kamome']);
    expect(first.createUser).toBe(true);
    const second = await run(db, [
      '--role',
      'department',
      '--department',
      'kamome',
      '--department',
      'nagamachi',
    ]);
    expect(second).toMatchObject({ createUser: false, userId: first.userId });
    expect(db.prepare('SELECT display_name, role FROM users').all()).toEqual([
      { display_name: '鴎課・長町課 担当', role: 'department' },
    ]);
    const departments = db.prepare('SELECT department_id FROM user_departments ORDER BY department_id').all();
    expect(departments).toEqual([{ department_id: 'kamome' }, { department_id: 'nagamachi' }]);
    const tokens = db.prepare('SELECT user_id, token_hash FROM api_tokens ORDER BY rowid').all();
    expect(tokens).toEqual([
      { user_id: first.userId, token_hash: await hashToken(first.token) },
      { user_id: first.userId, token_hash: await hashToken(second.token) },
    ]);
    expect(JSON.stringify(db.prepare('SELECT * FROM api_tokens').all())).not.toContain(first.token);
  });

  it('stores names with quotes verbatim and defaults the coordinator name', async () => {
    const db = database();
    await run(db, ['--role', 'admin', '--name', "O'Brien; DROP TABLE users"]);
    await run(db, ['--role', 'coordinator']);
    const names = db.prepare('SELECT display_name, role FROM users ORDER BY role').all();
    expect(names).toEqual([
      { display_name: "O'Brien; DROP TABLE users", role: 'admin' },
      { display_name: '取りまとめ担当', role: 'coordinator' },
    ]);
  });

  it('refuses unknown departments and a name taken by another role, writing nothing', async () => {
    const db = database();
    await expect(run(db, ['--role', 'department', '--department', 'nagamachi,nowhere'])).rejects.toThrow(
      /担当課「nowhere」がローカルD1にありません/,
    );
    await run(db, ['--role', 'coordinator', '--name', '山田']);
    await expect(run(db, ['--role', 'admin', '--name', '山田'])).rejects.toThrow(
      /別の権限（coordinator）で登録済み/,
    );
    expect(db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM api_tokens').get()).toEqual({ n: 1 });
  });
});
