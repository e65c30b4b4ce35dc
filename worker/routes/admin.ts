import { Hono } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import {
  CreateTokenRequest,
  CreateUserRequest,
  UpdateDepartmentRequest,
  UpdateUserRequest,
} from '../../shared/api.ts';
import { Department, Id } from '../../shared/schema/index.ts';
import { requirePermission } from '../auth/middleware.ts';
import { jsonBody, parseBody } from '../body.ts';
import { listDepartments, listUsers } from '../db/directory.ts';
import type { AppEnv } from '../env.ts';
import { idParams } from '../http.ts';
import { THING } from '../refusals.ts';
import {
  addDepartment,
  addUser,
  changeDepartment,
  changeUser,
  issueToken,
  requireUser,
  revokeToken,
  tokensOf,
} from '../services/admin.ts';

/** /api/admin: departments, users and API tokens. Admins only, whatever the ids (403 before any is read). */
export const adminRoutes = new Hono<AppEnv>();

adminRoutes.use('/admin/*', requirePermission('admin'));

adminRoutes.get('/admin/departments', async (c) => c.json({ departments: await listDepartments(c.env.DB) }));

adminRoutes.post('/admin/departments', jsonBody(Department), async (c) =>
  c.json(await addDepartment(c.env.DB, c.req.valid('json')), 201),
);

adminRoutes.patch(
  '/admin/departments/:departmentId',
  idParams({ departmentId: THING.department }),
  jsonBody(UpdateDepartmentRequest),
  async (c) =>
    c.json(await changeDepartment(c.env.DB, c.req.valid('param').departmentId, c.req.valid('json').name)),
);

adminRoutes.get('/admin/users', async (c) => c.json({ users: await listUsers(c.env.DB) }));

adminRoutes.post('/admin/users', jsonBody(CreateUserRequest), async (c) =>
  c.json(await addUser(c.env.DB, c.req.valid('json')), 201),
);

const userParam = idParams({ userId: THING.user });

adminRoutes.get('/admin/users/:userId', userParam, async (c) =>
  c.json(await requireUser(c.env.DB, c.req.valid('param').userId)),
);

adminRoutes.patch('/admin/users/:userId', userParam, jsonBody(UpdateUserRequest), async (c) =>
  c.json(await changeUser(c.env.DB, c.req.valid('param').userId, c.req.valid('json'))),
);

adminRoutes.post('/admin/users/:userId/tokens', userParam, jsonBody(CreateTokenRequest), async (c) => {
  const req = c.req.valid('json');
  return c.json(await issueToken(c.env.DB, c.req.valid('param').userId, req.label, req.expiresAt), 201);
});

const TokenQuery = z.object({ userId: Id.optional() }).strict();

adminRoutes.get(
  '/admin/tokens',
  validator('query', (q) => parseBody(TokenQuery, q)),
  async (c) => c.json({ tokens: await tokensOf(c.env.DB, c.req.valid('query').userId) }),
);

adminRoutes.delete('/admin/tokens/:tokenId', idParams({ tokenId: THING.token }), async (c) => {
  await revokeToken(c.env.DB, c.req.valid('param').tokenId);
  return c.body(null, 204);
});
