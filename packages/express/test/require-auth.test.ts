import { jest } from '@jest/globals';
import express, { type ErrorRequestHandler } from 'express';
// Express 4 under an npm alias (express4 = npm:express@^4).
import express4 from 'express4';
import request from 'supertest';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import {
  AccessGuardError,
  attachUserinfo,
  GuardOrderError,
  InvalidTokenError,
  requireAuth,
  requireClaims,
  requireScope,
} from '../src/index.js';

const AUDIENCE = 'https://api.express.test';
let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer({ algorithms: ['RS256'] });
});
afterAll(() => issuer.close());

describe('requireAuth', () => {
  it('throws at start-up, not per request, when options are wrong', () => {
    expect(() => requireAuth({ issuer: issuer.issuer, audience: [] })).toThrow(TypeError);
    expect(() => requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'json' as never })).toThrow(
      /'next'.*'respond'/,
    );
  });

  it("lets Express's own final handler render the status and the challenge with errors: 'next'", async () => {
    const app = express();
    app.set('env', 'production');
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'next' }));
    app.get('/', (_req, res) => {
      res.end();
    });
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const response = await request(app).get('/').set('authorization', 'Bearer not.a.jwt').expect(401);
      expect(response.headers['www-authenticate']).toMatch(
        /^Bearer realm="api", error="invalid_token", error_description="/,
      );
      expect(response.text).not.toContain('not.a.jwt');
    } finally {
      error.mockRestore();
    }
  });

  it('answers an RFC 6750 JSON body with the challenge by default, and logs nothing', async () => {
    const app = express();
    app.set('env', 'development'); // Express's final handler would log any error it were given
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE }));
    app.get('/', (_req, res) => {
      res.end();
    });
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const response = await request(app).get('/').set('authorization', 'Bearer not.a.jwt').expect(401);
      expect(response.body).toEqual({ error: 'invalid_token', error_description: 'The access token is not a JWT' });
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it("passes the error to the app's own error middleware with errors: 'next'", async () => {
    const app = express();
    const seen: unknown[] = [];
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'next' }));
    app.get('/', (_req, res) => {
      res.end();
    });
    const handler: ErrorRequestHandler = (err, _req, res, _next) => {
      seen.push(err);
      res.status(err.status).set(err.headers).json(err.toJSON());
    };
    app.use(handler);
    const response = await request(app).get('/').set('authorization', 'Bearer opaque-token-value').expect(401);
    expect(seen[0]).toBeInstanceOf(InvalidTokenError);
    expect(seen[0]).toBeInstanceOf(AccessGuardError);
    expect(response.body).toEqual({ error: 'invalid_token', error_description: 'The access token is not a JWT' });
  });

  it("answers with an RFC 6750 JSON body and never calls the error middleware with errors: 'respond'", async () => {
    const app = express();
    const reached = jest.fn();
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'respond' }));
    app.get('/', (_req, res) => {
      res.end();
    });
    app.use(((err, _req, _res, next) => {
      reached();
      next(err);
    }) as ErrorRequestHandler);
    const response = await request(app).get('/').expect(401);
    expect(response.body).toEqual({ error: 'unauthorized', error_description: 'Authentication required' });
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="api", DPoP realm="api", algs="RS256 PS256 ES256 EdDSA"',
    );
    expect(reached).not.toHaveBeenCalled();
  });

  it("keeps headers set before it (CORS) on an errors: 'respond' answer, twice in a row", async () => {
    const app = express();
    app.use((_req, res, next) => {
      res.setHeader('Access-Control-Allow-Origin', 'https://app.example');
      next();
    });
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'respond' }));
    app.get('/', (_req, res) => {
      res.end();
    });
    for (let i = 0; i < 2; i += 1) {
      const response = await request(app).get('/').set('Authorization', 'Bearer not.a.jwt').expect(401);
      expect(response.headers['access-control-allow-origin']).toBe('https://app.example');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
      expect(response.headers['content-length']).toBe(String(Buffer.byteLength(response.text)));
    }
  });

  it('sets req.auth with the verified token, typed as a JWT by resultOf when opaque tokens are off', async () => {
    const app = express();
    const auth = requireAuth({ issuer: issuer.issuer, audience: AUDIENCE });
    app.use(auth);
    app.get('/', (req, res) => {
      const result = auth.resultOf(req); // a JwtAuthResult: header needs no format check
      res.json({ sub: result.payload.sub, kid: result.header.kid, same: result === req.auth });
    });
    const token = await issuer.mint({ aud: AUDIENCE, sub: 'erin' });
    const response = await request(app).get('/').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ sub: 'erin', kid: issuer.currentKid('RS256'), same: true });
  });
});

describe('route guards after requireAuth', () => {
  it("follow requireAuth's errors: 'respond' unless they choose otherwise", async () => {
    const app = express();
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'respond' }));
    app.get('/inherit', requireScope('write:all'), (_req, res) => {
      res.end();
    });
    app.get('/own', requireScope('write:all', { errors: 'next' }), (_req, res) => {
      res.end();
    });
    app.use(((err, _req, res, _next) => {
      res.status(599).json({ handledBy: 'app', code: err.code });
    }) as ErrorRequestHandler);
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'read' });
    const inherited = await request(app).get('/inherit').set('authorization', `Bearer ${token}`).expect(403);
    expect(inherited.body).toEqual({
      error: 'insufficient_scope',
      error_description: 'The access token lacks a required scope',
    });
    const own = await request(app).get('/own').set('authorization', `Bearer ${token}`).expect(599);
    expect(own.body).toEqual({ handledBy: 'app', code: 'ERR_INSUFFICIENT_SCOPE' });
  });

  it("keeps each requireAuth's choice apart: a guard after an errors: 'next' one still calls next(err)", async () => {
    const app = express();
    const options = { issuer: issuer.issuer, audience: AUDIENCE };
    app.get('/respond', requireAuth({ ...options, errors: 'respond' }), requireScope('write:all'), (_req, res) => {
      res.end();
    });
    app.get('/next', requireAuth({ ...options, errors: 'next' }), requireScope('write:all'), (_req, res) => {
      res.end();
    });
    app.use(((err, _req, res, _next) => {
      res.status(599).json({ handledBy: 'app', code: err.code });
    }) as ErrorRequestHandler);
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'read' });
    // Both orders: the 'respond' choice recorded first must not leak into the other middleware's results.
    for (const path of ['/respond', '/next', '/respond']) {
      const response = await request(app).get(path).set('authorization', `Bearer ${token}`);
      if (path === '/respond') expect([response.status, response.body.error]).toEqual([403, 'insufficient_scope']);
      else
        expect([response.status, response.body]).toEqual([599, { handledBy: 'app', code: 'ERR_INSUFFICIENT_SCOPE' }]);
    }
  });

  it('answers a guard mounted without requireAuth before it with 500, logged once, never a challenge', async () => {
    const app = express();
    app.set('env', 'test');
    app.get('/unguarded', requireScope('read', { errors: 'respond' }), (_req, res) => {
      res.end();
    });
    const seen: unknown[] = [];
    app.use(((err, _req, res, _next) => {
      seen.push(err);
      res.status(err.status).end();
    }) as ErrorRequestHandler);
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (let i = 0; i < 2; i += 1) {
        const response = await request(app).get('/unguarded').expect(500);
        expect(response.headers['www-authenticate']).toBeUndefined();
      }
      expect(seen[0]).toBeInstanceOf(GuardOrderError);
      expect(logged.mock.calls).toEqual([
        ['access-guard: requireScope needs requireAuth to run before it on this route; mount requireAuth first.'],
      ]);
    } finally {
      logged.mockRestore();
    }
  });

  it("answers requireClaims' 403 at once with errors: 'respond'", async () => {
    const app = express();
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'respond' }));
    app.get('/alice', requireClaims({ sub: 'alice' }), (_req, res) => {
      res.end();
    });
    const bob = await issuer.mint({ aud: AUDIENCE, sub: 'bob' });
    const refused = await request(app).get('/alice').set('authorization', `Bearer ${bob}`).expect(403);
    expect(refused.body.error_description).toBe('The access token does not carry the claims this resource requires');
    const alice = await issuer.mint({ aud: AUDIENCE, sub: 'alice' });
    await request(app).get('/alice').set('authorization', `Bearer ${alice}`).expect(200);
  });

  it("passes a refusal to next(err) when the response has already started, even with errors: 'respond'", async () => {
    const app = express();
    const seen: unknown[] = [];
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'respond' }));
    app.get(
      '/late',
      (_req, res, next) => {
        res.writeHead(200).write('started');
        next();
      },
      requireScope('write:all'),
    );
    app.use(((err, _req, res, _next) => {
      seen.push(err);
      res.end();
    }) as ErrorRequestHandler);
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'read' });
    const response = await request(app).get('/late').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.text).toBe('started');
    expect(seen).toHaveLength(1);
    expect((seen[0] as AccessGuardError).code).toBe('ERR_INSUFFICIENT_SCOPE');
  });
});

describe.each([
  ['Express 5', express],
  ['Express 4', express4 as unknown as typeof express],
])('req.auth is plain request state (%s)', (_name, createExpress) => {
  it("leaves an app that never uses access-guard alone: its own delete req.auth works and 'auth' in req stays false", async () => {
    const ours = createExpress();
    ours.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, errors: 'respond' }));
    ours.get('/', (_req, res) => {
      res.end();
    });
    // Another app in the process, with its own auth (express-jwt style) and a "log out" by delete.
    const theirs = createExpress();
    theirs.use((req, _res, next) => {
      const seen = { before: 'auth' in req };
      (req as { auth?: unknown }).auth = { sub: 'them' };
      delete (req as { auth?: unknown }).auth;
      (req as { seen?: unknown }).seen = seen;
      next();
    });
    theirs.get('/', (req, res) => {
      res.json({ before: (req as { seen?: { before: boolean } }).seen?.before, after: 'auth' in req });
    });
    const token = await issuer.mint({ aud: AUDIENCE });
    await request(ours).get('/').set('authorization', `Bearer ${token}`).expect(200);
    const response = await request(theirs).get('/').expect(200);
    expect(response.body).toEqual({ before: false, after: false });
  });

  it('puts the result on req as an own, enumerable, deletable property and nothing on any prototype', async () => {
    const app = createExpress();
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE }));
    app.get('/', (req, res) => {
      const own = Object.getOwnPropertyDescriptor(req, 'auth');
      const deleted = delete (req as { auth?: unknown }).auth;
      res.json({ enumerable: own?.enumerable, writable: own?.writable, deleted, after: 'auth' in req });
    });
    const token = await issuer.mint({ aud: AUDIENCE });
    const response = await request(app).get('/').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ enumerable: true, writable: true, deleted: true, after: false });
    expect('auth' in Object.getPrototypeOf(app.request)).toBe(false);
    expect(Object.getOwnPropertyNames(app.request)).not.toContain('auth');
  });

  it("answers 401 with errors: 'respond' in its realm after a middleware drops req.auth, and 200 on a copy", async () => {
    const app = createExpress();
    app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, realm: 'vault', errors: 'respond' }));
    app.get(
      '/dropped',
      (req, _res, next) => {
        (req as { auth?: unknown }).auth = undefined;
        next();
      },
      requireScope('read'),
      (_req, res) => {
        res.end();
      },
    );
    app.get(
      '/copied',
      (req, _res, next) => {
        if (req.auth !== undefined) req.auth = { ...req.auth };
        next();
      },
      requireScope('read'),
      attachUserinfo(),
      (req, res) => {
        res.json({ sub: req.userinfo?.['sub'] });
      },
    );
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'openid read' });
    const dropped = await request(app).get('/dropped').set('authorization', `Bearer ${token}`).expect(401);
    expect(dropped.headers['www-authenticate']).toBe(
      'Bearer realm="vault", DPoP realm="vault", algs="RS256 PS256 ES256 EdDSA"',
    );
    expect(dropped.body.error).toBe('unauthorized');
    const copied = await request(app).get('/copied').set('authorization', `Bearer ${token}`).expect(200);
    expect(copied.body).toEqual({ sub: 'user-123' });
  });
});
