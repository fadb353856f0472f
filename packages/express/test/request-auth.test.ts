import { createServer, type IncomingMessage } from 'node:http';
import express, { type Request, type RequestHandler } from 'express';
// Express 4 under an npm alias (see test/behaviour/express4.d.ts): req.auth must work on both.
import express4 from 'express4';
import request from 'supertest';
import type { AuthResult } from '@access-guard/core';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { requireAuth } from '../src/index.js';
import { setRequestAuth } from '../src/request-auth.js';

const AUDIENCE = 'https://api.express.test';
let issuer: LocalIssuer;
let token: string;
beforeAll(async () => {
  issuer = await startLocalIssuer({ algorithms: ['RS256'] });
  token = await issuer.mint({ aud: AUDIENCE, sub: 'erin' });
});
afterAll(() => issuer.close());

const versions = [
  ['Express 5', express],
  ['Express 4', express4 as unknown as typeof express],
] as const;

/** What a handler saw of req.auth: its subject, and whether it was an own property of the request. */
const describeAuth: RequestHandler = (req, res) => {
  const auth = req.auth as AuthResult | undefined;
  res.json({ sub: auth?.payload.sub ?? null, own: Object.hasOwn(req, 'auth') });
};

describe.each(versions)('req.auth on %s', (_name, expressOf) => {
  const guard = () => requireAuth({ issuer: issuer.issuer, audience: AUDIENCE });

  it('is set without adding a property to the request', async () => {
    const app = expressOf();
    app.get('/', guard(), describeAuth);
    const response = await request(app).get('/').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ sub: 'erin', own: false });
  });

  it('is undefined on a request that requireAuth did not see, after others were authenticated', async () => {
    const app = expressOf();
    app.get('/private', guard(), describeAuth);
    app.get('/public', describeAuth);
    await request(app).get('/private').set('authorization', `Bearer ${token}`).expect(200);
    const response = await request(app).get('/public').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ sub: null, own: false });
  });

  it('stays visible in a mounted sub-app (which swaps the request prototype)', async () => {
    const app = expressOf();
    const admin = expressOf();
    admin.get('/', describeAuth);
    app.use(guard());
    app.use('/admin', admin);
    const response = await request(app).get('/admin').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ sub: 'erin', own: false });
  });

  it('replaces an auth that earlier middleware put on the request, assigned or defined', async () => {
    const app = expressOf();
    app.get(
      '/assigned',
      (req, _res, next) => {
        (req as { auth: unknown }).auth = { payload: { sub: 'mallory' } };
        next();
      },
      guard(),
      describeAuth,
    );
    app.get(
      '/defined',
      (req, _res, next) => {
        Object.defineProperty(req, 'auth', { value: { payload: { sub: 'mallory' } }, writable: true });
        next();
      },
      guard(),
      describeAuth,
    );
    const assigned = await request(app).get('/assigned').set('authorization', `Bearer ${token}`).expect(200);
    expect(assigned.body).toEqual({ sub: 'erin', own: false });
    const defined = await request(app).get('/defined').set('authorization', `Bearer ${token}`).expect(200);
    expect(defined.body).toEqual({ sub: 'erin', own: true });
  });

  it('can be reassigned and cleared by the app like a plain property', async () => {
    const app = expressOf();
    app.get('/', guard(), (req, res) => {
      const seen: unknown[] = [];
      const writable = req as { auth: unknown };
      writable.auth = { payload: { sub: 'replaced' } };
      seen.push((req.auth as AuthResult).payload.sub);
      writable.auth = undefined;
      seen.push(req.auth);
      res.json({ seen, own: Object.hasOwn(req, 'auth') });
    });
    const response = await request(app).get('/').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ seen: ['replaced', null], own: false });
  });
});

describe('setRequestAuth', () => {
  const auth = { token: 't', format: 'opaque', payload: { sub: 'erin' }, scopes: [] } as AuthResult;

  it('gives a request that is not an Express request (a test double) an ordinary property', () => {
    const fake = {} as Request;
    setRequestAuth(fake, auth);
    expect(Object.getOwnPropertyDescriptor(fake, 'auth')?.value).toBe(auth);
  });

  it('gives a plain Node request (no Express prototype) an ordinary property, never patching IncomingMessage', async () => {
    const seen: boolean[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      setRequestAuth(req as Request, auth);
      seen.push(Object.hasOwn(req, 'auth'), 'auth' in Object.getPrototypeOf(req));
      res.end();
    });
    await request(server).get('/').expect(200);
    expect(seen).toEqual([true, false]);
  });

  it('leaves an auth accessor that other code defined on the app to that code', async () => {
    const app = express();
    const stored: unknown[] = [];
    Object.defineProperty(app.request, 'auth', {
      configurable: true,
      get: () => stored.at(-1),
      set: (value: unknown) => stored.push(value),
    });
    app.get('/', requireAuth({ issuer: issuer.issuer, audience: AUDIENCE }), describeAuth);
    const response = await request(app).get('/').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ sub: 'erin', own: false });
    expect(stored).toHaveLength(1);
  });
});
