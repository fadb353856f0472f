import formBody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  createCertificateAuthority,
  createClientCertificate,
  createServerCertificate,
  dpopProof,
  generateDpopKey,
  startLocalIssuer,
  type LocalIssuer,
  type TestCertificate,
} from '@access-guard/testing';
import type { AccessGuardError } from '../src/index.js';
import {
  GuardOrderError,
  InvalidTokenError,
  protectedResourceMetadata,
  requireAuth,
  requireScope,
} from '../src/index.js';

const AUDIENCE = 'https://api.fastify.test';
let issuer: LocalIssuer;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  issuer = await startLocalIssuer({ algorithms: ['RS256'] });
});
afterAll(() => issuer.close());
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** A Fastify app closed after the test; `logger` lines are collected into `lines` when given. */
function newApp(options: { lines?: string[]; trustProxy?: boolean } = {}): FastifyInstance {
  const { lines, trustProxy } = options;
  const app = Fastify({
    trustProxy: trustProxy ?? false,
    disableRequestLogging: true,
    ...(lines === undefined
      ? {}
      : { logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } } }),
  });
  apps.push(app);
  return app;
}

async function served(app: FastifyInstance) {
  await app.ready();
  return request(app.server);
}

describe('requireAuth', () => {
  it('throws at start-up, not per request, when options are wrong', () => {
    expect(() => requireAuth({ issuer: issuer.issuer, audience: [] })).toThrow(TypeError);
    expect(() => requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'next' as never })).toThrow(
      /'respond'.*'throw'/,
    );
  });

  it('works as an onRequest hook: request.auth is set and resultOf types it', async () => {
    const app = newApp();
    const auth = requireAuth({ issuer: issuer.issuer, audience: AUDIENCE });
    app.addHook('onRequest', auth);
    app.get('/', async (req) => {
      const result = auth.resultOf(req); // a JwtAuthResult: header needs no format check
      return { sub: result.payload.sub, kid: result.header.kid, same: result === req.auth };
    });
    const token = await issuer.mint({ aud: AUDIENCE, sub: 'erin' });
    const response = await (await served(app)).get('/').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ sub: 'erin', kid: issuer.currentKid('RS256'), same: true });
  });

  it('answers an RFC 6750 JSON body with the challenge by default, and logs nothing', async () => {
    const lines: string[] = [];
    const app = newApp({ lines });
    await app.register(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE }));
    app.get('/', async () => 'reached');
    const response = await (await served(app)).get('/').set('authorization', 'Bearer not.a.jwt').expect(401);
    expect(response.body).toEqual({ error: 'invalid_token', error_description: 'The access token is not a JWT' });
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
    expect(response.text).not.toContain('not.a.jwt');
    expect(lines).toEqual([]);
  });

  it("throws to the app's setErrorHandler with errors: 'throw', status and challenge on the error", async () => {
    const app = newApp();
    const seen: unknown[] = [];
    app.setErrorHandler((error, _req, reply) => {
      seen.push(error);
      const failure = error as AccessGuardError;
      void reply.code(failure.statusCode).headers(failure.headers).send({ handledBy: 'app', code: failure.code });
    });
    await app.register(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'throw' }));
    app.get('/', async () => 'reached');
    const response = await (await served(app)).get('/').set('authorization', 'Bearer opaque-token-value').expect(401);
    expect(seen[0]).toBeInstanceOf(InvalidTokenError);
    expect(response.body).toEqual({ handledBy: 'app', code: 'ERR_INVALID_TOKEN' });
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
  });

  it("lets Fastify's default error handler render the status and the challenge with errors: 'throw'", async () => {
    const app = newApp();
    app.addHook('onRequest', requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'throw' }));
    app.get('/', async () => 'reached');
    const response = await (await served(app)).get('/').expect(401);
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="api", DPoP realm="api", algs="RS256 PS256 ES256 EdDSA"',
    );
    expect(response.body.statusCode).toBe(401);
  });

  it('keeps headers set before it (CORS) on a refusal, twice in a row', async () => {
    const app = newApp();
    app.addHook('onRequest', async (_req, reply) => {
      void reply.header('Access-Control-Allow-Origin', 'https://app.example');
    });
    await app.register(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE }));
    app.get('/', async () => 'reached');
    const client = await served(app);
    for (let i = 0; i < 2; i += 1) {
      const response = await client.get('/').set('Authorization', 'Bearer not.a.jwt').expect(401);
      expect(response.headers['access-control-allow-origin']).toBe('https://app.example');
      expect(response.headers['content-length']).toBe(String(Buffer.byteLength(response.text)));
    }
  });

  it('logs a failed issuer call as one warn line through the Fastify logger, without a stack', async () => {
    const lines: string[] = [];
    const app = newApp({ lines });
    // Nothing listens on port 1: discovery fails at once.
    await app.register(requireAuth({ issuer: 'http://127.0.0.1:1', audience: AUDIENCE, timeoutMs: 500 }));
    app.get('/', async () => 'reached');
    const token = await issuer.mint({ aud: AUDIENCE, iss: 'http://127.0.0.1:1' });
    const response = await (await served(app)).get('/').set('authorization', `Bearer ${token}`).expect(503);
    expect(response.headers['retry-after']).toBeDefined();
    const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string; stack?: string });
    expect(logged).toHaveLength(1);
    expect(logged[0]?.level).toBe(40); // pino's warn
    expect(logged[0]?.msg).toMatch(/^access-guard: issuer unavailable: http:\/\/127\.0\.0\.1:1 discovery/);
    expect(lines.join('\n')).not.toMatch(/\bat .*\.(?:js|ts):\d+/);
    expect(lines.join('\n')).not.toContain(token);
  });

  it('decorates the request of the app that registers it, and no other app', async () => {
    const app = newApp();
    await app.register(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE }));
    app.get('/', async (req) => {
      const own = Object.getOwnPropertyDescriptor(req, 'auth');
      const deleted = delete (req as { auth?: unknown }).auth;
      return { enumerable: own?.enumerable, writable: own?.writable, deleted, after: 'auth' in req };
    });
    const other = newApp();
    other.get('/', async (req) => ({ has: 'auth' in req, decorated: other.hasRequestDecorator('auth') }));
    const token = await issuer.mint({ aud: AUDIENCE });
    const response = await (await served(app)).get('/').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ enumerable: true, writable: true, deleted: true, after: false });
    expect((await (await served(other)).get('/').expect(200)).body).toEqual({ has: false, decorated: false });
  });

  it('may be registered twice in one app, each on the routes of its own scope', async () => {
    const app = newApp();
    await app.register(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, realm: 'outer' }));
    await app.register(async (scope) => {
      await scope.register(
        requireAuth({ issuer: issuer.issuer, audience: 'https://admin.fastify.test', realm: 'admin' }),
      );
      scope.get('/admin', async () => 'admin');
    });
    app.get('/', async () => 'outer');
    const client = await served(app);
    const token = await issuer.mint({ aud: AUDIENCE });
    await client.get('/').set('authorization', `Bearer ${token}`).expect(200);
    const refused = await client.get('/admin').set('authorization', `Bearer ${token}`).expect(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer realm="admin", error="invalid_token"/);
  });

  it('checks a DPoP proof against the origin Fastify trusts: X-Forwarded-* only with trustProxy', async () => {
    const key = await generateDpopKey();
    const token = await issuer.mint({ aud: AUDIENCE }, { dpop: key });
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.fastify.test' };
    const send = async (trustProxy: boolean) => {
      const app = newApp({ trustProxy });
      await app.register(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE }));
      app.get('/orders', async (req) => ({ scheme: req.auth?.scheme }));
      const proof = await dpopProof({ key, htm: 'GET', htu: 'https://api.fastify.test/orders', accessToken: token });
      return (await served(app))
        .get('/orders')
        .set(forwarded)
        .set({ authorization: `DPoP ${token}`, dpop: proof });
    };
    expect((await send(true)).body).toEqual({ scheme: 'DPoP' });
    const untrusted = await send(false);
    expect(untrusted.status).toBe(401);
    expect(untrusted.headers['www-authenticate']).toMatch(/error="invalid_dpop_proof"/);
  });
});

describe('certificate-bound tokens (RFC 8705) over real TLS', () => {
  let ca: TestCertificate;
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    ca = await createCertificateAuthority();
    const server = await createServerCertificate({ issuer: ca });
    app = Fastify({
      https: {
        cert: server.certificate,
        key: server.privateKey,
        ca: ca.certificate,
        requestCert: true,
        rejectUnauthorized: false,
      },
    });
    await app.register(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE }));
    app.get('/', async (req) => ({ confirmation: req.auth?.confirmation }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(() => app.close());

  const get = (token: string, client?: TestCertificate) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/',
          ca: ca.certificate,
          ...(client === undefined ? {} : { cert: client.certificate, key: client.privateKey }),
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('accepts a token bound to the certificate the client presented on the TLS socket', async () => {
    const client = await createClientCertificate({ issuer: ca });
    const token = await issuer.mint({ aud: AUDIENCE }, { certificate: client });
    const response = await get(token, client);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ confirmation: { 'x5t#S256': client.thumbprint } });
  });

  it('refuses it without a certificate, and with another one', async () => {
    const client = await createClientCertificate({ issuer: ca });
    const other = await createClientCertificate({ issuer: ca });
    const token = await issuer.mint({ aud: AUDIENCE }, { certificate: client });
    expect((await get(token)).status).toBe(401);
    expect((await get(token, other)).status).toBe(401);
  });
});

describe('form-body tokens (the plugin form)', () => {
  const bodyApp = async (options: { guard?: 'onRequest' | 'preHandler' } = {}) => {
    const app = newApp();
    await app.register(formBody);
    await app.register(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, allowBodyToken: true }));
    const guard = requireScope('write:notes');
    const hooks = options.guard === undefined ? {} : { [options.guard]: guard };
    app.post('/notes', hooks, async (req) => ({ sub: req.auth?.payload.sub, body: Object.keys(req.body as object) }));
    return served(app);
  };

  it.each(['onRequest', 'preHandler'] as const)(
    'reads the token from the parsed body, and runs a guard in %s after it',
    async (guard) => {
      const client = await bodyApp({ guard });
      const token = await issuer.mint({ aud: AUDIENCE, sub: 'form-user', scope: 'write:notes' });
      const ok = await client.post('/notes').type('form').send({ access_token: token, text: 'hi' }).expect(200);
      expect(ok.body).toEqual({ sub: 'form-user', body: ['access_token', 'text'] });
      const weak = await issuer.mint({ aud: AUDIENCE, scope: 'read:notes' });
      const refused = await client.post('/notes').type('form').send({ access_token: weak }).expect(403);
      expect(refused.body.error).toBe('insufficient_scope');
    },
  );

  it('refuses a token in the header and another in the body with 400 invalid_request', async () => {
    const client = await bodyApp({ guard: 'onRequest' });
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'write:notes' });
    const response = await client
      .post('/notes')
      .set('authorization', `Bearer ${token}`)
      .type('form')
      .send({ access_token: token })
      .expect(400);
    expect(response.body.error).toBe('invalid_request');
  });

  it('refuses a repeated access_token parameter with 400, and a body without one with 401', async () => {
    const client = await bodyApp();
    const token = await issuer.mint({ aud: AUDIENCE });
    await client.post('/notes').type('form').send(`access_token=${token}&access_token=${token}`).expect(400);
    const missing = await client.post('/notes').type('form').send('text=hi').expect(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer realm="api"(?:,|$)/);
  });
});

describe('route guards after requireAuth', () => {
  it("follow requireAuth's errors: 'respond' unless they choose otherwise", async () => {
    const app = newApp();
    await app.register(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE }));
    app.setErrorHandler((error, _req, reply) => {
      void reply.code(599).send({ handledBy: 'app', code: (error as AccessGuardError).code });
    });
    app.get('/inherit', { onRequest: requireScope('write:all') }, async () => 'reached');
    app.get('/own', { preHandler: requireScope('write:all', { errors: 'throw' }) }, async () => 'reached');
    const client = await served(app);
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'read' });
    const inherited = await client.get('/inherit').set('authorization', `Bearer ${token}`).expect(403);
    expect(inherited.body).toEqual({
      error: 'insufficient_scope',
      error_description: 'The access token lacks a required scope',
    });
    const own = await client.get('/own').set('authorization', `Bearer ${token}`).expect(599);
    expect(own.body).toEqual({ handledBy: 'app', code: 'ERR_INSUFFICIENT_SCOPE' });
  });

  it('answers a guard used without requireAuth before it with 500, logged once, never a challenge', async () => {
    const lines: string[] = [];
    const app = newApp({ lines });
    app.get('/unguarded', { onRequest: requireScope('read') }, async () => 'reached');
    const seen: unknown[] = [];
    app.setErrorHandler((error, _req, reply) => {
      seen.push(error);
      void reply.code(500).send();
    });
    const client = await served(app);
    for (let i = 0; i < 2; i += 1) {
      const response = await client.get('/unguarded').expect(500);
      expect(response.headers['www-authenticate']).toBeUndefined();
    }
    expect(seen[0]).toBeInstanceOf(GuardOrderError);
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
      'access-guard: requireScope needs requireAuth to run before it on this route; mount requireAuth first.',
    ]);
  });
});

describe('protectedResourceMetadata', () => {
  it('serves the document as an onRequest hook before requireAuth, and lets other paths through', async () => {
    const app = newApp();
    const auth = requireAuth({
      issuer: issuer.issuer,
      resource: 'https://api.fastify.test/mcp',
      resourceMetadata: true,
    });
    app.addHook('onRequest', protectedResourceMetadata(auth));
    app.addHook('onRequest', auth);
    app.get('/mcp', async () => 'reached');
    const client = await served(app);
    const document = await client.get('/.well-known/oauth-protected-resource/mcp').expect(200);
    expect(document.body).toMatchObject({
      resource: 'https://api.fastify.test/mcp',
      authorization_servers: [issuer.issuer],
    });
    expect(document.headers['access-control-allow-origin']).toBe('*');
    const refused = await client.get('/mcp').expect(401);
    expect(refused.headers['www-authenticate']).toContain(
      'resource_metadata="https://api.fastify.test/.well-known/oauth-protected-resource/mcp"',
    );
  });
});
