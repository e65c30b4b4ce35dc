import type { DirectoryDepartment, User } from '../../shared/api.ts';
import type { Department } from '../../shared/schema/index.ts';
import { type AuditMeta, auditStmt } from './audit.ts';
import { toD1 } from './d1.ts';
import { insertRows, type SqlValue, type Stmt, stmt, toJson } from './sql.ts';

/**
 * Data access for departments, users and their department mapping (tokens live in worker/auth).
 * Every change is one batch with its row in the admin history (db/audit.ts).
 */

export async function listDepartments(db: D1Database, ids?: readonly string[]): Promise<Department[]> {
  const q =
    ids === undefined
      ? db.prepare('SELECT id, name FROM departments ORDER BY id')
      : db
          .prepare(
            'SELECT id, name FROM departments WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id',
          )
          .bind(toJson(ids));
  const { results } = await q.all<Department>();
  return results.map((d) => ({ id: d.id, name: d.name }));
}

/** Ids among `ids` that are not departments, in one query. */
export async function unknownDepartments(db: D1Database, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { results } = await db
    .prepare(
      'SELECT value AS id FROM json_each(?) WHERE value NOT IN (SELECT id FROM departments) ORDER BY value',
    )
    .bind(toJson(ids))
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** Every department with whether it is active, for the administrator's screens. */
export async function listDirectoryDepartments(db: D1Database): Promise<DirectoryDepartment[]> {
  const { results } = await db
    .prepare('SELECT id, name, active FROM departments ORDER BY id')
    .all<{ id: string; name: string; active: number }>();
  return results.map((d) => ({ id: d.id, name: d.name, active: d.active === 1 }));
}

/** Ids among `ids` that are departments but deactivated. */
export async function inactiveDepartments(db: D1Database, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { results } = await db
    .prepare(
      'SELECT id FROM departments WHERE active = 0 AND id IN (SELECT value FROM json_each(?)) ORDER BY id',
    )
    .bind(toJson(ids))
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

export async function insertDepartment(db: D1Database, d: Department, m: AuditMeta): Promise<boolean> {
  const [r] = await db.batch(
    toD1(db, [
      stmt(
        'INSERT INTO departments (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
        d.id,
        d.name,
        m.now,
      ),
      auditStmt(
        { action: 'department.add', targetKind: 'department', targetId: d.id, after: d },
        m,
        stmt('changes() = 1'),
      ),
    ]),
  );
  return r?.meta.changes === 1;
}

/** Renames and/or (de)activates a department; null when there is none with that id. */
export async function updateDepartment(
  db: D1Database,
  id: string,
  change: { name?: string | undefined; active?: boolean | undefined },
  m: AuditMeta,
): Promise<DirectoryDepartment | null> {
  const before = await db
    .prepare('SELECT id, name, active FROM departments WHERE id = ?')
    .bind(id)
    .first<{ id: string; name: string; active: number }>();
  if (!before) return null;
  const after: DirectoryDepartment = {
    id,
    name: change.name ?? before.name,
    active: change.active ?? before.active === 1,
  };
  const was: DirectoryDepartment = { id, name: before.name, active: before.active === 1 };
  if (after.name === was.name && after.active === was.active) return after;
  const action =
    after.active !== was.active
      ? after.active
        ? 'department.activate'
        : 'department.deactivate'
      : 'department.rename';
  await db.batch(
    toD1(db, [
      stmt('UPDATE departments SET name = ?, active = ? WHERE id = ?', after.name, after.active ? 1 : 0, id),
      auditStmt({ action, targetKind: 'department', targetId: id, before: was, after }, m),
    ]),
  );
  return after;
}

interface UserRow {
  id: string;
  display_name: string;
  role: User['role'];
  email: string | null;
  entra_oid: string | null;
  created_at: string;
  active: number;
  department_ids: string;
}

const USER_SELECT = `SELECT u.id, u.display_name, u.role, u.email, u.entra_oid, u.created_at, u.active,
  (SELECT json_group_array(department_id) FROM
    (SELECT department_id FROM user_departments WHERE user_id = u.id ORDER BY department_id)) AS department_ids
  FROM users u`;

const toUser = (r: UserRow): User => ({
  id: r.id,
  displayName: r.display_name,
  role: r.role,
  email: r.email,
  entraOid: r.entra_oid,
  departmentIds: JSON.parse(r.department_ids) as string[],
  createdAt: r.created_at,
  active: r.active === 1,
});

export async function listUsers(db: D1Database): Promise<User[]> {
  const { results } = await db.prepare(`${USER_SELECT} ORDER BY u.id`).all<UserRow>();
  return results.map(toUser);
}

export async function getUser(db: D1Database, id: string): Promise<User | null> {
  const row = await db.prepare(`${USER_SELECT} WHERE u.id = ?`).bind(id).first<UserRow>();
  return row ? toUser(row) : null;
}

function departmentRows(userId: string, departmentIds: readonly string[]): Stmt[] {
  return insertRows({
    table: 'user_departments',
    columns: ['department_id'],
    constants: { user_id: userId },
    rows: departmentIds.map((d) => [d]),
  });
}

function userInsert(u: User): Stmt[] {
  return [
    stmt(
      'INSERT INTO users (id, display_name, role, email, entra_oid, created_at, active) VALUES (?, ?, ?, ?, ?, ?, ?)',
      u.id,
      u.displayName,
      u.role,
      u.email,
      u.entraOid,
      u.createdAt,
      u.active ? 1 : 0,
    ),
    ...departmentRows(u.id, u.departmentIds),
  ];
}

const auditedUser = (u: User) => ({
  id: u.id,
  displayName: u.displayName,
  role: u.role,
  email: u.email,
  entraOid: u.entraOid,
  departmentIds: u.departmentIds,
  active: u.active,
});

export async function insertUser(db: D1Database, u: User, m: AuditMeta): Promise<void> {
  await db.batch(
    toD1(db, [
      ...userInsert(u),
      auditStmt({ action: 'user.add', targetKind: 'user', targetId: u.id, after: auditedUser(u) }, m),
    ]),
  );
}

/**
 * Users of a CSV file in one batch (all or none), each with its row in the admin history, and the
 * API tokens asked for (`tokens`: id and hash per user; the secrets never reach the database).
 */
export async function insertUsers(
  db: D1Database,
  users: readonly User[],
  tokens: readonly { id: string; userId: string; hash: string; label: string }[],
  m: AuditMeta,
): Promise<void> {
  const statements: Stmt[] = [];
  for (const u of users)
    statements.push(
      ...userInsert(u),
      auditStmt(
        { action: 'user.add', targetKind: 'user', targetId: u.id, after: { ...auditedUser(u), via: 'csv' } },
        m,
      ),
    );
  for (const t of tokens)
    statements.push(
      stmt(
        'INSERT INTO api_tokens (id, user_id, token_hash, label, created_at) VALUES (?, ?, ?, ?, ?)',
        t.id,
        t.userId,
        t.hash,
        t.label,
        m.now,
      ),
      auditStmt(
        {
          action: 'token.issue',
          targetKind: 'token',
          targetId: t.id,
          after: { userId: t.userId, label: t.label },
        },
        m,
      ),
    );
  await db.batch(toD1(db, statements));
}

/**
 * Stores a changed user. Deactivating one revokes their API tokens in the same batch (Entra sign-in
 * is refused by the lookup, which reads only active users).
 */
export async function updateUser(db: D1Database, before: User, u: User, m: AuditMeta): Promise<void> {
  const params: SqlValue[] = [u.displayName, u.role, u.email, u.entraOid, u.active ? 1 : 0, u.id];
  const action =
    before.active !== u.active ? (u.active ? 'user.activate' : 'user.deactivate') : 'user.change';
  await db.batch(
    toD1(db, [
      {
        sql: 'UPDATE users SET display_name = ?, role = ?, email = ?, entra_oid = ?, active = ? WHERE id = ?',
        params,
      },
      stmt('DELETE FROM user_departments WHERE user_id = ?', u.id),
      ...departmentRows(u.id, u.departmentIds),
      ...(before.active && !u.active
        ? [stmt('UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', m.now, u.id)]
        : []),
      auditStmt(
        { action, targetKind: 'user', targetId: u.id, before: auditedUser(before), after: auditedUser(u) },
        m,
      ),
    ]),
  );
}

/** What a CSV of users is checked against: departments, the ids and Entra object ids taken. */
export async function directorySnapshot(db: D1Database) {
  const [departments, users] = await db.batch([
    db.prepare('SELECT id, name, active FROM departments ORDER BY id'),
    db.prepare('SELECT id, entra_oid FROM users'),
  ]);
  const d = (departments?.results ?? []) as { id: string; name: string; active: number }[];
  const u = (users?.results ?? []) as { id: string; entra_oid: string | null }[];
  return {
    departments: d.map((x) => ({ id: x.id, name: x.name, active: x.active === 1 })),
    userIds: new Set(u.map((x) => x.id)),
    entraOids: new Set(u.flatMap((x) => (x.entra_oid ? [x.entra_oid.toLowerCase()] : []))),
  };
}

/** True when a D1 error is a UNIQUE/PRIMARY KEY violation (a duplicate id, oid, plan…). */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && /UNIQUE constraint failed|PRIMARY KEY/i.test(err.message);
}

/** True when a D1 error is a FOREIGN KEY violation (a reference to something that does not exist). */
export function isForeignKeyViolation(err: unknown): boolean {
  return err instanceof Error && /FOREIGN KEY constraint failed/i.test(err.message);
}
