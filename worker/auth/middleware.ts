import type { Context, MiddlewareHandler } from 'hono';
import type { Permission } from '../../shared/roles.ts';
import type { AppEnv, Bindings } from '../env.ts';
import { problemResponse } from '../errors.ts';
import { roleRefusal } from '../services/access.ts';
import {
  createEntraVerifier,
  EntraConfigError,
  EntraTokenError,
  type EntraVerifier,
  JwksUnavailableError,
} from './entra.ts';
import { type AuthFailure, authFailures } from './failures.ts';
import type { Principal } from './principal.ts';
import { countsAsFailedAuthentication, limitFailure } from './rate-limit.ts';
import { findTokenByHash, findUserByEntraOid, parseTimestamp, touchToken } from './store.ts';
import { constantTimeEqual, hashToken, looksLikeApiToken, looksLikeJwt } from './token-crypto.ts';

/** A bootstrap secret shorter than this is ignored: it would be guessable. */
export const MIN_BOOTSTRAP_TOKEN_LENGTH = 16;
/** last_used_at is rewritten at most this often per token, so busy clients do not turn reads into writes. */
const TOUCH_INTERVAL_MS = 60_000;

const BOOTSTRAP_PRINCIPAL: Principal = {
  userId: 'bootstrap',
  role: 'admin',
  departmentIds: [],
  displayName: 'Bootstrap administrator',
  via: 'bootstrap',
};

type Outcome = Principal | AuthFailure;
type Defer = (work: Promise<unknown>) => void;

function isFailure(outcome: Outcome): outcome is AuthFailure {
  return 'problem' in outcome;
}

// One verifier per configuration, kept for the isolate's life (its JWKS cache is module-level anyway).
const verifiers = new Map<string, EntraVerifier>();

function entraVerifier(env: Bindings): EntraVerifier {
  const key = `${env.ENTRA_TENANT_ID}|${env.ENTRA_AUDIENCE}|${env.ENTRA_REQUIRED_SCOPE ?? ''}`;
  let verifier = verifiers.get(key);
  if (!verifier) {
    verifier = createEntraVerifier({
      tenantId: env.ENTRA_TENANT_ID ?? '',
      audience: env.ENTRA_AUDIENCE ?? '',
      ...(env.ENTRA_REQUIRED_SCOPE ? { requiredScope: env.ENTRA_REQUIRED_SCOPE } : {}),
    });
    verifiers.set(key, verifier);
  }
  return verifier;
}

async function entraPrincipal(env: Bindings, jwt: string): Promise<Outcome> {
  if (!env.ENTRA_TENANT_ID?.trim() || !env.ENTRA_AUDIENCE?.trim()) return authFailures.entraNotConfigured();
  let oid: string;
  try {
    oid = (await entraVerifier(env).verify(jwt)).oid;
  } catch (err) {
    if (err instanceof EntraTokenError) {
      if (err.reason === 'missing_scope') return authFailures.missingScope(env.ENTRA_REQUIRED_SCOPE ?? '');
      return authFailures.entra(err.reason);
    }
    if (err instanceof JwksUnavailableError) {
      console.error(`Entra ID keys unavailable: ${err.message}`);
      return authFailures.keysUnavailable();
    }
    if (err instanceof EntraConfigError) {
      console.error(`Entra ID configuration: ${err.message}`);
      return authFailures.entraMisconfigured();
    }
    throw err;
  }
  return (await findUserByEntraOid(env.DB, oid)) ?? authFailures.unregisteredUser();
}

async function isBootstrapToken(env: Bindings, tokenHash: string): Promise<boolean> {
  const secret = env.BOOTSTRAP_TOKEN?.trim();
  if (!secret) return false;
  if (secret.length < MIN_BOOTSTRAP_TOKEN_LENGTH) {
    console.warn(`BOOTSTRAP_TOKEN is ignored: use at least ${MIN_BOOTSTRAP_TOKEN_LENGTH} random characters`);
    return false;
  }
  // Comparing digests keeps the comparison constant-time whatever the lengths.
  return constantTimeEqual(tokenHash, await hashToken(secret));
}

async function apiTokenPrincipal(env: Bindings, token: string, defer: Defer): Promise<Outcome> {
  const tokenHash = await hashToken(token);
  if (await isBootstrapToken(env, tokenHash)) return BOOTSTRAP_PRINCIPAL;
  if (!looksLikeApiToken(token)) return authFailures.unknownToken();
  const found = await findTokenByHash(env.DB, tokenHash);
  if (!found) return authFailures.unknownToken();
  if (found.revokedAt !== null) return authFailures.revokedToken();
  const now = Date.now();
  if (found.expiresAt !== null && !(parseTimestamp(found.expiresAt) > now)) {
    return authFailures.expiredToken(found.expiresAt);
  }
  if (found.lastUsedAt === null || !(now - parseTimestamp(found.lastUsedAt) < TOUCH_INTERVAL_MS)) {
    defer(touchToken(env.DB, found.tokenId, new Date(now)));
  }
  return found.principal;
}

/** Runs `work` after the response when the runtime allows it, else before; its failure never fails the request. */
function deferrer(c: Context<AppEnv>): Defer {
  return (work) => {
    const quiet = work.catch((err: unknown) => console.warn('recording token use failed', err));
    try {
      c.executionCtx.waitUntil(quiet);
    } catch {
      // No ExecutionContext (app.request in a unit test): the promise still settles on its own.
    }
  };
}

/** Resolves the caller from the Authorization header; the failure says what to do, in Japanese and English. */
export async function authenticate(
  env: Bindings,
  authorization: string | undefined,
  defer: Defer,
): Promise<Outcome> {
  if (authorization === undefined || authorization.trim() === '') return authFailures.missing();
  const match = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i.exec(authorization);
  const token = match?.[1];
  if (!token || token.length > 16_384) return authFailures.badHeader();
  return looksLikeJwt(token) ? entraPrincipal(env, token) : apiTokenPrincipal(env, token, defer);
}

/**
 * Requires a valid bearer token and sets `principal`; otherwise answers 401/403/503 with a problem
 * document, or 429 once the client's address has had too many tokens refused (rate-limit.ts).
 */
export function requireAuth(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const outcome = await authenticate(c.env, c.req.header('Authorization'), deferrer(c));
    if (isFailure(outcome)) {
      const limited = countsAsFailedAuthentication(outcome)
        ? await limitFailure(c.env.AUTH_FAILURES, c.req.raw.headers)
        : null;
      const failure = limited ?? outcome;
      return problemResponse(failure.problem, failure.headers);
    }
    c.set('principal', outcome);
    await next();
  };
}

/**
 * Lets the request through only for the roles with `permission` (shared/roles.ts), after requireAuth;
 * else 403 `forbidden` naming the roles that may. For routes whose ids no other role could reach.
 */
export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!principal) return problemResponse(authFailures.missing().problem, authFailures.missing().headers);
    const refused = roleRefusal(principal, permission);
    if (refused) return problemResponse(refused);
    await next();
  };
}
