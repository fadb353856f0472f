import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

import { basicAuthorization } from './http-form.js';
import { startOidcProvider, testAccount, type OidcProviderHarness } from './oidc-provider.js';

interface Discovery {
  issuer: string;
  jwks_uri: string;
  introspection_endpoint: string;
  userinfo_endpoint: string;
}

describe('startOidcProvider', () => {
  let op: OidcProviderHarness;
  let discovery: Discovery;

  beforeAll(async () => {
    op = await startOidcProvider();
    const response = await fetch(`${op.issuer}/.well-known/openid-configuration`);
    discovery = (await response.json()) as Discovery;
  });

  afterAll(async () => {
    await op?.close();
  });

  async function introspect(token: string): Promise<Record<string, unknown>> {
    const { clientId, clientSecret } = op.introspectionClient;
    const response = await fetch(discovery.introspection_endpoint, {
      method: 'POST',
      headers: {
        authorization: basicAuthorization(clientId, clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  }

  function userinfo(token: string): Promise<Response> {
    return fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${token}` } });
  }

  it('serves a discovery document whose issuer is harness.issuer', () => {
    expect(op.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(discovery.issuer).toBe(op.issuer);
  });

  it.each([
    ['rs256', 'RS256'],
    ['es256', 'ES256'],
  ] as const)(
    'issues a client-credentials JWT for the %s resource, signed with %s and verifiable with the jwks_uri',
    async (name, alg) => {
      const resource = op.resources[name];
      const token = await op.clientCredentialsToken({ resource, scope: 'read:todos' });

      expect(decodeProtectedHeader(token)).toMatchObject({ alg, typ: 'at+jwt' });
      const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
        issuer: op.issuer,
        audience: resource,
        algorithms: [alg],
        typ: 'at+jwt',
      });
      expect([payload.aud].flat()).toContain(resource);
      expect(payload.scope).toBe('read:todos');
      expect(payload.client_id).toEqual(expect.any(String));
    },
  );

  it('issues an opaque client-credentials token that introspection reports active with its aud and scope', async () => {
    const token = await op.clientCredentialsToken({
      resource: op.resources.opaque,
      scope: 'read:accounts transfer:funds',
    });

    expect(token.split('.')).toHaveLength(1);
    expect(await introspect(token)).toMatchObject({
      active: true,
      aud: op.resources.opaque,
      scope: 'read:accounts transfer:funds',
      iss: op.issuer,
    });
  });

  it('revokes an opaque token so that introspection reports it inactive', async () => {
    const token = await op.clientCredentialsToken({ resource: op.resources.opaque, scope: 'admin' });
    expect(await introspect(token)).toMatchObject({ active: true });

    await op.revoke(token);

    expect(await introspect(token)).toEqual({ active: false });
  });

  it('issues an authorization-code access token that the userinfo endpoint accepts', async () => {
    const token = await op.authorizationCodeToken();

    expect(token.split('.')).toHaveLength(1);
    const response = await userinfo(token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(testAccount);
  });

  it('revokes an authorization-code access token so that the userinfo endpoint answers 401', async () => {
    const token = await op.authorizationCodeToken({ scope: 'openid' });
    expect((await userinfo(token)).status).toBe(200);

    await op.revoke(token);

    const response = await userinfo(token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
  });
});
