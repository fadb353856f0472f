import { startLocalIssuer } from '../src/index.js';
import type { LocalIssuer } from '../src/index.js';
import { basicAuth, CLIENT, introspect } from './support.js';

const NOW_MS = Date.now();
const NOW = Math.floor(NOW_MS / 1000);

describe('the introspection endpoint', () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({
      now: () => NOW_MS,
      clients: [CLIENT, { clientId: 'api:orders', clientSecret: 'p@ss word+/%' }],
    });
  });
  afterAll(() => issuer.close());

  it('answers a live opaque token with active true and its grant', async () => {
    const token = issuer.issueOpaqueToken({ sub: 'alice', scope: 'read write', aud: 'orders-api', clientId: 'web' });
    const response = await introspect(issuer, token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      active: true,
      scope: 'read write',
      client_id: 'web',
      sub: 'alice',
      aud: 'orders-api',
      iss: issuer.issuer,
      iat: NOW,
      exp: NOW + 3600,
      token_type: 'Bearer',
    });
  });

  it('omits scope and aud when the grant has none', async () => {
    const body = (await (await introspect(issuer, issuer.issueOpaqueToken())).json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('scope');
    expect(body).not.toHaveProperty('aud');
    expect(body).toMatchObject({ active: true, sub: 'user-123', client_id: 'demo-client' });
  });

  it('answers a JWT minted here with the claims of the JWT', async () => {
    const token = await issuer.mint({ aud: ['a', 'b'], scope: 'read', client_id: 'web' }, { alg: 'PS256' });
    expect(await (await introspect(issuer, token)).json()).toMatchObject({
      active: true,
      aud: ['a', 'b'],
      scope: 'read',
      client_id: 'web',
      iss: issuer.issuer,
      exp: NOW + 300,
      token_type: 'Bearer',
    });
  });

  it('answers active false for an unknown token', async () => {
    expect(await (await introspect(issuer, 'never-issued')).json()).toEqual({ active: false });
  });

  it('answers active false for a JWT not signed by the issuer', async () => {
    const token = await issuer.mint({}, { signWith: 'foreign-key' });
    expect(await (await introspect(issuer, token)).json()).toEqual({ active: false });
  });

  it('requires client authentication with 401 invalid_client and a Basic challenge', async () => {
    const response = await introspect(issuer, issuer.issueOpaqueToken(), null);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(await response.json()).toEqual({ error: 'invalid_client' });
  });

  it.each([
    ['a wrong secret', basicAuth(CLIENT.clientId, 'wrong')],
    ['an unknown client', basicAuth('someone', CLIENT.clientSecret)],
    ['a Bearer token instead of Basic', 'Bearer abc'],
    ['credentials without a colon', `Basic ${Buffer.from('resource-server').toString('base64')}`],
  ])('refuses %s with 401', async (_name, authorization) => {
    expect((await introspect(issuer, issuer.issueOpaqueToken(), authorization)).status).toBe(401);
  });

  it('form-decodes the client id and secret (RFC 6749 §2.3.1)', async () => {
    const response = await introspect(issuer, issuer.issueOpaqueToken(), basicAuth('api:orders', 'p@ss word+/%'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ active: true });
  });

  it('answers 400 invalid_request without a token parameter', async () => {
    const response = await fetch(issuer.introspectionEndpoint, {
      method: 'POST',
      headers: {
        authorization: basicAuth(CLIENT.clientId, CLIENT.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'token_type_hint=access_token',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('answers 400 when the body is not a form', async () => {
    const response = await fetch(issuer.introspectionEndpoint, {
      method: 'POST',
      headers: { authorization: basicAuth(CLIENT.clientId, CLIENT.clientSecret), 'content-type': 'application/json' },
      body: JSON.stringify({ token: issuer.issueOpaqueToken() }),
    });
    expect(response.status).toBe(400);
  });

  it('refuses GET with 405', async () => {
    expect((await fetch(issuer.introspectionEndpoint)).status).toBe(405);
  });
});
