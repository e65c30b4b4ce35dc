import type { Principal } from './auth/principal.ts';

/** Bindings and per-request variables of the Hono app, shared by every route and middleware. */
export interface Bindings {
  DB: D1Database;
  /** The built add-in (dist/addin), absent when only the API runs. */
  ASSETS?: Fetcher;
  /** Comma-separated origins allowed by CORS (the add-in's own origins). */
  ALLOWED_ORIGINS: string;
  ENTRA_TENANT_ID?: string;
  ENTRA_AUDIENCE?: string;
  ENTRA_REQUIRED_SCOPE?: string;
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
