import type { Principal } from './auth/principal.ts';

/** Bindings and per-request variables of the Hono app, shared by every route and middleware. */
export interface Bindings {
  DB: D1Database;
  /** The built add-in (dist/addin), absent when only the API runs. */
  ASSETS?: Fetcher;
  /**
   * Comma-separated origins allowed by CORS: only origins other than the worker's own that serve the
   * add-in. Empty in wrangler.toml (the pane is served by this worker: same origin, no CORS needed);
   * `npm start` and the tests pass their development origins with `--var`.
   */
  ALLOWED_ORIGINS: string;
  /** Evidence files of KPI values (wrangler.toml [[r2_buckets]]; services/evidence.ts). */
  EVIDENCE: R2Bucket;
  /** Counts failed authentications per client address (wrangler.toml [[ratelimits]]; auth/rate-limit.ts). */
  AUTH_FAILURES?: RateLimit;
  /** Entra ID sign-in (worker/auth/README.md): the directory (tenant) ID, a GUID. */
  ENTRA_TENANT_ID?: string;
  /** The API's Application ID URI and/or client ID, comma-separated: the accepted `aud` values. */
  ENTRA_AUDIENCE?: string;
  /** The delegated scope every Entra token must carry, e.g. Shinchoku.Access. */
  ENTRA_REQUIRED_SCOPE?: string;
  /** The add-in's own app registration (SPA, nested app auth): sent to the pane by GET /api/auth/config. */
  ENTRA_ADDIN_CLIENT_ID?: string;
  /** A secret from .dev.vars that may create the first admin token on a fresh install. */
  BOOTSTRAP_TOKEN?: string;
  /** Set to "1" only by the benchmark: enables the bare-storage routes under /api/bench. */
  BENCH_ROUTES?: string;
}

export interface Variables {
  principal: Principal;
  requestId: string;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
