import { beforeAll, describe, expect, it } from 'vitest';
import {
  createEntraVerifier,
  EntraConfigError,
  EntraTokenError,
  JwksUnavailableError,
  jwksUrl,
} from '../auth/entra.ts';
import {
  accessTokenClaims,
  base64urlEncode,
  fakeJwksEndpoint,
  generateTestKey,
  type PublishedJwk,
  signedAccessToken,
  signHs256WithPublicKey,
  signRs256,
  TEST_AUDIENCE,
  TEST_SCOPE,
  type TestKey,
} from './entra-keys.ts';

const T0 = Date.UTC(2026, 10, 21, 9, 0, 0); // ms
const T0S = T0 / 1000;

let key1: TestKey;
let key2: TestKey;
let stranger: TestKey;

beforeAll(async () => {
  [key1, key2, stranger] = await Promise.all([
    generateTestKey('k1'),
    generateTestKey('k2'),
    generateTestKey('k1'),
  ]);
});

/** A fresh tenant per test, so the module-level key cache of one test never serves another. */
function setup(options: { requiredScope?: string; keys?: PublishedJwk[] } = {}) {
  const tenantId = crypto.randomUUID();
  const endpoint = fakeJwksEndpoint(options.keys ?? [key1.publicJwk]);
  const clock = { now: T0 };
  const verifier = createEntraVerifier({
    tenantId,
    audience: `${TEST_AUDIENCE}, 9f0c1d2e-0000-4000-8000-000000000001`,
    requiredScope: options.requiredScope ?? TEST_SCOPE,
    fetch: endpoint.fetch,
    now: () => clock.now,
  });
  const claims = (overrides: Record<string, unknown> = {}) => accessTokenClaims(tenantId, T0S, overrides);
  const sign = (overrides: Record<string, unknown> = {}, key: TestKey = key1) =>
    signedAccessToken(key, tenantId, T0S, overrides);
  return { tenantId, endpoint, clock, verifier, claims, sign };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof EntraTokenError) return err.reason;
    throw err;
  }
  throw new Error('expected the token to be rejected');
}

describe('Entra ID access token verification', () => {
  it('accepts a valid v2 token and returns its claims', async () => {
    const { verifier, sign, endpoint, tenantId } = setup();
    const claims = await verifier.verify(await sign());
    expect(claims.oid).toBe('11111111-2222-4333-8444-555555555555');
    expect(claims.scopes).toEqual(['Shinchoku.Access', 'User.Read']);
    expect(claims.name).toBe('長町 花子');
    expect(endpoint.calls).toEqual([jwksUrl(tenantId)]);
    expect(jwksUrl(tenantId)).toBe(`https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`);
  });

  it('accepts the v1 issuer form and an audience given as an array or as the client id', async () => {
    const { verifier, sign, tenantId } = setup();
    const v1 = await sign({ iss: `https://sts.windows.net/${tenantId}/`, aud: ['other', TEST_AUDIENCE] });
    expect((await verifier.verify(v1)).iss).toBe(`https://sts.windows.net/${tenantId}/`);
    const byClientId = await sign({ aud: '9f0c1d2e-0000-4000-8000-000000000001' });
    expect((await verifier.verify(byClientId)).aud).toBe('9f0c1d2e-0000-4000-8000-000000000001');
  });

  it('rejects a wrong audience and a wrong issuer', async () => {
    const { verifier, sign } = setup();
    expect(await failure(verifier.verify(await sign({ aud: 'api://someone-else' })))).toBe('wrong_audience');
    expect(await failure(verifier.verify(await sign({ aud: [] })))).toBe('wrong_audience');
    const otherTenant = `https://login.microsoftonline.com/${crypto.randomUUID()}/v2.0`;
    expect(await failure(verifier.verify(await sign({ iss: otherTenant })))).toBe('wrong_issuer');
    expect(await failure(verifier.verify(await sign({ iss: undefined })))).toBe('wrong_issuer');
  });

  it('applies exp and nbf with the clock skew (120 s by default)', async () => {
    const { verifier, sign } = setup();
    expect(await failure(verifier.verify(await sign({ exp: T0S - 121 })))).toBe('expired');
    expect(await failure(verifier.verify(await sign({ exp: T0S - 120 })))).toBe('expired');
    await expect(verifier.verify(await sign({ exp: T0S - 119 }))).resolves.toBeTruthy();
    expect(await failure(verifier.verify(await sign({ nbf: T0S + 121 })))).toBe('not_yet_valid');
    await expect(verifier.verify(await sign({ nbf: T0S + 119 }))).resolves.toBeTruthy();
    expect(await failure(verifier.verify(await sign({ exp: undefined })))).toBe('malformed');
    expect(await failure(verifier.verify(await sign({ exp: '9999999999' })))).toBe('malformed');
  });

  it('refuses alg none and HS256 signed with the public key, before fetching any key', async () => {
    const { verifier, claims, endpoint } = setup();
    const none = `${base64urlEncode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64urlEncode(JSON.stringify(claims()))}.`;
    expect(await failure(verifier.verify(none))).toBe('unsupported_algorithm');
    const noneKid = `${base64urlEncode(JSON.stringify({ alg: 'none', kid: 'k1' }))}.${base64urlEncode(JSON.stringify(claims()))}.`;
    expect(await failure(verifier.verify(noneKid))).toBe('unsupported_algorithm');
    const hs = await signHs256WithPublicKey(
      { alg: 'HS256', typ: 'JWT', kid: 'k1' },
      claims(),
      key1.publicKey,
    );
    expect(await failure(verifier.verify(hs))).toBe('unsupported_algorithm');
    for (const alg of ['RS384', 'PS256', 'ES256', 'rs256', undefined]) {
      const token = await signRs256({ alg, kid: 'k1' }, claims(), key1.privateKey);
      expect(await failure(verifier.verify(token))).toBe('unsupported_algorithm');
    }
    expect(endpoint.calls).toHaveLength(0);
  });

  it('rejects a tampered payload and a signature by a key that merely reuses the kid', async () => {
    const { verifier, sign, claims } = setup();
    const [h, , s] = (await sign()).split('.');
    const forged = base64urlEncode(JSON.stringify(claims({ oid: '99999999-0000-4000-8000-000000000000' })));
    expect(await failure(verifier.verify(`${h}.${forged}.${s}`))).toBe('invalid_signature');
    expect(await failure(verifier.verify(await sign({}, stranger)))).toBe('invalid_signature');
  });

  it('requires the scope in scp, or as an app role for app-only tokens', async () => {
    const { verifier, sign } = setup();
    expect(await failure(verifier.verify(await sign({ scp: 'User.Read' })))).toBe('missing_scope');
    expect(await failure(verifier.verify(await sign({ scp: 'Shinchoku.AccessX' })))).toBe('missing_scope');
    expect(await failure(verifier.verify(await sign({ scp: undefined })))).toBe('missing_scope');
    const appOnly = await sign({ scp: undefined, roles: ['Shinchoku.Access'] });
    expect((await verifier.verify(appOnly)).roles).toEqual(['Shinchoku.Access']);
  });

  it('rejects malformed token strings with a typed error', async () => {
    const { verifier, sign, claims } = setup();
    const good = await sign();
    const [h, p, s] = good.split('.') as [string, string, string];
    const payloadOf = (v: unknown) => base64urlEncode(JSON.stringify(v));
    const samples = [
      '',
      'abc',
      'a.b',
      `${good}.x`,
      '!!!.@@@.###',
      `${base64urlEncode('not json')}.${p}.${s}`,
      `${h}.${base64urlEncode('not json')}.${s}`,
      `${h}.${payloadOf([1, 2])}.${s}`,
      `${h}.${payloadOf(claims())}.`,
      `${h}.${p}.A`,
      `${base64urlEncode(JSON.stringify({ alg: 'RS256', kid: 7 }))}.${p}.${s}`,
      `${base64urlEncode(JSON.stringify({ alg: 'RS256', kid: 'k1', crit: ['x'] }))}.${p}.${s}`,
      `${h}.${'A'.repeat(20_000)}.${s}`,
      `${base64urlEncode(new Uint8Array([0xff, 0xfe, 0x7b]))}.${p}.${s}`,
    ];
    for (const sample of samples) {
      expect(await failure(verifier.verify(sample)), sample.slice(0, 40)).toMatch(
        /^(malformed|invalid_signature|unsupported_algorithm)$/,
      );
    }
    const noKid = await signRs256({ alg: 'RS256' }, claims(), key1.privateKey);
    expect(await failure(verifier.verify(noKid))).toBe('unknown_key');
    expect(await failure(verifier.verify(await sign({ oid: undefined })))).toBe('malformed');
  });

  it('fetches the key set once for many verifications and again after its TTL', async () => {
    const { verifier, sign, endpoint, clock } = setup();
    const token = await sign();
    for (let i = 0; i < 50; i++) await verifier.verify(token);
    await Promise.all(Array.from({ length: 20 }, () => verifier.verify(token)));
    expect(endpoint.calls).toHaveLength(1);
    clock.now = T0 + 3_599_000;
    await verifier.verify(token);
    expect(endpoint.calls).toHaveLength(1);
    clock.now = T0 + 3_600_000;
    await verifier.verify(await sign({ exp: T0S + 7200 }));
    expect(endpoint.calls).toHaveLength(2);
  });

  it('refreshes once on an unknown kid, and rate-limits further refreshes', async () => {
    const { verifier, sign, endpoint, clock } = setup();
    await verifier.verify(await sign());
    expect(endpoint.calls).toHaveLength(1);

    // Within a minute of the last fetch an unknown kid costs no request at all, even in a flood.
    const unknown = await sign({}, { ...key2, kid: 'nope' });
    expect(await failure(verifier.verify(unknown))).toBe('unknown_key');
    expect(endpoint.calls).toHaveLength(1);

    clock.now = T0 + 61_000;
    const flood = await Promise.all(Array.from({ length: 25 }, () => failure(verifier.verify(unknown))));
    expect(new Set(flood)).toEqual(new Set(['unknown_key']));
    expect(endpoint.calls).toHaveLength(2);

    // Microsoft publishes a new key: the next token signed with it triggers one refresh and passes.
    clock.now = T0 + 130_000;
    endpoint.keys = [key1.publicJwk, key2.publicJwk];
    await verifier.verify(await sign({}, key2));
    await verifier.verify(await sign({}, key2));
    await verifier.verify(await sign({}, key1));
    expect(endpoint.calls).toHaveLength(3);
  });

  it('reports an unreachable key endpoint, and keeps using cached keys when a refresh fails', async () => {
    const cold = setup();
    cold.endpoint.down = true;
    await expect(cold.verifier.verify(await cold.sign())).rejects.toBeInstanceOf(JwksUnavailableError);

    const warm = setup();
    await warm.verifier.verify(await warm.sign());
    warm.endpoint.down = true;
    warm.clock.now = T0 + 3_700_000;
    await expect(warm.verifier.verify(await warm.sign({ exp: T0S + 7200 }))).resolves.toBeTruthy();
    expect(warm.endpoint.calls).toHaveLength(2);
  });

  it('ignores keys that are not RSA signing keys', async () => {
    const { verifier, sign } = setup({
      keys: [
        { ...key1.publicJwk, use: 'enc' },
        { kty: 'EC', kid: 'k2' },
      ],
    });
    expect(await failure(verifier.verify(await sign()))).toBe('unknown_key');
  });

  it('refuses a tenant given as a domain name or an empty audience', () => {
    expect(() => createEntraVerifier({ tenantId: 'contoso.onmicrosoft.com', audience: 'x' })).toThrow(
      EntraConfigError,
    );
    expect(() => createEntraVerifier({ tenantId: crypto.randomUUID(), audience: ' , ' })).toThrow(
      EntraConfigError,
    );
  });
});
