import { CreateUserRequest } from '../api.ts';
import type { Message } from '../problem.ts';
import { isRole, ROLE_LABELS, type Role, reachesEveryDepartment } from '../roles.ts';
import { problemsFromIssues } from '../validation/schema-issues.ts';

/**
 * Users in bulk from a CSV file (one user a line: id, name, role, departments, e-mail, Entra ID),
 * as an administrator keeps them in Excel. Two pure steps: `parseUsersCsv` reads the text (UTF-8,
 * a BOM allowed, RFC 4180 quoting, CRLF or LF) and checks each line on its own; `resolveUsers` checks
 * the lines against the directory (departments named by id or by name, ids and Entra IDs not taken)
 * and gives the CreateUserRequest of each line. Every problem names its line (the header is line 1)
 * and column, in Japanese and English; the worker creates the users only when there is none.
 */

export type UserColumn = 'id' | 'displayName' | 'role' | 'departments' | 'email' | 'entraOid';

/** Header names accepted for each column (compared without case, spaces or full-width forms). */
export const USER_COLUMNS: Readonly<Record<UserColumn, readonly string[]>> = {
  id: ['id', '利用者id', 'ユーザーid', 'userid'],
  displayName: ['displayname', '表示名', '氏名', '名前', 'name'],
  role: ['role', '役割', '権限'],
  departments: ['departments', 'departmentids', '担当課', '所属', 'department'],
  email: ['email', 'メール', 'メールアドレス', 'e-mail', 'mail'],
  entraOid: ['entraoid', 'entraオブジェクトid', 'オブジェクトid', 'objectid', 'oid'],
};

const COLUMN_LABEL: Record<UserColumn, Message> = {
  id: { ja: '利用者ID', en: 'id' },
  displayName: { ja: '表示名', en: 'displayName' },
  role: { ja: '役割', en: 'role' },
  departments: { ja: '担当課', en: 'departments' },
  email: { ja: 'メール', en: 'email' },
  entraOid: { ja: 'EntraオブジェクトID', en: 'entraOid' },
};

/** The template an administrator starts from (Japanese headers; English ones are read too). */
export const USERS_CSV_TEMPLATE =
  '利用者ID,表示名,役割,担当課,メール,EntraオブジェクトID\r\n' +
  'tohoku-suzuki,東北連携推進室 鈴木,担当課,tohoku-renkei,suzuki@example.jp,\r\n' +
  'coord-sato,政策企画課 佐藤,取りまとめ担当,,sato@example.jp,\r\n';

export const MAX_USER_ROWS = 1000;

export interface LineProblem {
  /** The line of the file (the header is line 1). */
  line: number;
  column: UserColumn | null;
  code: string;
  message: Message;
}

/** One line as read, before the directory is consulted. */
export interface UserCsvRow {
  line: number;
  id: string | null;
  displayName: string;
  role: Role | null;
  /** As written: ids or names. */
  departments: string[];
  email: string | null;
  entraOid: string | null;
}

const normalizeHeader = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

const ROLE_WORDS: Readonly<Record<string, Role>> = {
  admin: 'admin',
  管理者: 'admin',
  coordinator: 'coordinator',
  取りまとめ担当: 'coordinator',
  取りまとめ: 'coordinator',
  取纏め担当: 'coordinator',
  department: 'department',
  担当課: 'department',
  担当: 'department',
  担当課職員: 'department',
};

/** A role as written (`担当課`, `coordinator`, `取りまとめ担当`), or null. */
export function roleFromText(text: string): Role | null {
  const key = text.normalize('NFKC').trim();
  const role = ROLE_WORDS[key] ?? ROLE_WORDS[key.toLowerCase()];
  return role ?? (isRole(key) ? key : null);
}

/** Records of an RFC 4180 text with the line each starts on; quoted fields may span lines. */
export function csvRecords(
  text: string,
): { line: number; fields: string[] }[] | { error: Message; line: number } {
  const s = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const out: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let fieldStarted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      fields.push(field);
      out.push({ line: start, fields });
      fields = [];
      field = '';
      fieldStarted = false;
      line++;
      start = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted)
    return {
      line: start,
      error: {
        ja: `${start}行目: 引用符（"）が閉じられていません。`,
        en: `Line ${start}: a quoted field is not closed.`,
      },
    };
  if (fieldStarted || fields.length > 0) {
    fields.push(field);
    out.push({ line: start, fields });
  }
  return out.filter((r) => r.fields.some((f) => f.trim() !== ''));
}

const at = (line: number, column: UserColumn | null, code: string, ja: string, en: string): LineProblem => ({
  line,
  column,
  code,
  message: {
    ja: `${line}行目${column ? `「${COLUMN_LABEL[column].ja}」` : ''}: ${ja}`,
    en: `Line ${line}${column ? ` (${COLUMN_LABEL[column].en})` : ''}: ${en}`,
  },
});

/** Splits a departments cell: `;`, `；`, `、`, `|` or a line break between them. */
export const splitDepartments = (cell: string): string[] =>
  cell
    .split(/[;；、|｜\n]/)
    .map((d) => d.trim())
    .filter(Boolean);

/** Reads the file and checks each line on its own (the columns it needs, a known role). */
export function parseUsersCsv(text: string): { rows: UserCsvRow[]; problems: LineProblem[] } {
  const records = csvRecords(text);
  if (!Array.isArray(records))
    return {
      rows: [],
      problems: [
        { line: records.line, column: null, code: 'users_csv.unclosed_quote', message: records.error },
      ],
    };
  const [header, ...body] = records;
  if (!header)
    return {
      rows: [],
      problems: [at(1, null, 'users_csv.empty', 'ファイルが空です。', 'The file is empty.')],
    };
  const index = new Map<UserColumn, number>();
  const problems: LineProblem[] = [];
  header.fields.forEach((name, i) => {
    const key = normalizeHeader(name);
    const column = (Object.keys(USER_COLUMNS) as UserColumn[]).find((c) => USER_COLUMNS[c].includes(key));
    if (column && !index.has(column)) index.set(column, i);
  });
  for (const required of ['displayName', 'role'] as const)
    if (!index.has(required))
      problems.push(
        at(
          header.line,
          required,
          'users_csv.missing_column',
          `見出し行に「${COLUMN_LABEL[required].ja}」の列がありません（例: ${USERS_CSV_TEMPLATE.split('\r\n')[0]}）。`,
          `The header has no "${COLUMN_LABEL[required].en}" column.`,
        ),
      );
  if (problems.length) return { rows: [], problems };
  if (body.length > MAX_USER_ROWS)
    return {
      rows: [],
      problems: [
        at(
          body[MAX_USER_ROWS]!.line,
          null,
          'users_csv.too_many',
          `一度に登録できるのは${MAX_USER_ROWS}人までです。ファイルを分けてください。`,
          `At most ${MAX_USER_ROWS} users at a time; split the file.`,
        ),
      ],
    };
  const cell = (fields: string[], c: UserColumn) => {
    const i = index.get(c);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const rows: UserCsvRow[] = [];
  for (const r of body) {
    const roleText = cell(r.fields, 'role');
    const role = roleFromText(roleText);
    if (!role)
      problems.push(
        at(
          r.line,
          'role',
          'users_csv.role',
          `役割「${roleText}」は使えません。${Object.values(ROLE_LABELS)
            .map((l) => l.ja)
            .join('・')}のいずれかにしてください。`,
          `Role "${roleText}" is not one of admin, coordinator, department.`,
        ),
      );
    rows.push({
      line: r.line,
      id: cell(r.fields, 'id') || null,
      displayName: cell(r.fields, 'displayName'),
      role,
      departments: splitDepartments(cell(r.fields, 'departments')),
      email: cell(r.fields, 'email') || null,
      entraOid: cell(r.fields, 'entraOid') || null,
    });
  }
  return { rows, problems };
}

export interface DirectoryDepartment {
  id: string;
  name: string;
  active: boolean;
}

/** What the directory holds already: the lines are checked against it. */
export interface Directory {
  departments: readonly DirectoryDepartment[];
  userIds: ReadonlySet<string>;
  /** Entra object ids in use, lower case. */
  entraOids: ReadonlySet<string>;
}

export interface ResolvedUser {
  line: number;
  request: ReturnType<typeof CreateUserRequest.parse>;
}

const FIELD_COLUMN: Record<string, UserColumn> = {
  id: 'id',
  displayName: 'displayName',
  role: 'role',
  departmentIds: 'departments',
  email: 'email',
  entraOid: 'entraOid',
};

const nameKey = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/**
 * The lines as users to create: departments named by id or name become ids (an unknown or inactive
 * one is a problem), each line's fields are checked as the API checks them (CreateUserRequest), and
 * an id or Entra ID used twice in the file or already registered is a problem on its line.
 */
export function resolveUsers(
  rows: readonly UserCsvRow[],
  directory: Directory,
): { users: ResolvedUser[]; problems: LineProblem[] } {
  const byId = new Map(directory.departments.map((d) => [d.id, d]));
  const byName = new Map<string, DirectoryDepartment[]>();
  for (const d of directory.departments)
    byName.set(nameKey(d.name), [...(byName.get(nameKey(d.name)) ?? []), d]);
  const seenIds = new Map<string, number>();
  const seenOids = new Map<string, number>();
  const users: ResolvedUser[] = [];
  const problems: LineProblem[] = [];
  for (const r of rows) {
    const mine: LineProblem[] = [];
    const departmentIds: string[] = [];
    for (const written of r.departments) {
      const named = byName.get(nameKey(written)) ?? [];
      if (!byId.has(written) && named.length > 1) {
        mine.push(
          at(
            r.line,
            'departments',
            'users_csv.ambiguous_department',
            `担当課「${written}」という名前の担当課が複数あります。担当課IDで書いてください（${named.map((d) => d.id).join('、')}）。`,
            `More than one department is named "${written}"; write its id (${named.map((d) => d.id).join(', ')}).`,
          ),
        );
        continue;
      }
      const d = byId.get(written) ?? named[0];
      if (!d)
        mine.push(
          at(
            r.line,
            'departments',
            'users_csv.unknown_department',
            `担当課「${written}」は登録されていません。`,
            `Department "${written}" is not registered.`,
          ),
        );
      else if (!d.active)
        mine.push(
          at(
            r.line,
            'departments',
            'users_csv.inactive_department',
            `担当課「${d.name}」は無効にされています。`,
            `Department "${d.name}" is deactivated.`,
          ),
        );
      else if (!departmentIds.includes(d.id)) departmentIds.push(d.id);
    }
    if (r.role && !reachesEveryDepartment(r.role) && r.departments.length === 0)
      mine.push(
        at(
          r.line,
          'departments',
          'users_csv.department_required',
          '担当課の利用者には担当課を1つ以上書いてください。',
          'A department user needs at least one department.',
        ),
      );
    const input = {
      ...(r.id ? { id: r.id } : {}),
      displayName: r.displayName,
      role: r.role ?? 'department',
      email: r.email,
      entraOid: r.entraOid,
      departmentIds,
    };
    const parsed = CreateUserRequest.safeParse(input);
    if (!parsed.success)
      for (const p of problemsFromIssues(parsed.error.issues)) {
        const field = p.path.split(/[.[]/)[0] ?? '';
        const column = FIELD_COLUMN[field] ?? null;
        if (column === 'role' && !r.role) continue; // already said
        mine.push({ ...at(r.line, column, 'users_csv.invalid', p.message.ja, p.message.en), code: p.code });
      }
    if (r.id) {
      const first = seenIds.get(r.id);
      if (first !== undefined)
        mine.push(
          at(
            r.line,
            'id',
            'users_csv.duplicate_id',
            `利用者ID「${r.id}」は${first}行目と重複しています。`,
            `User id "${r.id}" repeats line ${first}.`,
          ),
        );
      else if (directory.userIds.has(r.id))
        mine.push(
          at(
            r.line,
            'id',
            'users_csv.id_taken',
            `利用者ID「${r.id}」はすでに登録されています。`,
            `User id "${r.id}" is already registered.`,
          ),
        );
      else seenIds.set(r.id, r.line);
    }
    if (r.entraOid) {
      const oid = r.entraOid.toLowerCase();
      const first = seenOids.get(oid);
      if (first !== undefined)
        mine.push(
          at(
            r.line,
            'entraOid',
            'users_csv.duplicate_oid',
            `EntraオブジェクトIDが${first}行目と重複しています。`,
            `The Entra object id repeats line ${first}.`,
          ),
        );
      else if (directory.entraOids.has(oid))
        mine.push(
          at(
            r.line,
            'entraOid',
            'users_csv.oid_taken',
            'このEntraオブジェクトIDはすでに登録されています。',
            'This Entra object id is already registered.',
          ),
        );
      else seenOids.set(oid, r.line);
    }
    problems.push(...mine);
    if (mine.length === 0 && r.role && parsed.success) users.push({ line: r.line, request: parsed.data });
  }
  return { users, problems };
}

/** Both steps: the users the file asks for, or every problem by line. */
export function readUsersCsv(
  text: string,
  directory: Directory,
): { users: ResolvedUser[]; problems: LineProblem[]; lines: number } {
  const parsed = parseUsersCsv(text);
  const resolved = resolveUsers(parsed.rows, directory);
  const problems = [...parsed.problems, ...resolved.problems].sort((a, b) => a.line - b.line);
  if (problems.length === 0 && parsed.rows.length === 0)
    problems.push(
      at(
        2,
        null,
        'users_csv.no_rows',
        '見出し行の下に利用者の行がありません。',
        'There is no user line under the header.',
      ),
    );
  return { users: problems.length ? [] : resolved.users, problems, lines: parsed.rows.length };
}
