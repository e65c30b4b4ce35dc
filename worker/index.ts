import { createApp } from './app.ts';
import type { Bindings } from './env.ts';
import { benchRoutes } from './routes/bench.ts';

/**
 * The Worker: the Shinchoku API under /api; the add-in's files are served from dist/addin by [assets].
 * The benchmark's bare-storage routes (/api/bench/*) exist only in an isolate whose BENCH_ROUTES is
 * "1" (`wrangler dev --var BENCH_ROUTES:1`, tests/bench/worker.bench.ts); a deployed worker has none.
 */
const app = createApp();
let withBench: ReturnType<typeof createApp> | undefined;

export default {
  fetch(request, env, ctx) {
    if (env.BENCH_ROUTES !== '1') return app.fetch(request, env, ctx);
    withBench ??= createApp({ extraRoutes: [benchRoutes] });
    return withBench.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Bindings>;
