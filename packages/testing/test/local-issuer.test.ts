import { request } from 'node:http';
import { startLocalIssuer } from '../src/index.js';
import type { IssuerClient, LocalIssuer } from '../src/index.js';
import { userinfo } from './support.js';

describe('startLocalIssuer', () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ algorithms: ['ES256'] });
  });
  afterAll(() => issuer.close());

  it('listens on 127.0.0.1 on an ephemeral port', () => {
    expect(issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  });

  it('derives every endpoint URL from the issuer', () => {
    expect([issuer.jwksUri, issuer.userinfoEndpoint, issuer.introspectionEndpoint, issuer.tokenEndpoint]).toEqual([
      `${issuer.issuer}/jwks`,
      `${issuer.issuer}/userinfo`,
      `${issuer.issuer}/introspect`,
      `${issuer.issuer}/token`,
    ]);
  });

  it('answers unknown paths with 404 JSON', async () => {
    const response = await fetch(`${issuer.issuer}/authorize`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ error: 'not_found' });
  });

  it.each([
    ['an empty algorithm list', { algorithms: [] }],
    ['an unknown algorithm', { algorithms: ['HS256' as 'RS256'] }],
    ['a port out of range', { port: 70_000 }],
    ['an unknown discovery mode', { discovery: 'both-and-more' as 'both' }],
    ['a client without a secret', { clients: [{ clientId: 'app' } as IssuerClient] }],
    ['a client with an empty audience', { clients: [{ clientId: 'app', clientSecret: 's', audience: '' }] }],
    ['a client with a non-list scopes', { clients: [{ clientId: 'app', clientSecret: 's', scopes: 'read' as never }] }],
    [
      'a client with an unknown token format',
      { clients: [{ clientId: 'a', clientSecret: 's', tokenFormat: 'x' as 'jwt' }] },
    ],
    ['a client with a zero lifetime', { clients: [{ clientId: 'app', clientSecret: 's', expiresIn: 0 }] }],
  ])('rejects %s with a TypeError', async (_name, options) => {
    await expect(startLocalIssuer(options)).rejects.toThrow(TypeError);
  });
});

describe('counts', () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ algorithms: ['ES256'] });
  });
  afterAll(() => issuer.close());
  beforeEach(() => issuer.resetCounts());

  it('counts each endpoint family and every request in total', async () => {
    await fetch(`${issuer.issuer}/.well-known/openid-configuration`);
    await fetch(`${issuer.issuer}/.well-known/oauth-authorization-server`);
    await fetch(issuer.jwksUri);
    await userinfo(issuer, 'unknown');
    await fetch(issuer.introspectionEndpoint, { method: 'POST' });
    await fetch(issuer.tokenEndpoint, { method: 'POST' });
    await fetch(`${issuer.issuer}/nowhere`);
    expect(issuer.counts).toEqual({ discovery: 2, jwks: 1, userinfo: 1, introspection: 1, token: 1, total: 7 });
  });

  it('returns a snapshot that later requests do not change', async () => {
    const before = issuer.counts;
    await fetch(issuer.jwksUri);
    expect(before.jwks).toBe(0);
    expect(issuer.counts.jwks).toBe(1);
  });

  it('starts again from zero after resetCounts', async () => {
    await fetch(issuer.jwksUri);
    issuer.resetCounts();
    expect(issuer.counts).toEqual({ discovery: 0, jwks: 0, userinfo: 0, introspection: 0, token: 0, total: 0 });
  });
});

describe('close', () => {
  it('ends a hanging request and stops accepting connections', async () => {
    const issuer = await startLocalIssuer({ algorithms: ['ES256'] });
    issuer.setFault('jwks', 'hang');
    const hanging = fetch(issuer.jwksUri);
    await waitFor(() => issuer.counts.jwks === 1);

    await issuer.close();
    // undici's TypeError comes from another realm than Jest's, so match the message.
    await expect(hanging).rejects.toThrow('fetch failed');
    await expect(fetch(issuer.jwksUri)).rejects.toThrow('fetch failed');
  });

  it('destroys idle keep-alive sockets', async () => {
    const issuer = await startLocalIssuer({ algorithms: ['ES256'] });
    const closed = new Promise<void>((resolve) => {
      const req = request(issuer.jwksUri, { agent: false, headers: { connection: 'keep-alive' } }, (res) => {
        res.resume();
        res.socket.once('close', () => resolve());
        void issuer.close();
      });
      req.end();
    });
    await expect(closed).resolves.toBeUndefined();
  });

  it('can be called twice', async () => {
    const issuer = await startLocalIssuer({ algorithms: ['ES256'] });
    await issuer.close();
    await expect(issuer.close()).resolves.toBeUndefined();
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !condition(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (!condition()) throw new Error('condition not met in time');
}
