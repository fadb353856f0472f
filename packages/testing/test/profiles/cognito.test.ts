import { decodeJwt, decodeProtectedHeader } from 'jose';
import { startLocalIssuer } from '../../src/index.js';
import type { LocalIssuer } from '../../src/index.js';
import { clientCredentials, discover, verifyDiscovered } from './profile-support.js';

const CLIENT = { clientId: '4a1b2c3d4e5f6g7h8i9j0k1l2m', clientSecret: 's3cret' };

describe("the 'cognito' profile", () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ profile: 'cognito', userPoolId: 'eu-west-1_AbCdEf123', clients: [CLIENT] });
  });
  afterAll(() => issuer.close());

  it('names the user pool /<userPoolId> with jwks.json under it', async () => {
    expect(issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/eu-west-1_AbCdEf123$/);
    const metadata = await discover(issuer.issuer);
    expect(metadata).toMatchObject({
      issuer: issuer.issuer,
      jwks_uri: `${issuer.issuer}/.well-known/jwks.json`,
      token_endpoint: expect.stringMatching(/\/oauth2\/token$/),
      userinfo_endpoint: expect.stringMatching(/\/oauth2\/userInfo$/),
    });
    expect(metadata).not.toHaveProperty('introspection_endpoint');
  });

  it("mints a user's access token without typ or aud: token_use access, client_id, scope, username", async () => {
    const token = await issuer.mint({}, { scopes: ['orders/read'] });
    expect(decodeProtectedHeader(token)).not.toHaveProperty('typ');
    const { payload } = await verifyDiscovered(issuer.issuer, token);
    expect(payload).not.toHaveProperty('aud');
    expect(payload).toMatchObject({
      token_use: 'access',
      client_id: expect.any(String),
      username: 'alice',
      version: 2,
      scope: 'aws.cognito.signin.user.admin openid profile email orders/read',
    });
  });

  it('issues a machine token whose sub is the client, ignoring an audience parameter', async () => {
    const answer = await clientCredentials(await discover(issuer.issuer), CLIENT, {
      scope: 'orders/read',
      audience: 'x',
    });
    const claims = decodeJwt(answer.access_token as string);
    expect(claims).toMatchObject({
      sub: CLIENT.clientId,
      client_id: CLIENT.clientId,
      token_use: 'access',
      scope: 'orders/read',
    });
    expect(claims).not.toHaveProperty('aud');
  });

  it('mints an ID token: token_use id, aud = the app client, cognito:username, at_hash', async () => {
    const claims = decodeJwt(await issuer.mint({}, { kind: 'id', clientId: CLIENT.clientId }));
    expect(claims).toMatchObject({
      token_use: 'id',
      aud: CLIENT.clientId,
      'cognito:username': 'alice',
      at_hash: expect.any(String),
    });
  });

  it('refuses an audience for an access token with a TypeError (Cognito puts none in)', async () => {
    await expect(issuer.mint({}, { audience: 'api' })).rejects.toThrow(TypeError);
  });
});
