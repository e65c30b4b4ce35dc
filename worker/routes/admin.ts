import { Hono } from 'hono';
import { z } from 'zod';
import {
  CreateTokenRequest,
  CreateUserRequest,
  UpdateDepartmentRequest,
  UpdateUserRequest,
} from '../../shared/api.ts';
import { Department, Id } from '../../shared/schema/index.ts';
import { listDepartments, listUsers } from '../db/directory.ts';
import type { AppEnv } from '../env.ts';
import { idParam, jsonBody, parseBody } from '../http.ts';
import { requireAction } from '../services/access.ts';
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

/** /api/admin: departments, users and API tokens. Admins only. */
export const adminRoutes = new Hono<AppEnv>();

adminRoutes.use('/admin/*', async (c, next) => {
  requireAction(c.get('principal'), 'admin');
  await next();
});

const DEPT = { ja: '担当課', en: 'Department' };
const USER = { ja: '利用者', en: 'User' };

adminRoutes.get('/admin/departments', async (c) => c.json({ departments: await listDepartments(c.env.DB) }));

adminRoutes.post('/admin/departments', async (c) =>
  c.json(await addDepartment(c.env.DB, await jsonBody(c, Department)), 201),
);

adminRoutes.patch('/admin/departments/:departmentId', async (c) => {
  const id = idParam(c, 'departmentId', DEPT);
  const { name } = await jsonBody(c, UpdateDepartmentRequest);
  return c.json(await changeDepartment(c.env.DB, id, name));
});

adminRoutes.get('/admin/users', async (c) => c.json({ users: await listUsers(c.env.DB) }));

adminRoutes.post('/admin/users', async (c) =>
  c.json(await addUser(c.env.DB, await jsonBody(c, CreateUserRequest)), 201),
);

adminRoutes.get('/admin/users/:userId', async (c) =>
  c.json(await requireUser(c.env.DB, idParam(c, 'userId', USER))),
);

adminRoutes.patch('/admin/users/:userId', async (c) => {
  const id = idParam(c, 'userId', USER);
  return c.json(await changeUser(c.env.DB, id, await jsonBody(c, UpdateUserRequest)));
});

adminRoutes.post('/admin/users/:userId/tokens', async (c) => {
  const userId = idParam(c, 'userId', USER);
  const req = await jsonBody(c, CreateTokenRequest);
  return c.json(await issueToken(c.env.DB, userId, req.label, req.expiresAt), 201);
});

const TokenQuery = z.object({ userId: Id.optional() }).strict();

adminRoutes.get('/admin/tokens', async (c) => {
  const q = parseBody(TokenQuery, c.req.query());
  return c.json({ tokens: await tokensOf(c.env.DB, q.userId) });
});

adminRoutes.delete('/admin/tokens/:tokenId', async (c) => {
  await revokeToken(c.env.DB, idParam(c, 'tokenId', { ja: 'トークン', en: 'Token' }));
  return c.body(null, 204);
});
