import { decodeJwt, decodeProtectedHeader } from 'jose';
import { startLocalIssuer } from '../../src/index.js';
import type { LocalIssuer } from '../../src/index.js';
import { basicAuth, introspect } from '../support.js';
import { clientCredentials, discover, verifyDiscovered } from './profile-support.js';

const CLIENT = { clientId: '0oaservice000000000', clientSecret: 's3cret' };

describe("the 'okta' profile", () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ profile: 'okta', clients: [CLIENT] });
  });
  afterAll(() => issuer.close());

  it('names the custom authorization server /oauth2/default', () => {
    expect(issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2\/default$/);
  });

  it('serves both metadata documents under the issuer, with the /v1/ endpoints', async () => {
    const metadata = await discover(issuer.issuer);
    expect(metadata).toMatchObject({
      issuer: issuer.issuer,
      jwks_uri: `${issuer.issuer}/v1/keys`,
      token_endpoint: `${issuer.issuer}/v1/token`,
      introspection_endpoint: `${issuer.issuer}/v1/introspect`,
      userinfo_endpoint: `${issuer.issuer}/v1/userinfo`,
    });
    const oauth = await fetch(`${issuer.issuer}/.well-known/oauth-authorization-server`);
    expect(await oauth.json()).toEqual(metadata);
  });

  it('takes another authorization server id', async () => {
    const custom = await startLocalIssuer({ profile: 'okta', authorizationServer: 'aus1a2b3c4d5' });
    try {
      expect(custom.issuer).toMatch(/\/oauth2\/aus1a2b3c4d5$/);
      expect(decodeJwt(await custom.mint()).aud).toBe('api://aus1a2b3c4d5');
    } finally {
      await custom.close();
    }
  });

  it("mints a user's access token without a typ header: ver 1, jti AT., cid, uid, scp array", async () => {
    const token = await issuer.mint({}, { scopes: ['orders:read'] });
    expect(decodeProtectedHeader(token)).not.toHaveProperty('typ');
    const { payload } = await verifyDiscovered(issuer.issuer, token, 'api://default');
    expect(payload).toMatchObject({
      ver: 1,
      jti: expect.stringMatching(/^AT\./),
      cid: expect.stringMatching(/^0oa/),
      uid: expect.stringMatching(/^00u/),
      scp: ['openid', 'profile', 'email', 'orders:read'],
      sub: 'alice@example.com',
    });
  });

  it('issues a machine token whose sub is the client, from /v1/token', async () => {
    const answer = await clientCredentials(await discover(issuer.issuer), CLIENT, { scope: 'orders:read' });
    expect(decodeJwt(answer.access_token as string)).toMatchObject({
      sub: CLIENT.clientId,
      cid: CLIENT.clientId,
      scp: ['orders:read'],
      aud: 'api://default',
    });
    expect(decodeJwt(answer.access_token as string)).not.toHaveProperty('uid');
  });

  it("answers introspection in Okta's form: scope as a string, client_id, username", async () => {
    const token = await issuer.mint({}, { scopes: ['orders:read'] });
    const answer = await (await introspect(issuer, token, basicAuth(CLIENT.clientId, CLIENT.clientSecret))).json();
    expect(answer).toMatchObject({
      active: true,
      scope: 'openid profile email orders:read',
      client_id: expect.stringMatching(/^0oa/),
      username: 'alice@example.com',
      token_type: 'Bearer',
    });
  });

  it('mints an ID token: jti ID., amr, idp, at_hash of the given access token, nonce', async () => {
    const claims = decodeJwt(await issuer.mint({}, { kind: 'id', nonce: 'n', accessToken: 'at' }));
    expect(claims).toMatchObject({
      jti: expect.stringMatching(/^ID\./),
      amr: ['pwd'],
      nonce: 'n',
      at_hash: 'sda5G2fCr6XjIpiNlGJjjQ',
    });
  });
});
