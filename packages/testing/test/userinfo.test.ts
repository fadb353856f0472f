import { startLocalIssuer } from '../src/index.js';
import type { LocalIssuer } from '../src/index.js';
import { userinfo } from './support.js';

describe('the userinfo endpoint', () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer();
  });
  afterAll(() => issuer.close());

  it('answers sub and the profile of a live opaque token', async () => {
    const profile = { name: 'Alice', email: 'alice@example.com' };
    const response = await userinfo(issuer, issuer.issueOpaqueToken({ sub: 'alice', profile }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ sub: 'alice', ...profile });
  });

  it('answers the sub of a JWT minted here', async () => {
    const response = await userinfo(issuer, await issuer.mint({ sub: 'bob' }, { alg: 'EdDSA' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: 'bob' });
  });

  it('lets a profile remove sub, for testing answers without one', async () => {
    const token = issuer.issueOpaqueToken({ profile: { sub: undefined, name: 'No One' } });
    expect(await (await userinfo(issuer, token)).json()).toEqual({ name: 'No One' });
  });

  it('accepts POST as well as GET', async () => {
    const token = issuer.issueOpaqueToken();
    const headers = { authorization: `Bearer ${token}` };
    const response = await fetch(issuer.userinfoEndpoint, { method: 'POST', headers });
    expect(response.status).toBe(200);
  });

  it('accepts the Bearer scheme in any case', async () => {
    const token = issuer.issueOpaqueToken();
    const response = await fetch(issuer.userinfoEndpoint, { headers: { authorization: `bEaReR ${token}` } });
    expect(response.status).toBe(200);
  });

  it.each([
    ['an unknown opaque token', () => Promise.resolve('unknown-token-value')],
    ['a foreign-key JWT', () => issuer.mint({}, { signWith: 'foreign-key' })],
    ['an HS256 public-key JWT', () => issuer.mint({}, { signWith: 'hs256-public-key' })],
    ['an expired JWT', () => issuer.mint({ exp: Math.floor(Date.now() / 1000) - 10 })],
    ['a JWT for another issuer', () => issuer.mint({ iss: 'https://other.example' })],
    ['an alg none JWT', () => issuer.forge({ header: { alg: 'none' }, payload: { sub: 'x' }, signature: 'none' })],
  ])('refuses %s with 401 invalid_token', async (_name, makeToken) => {
    const response = await userinfo(issuer, await makeToken());
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await response.json()).toEqual({ error: 'invalid_token' });
  });

  it('refuses a request without a bearer token with 401', async () => {
    const response = await fetch(issuer.userinfoEndpoint, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});
