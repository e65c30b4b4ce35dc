import { Hono } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import {
  AuditQuery,
  CreateTokenRequest,
  CreateUserRequest,
  ImportUsersRequest,
  UpdateDepartmentRequest,
  UpdateUserRequest,
} from '../../shared/api.ts';
import { Department, Id } from '../../shared/schema/index.ts';
import { requirePermission } from '../auth/middleware.ts';
import { jsonBody, parseBody } from '../body.ts';
import { readAudit } from '../db/audit-read.ts';
import { listDirectoryDepartments, listUsers } from '../db/directory.ts';
import type { AppEnv } from '../env.ts';
import { idParams, meta } from '../http.ts';
import { THING } from '../refusals.ts';
import {
  addDepartment,
  addUser,
  changeDepartment,
  changeUser,
  importUsers,
  issueToken,
  requireUser,
  revokeToken,
  tokensOf,
} from '../services/admin.ts';

/**
 * /api/admin: departments, users and API tokens. Admins only, whatever the ids (403 before any is
 * read). /api/audit: the history of administrative actions, for admins and coordinators.
 */
export const adminRoutes = new Hono<AppEnv>();

adminRoutes.use('/admin/*', requirePermission('admin'));

adminRoutes.get('/admin/departments', async (c) =>
  c.json({ departments: await listDirectoryDepartments(c.env.DB) }),
);

adminRoutes.post('/admin/departments', jsonBody(Department), async (c) =>
  c.json(await addDepartment(c.env.DB, c.req.valid('json'), meta(c)), 201),
);

adminRoutes.patch(
  '/admin/departments/:departmentId',
  idParams({ departmentId: THING.department }),
  jsonBody(UpdateDepartmentRequest),
  async (c) =>
    c.json(await changeDepartment(c.env.DB, c.req.valid('param').departmentId, c.req.valid('json'), meta(c))),
);

adminRoutes.get('/admin/users', async (c) => c.json({ users: await listUsers(c.env.DB) }));

adminRoutes.post('/admin/users', jsonBody(CreateUserRequest), async (c) =>
  c.json(await addUser(c.env.DB, c.req.valid('json'), meta(c)), 201),
);

// Before /admin/users/:userId: "import" is not a user id here.
adminRoutes.post('/admin/users/import', jsonBody(ImportUsersRequest), async (c) => {
  const req = c.req.valid('json');
  return c.json(await importUsers(c.env.DB, req, meta(c)), req.dryRun ? 200 : 201);
});

const userParam = idParams({ userId: THING.user });

adminRoutes.get('/admin/users/:userId', userParam, async (c) =>
  c.json(await requireUser(c.env.DB, c.req.valid('param').userId)),
);

adminRoutes.patch('/admin/users/:userId', userParam, jsonBody(UpdateUserRequest), async (c) =>
  c.json(await changeUser(c.env.DB, c.req.valid('param').userId, c.req.valid('json'), meta(c))),
);

adminRoutes.post('/admin/users/:userId/tokens', userParam, jsonBody(CreateTokenRequest), async (c) => {
  const req = c.req.valid('json');
  return c.json(
    await issueToken(c.env.DB, c.req.valid('param').userId, req.label, req.expiresAt, meta(c)),
    201,
  );
});

const TokenQuery = z.object({ userId: Id.optional() }).strict();

adminRoutes.get(
  '/admin/tokens',
  validator('query', (q) => parseBody(TokenQuery, q)),
  async (c) => c.json({ tokens: await tokensOf(c.env.DB, c.req.valid('query').userId) }),
);

adminRoutes.delete('/admin/tokens/:tokenId', idParams({ tokenId: THING.token }), async (c) => {
  await revokeToken(c.env.DB, c.req.valid('param').tokenId, meta(c));
  return c.body(null, 204);
});

adminRoutes.get(
  '/audit',
  requirePermission('audit.read'),
  validator('query', (q) => parseBody(AuditQuery, q)),
  async (c) => c.json(await readAudit(c.env.DB, c.req.valid('query'))),
);
