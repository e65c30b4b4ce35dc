import type { User } from '../../shared/api.ts';
import type { Department } from '../../shared/schema/index.ts';
import { toD1 } from './d1.ts';
import { insertRows, type SqlValue, type Stmt, stmt, toJson } from './sql.ts';

/** Data access for departments, users and their department mapping (tokens live in worker/auth). */

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

export async function insertDepartment(db: D1Database, d: Department, now: string): Promise<boolean> {
  const r = await db
    .prepare('INSERT INTO departments (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING')
    .bind(d.id, d.name, now)
    .run();
  return r.meta.changes === 1;
}

export async function renameDepartment(db: D1Database, id: string, name: string): Promise<boolean> {
  const r = await db.prepare('UPDATE departments SET name = ? WHERE id = ?').bind(name, id).run();
  return r.meta.changes === 1;
}

interface UserRow {
  id: string;
  display_name: string;
  role: User['role'];
  email: string | null;
  entra_oid: string | null;
  created_at: string;
  department_ids: string;
}

const USER_SELECT = `SELECT u.id, u.display_name, u.role, u.email, u.entra_oid, u.created_at,
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

export async function insertUser(db: D1Database, u: User): Promise<void> {
  await db.batch(
    toD1(db, [
      stmt(
        'INSERT INTO users (id, display_name, role, email, entra_oid, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        u.id,
        u.displayName,
        u.role,
        u.email,
        u.entraOid,
        u.createdAt,
      ),
      ...departmentRows(u.id, u.departmentIds),
    ]),
  );
}

export async function updateUser(db: D1Database, u: User): Promise<void> {
  const params: SqlValue[] = [u.displayName, u.role, u.email, u.entraOid, u.id];
  await db.batch(
    toD1(db, [
      { sql: 'UPDATE users SET display_name = ?, role = ?, email = ?, entra_oid = ? WHERE id = ?', params },
      stmt('DELETE FROM user_departments WHERE user_id = ?', u.id),
      ...departmentRows(u.id, u.departmentIds),
    ]),
  );
}

/** True when a D1 error is a UNIQUE/PRIMARY KEY violation (a duplicate id, oid, plan…). */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && /UNIQUE constraint failed|PRIMARY KEY/i.test(err.message);
}

/** True when a D1 error is a FOREIGN KEY violation (a reference to something that does not exist). */
export function isForeignKeyViolation(err: unknown): boolean {
  return err instanceof Error && /FOREIGN KEY constraint failed/i.test(err.message);
}
