import { decodeJwt } from 'jose';
import { startLocalIssuer } from '../../src/index.js';
import type { LocalIssuer } from '../../src/index.js';
import { basicAuth, introspect } from '../support.js';
import { clientCredentials, discover, headerTyp, verifyDiscovered } from './profile-support.js';

const CLIENT = { clientId: 'billing-service', clientSecret: 's3cret' };

describe("the 'keycloak' profile", () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ profile: 'keycloak', realm: 'shop', clients: [CLIENT] });
  });
  afterAll(() => issuer.close());

  it('names the realm /realms/<realm> and serves the openid-connect endpoints', async () => {
    expect(issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/realms\/shop$/);
    const oidc = `${issuer.issuer}/protocol/openid-connect`;
    expect(await discover(issuer.issuer)).toMatchObject({
      issuer: issuer.issuer,
      jwks_uri: `${oidc}/certs`,
      token_endpoint: `${oidc}/token`,
      introspection_endpoint: `${oidc}/token/introspect`,
      userinfo_endpoint: `${oidc}/userinfo`,
    });
  });

  it("mints a user's access token: typ JWT, typ Bearer claim, azp, aud account, realm and client roles", async () => {
    const token = await issuer.mint({}, { clientId: 'web', scopes: ['orders'] });
    expect(headerTyp(token)).toBe('JWT');
    const { payload } = await verifyDiscovered(issuer.issuer, token, 'account');
    expect(payload).toMatchObject({
      typ: 'Bearer',
      azp: 'web',
      aud: 'account',
      scope: 'openid profile email orders',
      realm_access: { roles: ['default-roles-shop', 'offline_access', 'uma_authorization'] },
      resource_access: { account: { roles: expect.arrayContaining(['view-profile']) } },
      preferred_username: 'alice',
    });
  });

  it('adds the API to aud when an audience is given, as an audience mapper does', async () => {
    expect(decodeJwt(await issuer.mint({}, { audience: 'orders-api' })).aud).toEqual(['orders-api', 'account']);
  });

  it("issues a service account's token without aud from the token endpoint", async () => {
    const answer = await clientCredentials(await discover(issuer.issuer), CLIENT);
    const claims = decodeJwt(answer.access_token as string);
    expect(claims).toMatchObject({
      typ: 'Bearer',
      azp: CLIENT.clientId,
      client_id: CLIENT.clientId,
      preferred_username: 'service-account-billing-service',
    });
    expect(claims).not.toHaveProperty('aud');
  });

  it('lets realm and client roles be replaced by claims', async () => {
    const claims = decodeJwt(
      await issuer.mint({
        realm_access: { roles: ['admin'] },
        resource_access: { 'orders-api': { roles: ['write'] } },
      }),
    );
    expect(claims).toMatchObject({
      realm_access: { roles: ['admin'] },
      resource_access: { 'orders-api': { roles: ['write'] } },
    });
  });

  it('answers introspection with client_id and username added', async () => {
    const token = await issuer.mint({}, { clientId: 'web' });
    const answer = await (await introspect(issuer, token, basicAuth(CLIENT.clientId, CLIENT.clientSecret))).json();
    expect(answer).toMatchObject({ active: true, client_id: 'web', username: 'alice', typ: 'Bearer' });
  });

  it('mints an ID token with the typ ID claim, aud = azp = the client, nonce and at_hash', async () => {
    const claims = decodeJwt(await issuer.mint({}, { kind: 'id', clientId: 'web', nonce: 'n' }));
    expect(claims).toMatchObject({ typ: 'ID', aud: 'web', azp: 'web', nonce: 'n', at_hash: expect.any(String) });
  });
});
