import { getRequestListener } from '@hono/node-server';
import { X509Certificate } from 'node:crypto';
import request from 'supertest';
import {
  createClientCertificate,
  dpopProof,
  generateDpopKey,
  startLocalIssuer,
  type LocalIssuer,
} from '@access-guard/testing';
import {
  createRequestGuard,
  protectedResourceMetadata,
  requireClaims,
  requireScope,
  type RequestGuardOptions,
} from '../src/index.js';

// The guard is given real Requests: Node's HTTP server, turned into Fetch API objects by
// @hono/node-server's listener (no framework in between), as Next.js or Bun would hand them over.

const AUDIENCE = 'https://api.web.test';
let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

/** A server whose one handler guards every request with `checks` and echoes the result. */
function serve(options: Partial<RequestGuardOptions> = {}, handler?: (request: Request) => Promise<Response>) {
  const guard = createRequestGuard({ issuer: issuer.issuer, audience: AUDIENCE, ...options });
  const fallback = async (req: Request): Promise<Response> => {
    const auth = await guard(req, requireScope('read:orders'));
    if (auth instanceof Response) return auth;
    const body = req.method === 'POST' ? await req.text() : '';
    const answer = Response.json({ sub: auth?.payload.sub ?? null, body });
    answer.headers.set('Cache-Control', 'public, max-age=60');
    return guard.finish(req, answer);
  };
  return request(getRequestListener(handler ?? fallback));
}

describe('createRequestGuard', () => {
  it('throws at start-up, not per request, when options are wrong', () => {
    expect(() => createRequestGuard({ issuer: issuer.issuer, audience: [] })).toThrow(TypeError);
    expect(() =>
      createRequestGuard({ issuer: issuer.issuer, audience: AUDIENCE, clientCertificate: 'header' as never }),
    ).toThrow(/clientCertificate/);
  });

  it('gives the verified token when it passes the checks', async () => {
    const token = await issuer.mint({ aud: AUDIENCE, sub: 'fetch-user', scope: 'read:orders' });
    const response = await serve().get('/orders').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ sub: 'fetch-user', body: '' });
  });

  it('gives a ready Response with the challenge and RFC 6750 JSON when a check refuses', async () => {
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'write:orders' });
    const response = await serve().get('/orders').set('authorization', `Bearer ${token}`).expect(403);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="insufficient_scope"/);
    expect(response.headers['www-authenticate']).toContain('scope="read:orders"');
    expect(response.body).toEqual({
      error: 'insufficient_scope',
      error_description: 'The access token lacks a required scope',
    });
  });

  it('answers 401 without an error attribute to a request without credentials', async () => {
    const response = await serve().get('/orders').expect(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api"(?:,|$)/);
    expect(response.headers['www-authenticate']).not.toContain('error=');
  });

  it('tells two Authorization headers, which Headers joins, from one header with parameters', async () => {
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'read:orders' });
    const twice = await serve()
      .get('/orders')
      .set('authorization', ['Basic dXNlcjpwYXNz', `Bearer ${token}`] as unknown as string) // two header lines
      .expect(400);
    expect(twice.body.error).toBe('invalid_request');
    const digest = await serve().get('/orders').set('authorization', 'Digest username="a", realm="b"').expect(401);
    expect(digest.headers['www-authenticate']).not.toContain('error=');
  });

  it('reads a form-body token from a copy, leaving the body to the handler', async () => {
    const token = await issuer.mint({ aud: AUDIENCE, sub: 'form-user', scope: 'read:orders' });
    const response = await serve({ allowBodyToken: true })
      .post('/orders')
      .type('form')
      .send(`access_token=${token}&item=tea`)
      .expect(200);
    expect(response.body).toEqual({ sub: 'form-user', body: `access_token=${token}&item=tea` });
    const both = await serve({ allowBodyToken: true })
      .post('/orders')
      .set('authorization', `Bearer ${token}`)
      .type('form')
      .send(`access_token=${token}`)
      .expect(400);
    expect(both.body.error).toBe('invalid_request');
  });

  it('makes the answer private when the token came in the URI, refusals included', async () => {
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'read:orders' });
    const client = serve({ allowQueryToken: true });
    const ok = await client.get(`/orders?access_token=${token}`).expect(200);
    expect(ok.headers['cache-control']).toBe('private, max-age=60');
    const refused = await client.get('/orders?access_token=not-a-jwt').expect(401);
    expect(refused.headers['cache-control']).toBe('private');
    const header = await client.get('/orders').set('authorization', `Bearer ${token}`).expect(200);
    expect(header.headers['cache-control']).toBe('public, max-age=60');
  });

  it('lets an optional guard through anonymous, as undefined', async () => {
    const response = await serve({ optional: true }, async (req) => {
      const guard = createRequestGuard({ issuer: issuer.issuer, audience: AUDIENCE, optional: true });
      const auth = await guard(req);
      return Response.json({ anonymous: auth === undefined });
    })
      .get('/')
      .expect(200);
    expect(response.body).toEqual({ anonymous: true });
  });

  it('gives the DPoP-Nonce a successful answer owes through finish()', async () => {
    const options = { dpop: { nonce: { secret: 'request-guard-test-nonce-secret-32+chars' } } };
    const guard = createRequestGuard({ issuer: issuer.issuer, audience: AUDIENCE, ...options });
    const client = request(
      getRequestListener(async (req) => {
        const auth = await guard(req);
        return auth instanceof Response ? auth : guard.finish(req, Response.json({ scheme: auth.scheme }));
      }),
    );
    const key = await generateDpopKey();
    const token = await issuer.mint({ aud: AUDIENCE }, { dpop: key });
    const send = async (nonce?: string) => {
      const proof = await dpopProof({ key, htm: 'GET', htu: `http://127.0.0.1/orders`, accessToken: token, nonce });
      return client.get('/orders').set({ host: '127.0.0.1', authorization: `DPoP ${token}`, dpop: proof });
    };
    const first = await send();
    expect(first.status).toBe(401);
    const nonce = first.headers['dpop-nonce'] as string;
    const second = await send(nonce);
    expect([second.status, second.body]).toEqual([200, { scheme: 'DPoP' }]);
    expect(second.headers['dpop-nonce']).toEqual(expect.any(String));
  });

  it('checks a certificate-bound token against the certificate the clientCertificate option gives', async () => {
    const client = await createClientCertificate();
    const other = await createClientCertificate();
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'read:orders' }, { certificate: client });
    const withCertificate = (pem: string) =>
      serve({ clientCertificate: () => new Uint8Array(new X509Certificate(pem).raw) });
    await withCertificate(client.certificate).get('/').set('authorization', `Bearer ${token}`).expect(200);
    await withCertificate(other.certificate).get('/').set('authorization', `Bearer ${token}`).expect(401);
    await serve().get('/').set('authorization', `Bearer ${token}`).expect(401);
  });

  it('fetches the userinfo profile, and answers a refused one with a Response', async () => {
    const guard = createRequestGuard({ issuer: issuer.issuer, audience: AUDIENCE });
    const client = request(
      getRequestListener(async (req) => {
        const auth = await guard(req, requireClaims({ sub: 'user-123' }));
        if (auth instanceof Response) return auth;
        const profile = await guard.userinfo(req, auth);
        return profile instanceof Response ? profile : Response.json(profile);
      }),
    );
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'openid' });
    const response = await client.get('/').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body.sub).toBe('user-123');
    const other = await issuer.mint({ aud: AUDIENCE, sub: 'someone-else' });
    await client.get('/').set('authorization', `Bearer ${other}`).expect(403);
  });
});

describe('protectedResourceMetadata', () => {
  it('answers the well-known path with the document, and nothing else', async () => {
    const guard = createRequestGuard({
      issuer: issuer.issuer,
      resource: 'https://api.web.test/mcp',
      resourceMetadata: true,
    });
    const metadata = protectedResourceMetadata(guard);
    const client = request(
      getRequestListener(async (req) => metadata(req) ?? new Response('handler', { status: 418 })),
    );
    const document = await client.get('/.well-known/oauth-protected-resource/mcp').expect(200);
    expect(document.body).toMatchObject({
      resource: 'https://api.web.test/mcp',
      authorization_servers: [issuer.issuer],
    });
    expect(document.headers['access-control-allow-origin']).toBe('*');
    await client.get('/mcp').expect(418);
  });
});
