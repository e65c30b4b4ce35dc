import { Hono } from 'hono';
import { listDepartments } from '../db/directory.ts';
import type { AppEnv } from '../env.ts';

/** Who the token belongs to, with the departments it works for (the add-in's first call). */
export const meRoutes = new Hono<AppEnv>();

meRoutes.get('/me', async (c) => {
  const p = c.get('principal');
  const departments = p.role === 'department' ? await listDepartments(c.env.DB, p.departmentIds) : [];
  return c.json({ userId: p.userId, displayName: p.displayName, role: p.role, via: p.via, departments });
});
