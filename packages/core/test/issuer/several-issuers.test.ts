import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { createAuthenticator } from '../../src/authenticator.js';

const AUDIENCE = 'https://api.example';
const TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const PARTNER = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const request = (token: string) => ({ rawHeaders: ['Authorization', `Bearer ${token}`], method: 'GET', url: '/' });

let a: LocalIssuer;
let b: LocalIssuer;
let entra: LocalIssuer;
beforeAll(async () => {
  [a, b, entra] = await Promise.all([
    startLocalIssuer(),
    startLocalIssuer({ algorithms: ['ES256'] }),
    startLocalIssuer({ profile: 'entra', tenantId: TENANT }),
  ]);
});
afterAll(() => Promise.all([a.close(), b.close(), entra.close()]));
beforeEach(() => [a, b, entra].forEach((issuer) => issuer.resetCounts()));

describe('several trusted issuers', () => {
  const create = () =>
    createAuthenticator({
      issuers: [
        { issuer: a.issuer, audience: AUDIENCE },
        { issuer: b.issuer, audience: 'https://other-name.example', algorithms: ['ES256'] },
      ],
      onEvent: () => undefined,
    });

  it("accepts each issuer's tokens against its own policy, and says which issuer accepted", async () => {
    const authenticator = create();
    const fromA = await authenticator.authenticate(request(await a.mint({ aud: AUDIENCE })));
    const fromB = await authenticator.authenticate(request(await b.mint({ aud: 'https://other-name.example' })));
    expect([fromA?.auth.issuer, fromB?.auth.issuer]).toEqual([a.issuer, b.issuer]);
  });

  it("holds each token to its issuer's policy, not another's", async () => {
    const authenticator = create();
    // B's audience is not A's: a token of A for B's audience is refused.
    await expect(
      authenticator.authenticate(request(await a.mint({ aud: 'https://other-name.example' }))),
    ).rejects.toMatchObject({ reason: 'wrong_audience' });
  });

  it('refuses an untrusted iss with no outbound request to any issuer', async () => {
    const authenticator = create();
    const token = await a.mint({ aud: AUDIENCE, iss: 'https://evil.example/' });
    await expect(authenticator.authenticate(request(token))).rejects.toMatchObject({ reason: 'untrusted_issuer' });
    expect([a.counts, b.counts].map((counts) => counts.jwks + counts.discovery)).toEqual([0, 0]);
  });

  it('checks every issuer when asked to be ready', async () => {
    await create().ready();
    expect([a.counts.jwks, b.counts.jwks]).toEqual([1, 1]);
  });
});

describe('a multi-tenant issuer found by discovery', () => {
  const create = (tenants?: string[]) =>
    createAuthenticator({
      issuer: `${entra.issuer.replace(TENANT, '{tenantid}')}`,
      audience: 'b7e1c3d5-2a4f-4e6b-9c8d-1f0a2b3c4d5e',
      tenants,
      scopeClaims: ['scp', 'roles'],
      onEvent: () => undefined,
    });

  it("reads the common metadata, whose issuer holds the placeholder, and accepts each tenant's tokens", async () => {
    const authenticator = create();
    const home = await authenticator.authenticate(request(await entra.mint({}, { scopes: ['read'] })));
    const partner = await authenticator.authenticate(request(await entra.mint({}, { tenant: PARTNER })));
    expect([home?.auth.issuer, partner?.auth.issuer]).toEqual([entra.issuer, entra.issuer.replace(TENANT, PARTNER)]);
    expect(home?.auth.scopes).toEqual(['read']);
    expect(entra.counts.discovery).toBe(1);
  });

  it('refuses a tenant outside the allowlist before fetching anything', async () => {
    const authenticator = create([TENANT]);
    const token = await entra.mint({}, { tenant: PARTNER });
    await expect(authenticator.authenticate(request(token))).rejects.toMatchObject({ reason: 'untrusted_issuer' });
    expect(entra.counts.discovery + entra.counts.jwks).toBe(0);
  });
});

describe('an issuer whose access tokens are never JWTs', () => {
  it('refuses its JWTs, and is ready without fetching keys', async () => {
    const authenticator = createAuthenticator({
      issuer: a.issuer,
      audience: AUDIENCE,
      jwtAccessTokens: false,
      opaqueTokens: { via: 'tokeninfo', endpoint: `${a.issuer}/tokeninfo` },
      onEvent: () => undefined,
    });
    await expect(authenticator.authenticate(request(await a.mint({ aud: AUDIENCE })))).rejects.toMatchObject({
      reason: 'jwt_not_accepted',
    });
    await authenticator.ready();
    expect(a.counts.jwks).toBe(0);
  });
});
