import { jest } from '@jest/globals';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import request from 'supertest';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import {
  AccessGuardError,
  GuardOrderError,
  InvalidTokenError,
  requireAuth,
  requireScope,
  type AuthEnv,
} from '../src/hono/index.js';

const AUDIENCE = 'https://api.hono.test';
let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

const served = (app: Hono<AuthEnv>) => request(getRequestListener(app.fetch));

describe('requireAuth (Hono)', () => {
  it('throws at start-up, not per request, when options are wrong', () => {
    expect(() => requireAuth({ issuer: issuer.issuer, audience: [] })).toThrow(TypeError);
    expect(() => requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'next' as never })).toThrow(
      /'respond'.*'throw'/,
    );
  });

  it("sets c.get('auth'), typed, and resultOf gives it for this configuration", async () => {
    const app = new Hono<AuthEnv>();
    const auth = requireAuth({ issuer: issuer.issuer, audience: AUDIENCE });
    app.use(auth);
    app.get('/orders', requireScope('read:orders'), (c) =>
      c.json({ sub: c.get('auth').payload.sub, kid: auth.resultOf(c).header.kid }),
    );
    const token = await issuer.mint({ aud: AUDIENCE, sub: 'hono-user', scope: 'read:orders' });
    const response = await served(app).get('/orders').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ sub: 'hono-user', kid: issuer.currentKid('ES256') });
  });

  it("throws an HTTPException carrying the answer, with the error as cause, with errors: 'throw'", async () => {
    const app = new Hono<AuthEnv>();
    const seen: unknown[] = [];
    app.onError((error, c) => {
      seen.push(error);
      if (error instanceof HTTPException) return error.getResponse();
      return c.text('unexpected', 500);
    });
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'throw' }));
    app.get('/', (c) => c.text('reached'));
    const response = await served(app).get('/').set('authorization', 'Bearer not.a.jwt').expect(401);
    expect(seen[0]).toBeInstanceOf(HTTPException);
    expect((seen[0] as HTTPException).cause).toBeInstanceOf(InvalidTokenError);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
    expect(response.body.error).toBe('invalid_token');
  });

  it('keeps the CORS headers set before it on a refusal', async () => {
    const app = new Hono<AuthEnv>();
    app.use(cors({ origin: 'https://app.example', exposeHeaders: ['WWW-Authenticate'] }));
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE }));
    app.get('/', (c) => c.text('reached'));
    const response = await served(app).get('/').set('origin', 'https://app.example').expect(401);
    expect(response.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(response.headers['access-control-expose-headers']).toBe('WWW-Authenticate');
    expect(response.body).toEqual({ error: 'unauthorized', error_description: 'Authentication required' });
  });

  it("reads Node's raw header lines on @hono/node-server: any two Authorization headers are a 400", async () => {
    const app = new Hono<AuthEnv>();
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE }));
    app.get('/', (c) => c.text('reached'));
    const response = await served(app)
      .get('/')
      .set('authorization', ['Basic YTpi', 'Basic Yzpk'] as unknown as string) // two header lines
      .expect(400);
    expect(response.body.error).toBe('invalid_request');
  });

  it('makes every answer private when the token came in the URI, one with immutable headers too', async () => {
    const app = new Hono<AuthEnv>();
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, allowQueryToken: true }));
    app.get('/cached', (c) => {
      c.header('Cache-Control', 'public, max-age=60');
      return c.text('cached');
    });
    // Response.redirect's headers are immutable, like those of a response fetch() returned.
    app.get('/moved', () => Response.redirect('https://api.hono.test/elsewhere', 302));
    const token = await issuer.mint({ aud: AUDIENCE });
    const client = served(app);
    const cached = await client.get(`/cached?access_token=${token}`).expect(200);
    expect(cached.headers['cache-control']).toBe('private, max-age=60');
    const moved = await client.get(`/moved?access_token=${token}`).expect(302);
    expect(moved.headers['cache-control']).toBe('private');
  });

  it('lets a guard choose its own delivery, and answers a guard without requireAuth with 500, logged once', async () => {
    const app = new Hono<AuthEnv>();
    const seen: unknown[] = [];
    app.onError((error, c) => {
      seen.push(error);
      return error instanceof HTTPException ? c.json({ handledBy: 'app' }, 599 as 500) : c.text('bug', 500);
    });
    app.get('/unguarded', requireScope('read'), (c) => c.text('reached'));
    app.get(
      '/own',
      requireAuth({ issuer: issuer.issuer, audience: AUDIENCE }),
      requireScope('write', { errors: 'throw' }),
      (c) => c.text('reached'),
    );
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const client = served(app);
      await client.get('/unguarded').expect(500);
      await client.get('/unguarded').expect(500);
      expect(seen[0]).toBeInstanceOf(GuardOrderError);
      expect(logged.mock.calls).toEqual([
        ['access-guard: requireScope needs requireAuth to run before it on this route; mount requireAuth first.'],
      ]);
      const token = await issuer.mint({ aud: AUDIENCE, scope: 'read' });
      const own = await client.get('/own').set('authorization', `Bearer ${token}`).expect(599);
      expect(own.body).toEqual({ handledBy: 'app' });
      expect((seen[2] as HTTPException).cause).toBeInstanceOf(AccessGuardError);
    } finally {
      logged.mockRestore();
    }
  });
});
