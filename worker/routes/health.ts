import { Hono } from 'hono';
import { authClientConfig } from '../auth/client-config.ts';
import type { AppEnv } from '../env.ts';
import { buildOpenApi } from '../openapi.ts';

/** Public routes: no token needed. */
export const healthRoutes = new Hono<AppEnv>();

healthRoutes.get('/health', async (c) => {
  await c.env.DB.prepare('SELECT 1').first();
  return c.json({ status: 'ok', time: new Date().toISOString(), database: 'ok' });
});

// Before sign-in the pane asks how to sign in: Entra ID (which app, which scopes) or an API token.
healthRoutes.get('/auth/config', (c) => c.json(authClientConfig(c.env)));

let openApi: unknown;
healthRoutes.get('/openapi.json', (c) => {
  openApi ??= buildOpenApi();
  return c.json(openApi);
});
