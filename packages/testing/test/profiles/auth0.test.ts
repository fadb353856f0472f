import { decodeJwt } from 'jose';
import { startLocalIssuer } from '../../src/index.js';
import type { LocalIssuer } from '../../src/index.js';
import { clientCredentials, discover, fetchKeys, headerTyp, verifyDiscovered } from './profile-support.js';

const API = 'https://orders.example';
const CLIENT = { clientId: 'm2mClient000000000000000000000000', clientSecret: 's3cret', audience: API };

describe("the 'auth0' profile", () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ profile: 'auth0', clients: [CLIENT] });
  });
  afterAll(() => issuer.close());

  it('names the issuer by its origin with a trailing slash, as Auth0 tenants do', () => {
    expect(issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(issuer.profile).toBe('auth0');
  });

  it("serves metadata with Auth0's paths and RS256 keys only", async () => {
    const metadata = await discover(issuer.issuer);
    const origin = issuer.issuer.slice(0, -1);
    expect(metadata).toMatchObject({
      issuer: issuer.issuer,
      jwks_uri: `${origin}/.well-known/jwks.json`,
      token_endpoint: `${origin}/oauth/token`,
      userinfo_endpoint: `${origin}/userinfo`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(metadata).not.toHaveProperty('introspection_endpoint');
    expect((await fetchKeys(metadata)).keys.map((key) => key.alg)).toEqual(['RS256']);
  });

  it("mints a user's access token: typ JWT, azp, scope, permissions, aud with the userinfo URL", async () => {
    const token = await issuer.mint({}, { audience: API, scopes: ['read:orders'] });
    expect(headerTyp(token)).toBe('JWT');
    const { payload } = await verifyDiscovered(issuer.issuer, token, API);
    expect(payload).toMatchObject({
      sub: expect.stringMatching(/^auth0\|/),
      aud: [API, `${issuer.issuer}userinfo`],
      azp: expect.any(String),
      scope: 'openid profile email read:orders',
      permissions: ['read:orders'],
    });
  });

  it('mints a machine token: sub <client>@clients, gty client-credentials, a single aud', async () => {
    const claims = decodeJwt(
      await issuer.mint({}, { kind: 'm2m', clientId: 'abc', audience: API, scopes: ['read:orders'] }),
    );
    expect(claims).toMatchObject({
      sub: 'abc@clients',
      azp: 'abc',
      aud: API,
      gty: 'client-credentials',
      scope: 'read:orders',
    });
  });

  it('issues the machine token from /oauth/token with the audience parameter', async () => {
    const answer = await clientCredentials(await discover(issuer.issuer), CLIENT, {
      audience: API,
      scope: 'read:orders',
    });
    const { payload } = await verifyDiscovered(issuer.issuer, answer.access_token as string, API);
    expect(payload).toMatchObject({
      sub: `${CLIENT.clientId}@clients`,
      gty: 'client-credentials',
      permissions: ['read:orders'],
    });
  });

  it('mints an ID token for the client with the nonce and no jti', async () => {
    const claims = decodeJwt(await issuer.mint({}, { kind: 'id', clientId: 'spa', nonce: 'n-1' }));
    expect(claims).toMatchObject({ aud: 'spa', nonce: 'n-1', email: 'alice@example.com', iss: issuer.issuer });
    expect(claims).not.toHaveProperty('jti');
  });
});
