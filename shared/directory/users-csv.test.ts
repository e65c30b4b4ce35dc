import { describe, expect, it } from 'vitest';
import {
  csvRecords,
  type Directory,
  parseUsersCsv,
  readUsersCsv,
  resolveUsers,
  roleFromText,
  USERS_CSV_TEMPLATE,
} from './users-csv.ts';

const directory: Directory = {
  departments: [
    { id: 'tohoku-renkei', name: '文化観光局東北連携推進室', active: true },
    { id: 'kikaku', name: 'まちづくり政策局 企画調整課', active: true },
    { id: 'old-ka', name: '旧課', active: false },
  ],
  userIds: new Set(['taken']),
  entraOids: new Set(['11111111-1111-4111-8111-111111111111']),
};

describe('reading the CSV', () => {
  it('RFC 4180: BOM, CRLF, quotes, a quoted line break, empty lines', () => {
    const records = csvRecords('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",z\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 4, fields: ['two\nlines', 'z'] },
    ]);
    expect(csvRecords('a\n"open')).toMatchObject({ line: 2 });
  });

  it('roles in Japanese or English', () => {
    expect(roleFromText('担当課')).toBe('department');
    expect(roleFromText(' 取りまとめ担当 ')).toBe('coordinator');
    expect(roleFromText('Admin')).toBe('admin');
    expect(roleFromText('課長')).toBeNull();
  });

  it('the template reads without a problem', () => {
    const r = readUsersCsv(USERS_CSV_TEMPLATE, directory);
    expect(r.problems).toEqual([]);
    expect(r.users.map((u) => [u.line, u.request.id, u.request.role, u.request.departmentIds])).toEqual([
      [2, 'tohoku-suzuki', 'department', ['tohoku-renkei']],
      [3, 'coord-sato', 'coordinator', []],
    ]);
  });

  it('English headers, departments by name, several per cell', () => {
    const csv =
      'displayName,role,departments,email\n' +
      '"山田 花子",department,"文化観光局東北連携推進室;まちづくり政策局企画調整課",hanako@example.jp\n';
    const r = readUsersCsv(csv, directory);
    expect(r.problems).toEqual([]);
    expect(r.users[0]?.request).toMatchObject({
      displayName: '山田 花子',
      departmentIds: ['tohoku-renkei', 'kikaku'],
      email: 'hanako@example.jp',
    });
    expect(r.users[0]?.request.id).toBeUndefined();
  });

  it('a name two departments share must be written as an id', () => {
    const twice: Directory = {
      ...directory,
      departments: [
        ...directory.departments,
        { id: 'kikaku-2', name: 'まちづくり政策局企画調整課', active: true },
      ],
    };
    const r = readUsersCsv(
      '表示名,役割,担当課\n山田,担当課,まちづくり政策局企画調整課\n鈴木,担当課,kikaku\n',
      twice,
    );
    expect(r.problems.map((p) => [p.line, p.code])).toEqual([[2, 'users_csv.ambiguous_department']]);
    expect(r.problems[0]?.message.ja).toContain('kikaku、kikaku-2');
  });

  it('a missing column is one problem on the header line', () => {
    const r = parseUsersCsv('利用者ID,担当課\nx,tohoku-renkei\n');
    expect(r.problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [1, 'displayName', 'users_csv.missing_column'],
      [1, 'role', 'users_csv.missing_column'],
    ]);
  });
});

describe('every bad line is reported by its line and column; no user is given while any is', () => {
  const csv = [
    '利用者ID,表示名,役割,担当課,メール,EntraオブジェクトID',
    'ok-1,正しい 人,担当課,tohoku-renkei,,', // 2: fine
    'ok-1,重複 人,担当課,tohoku-renkei,,', // 3: duplicate id
    'taken,登録済み,担当課,tohoku-renkei,,', // 4: id taken
    'bad id,名前,担当課,tohoku-renkei,,', // 5: id form
    'nodept,名前,担当課,,,', // 6: department required
    'unknown,名前,担当課,存在しない課,,', // 7: unknown department
    'inactive,名前,担当課,old-ka,,', // 8: inactive department
    'role,名前,課長,tohoku-renkei,,', // 9: role
    'mail,名前,担当課,tohoku-renkei,not-an-address,', // 10: e-mail
    'oid,名前,担当課,tohoku-renkei,,11111111-1111-4111-8111-111111111111', // 11: oid taken
    'noname,,担当課,tohoku-renkei,,', // 12: display name
  ].join('\r\n');

  it('names each line', () => {
    const r = readUsersCsv(csv, directory);
    expect(r.users).toEqual([]);
    expect(r.lines).toBe(11);
    const byLine = new Map<number, string[]>();
    for (const p of r.problems) byLine.set(p.line, [...(byLine.get(p.line) ?? []), `${p.column}:${p.code}`]);
    expect(byLine.get(2)).toBeUndefined();
    expect(byLine.get(3)).toEqual(['id:users_csv.duplicate_id']);
    expect(byLine.get(4)).toEqual(['id:users_csv.id_taken']);
    expect(byLine.get(5)?.[0]).toMatch(/^id:/);
    expect(byLine.get(6)).toEqual(['departments:users_csv.department_required']);
    expect(byLine.get(7)).toEqual(['departments:users_csv.unknown_department']);
    expect(byLine.get(8)).toEqual(['departments:users_csv.inactive_department']);
    expect(byLine.get(9)).toEqual(['role:users_csv.role']);
    expect(byLine.get(10)?.[0]).toMatch(/^email:/);
    expect(byLine.get(11)).toEqual(['entraOid:users_csv.oid_taken']);
    expect(byLine.get(12)?.[0]).toMatch(/^displayName:/);
    // The messages say where, in both languages.
    const first = r.problems.find((p) => p.line === 7)!;
    expect(first.message.ja).toBe('7行目「担当課」: 担当課「存在しない課」は登録されていません。');
    expect(first.message.en).toBe('Line 7 (departments): Department "存在しない課" is not registered.');
  });

  it('resolveUsers alone gives the good lines (the worker still refuses the whole file)', () => {
    const parsed = parseUsersCsv(csv);
    expect(resolveUsers(parsed.rows, directory).users.map((u) => u.line)).toEqual([2]);
  });

  it('a line number counts the physical lines of quoted line breaks before it', () => {
    const r = readUsersCsv('表示名,役割,担当課\n"二行の\n名前",担当課,tohoku-renkei\nX,課長,\n', directory);
    // A name may not hold a line break (line 2); the next record starts on line 4.
    expect(r.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'displayName'],
      [4, 'role'],
    ]);
  });
});
