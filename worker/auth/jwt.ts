/** Decoding of compact JWS tokens and the typed errors of Entra ID verification. */

export type EntraFailure =
  | 'malformed'
  | 'unsupported_algorithm'
  | 'unknown_key'
  | 'invalid_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'expired'
  | 'not_yet_valid'
  | 'missing_scope';

/** The token itself is unacceptable: the client should sign in again (or fix its configuration). */
export class EntraTokenError extends Error {
  readonly reason: EntraFailure;
  constructor(reason: EntraFailure, detail: string) {
    super(`${reason}: ${detail}`);
    this.name = 'EntraTokenError';
    this.reason = reason;
  }
}

/** The tenant's signing keys could not be fetched and none are cached: not the client's fault. */
export class JwksUnavailableError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'JwksUnavailableError';
  }
}

/** The server's own Entra settings are unusable (e.g. a tenant name instead of its GUID). */
export class EntraConfigError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'EntraConfigError';
  }
}

export interface JwtHeader {
  alg: string;
  kid?: string;
  typ?: string;
  [name: string]: unknown;
}

export interface DecodedJwt {
  header: JwtHeader;
  payload: Record<string, unknown>;
  /** The bytes the signature covers: `base64url(header) "." base64url(payload)`. */
  signingInput: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
}

/** Entra access tokens are a few kB; anything far larger is not one and is refused before parsing. */
export const MAX_JWT_LENGTH = 16_384;

function decodeBase64url(part: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(part) || part.length % 4 === 1) {
    throw new EntraTokenError('malformed', 'a part is not base64url');
  }
  const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function decodeJsonObject(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(decodeBase64url(part)),
    );
  } catch (err) {
    if (err instanceof EntraTokenError) throw err;
    throw new EntraTokenError('malformed', `the ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EntraTokenError('malformed', `the ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Splits and decodes a compact JWS. Only RS256 passes: `none`, HS256 (whose "secret" an attacker
 * would take from our public key) and every other algorithm are refused here, before any key lookup.
 */
export function decodeRs256Jwt(token: string): DecodedJwt {
  if (token.length > MAX_JWT_LENGTH) throw new EntraTokenError('malformed', 'the token is too long');
  const parts = token.split('.');
  if (parts.length !== 3) throw new EntraTokenError('malformed', 'a JWT has three parts');
  const [h, p, s] = parts as [string, string, string];
  const header = decodeJsonObject(h, 'header');
  if (header.alg !== 'RS256') {
    throw new EntraTokenError('unsupported_algorithm', `alg ${JSON.stringify(header.alg)} is not RS256`);
  }
  if (header.crit !== undefined)
    throw new EntraTokenError('malformed', 'critical header extensions are not supported');
  if (header.kid !== undefined && typeof header.kid !== 'string') {
    throw new EntraTokenError('malformed', 'kid is not a string');
  }
  const payload = decodeJsonObject(p, 'payload');
  const signature = decodeBase64url(s);
  if (signature.length === 0) throw new EntraTokenError('malformed', 'the signature is empty');
  return {
    header: header as JwtHeader,
    payload,
    signingInput: Uint8Array.from(new TextEncoder().encode(`${h}.${p}`)),
    signature,
  };
}
