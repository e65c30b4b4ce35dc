/**
 * Opaque API tokens: random secrets shown once, stored only as SHA-256 hashes.
 * Pure WebCrypto, so the worker and the Node command-line scripts share it.
 */

export const TOKEN_PREFIX = 'shk_';

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes (256 bits), base64url, prefixed `shk_` so a leaked token is recognisable in logs and scanners. */
export function generateToken(): string {
  return TOKEN_PREFIX + base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** SHA-256 of the token as lowercase hex: what api_tokens.token_hash holds. */
export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Compares two equal-length strings without stopping at the first difference. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** A token of ours (as opposed to a JWT or a mistyped value), checked before any database access. */
export function looksLikeApiToken(token: string): boolean {
  return /^shk_[A-Za-z0-9_-]{43}$/.test(token);
}

/** Three base64url parts separated by dots; the third (signature) may be empty, as in `alg: none`. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}
