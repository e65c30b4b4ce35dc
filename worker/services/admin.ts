import type { z } from 'zod';
import type {
  CreatedToken,
  CreateUserRequest,
  DirectoryDepartment,
  ImportUsersRequest,
  ImportUsersResponse,
  UpdateDepartmentRequest,
  UpdateUserRequest,
  User,
} from '../../shared/api.ts';
import { readUsersCsv } from '../../shared/directory/users-csv.ts';
import { can, reachesEveryDepartment } from '../../shared/roles.ts';
import type { Department } from '../../shared/schema/index.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../auth/store.ts';
import { generateToken, hashToken } from '../auth/token-crypto.ts';
import { auditStmt } from '../db/audit.ts';
import { toD1 } from '../db/d1.ts';
import {
  directorySnapshot,
  getUser,
  inactiveDepartments,
  insertDepartment,
  insertUser,
  insertUsers,
  isUniqueViolation,
  unknownDepartments,
  updateDepartment,
  updateUser,
} from '../db/directory.ts';
import { stmt } from '../db/sql.ts';
import {
  departmentExists,
  departmentRequired,
  type HttpProblem,
  inactiveDepartments as inactiveDepartmentsRefusal,
  notFound,
  selfLockout,
  THING,
  unknownDepartments as unknownDepartmentsRefusal,
  userExists,
  userInactive,
  usersImportInvalid,
} from '../refusals.ts';
import type { RequestMeta } from './write.ts';

/**
 * Departments, users (with their departments and Entra ID oid) and API tokens, for admins. Every
 * change is recorded in the admin history with who and when, in the same batch (db/audit.ts).
 */

export async function addDepartment(db: D1Database, d: Department, m: RequestMeta): Promise<Department> {
  if (!(await insertDepartment(db, d, m))) throw departmentExists(d.id);
  return d;
}

export async function changeDepartment(
  db: D1Database,
  id: string,
  req: z.output<typeof UpdateDepartmentRequest>,
  m: RequestMeta,
): Promise<DirectoryDepartment> {
  const changed = await updateDepartment(db, id, req, m);
  if (!changed) throw notFound(THING.department, id);
  return changed;
}

const userNotFound = (id: string) => notFound(THING.user, id);

async function checkDepartments(
  db: D1Database,
  u: Pick<User, 'role' | 'departmentIds'>,
  kept: readonly string[] = [],
): Promise<void> {
  const unknown = await unknownDepartments(db, u.departmentIds);
  if (unknown.length) throw unknownDepartmentsRefusal(unknown);
  // A department deactivated since it was given stays; a new one must be active.
  const inactive = (await inactiveDepartments(db, u.departmentIds)).filter((d) => !kept.includes(d));
  if (inactive.length) throw inactiveDepartmentsRefusal(inactive);
  // A role that reaches only its own departments needs one.
  if (!reachesEveryDepartment(u.role) && u.departmentIds.length === 0) throw departmentRequired();
}

const duplicate = (u: User): HttpProblem => userExists(u.id, u.entraOid);

const newUserId = () => `u_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;

function userOf(req: z.output<typeof CreateUserRequest>, now: string): User {
  return {
    id: req.id ?? newUserId(),
    displayName: req.displayName,
    role: req.role,
    email: req.email ?? null,
    entraOid: req.entraOid?.toLowerCase() ?? null,
    departmentIds: [...new Set(req.departmentIds)],
    createdAt: now,
    active: true,
  };
}

export async function addUser(
  db: D1Database,
  req: z.output<typeof CreateUserRequest>,
  m: RequestMeta,
): Promise<User> {
  const user = userOf(req, m.now);
  await checkDepartments(db, user);
  try {
    await insertUser(db, user, m);
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
  m: RequestMeta,
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
    ...(req.active !== undefined ? { active: req.active } : {}),
  };
  // The caller changing themself: refused before anything is written when it would lock them out.
  if (id === m.userId && current.active && !user.active) throw selfLockout('deactivate');
  if (id === m.userId && can(current.role, 'admin') && !can(user.role, 'admin')) throw selfLockout('role');
  await checkDepartments(db, user, current.departmentIds);
  try {
    await updateUser(db, current, user, m);
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

export async function issueToken(
  db: D1Database,
  userId: string,
  label: string,
  expiresAt: string | null | undefined,
  m: RequestMeta,
): Promise<CreatedToken> {
  const user = await getUser(db, userId);
  if (!user) throw userNotFound(userId);
  if (!user.active) throw userInactive(userId);
  const { id, token } = await createApiToken(db, userId, label, expiresAt, (tokenId) =>
    toD1(db, [
      auditStmt(
        {
          action: 'token.issue',
          targetKind: 'token',
          targetId: tokenId,
          after: { userId, label, expiresAt: expiresAt ?? null },
        },
        m,
        stmt('EXISTS (SELECT 1 FROM api_tokens WHERE id = ?)', tokenId),
      ),
    ]),
  );
  return { id, token, userId, label };
}

export const tokensOf = (db: D1Database, userId?: string) => listApiTokens(db, userId);

export async function revokeToken(db: D1Database, id: string, m: RequestMeta): Promise<void> {
  const recorded = toD1(db, [
    auditStmt({ action: 'token.revoke', targetKind: 'token', targetId: id }, m, stmt('changes() = 1')),
  ]);
  if (await revokeApiToken(db, id, recorded)) return;
  const known = (await listApiTokens(db)).some((t) => t.id === id);
  if (!known) throw notFound(THING.token, id);
  // Already revoked: revoking again changes nothing and is not an error.
}

/**
 * Users from a CSV file (shared/directory/users-csv.ts), checked against the directory: with
 * `dryRun` what would be created and every problem by line; otherwise all of them in one batch, or
 * none (422 with every problem by line). Tokens asked for are created in the same batch and their
 * secrets returned once.
 */
export async function importUsers(
  db: D1Database,
  req: z.output<typeof ImportUsersRequest>,
  m: RequestMeta,
): Promise<ImportUsersResponse> {
  const read = readUsersCsv(req.csv, await directorySnapshot(db));
  const users = read.users.map((u) => ({ line: u.line, user: u.request }));
  const answer = { dryRun: req.dryRun, lines: read.lines, users, problems: read.problems };
  if (req.dryRun) return { ...answer, created: [], tokens: [] };
  if (read.problems.length > 0) throw usersImportInvalid(read.problems);
  const created = read.users.map((u) => userOf(u.request, m.now));
  const label = req.tokenLabel ?? 'CSV';
  const tokens = req.issueTokens
    ? await Promise.all(
        created.map(async (u) => {
          const token = generateToken();
          return {
            id: `tok_${crypto.randomUUID().replace(/-/g, '')}`,
            userId: u.id,
            hash: await hashToken(token),
            label,
            token,
          };
        }),
      )
    : [];
  try {
    await insertUsers(db, created, tokens, m);
  } catch (err) {
    // Someone registered one of these ids meanwhile: nothing of the file was stored.
    if (isUniqueViolation(err))
      throw usersImportInvalid(readUsersCsv(req.csv, await directorySnapshot(db)).problems);
    throw err;
  }
  return {
    ...answer,
    created,
    tokens: tokens.map((t) => ({ id: t.id, token: t.token, userId: t.userId, label: t.label })),
  };
}
