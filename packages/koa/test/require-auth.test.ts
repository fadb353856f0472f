import { jest } from '@jest/globals';
import Koa from 'koa';
import request from 'supertest';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { AccessGuardError, GuardOrderError, requireAuth, requireScope, type AuthState } from '../src/index.js';

const AUDIENCE = 'https://api.koa.test';
let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

describe('requireAuth (Koa)', () => {
  it('answers an RFC 6750 JSON body with the challenge by default, keeping headers set before (CORS)', async () => {
    const app = new Koa<AuthState>();
    app.use(async (ctx, next) => {
      ctx.set('Access-Control-Allow-Origin', 'https://app.example');
      await next();
    });
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE }));
    const response = await request(app.callback()).get('/').set('authorization', 'Bearer not.a.jwt').expect(401);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toEqual({ error: 'invalid_token', error_description: 'The access token is not a JWT' });
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
    expect(response.headers['access-control-allow-origin']).toBe('https://app.example');
  });

  it("keeps the WWW-Authenticate header that Koa would clear on a throw, with errors: 'throw'", async () => {
    const app = new Koa<AuthState>();
    app.silent = true;
    app.use(async (ctx, next) => {
      ctx.set('X-Set-Before', 'yes'); // Koa's error handler clears headers like this one
      await next();
    });
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'throw' }));
    const response = await request(app.callback()).get('/').expect(401);
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="api", DPoP realm="api", algs="RS256 PS256 ES256 EdDSA"',
    );
    expect(response.headers['x-set-before']).toBeUndefined();
  });

  it("lets the app's own try/catch middleware render a JSON error", async () => {
    const app = new Koa<AuthState>();
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        if (!(error instanceof AccessGuardError)) throw error;
        ctx.status = error.status;
        ctx.set(error.headers);
        ctx.body = error.toJSON();
      }
    });
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'throw' }));
    app.use(requireScope('write:todos'));
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'read:todos' });
    const response = await request(app.callback()).get('/').set('authorization', `Bearer ${token}`).expect(403);
    expect(response.body).toEqual({
      error: 'insufficient_scope',
      error_description: 'The access token lacks a required scope',
    });
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required scope", scope="write:todos", DPoP realm="api", algs="RS256 PS256 ES256 EdDSA"',
    );
  });

  it('puts the result on ctx.state.auth', async () => {
    const app = new Koa<AuthState>();
    const auth = requireAuth({ issuer: issuer.issuer, audience: AUDIENCE });
    app.use(auth);
    app.use((ctx) => {
      ctx.body = { sub: auth.resultOf(ctx).payload.sub, scopes: ctx.state.auth?.scopes };
    });
    const token = await issuer.mint({ aud: AUDIENCE, sub: 'frank', scope: 'read:todos' });
    const response = await request(app.callback()).get('/').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ sub: 'frank', scopes: ['read:todos'] });
  });

  it('marks a query-token answer private even when called with a hand-written next that returns nothing', async () => {
    const guard = requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, allowQueryToken: true });
    const app = new Koa<AuthState>();
    app.use((ctx) =>
      guard(ctx, () => {
        ctx.body = 'ok';
        return undefined as unknown as Promise<void>;
      }),
    );
    const token = await issuer.mint({ aud: AUDIENCE });
    const response = await request(app.callback()).get(`/?access_token=${token}`).expect(200);
    expect(response.headers['cache-control']).toContain('private');
  });

  it('throws at start-up when options are wrong', () => {
    expect(() => requireAuth({ issuer: 'ftp://issuer.example', audience: AUDIENCE })).toThrow(/https/);
  });

  it("refuses Express's errors: 'next', naming Koa's choices", () => {
    expect(() => requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'next' } as never)).toThrow(
      "`errors` must be 'respond' (answer with JSON) or 'throw' (throw to the app).",
    );
  });

  it('answers a guard mounted without requireAuth before it with 500, logged once, never a challenge', async () => {
    const app = new Koa<AuthState>();
    app.silent = true;
    const seen: unknown[] = [];
    app.on('error', (error: unknown) => seen.push(error));
    app.use(requireScope('read'));
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (let i = 0; i < 2; i += 1) {
        const response = await request(app.callback()).get('/').expect(500);
        expect(response.headers['www-authenticate']).toBeUndefined();
      }
      expect(seen[0]).toBeInstanceOf(GuardOrderError);
      expect(logged).toHaveBeenCalledTimes(1);
    } finally {
      logged.mockRestore();
    }
  });
});
