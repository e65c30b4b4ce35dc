import { signingKey } from './jwks.ts';
import { decodeRs256Jwt, EntraConfigError, EntraTokenError } from './jwt.ts';

export { clearJwksCache, jwksUrl } from './jwks.ts';
export { EntraConfigError, type EntraFailure, EntraTokenError, JwksUnavailableError } from './jwt.ts';

export interface EntraVerifierOptions {
  /** The directory (tenant) ID, a GUID: issuers carry the GUID, never the domain name. */
  tenantId: string;
  /** The API's application ID URI (`api://…`) and/or client ID; comma-separated for several. */
  audience: string;
  /** A delegated scope that must appear in `scp` (or, for app-only tokens, an app role in `roles`). */
  requiredScope?: string;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch, like Date.now. */
  now?: () => number;
  clockSkewSeconds?: number;
  jwksTtlSeconds?: number;
  /** The least time between two fetches of the key set caused by unknown `kid`s. */
  minRefreshSeconds?: number;
}

/** The claims Shinchoku relies on, checked; `raw` keeps the rest. */
export interface EntraClaims {
  oid: string;
  tid: string | undefined;
  iss: string;
  aud: string | string[];
  exp: number;
  nbf: number | undefined;
  scopes: string[];
  roles: string[];
  name: string | undefined;
  preferredUsername: string | undefined;
  raw: Record<string, unknown>;
}

export interface EntraVerifier {
  verify(jwt: string): Promise<EntraClaims>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
}

function numericClaim(payload: Record<string, unknown>, name: string, required: boolean): number | undefined {
  const value = payload[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new EntraTokenError('malformed', `claim ${name} is missing or not a number`);
  }
  return value;
}

export function createEntraVerifier(options: EntraVerifierOptions): EntraVerifier {
  const tenantId = options.tenantId.trim().toLowerCase();
  if (!GUID.test(tenantId)) {
    throw new EntraConfigError(
      `ENTRA_TENANT_ID must be the directory (tenant) ID, a GUID; got ${JSON.stringify(options.tenantId)}`,
    );
  }
  const audiences = options.audience
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  if (audiences.length === 0) throw new EntraConfigError('ENTRA_AUDIENCE is empty');
  const issuers = [
    `https://login.microsoftonline.com/${tenantId}/v2.0`,
    `https://sts.windows.net/${tenantId}/`,
  ];
  const requiredScope = options.requiredScope?.trim() || undefined;
  const now = options.now ?? Date.now;
  const skewMs = (options.clockSkewSeconds ?? 120) * 1000;
  const jwks = {
    tenantId,
    fetch: options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init)),
    now,
    ttlMs: (options.jwksTtlSeconds ?? 3600) * 1000,
    minRefreshMs: (options.minRefreshSeconds ?? 60) * 1000,
  };

  async function verify(jwt: string): Promise<EntraClaims> {
    const token = decodeRs256Jwt(jwt);
    const key = await signingKey(jwks, token.header.kid);
    const ok = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, token.signature, token.signingInput);
    if (!ok) throw new EntraTokenError('invalid_signature', 'the signature does not match the tenant key');

    // Only now are the claims trustworthy enough to read.
    const p = token.payload;
    if (typeof p.iss !== 'string' || !issuers.includes(p.iss)) {
      throw new EntraTokenError('wrong_issuer', `iss ${JSON.stringify(p.iss)} is not this tenant`);
    }
    const aud = p.aud;
    const tokenAudiences = typeof aud === 'string' ? [aud] : stringList(aud);
    if (!tokenAudiences.some((a) => audiences.includes(a))) {
      throw new EntraTokenError('wrong_audience', `aud ${JSON.stringify(aud)} is not this API`);
    }
    const exp = numericClaim(p, 'exp', true) as number;
    const nbf = numericClaim(p, 'nbf', false);
    const t = now();
    if (t >= exp * 1000 + skewMs) throw new EntraTokenError('expired', `expired at ${exp}`);
    if (nbf !== undefined && t < nbf * 1000 - skewMs) {
      throw new EntraTokenError('not_yet_valid', `not valid before ${nbf}`);
    }
    const scopes = typeof p.scp === 'string' ? p.scp.split(' ').filter((s) => s !== '') : [];
    const roles = stringList(p.roles);
    if (requiredScope !== undefined && !scopes.includes(requiredScope) && !roles.includes(requiredScope)) {
      throw new EntraTokenError('missing_scope', `neither scp nor roles holds ${requiredScope}`);
    }
    if (typeof p.oid !== 'string' || p.oid === '') {
      throw new EntraTokenError('malformed', 'the token has no oid (object ID) claim');
    }
    return {
      oid: p.oid.toLowerCase(),
      tid: typeof p.tid === 'string' ? p.tid : undefined,
      iss: p.iss,
      aud: typeof aud === 'string' ? aud : tokenAudiences,
      exp,
      nbf,
      scopes,
      roles,
      name: typeof p.name === 'string' ? p.name : undefined,
      preferredUsername: typeof p.preferred_username === 'string' ? p.preferred_username : undefined,
      raw: p,
    };
  }

  return { verify };
}
