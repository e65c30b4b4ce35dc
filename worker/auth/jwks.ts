import { EntraTokenError, JwksUnavailableError } from './jwt.ts';

/**
 * The tenant's signing keys, cached per isolate and keyed by tenant so every request reuses them.
 *
 * Policy: keys are refetched after `ttlMs`; an unknown `kid` triggers one early refetch, but never
 * more often than `minRefreshMs`, so a flood of forged kids cannot hammer Microsoft's endpoint.
 * A failed refetch keeps the stale keys (Entra rolls keys over weeks ahead). Concurrent requests
 * do not share an in-flight fetch: workerd ties I/O to the request that started it.
 */

export interface JwksOptions {
  tenantId: string;
  fetch: typeof fetch;
  now: () => number;
  ttlMs: number;
  minRefreshMs: number;
}

interface TenantKeys {
  jwks: Map<string, JsonWebKey>;
  imported: Map<string, CryptoKey>;
  fetchedAt: number;
  lastAttempt: number;
}

const cache = new Map<string, TenantKeys>();

/** Forgets every cached key set (tests; or after changing ENTRA_TENANT_ID without a redeploy). */
export function clearJwksCache(): void {
  cache.clear();
}

export function jwksUrl(tenantId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/discovery/v2.0/keys`;
}

async function fetchKeys(options: JwksOptions): Promise<Map<string, JsonWebKey>> {
  const url = jwksUrl(options.tenantId);
  let body: unknown;
  try {
    const res = await options.fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = await res.json();
  } catch (err) {
    throw new JwksUnavailableError(
      `cannot fetch ${url}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const keys = (body as { keys?: unknown })?.keys;
  if (!Array.isArray(keys)) throw new JwksUnavailableError(`${url} did not return a JWK set`);
  const byKid = new Map<string, JsonWebKey>();
  for (const k of keys as Record<string, unknown>[]) {
    const usable =
      k?.kty === 'RSA' &&
      typeof k.kid === 'string' &&
      typeof k.n === 'string' &&
      typeof k.e === 'string' &&
      (k.use === undefined || k.use === 'sig') &&
      (k.alg === undefined || k.alg === 'RS256');
    // Only the public parameters: importKey would refuse a JWK whose alg/key_ops disagree with ours.
    if (usable) byKid.set(k.kid as string, { kty: 'RSA', n: k.n as string, e: k.e as string, ext: true });
  }
  return byKid;
}

async function refresh(options: JwksOptions, entry: TenantKeys | undefined): Promise<TenantKeys> {
  const attempt = options.now();
  if (entry) entry.lastAttempt = attempt; // set before awaiting, so concurrent requests see it
  try {
    const jwks = await fetchKeys(options);
    const next: TenantKeys = { jwks, imported: new Map(), fetchedAt: attempt, lastAttempt: attempt };
    cache.set(options.tenantId, next);
    return next;
  } catch (err) {
    if (entry && entry.jwks.size > 0) {
      console.warn(`JWKS refresh failed, using cached keys: ${(err as Error).message}`);
      return entry;
    }
    throw err;
  }
}

function importRsaKey(jwk: JsonWebKey): Promise<CryptoKey> {
  return crypto.subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, [
    'verify',
  ]);
}

/** The verification key for `kid`, fetching or refreshing the tenant's key set as the policy allows. */
export async function signingKey(options: JwksOptions, kid: string | undefined): Promise<CryptoKey> {
  if (kid === undefined) throw new EntraTokenError('unknown_key', 'the token names no key (kid)');
  let entry = cache.get(options.tenantId);
  const now = options.now();
  if (!entry) entry = await refresh(options, undefined);
  else if (now - entry.fetchedAt >= options.ttlMs && now - entry.lastAttempt >= options.minRefreshMs) {
    entry = await refresh(options, entry);
  }
  if (!entry.jwks.has(kid) && now - entry.lastAttempt >= options.minRefreshMs) {
    entry = await refresh(options, entry);
  }
  const jwk = entry.jwks.get(kid);
  if (!jwk) throw new EntraTokenError('unknown_key', `kid ${kid} is not among the tenant's signing keys`);
  let key = entry.imported.get(kid);
  if (!key) {
    try {
      key = await importRsaKey(jwk);
    } catch {
      throw new EntraTokenError('unknown_key', `kid ${kid} is not a usable RSA key`);
    }
    entry.imported.set(kid, key);
  }
  return key;
}
