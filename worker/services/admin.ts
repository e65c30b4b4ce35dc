import type { z } from 'zod';
import type { CreateUserRequest, UpdateUserRequest, User } from '../../shared/api.ts';
import { reachesEveryDepartment } from '../../shared/roles.ts';
import type { Department } from '../../shared/schema/index.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../auth/store.ts';
import {
  getUser,
  insertDepartment,
  insertUser,
  isUniqueViolation,
  renameDepartment,
  unknownDepartments,
  updateUser,
} from '../db/directory.ts';
import {
  departmentExists,
  departmentRequired,
  type HttpProblem,
  notFound,
  THING,
  unknownDepartments as unknownDepartmentsRefusal,
  userExists,
} from '../refusals.ts';

/** Departments, users (with their departments and Entra ID oid) and API tokens, for admins. */

export async function addDepartment(db: D1Database, d: Department): Promise<Department> {
  if (!(await insertDepartment(db, d, new Date().toISOString()))) {
    throw departmentExists(d.id);
  }
  return d;
}

export async function changeDepartment(db: D1Database, id: string, name: string): Promise<Department> {
  if (!(await renameDepartment(db, id, name))) throw notFound(THING.department, id);
  return { id, name };
}

const userNotFound = (id: string) => notFound(THING.user, id);

async function checkDepartments(db: D1Database, u: Pick<User, 'role' | 'departmentIds'>): Promise<void> {
  const unknown = await unknownDepartments(db, u.departmentIds);
  if (unknown.length) throw unknownDepartmentsRefusal(unknown);
  // A role that reaches only its own departments needs one.
  if (!reachesEveryDepartment(u.role) && u.departmentIds.length === 0) throw departmentRequired();
}

const duplicate = (u: User): HttpProblem => userExists(u.id, u.entraOid);

export async function addUser(db: D1Database, req: z.output<typeof CreateUserRequest>): Promise<User> {
  const user: User = {
    id: req.id ?? `u_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`,
    displayName: req.displayName,
    role: req.role,
    email: req.email ?? null,
    entraOid: req.entraOid?.toLowerCase() ?? null,
    departmentIds: [...new Set(req.departmentIds)],
    createdAt: new Date().toISOString(),
  };
  await checkDepartments(db, user);
  try {
    await insertUser(db, user);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(user);
    throw err;
  }
  return user;
}

export async function changeUser(
  db: D1Database,
  id: string,
  req: z.output<typeof UpdateUserRequest>,
): Promise<User> {
  const current = await getUser(db, id);
  if (!current) throw userNotFound(id);
  const user: User = {
    ...current,
    ...(req.displayName !== undefined ? { displayName: req.displayName } : {}),
    ...(req.role !== undefined ? { role: req.role } : {}),
    ...(req.email !== undefined ? { email: req.email } : {}),
    ...(req.entraOid !== undefined ? { entraOid: req.entraOid?.toLowerCase() ?? null } : {}),
    ...(req.departmentIds !== undefined ? { departmentIds: [...new Set(req.departmentIds)] } : {}),
  };
  await checkDepartments(db, user);
  try {
    await updateUser(db, user);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(user);
    throw err;
  }
  return user;
}

export async function requireUser(db: D1Database, id: string): Promise<User> {
  const user = await getUser(db, id);
  if (!user) throw userNotFound(id);
  return user;
}

export async function issueToken(db: D1Database, userId: string, label: string, expiresAt?: string | null) {
  const { id, token } = await createApiToken(db, userId, label, expiresAt);
  return { id, token, userId, label };
}

export const tokensOf = (db: D1Database, userId?: string) => listApiTokens(db, userId);

export async function revokeToken(db: D1Database, id: string): Promise<void> {
  if (await revokeApiToken(db, id)) return;
  const known = (await listApiTokens(db)).some((t) => t.id === id);
  if (!known) throw notFound(THING.token, id);
  // Already revoked: revoking again changes nothing and is not an error.
}
