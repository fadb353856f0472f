import { startLocalIssuer } from '../src/index.js';
import type { LocalIssuer } from '../src/index.js';

const OPENID = '/.well-known/openid-configuration';
const OAUTH = '/.well-known/oauth-authorization-server';

describe('discovery documents', () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer();
  });
  afterAll(() => issuer.close());

  it.each([OPENID, OAUTH])('serves %s with issuer equal to the issuer identifier', async (path) => {
    const response = await fetch(`${issuer.issuer}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect((await response.json()) as unknown).toMatchObject({ issuer: issuer.issuer });
  });

  it('uses an issuer identifier on loopback with no trailing slash', () => {
    expect(issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('lists the endpoints and capabilities a resource server needs', async () => {
    const metadata = (await (await fetch(`${issuer.issuer}${OPENID}`)).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      jwks_uri: issuer.jwksUri,
      userinfo_endpoint: issuer.userinfoEndpoint,
      introspection_endpoint: issuer.introspectionEndpoint,
      token_endpoint: issuer.tokenEndpoint,
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
    });
  });

  it('advertises the client-credentials grant and both client authentication methods', async () => {
    const metadata = (await (await fetch(`${issuer.issuer}${OPENID}`)).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      response_types_supported: [],
    });
  });

  it('advertises nothing it does not serve', async () => {
    const metadata = (await (await fetch(`${issuer.issuer}${OPENID}`)).json()) as Record<string, unknown>;
    expect(metadata).not.toHaveProperty('authorization_endpoint');
    expect(metadata).not.toHaveProperty('scopes_supported');
    const endpoints = Object.entries(metadata).filter(([name]) => name.endsWith('_endpoint') || name === 'jwks_uri');
    const statuses = await Promise.all(
      endpoints.map(async ([, url]) => (await fetch(url as string, { method: 'POST' })).status),
    );
    expect(statuses).not.toContain(404);
  });

  it('serves the same metadata at both well-known paths', async () => {
    const [openid, oauth] = await Promise.all(
      [OPENID, OAUTH].map(async (path) => (await fetch(`${issuer.issuer}${path}`)).json()),
    );
    expect(oauth).toEqual(openid);
  });

  it('refuses other methods with 405', async () => {
    const response = await fetch(`${issuer.issuer}${OPENID}`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it.each([
    ['openid', 200, 404],
    ['oauth', 404, 200],
  ] as const)("serves only the chosen document when discovery is '%s'", async (discovery, openidCode, oauthCode) => {
    const only = await startLocalIssuer({ discovery, algorithms: ['ES256'] });
    try {
      expect((await fetch(`${only.issuer}${OPENID}`)).status).toBe(openidCode);
      expect((await fetch(`${only.issuer}${OAUTH}`)).status).toBe(oauthCode);
    } finally {
      await only.close();
    }
  });
});
