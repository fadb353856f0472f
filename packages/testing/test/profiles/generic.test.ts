import { decodeJwt, decodeProtectedHeader } from 'jose';
import { startLocalIssuer } from '../../src/index.js';
import type { LocalIssuer, LocalIssuerOptions, ProviderProfile } from '../../src/index.js';
import { fetchJwks } from '../support.js';

describe("the 'generic' profile's token kinds", () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ algorithms: ['ES256'] });
  });
  afterAll(() => issuer.close());

  it('is the default profile', () => {
    expect(issuer.profile).toBe('generic');
    expect(issuer.issuerTemplate).toBeUndefined();
    expect(issuer.tokeninfoEndpoint).toBeUndefined();
  });

  it('writes audience, scopes and clientId into aud, scope and client_id of an access token', async () => {
    const claims = decodeJwt(await issuer.mint({}, { audience: 'api', scopes: ['read', 'write'], clientId: 'web' }));
    expect(claims).toMatchObject({ aud: 'api', scope: 'read write', client_id: 'web', sub: 'user-123' });
  });

  it('mints a machine token whose sub and client_id are the client', async () => {
    const claims = decodeJwt(await issuer.mint({}, { kind: 'm2m', clientId: 'job', audience: 'api' }));
    expect(claims).toMatchObject({ sub: 'job', client_id: 'job', aud: 'api' });
    expect(decodeProtectedHeader(await issuer.mint({}, { kind: 'm2m' })).typ).toBe('at+jwt');
  });

  it('mints an ID token: typ JWT, aud = the client, nonce, at_hash of the given access token', async () => {
    const token = await issuer.mint({}, { kind: 'id', clientId: 'web', nonce: 'n', accessToken: 'at' });
    expect(decodeProtectedHeader(token).typ).toBe('JWT');
    expect(decodeJwt(token)).toMatchObject({ aud: 'web', nonce: 'n', at_hash: 'sda5G2fCr6XjIpiNlGJjjQ' });
  });

  it('rejects an unknown kind with a TypeError', async () => {
    await expect(issuer.mint({}, { kind: 'refresh' as 'id' })).rejects.toThrow(TypeError);
  });
});

describe('profile options', () => {
  it.each<[string, LocalIssuerOptions]>([
    ['an unknown profile', { profile: 'ping' as ProviderProfile }],
    ["a realm outside the 'keycloak' profile", { realm: 'shop' }],
    ["a tenantId outside the 'entra' profile", { profile: 'okta', tenantId: '6f9c2a1e-3b4d-4c5e-8f70-9a1b2c3d4e5f' }],
    ['a tenantId that is not a GUID', { profile: 'entra', tenantId: 'contoso' }],
    ['a realm that is not a path segment', { profile: 'keycloak', realm: 'a/b' }],
    ['discovery with a provider profile', { profile: 'auth0', discovery: 'oauth' }],
  ])('rejects %s with a TypeError', async (_name, options) => {
    await expect(startLocalIssuer(options)).rejects.toThrow(TypeError);
  });

  it('gives a provider profile RS256 keys only, unless algorithms says otherwise', async () => {
    const [rs, es] = await Promise.all([
      startLocalIssuer({ profile: 'okta' }),
      startLocalIssuer({ profile: 'okta', algorithms: ['ES256'] }),
    ]);
    try {
      const keys = await Promise.all([rs, es].map(async (issuer) => (await fetch(issuer.jwksUri)).json()));
      expect(keys.map((set) => (set as { keys: { alg: string }[] }).keys.map((key) => key.alg))).toEqual([
        ['RS256'],
        ['ES256'],
      ]);
    } finally {
      await Promise.all([rs.close(), es.close()]);
    }
  });

  it('keeps every endpoint of the generic issuer where it was', async () => {
    const issuer = await startLocalIssuer({ algorithms: ['ES256'] });
    try {
      expect((await fetchJwks(issuer)).keys).toHaveLength(1);
      expect(issuer.jwksUri).toBe(`${issuer.issuer}/jwks`);
    } finally {
      await issuer.close();
    }
  });
});
