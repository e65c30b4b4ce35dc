/**
 * Test support for Entra ID verification: RSA keys generated in the test, tokens signed with them,
 * and a JWKS endpoint served through an injected fetch that counts its calls. Never used at runtime.
 */

/** A JWK as a JWKS endpoint publishes it (workerd's JsonWebKey type lacks `kid`). */
export type PublishedJwk = Record<string, unknown> & { kty: string; kid?: string };

export interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: PublishedJwk;
}

export async function generateTestKey(kid: string): Promise<TestKey> {
  const pair = (await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey;
  return {
    kid,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    // The shape Microsoft publishes: kty, use, kid, n, e (plus x5t/x5c, which we ignore).
    publicJwk: { kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, x5t: kid },
  };
}

export function base64urlEncode(data: string | Uint8Array): string {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function signRs256(header: object, payload: object, key: CryptoKey): Promise<string> {
  const input = `${base64urlEncode(JSON.stringify(header))}.${base64urlEncode(JSON.stringify(payload))}`;
  const sig = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, new TextEncoder().encode(input));
  return `${input}.${base64urlEncode(new Uint8Array(sig))}`;
}

/** The algorithm-confusion attack: HS256 whose HMAC secret is the server's public key (SPKI PEM). */
export async function signHs256WithPublicKey(
  header: object,
  payload: object,
  publicKey: CryptoKey,
): Promise<string> {
  const spki = new Uint8Array((await crypto.subtle.exportKey('spki', publicKey)) as ArrayBuffer);
  const pem = `-----BEGIN PUBLIC KEY-----\n${btoa(String.fromCharCode(...spki))}\n-----END PUBLIC KEY-----\n`;
  const hmac = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(pem),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const input = `${base64urlEncode(JSON.stringify(header))}.${base64urlEncode(JSON.stringify(payload))}`;
  const sig = await crypto.subtle.sign('HMAC', hmac, new TextEncoder().encode(input));
  return `${input}.${base64urlEncode(new Uint8Array(sig))}`;
}

export interface FakeJwksEndpoint {
  fetch: typeof fetch;
  /** URLs requested so far. */
  calls: string[];
  /** The keys served from now on. */
  keys: PublishedJwk[];
  /** When true the endpoint answers 503. */
  down: boolean;
}

export function fakeJwksEndpoint(keys: PublishedJwk[]): FakeJwksEndpoint {
  const endpoint: FakeJwksEndpoint = {
    calls: [],
    keys,
    down: false,
    fetch: async (input) => {
      const url = input instanceof Request ? input.url : String(input);
      endpoint.calls.push(url);
      if (endpoint.down) return new Response('unavailable', { status: 503 });
      return Response.json({ keys: endpoint.keys });
    },
  };
  return endpoint;
}

export const TEST_AUDIENCE = 'api://shinchoku-test';

/** Claims of a typical v2 delegated access token for the test API, valid for an hour from `nowSeconds`. */
export function accessTokenClaims(
  tenantId: string,
  nowSeconds: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    aud: TEST_AUDIENCE,
    iss: `https://login.microsoftonline.com/${tenantId}/v2.0`,
    iat: nowSeconds - 60,
    nbf: nowSeconds - 60,
    exp: nowSeconds + 3600,
    tid: tenantId,
    oid: '11111111-2222-4333-8444-555555555555',
    sub: 'subject',
    name: '長町 花子',
    preferred_username: 'hanako@example.lg.jp',
    scp: 'Shinchoku.Access User.Read',
    ver: '2.0',
    ...overrides,
  };
}

/** The scope the test API requires (ENTRA_REQUIRED_SCOPE). */
export const TEST_SCOPE = 'Shinchoku.Access';

/** The worker's Entra ID settings (bindings) for a test tenant: the test audience and scope. */
export function entraBindings(tenantId: string) {
  return { ENTRA_TENANT_ID: tenantId, ENTRA_AUDIENCE: TEST_AUDIENCE, ENTRA_REQUIRED_SCOPE: TEST_SCOPE };
}

/**
 * An access token of `tenantId` signed with `key` (RS256, its kid in the header): the claims of
 * accessTokenClaims issued at `nowSeconds`, with `overrides`.
 */
export function signedAccessToken(
  key: TestKey,
  tenantId: string,
  nowSeconds: number,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  return signRs256(
    { alg: 'RS256', typ: 'JWT', kid: key.kid },
    accessTokenClaims(tenantId, nowSeconds, overrides),
    key.privateKey,
  );
}

/** A tenant's signing side for tests that go through the whole sign-in: its key and JWKS endpoint. */
export interface TestTenant {
  tenantId: string;
  key: TestKey;
  /** Serves `key`; stub the global fetch with `jwks.fetch`, set `down` for a 503. */
  jwks: FakeJwksEndpoint;
  /** An access token of this tenant issued at `nowSeconds` (accessTokenClaims with `overrides`). */
  token(nowSeconds: number, overrides?: Record<string, unknown>): Promise<string>;
}

/** A key generated now (`kid`) for `tenantId`, and the JWKS endpoint that serves it. */
export async function testTenant(tenantId: string, kid: string): Promise<TestTenant> {
  const key = await generateTestKey(kid);
  return {
    tenantId,
    key,
    jwks: fakeJwksEndpoint([key.publicJwk]),
    token: (nowSeconds, overrides = {}) => signedAccessToken(key, tenantId, nowSeconds, overrides),
  };
}
