import { startLocalIssuer } from '../src/index.js';
import type { IssuerEndpoint, LocalIssuer } from '../src/index.js';
import { introspect } from './support.js';

describe('setFault', () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ algorithms: ['ES256'] });
  });
  afterAll(() => issuer.close());
  afterEach(() => issuer.setFault('all', null));

  it("destroys the socket without an answer for 'refuse'", async () => {
    issuer.setFault('jwks', 'refuse');
    // undici's TypeError comes from another realm than Jest's, so match the message.
    await expect(fetch(issuer.jwksUri)).rejects.toThrow('fetch failed');
  });

  it("never answers for 'hang'", async () => {
    issuer.setFault('jwks', 'hang');
    const request = fetch(issuer.jwksUri, { signal: AbortSignal.timeout(200) });
    await expect(request).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it("answers 200 text/html for 'html'", async () => {
    issuer.setFault('userinfo', 'html');
    const response = await fetch(issuer.userinfoEndpoint);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/^<html>/);
  });

  it("answers 200 {} for 'empty-object'", async () => {
    issuer.setFault('introspection', 'empty-object');
    const response = await introspect(issuer, issuer.issueOpaqueToken());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('{}');
  });

  it("answers about 10 MB of valid JSON for 'huge'", async () => {
    issuer.setFault('jwks', 'huge');
    const response = await fetch(issuer.jwksUri);
    expect(response.headers.get('content-type')).toBe('application/json');
    const text = await response.text();
    expect(text.length).toBeGreaterThanOrEqual(10_000_000);
    expect(() => JSON.parse(text) as unknown).not.toThrow();
  });

  it('answers the given status, headers and body', async () => {
    issuer.setFault('introspection', { status: 429, headers: { 'Retry-After': '1' }, body: '{"error":"slow_down"}' });
    const response = await introspect(issuer, issuer.issueOpaqueToken());
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({ error: 'slow_down' });
  });

  it('answers a bare status with an empty body', async () => {
    issuer.setFault('discovery', { status: 500 });
    const response = await fetch(`${issuer.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('');
  });

  it("applies an 'all' fault to every endpoint", async () => {
    issuer.setFault('all', { status: 503 });
    const urls = [
      `${issuer.issuer}/.well-known/oauth-authorization-server`,
      issuer.jwksUri,
      issuer.userinfoEndpoint,
      issuer.introspectionEndpoint,
      issuer.tokenEndpoint,
    ];
    const statuses = await Promise.all(urls.map(async (url) => (await fetch(url)).status));
    expect(statuses).toEqual([503, 503, 503, 503, 503]);
  });

  it('plays a fault back on the token endpoint', async () => {
    issuer.setFault('token', { status: 500, body: '{"error":"server_error"}' });
    const response = await fetch(issuer.tokenEndpoint, { method: 'POST' });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'server_error' });
  });

  it('leaves other endpoints alone', async () => {
    issuer.setFault('jwks', { status: 500 });
    expect((await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).status).toBe(200);
  });

  it('stops when cleared with null', async () => {
    issuer.setFault('jwks', { status: 500 });
    issuer.setFault('jwks', null);
    expect((await fetch(issuer.jwksUri)).status).toBe(200);
  });

  it('counts requests that hit a fault', async () => {
    issuer.resetCounts();
    issuer.setFault('jwks', 'refuse');
    await fetch(issuer.jwksUri).catch(() => undefined);
    expect(issuer.counts.jwks).toBe(1);
  });

  it('rejects an unknown fault or endpoint with a TypeError', () => {
    expect(() => issuer.setFault('jwks', 'explode' as 'hang')).toThrow(TypeError);
    expect(() => issuer.setFault('jwks', { status: 42 })).toThrow(TypeError);
    expect(() => issuer.setFault('authorize' as IssuerEndpoint, 'hang')).toThrow(TypeError);
  });
});
