import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requireAuth } from './auth/middleware.ts';
import type { AppEnv } from './env.ts';
import { notFoundHandler, onError, problemResponse } from './errors.ts';
import { tooLarge } from './refusals.ts';
import { adminRoutes } from './routes/admin.ts';
import { auditRoutes } from './routes/audit.ts';
import { commentRoutes } from './routes/comments.ts';
import { cycleRoutes } from './routes/cycles.ts';
import { EVIDENCE_UPLOAD_PATH, evidenceRoutes } from './routes/evidence.ts';
import { exportRoutes } from './routes/exports.ts';
import { healthRoutes } from './routes/health.ts';
import { meRoutes } from './routes/me.ts';
import { planRoutes } from './routes/plans.ts';
import { submissionRoutes } from './routes/submissions.ts';
import { securityHeaders } from './security-headers.ts';

/** Bodies above this are refused with 413 before anything reads them (a plan of 2,000 projects fits). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

function allowedOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

/**
 * The app: middleware, the API's routes, the add-in's files. `extraRoutes` are mounted under /api with
 * the others (worker/index.ts adds the benchmark's when BENCH_ROUTES is "1"; nothing else does).
 */
export function createApp(options: { extraRoutes?: readonly Hono<AppEnv>[] } = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(notFoundHandler);

  app.use('*', async (c, next) => {
    const id = crypto.randomUUID();
    c.set('requestId', id);
    await next();
    c.res.headers.set('X-Request-Id', id);
  });
  // Every response, the API's and the add-in's files alike (run_worker_first = true in wrangler.toml).
  app.use('*', securityHeaders());
  app.use(
    '/api/*',
    cors({
      // Only the add-in's own origins; anything else gets no CORS headers and the browser refuses.
      origin: (origin, c) => (allowedOrigins(c.env.ALLOWED_ORIGINS).includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'],
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      exposeHeaders: ['ETag', 'Idempotency-Replayed', 'X-Request-Id', 'WWW-Authenticate'],
      maxAge: 600,
    }),
  );
  const generalLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => problemResponse(tooLarge(MAX_BODY_BYTES)),
  });
  // An evidence file may be larger (10 MB): its route reads the body itself and refuses it past its own
  // limit, with a message naming that limit (routes/evidence.ts), after reach and role are judged.
  app.use('/api/*', (c, next) =>
    c.req.method === 'POST' && EVIDENCE_UPLOAD_PATH.test(c.req.path) ? next() : generalLimit(c, next),
  );

  // Public: health and the API description. Everything registered after requireAuth needs a token.
  app.route('/api', healthRoutes);
  app.use('/api/*', requireAuth());
  for (const routes of [
    meRoutes,
    planRoutes,
    cycleRoutes,
    submissionRoutes,
    exportRoutes,
    adminRoutes,
    commentRoutes,
    evidenceRoutes,
    auditRoutes,
    ...(options.extraRoutes ?? []),
  ]) {
    app.route('/api', routes);
  }
  // Everything outside /api is the add-in's build ([assets]); the headers above are added to it.
  app.all('*', async (c, next) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/') || !c.env.ASSETS) return next();
    const res = await c.env.ASSETS.fetch(c.req.raw);
    // A fetched response's headers are immutable: copy it so the middleware can add to them.
    return new Response(res.body, res);
  });
  return app;
}
