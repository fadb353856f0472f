import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { startLocalIssuer } from '../../src/index.js';
import type { LocalIssuer } from '../../src/index.js';
import { clientCredentials, discover, fetchKeys, headerTyp, verifyDiscovered } from './profile-support.js';

const HOME = '6f9c2a1e-3b4d-4c5e-8f70-9a1b2c3d4e5f';
const OTHER = '11111111-2222-4333-8444-555555555555';
const API = 'api://orders';
const CLIENT = { clientId: 'c0ffee00-0000-4000-8000-000000000001', clientSecret: 's3cret', audience: API };

describe("the 'entra' profile", () => {
  let issuer: LocalIssuer;
  let origin: string;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ profile: 'entra', clients: [CLIENT] });
    origin = new URL(issuer.issuer).origin;
  });
  afterAll(() => issuer.close());

  it('names the home tenant /<tenant>/v2.0 and exposes the {tenantid} template', () => {
    expect(issuer.issuer).toBe(`${origin}/${HOME}/v2.0`);
    expect(issuer.issuerTemplate).toBe(`${origin}/{tenantid}/v2.0`);
  });

  it('serves v2.0 metadata for any tenant, with its keys and token endpoint under the tenant', async () => {
    for (const tenant of [HOME, OTHER]) {
      expect(await discover(`${origin}/${tenant}/v2.0`)).toMatchObject({
        issuer: `${origin}/${tenant}/v2.0`,
        jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
        token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
        userinfo_endpoint: `${origin}/oidc/userinfo`,
        cloud_instance_name: 'microsoftonline.com',
      });
    }
  });

  it.each(['common', 'organizations'])(
    'serves /%s/v2.0 metadata whose issuer holds the literal {tenantid}',
    async (tenant) => {
      const metadata = await discover(`${origin}/${tenant}/v2.0`);
      expect(metadata.issuer).toBe(`${origin}/{tenantid}/v2.0`);
      expect(metadata.jwks_uri).toBe(`${origin}/${tenant}/discovery/v2.0/keys`);
    },
  );

  it('lists keys with an issuer member holding {tenantid}, as Entra does', async () => {
    const { keys } = await fetchKeys(await discover(issuer.issuer));
    expect(keys.map((key) => [key.alg, (key as { issuer?: unknown }).issuer])).toEqual([
      ['RS256', `${origin}/{tenantid}/v2.0`],
    ]);
  });

  it("mints a user's v2.0 access token: typ JWT, ver 2.0, tid, oid, azp, scp string, no jti", async () => {
    const token = await issuer.mint({}, { audience: API, scopes: ['Orders.Read', 'Orders.Write'] });
    expect(headerTyp(token)).toBe('JWT');
    const { payload } = await verifyDiscovered(issuer.issuer, token, API);
    expect(payload).toMatchObject({
      ver: '2.0',
      tid: HOME,
      oid: expect.any(String),
      azp: expect.any(String),
      scp: 'Orders.Read Orders.Write',
    });
    expect(payload).not.toHaveProperty('jti');
    expect(payload.nbf).toBe(payload.iat);
  });

  it('mints tokens for several tenants, each with its own iss and tid, verified by the common keys', async () => {
    const common = await discover(`${origin}/common/v2.0`);
    const keys = createLocalJWKSet(await fetchKeys(common));
    for (const tenant of [HOME, OTHER]) {
      const { payload } = await jwtVerify(await issuer.mint({}, { tenant, audience: API }), keys, { audience: API });
      const template = common.issuer as string;
      expect(payload.iss).toBe(template.replace('{tenantid}', tenant));
      expect(payload.tid).toBe(tenant);
    }
  });

  it('mints an app-only token: roles, idtyp app, no scp', async () => {
    const claims = decodeJwt(await issuer.mint({}, { kind: 'm2m', audience: API, scopes: ['Orders.ReadAll'] }));
    expect(claims).toMatchObject({ roles: ['Orders.ReadAll'], idtyp: 'app', ver: '2.0', aud: API });
    expect(claims).not.toHaveProperty('scp');
    expect(claims.sub).toBe(claims.oid);
  });

  it('mints v1.0 tokens with the sts.windows.net-form issuer, appid and a v1.0 metadata document', async () => {
    const token = await issuer.mint({}, { version: '1.0', tenant: OTHER });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: `${origin}/${OTHER}/`,
      ver: '1.0',
      appid: expect.any(String),
      tid: OTHER,
      upn: expect.any(String),
    });
    expect(claims).not.toHaveProperty('azp');
    const metadata = await discover(`${origin}/${OTHER}/`);
    expect(metadata).toMatchObject({ issuer: `${origin}/${OTHER}/`, jwks_uri: `${origin}/common/discovery/keys` });
    expect(metadata).not.toHaveProperty('token_endpoint');
    await expect(verifyDiscovered(`${origin}/${OTHER}/`, token)).resolves.toBeDefined();
    expect((await discover(`${origin}/common/`)).issuer).toBe(`${origin}/{tenantid}/`);
  });

  it("issues an app-only token from a tenant's token endpoint, for that tenant", async () => {
    const answer = await clientCredentials(await discover(`${origin}/${OTHER}/v2.0`), CLIENT, {
      scope: 'Orders.ReadAll',
    });
    const { payload } = await verifyDiscovered(`${origin}/${OTHER}/v2.0`, answer.access_token as string, API);
    expect(payload).toMatchObject({ tid: OTHER, azp: CLIENT.clientId, roles: ['Orders.ReadAll'], idtyp: 'app' });
  });

  it('mints an ID token for the client with the nonce', async () => {
    expect(decodeJwt(await issuer.mint({}, { kind: 'id', clientId: 'spa', nonce: 'n' }))).toMatchObject({
      aud: 'spa',
      nonce: 'n',
      ver: '2.0',
    });
  });

  it('refuses a tenant that is not a GUID, and tenant options on other profiles, with a TypeError', async () => {
    await expect(issuer.mint({}, { tenant: 'contoso' })).rejects.toThrow(TypeError);
    const generic = await startLocalIssuer({ algorithms: ['ES256'] });
    try {
      await expect(generic.mint({}, { tenant: HOME })).rejects.toThrow(TypeError);
    } finally {
      await generic.close();
    }
  });
});
