import { jest } from '@jest/globals';
import { createServer, IncomingMessage } from 'node:http';
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

const guard = () => requireAuth({ issuer: issuer.issuer, audience: AUDIENCE });

/** What a handler saw of req.auth: its subject, and whether it was an own property of the request. */
const describeAuth: RequestHandler = (req, res) => {
  const auth = req.auth as AuthResult | undefined;
  res.json({ sub: auth?.payload.sub ?? null, own: Object.hasOwn(req, 'auth') });
};

/** Makes sure the accessor is installed for `expressOf` (it is, from the first request it accepts on). */
async function installFor(expressOf: typeof express): Promise<void> {
  const app = expressOf();
  app.get('/', guard(), describeAuth);
  const response = await request(app).get('/').set('authorization', `Bearer ${token}`).expect(200);
  expect(response.body).toEqual({ sub: 'erin', own: false });
}

/** What a sub-app of `inner`, mounted under requireAuth in an app of `outer`, sees of req.auth. */
async function seenInSubApp(outer: typeof express, inner: typeof express): Promise<unknown> {
  const app = outer();
  const sub = inner();
  sub.get('/', describeAuth);
  app.use(guard());
  app.use('/sub', sub);
  const response = await request(app).get('/sub').set('authorization', `Bearer ${token}`).expect(200);
  return response.body;
}

describe.each(versions)('req.auth on %s', (_name, expressOf) => {
  beforeAll(() => installFor(expressOf));

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

  it('stays visible in a mounted sub-app (which swaps the request prototype) and back in the parent', async () => {
    expect(await seenInSubApp(expressOf, expressOf)).toEqual({ sub: 'erin', own: false });

    const parent = expressOf();
    const checked = expressOf();
    checked.use(guard());
    parent.use('/api', checked);
    parent.get('/api/me', describeAuth); // reached after the sub-app called next()
    const back = await request(parent).get('/api/me').set('authorization', `Bearer ${token}`).expect(200);
    expect(back.body).toEqual({ sub: 'erin', own: false });
  });

  it('replaces an auth that earlier middleware put on the request, assigned or defined', async () => {
    const app = expressOf();
    const mallory = { payload: { sub: 'mallory' } };
    app.get(
      '/assigned',
      (req, _res, next) => {
        (req as { auth: unknown }).auth = mallory;
        next();
      },
      guard(),
      describeAuth,
    );
    app.get(
      '/defined',
      (req, _res, next) => {
        Object.defineProperty(req, 'auth', { value: mallory, writable: true });
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

  it('can be reassigned and cleared by assigning undefined; delete leaves it in place', async () => {
    const app = expressOf();
    app.get('/', guard(), (req, res) => {
      const seen: unknown[] = [];
      const writable = req as { auth?: unknown };
      writable.auth = { payload: { sub: 'replaced' } };
      seen.push((req.auth as AuthResult).payload.sub);
      delete writable.auth;
      seen.push((req.auth as AuthResult | undefined)?.payload.sub);
      writable.auth = undefined;
      seen.push(req.auth, 'auth' in req);
      res.json({ seen, own: Object.hasOwn(req, 'auth') });
    });
    const response = await request(app).get('/').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ seen: ['replaced', 'replaced', null, true], own: false });
  });

  it('does not bring back an older result once an own auth property is deleted', async () => {
    const app = expressOf();
    const first = requireAuth({ issuer: issuer.issuer, audience: AUDIENCE });
    app.get(
      '/',
      first,
      (req, _res, next) => {
        Object.defineProperty(req, 'auth', { value: 'own', writable: true, configurable: true });
        next();
      },
      guard(),
      (req, res) => {
        const own = Object.hasOwn(req, 'auth');
        delete (req as { auth?: unknown }).auth;
        res.json({ own, after: req.auth ?? null });
      },
    );
    const response = await request(app).get('/').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ own: true, after: null });
  });
});

it('reaches an Express 4 sub-app mounted in an Express 5 app (both copies have the accessor)', async () => {
  await installFor(express);
  await installFor(express4 as unknown as typeof express);
  expect(await seenInSubApp(express, express4 as unknown as typeof express)).toEqual({ sub: 'erin', own: false });
});

it('is shared by every copy of the module, across two copies of Express (the dual ESM/CommonJS build)', async () => {
  await installFor(express); // this copy of the module, on this copy of Express
  let other: { setRequestAuth: typeof setRequestAuth } | undefined;
  let otherExpress: typeof express | undefined;
  await jest.isolateModulesAsync(async () => {
    other = await import('../src/request-auth.js');
    otherExpress = (await import('express')).default;
  });
  if (other === undefined || otherExpress === undefined) throw new Error('isolated modules did not load');
  expect(other.setRequestAuth).not.toBe(setRequestAuth);
  expect(otherExpress.request).not.toBe(express.request);
  // The other copy of the module puts its accessor on the other copy of Express.
  const installer = otherExpress();
  const stamp = { token: 't', format: 'opaque', payload: { sub: 'other' }, scopes: [] } as AuthResult;
  const setOther = other.setRequestAuth;
  installer.get(
    '/',
    (req, _res, next) => {
      setOther(req, stamp);
      next();
    },
    describeAuth,
  );
  expect((await request(installer).get('/').expect(200)).body).toEqual({ sub: 'other', own: false });
  // A request authenticated here, then handed to an app of the other Express copy (not mounted: its
  // prototype is swapped for good), reads the same value through the other accessor.
  const handoff = otherExpress();
  handoff.get('/', describeAuth);
  const app = express();
  app.get('/', guard(), (req, res, next) => handoff(req, res, next));
  const response = await request(app).get('/').set('authorization', `Bearer ${token}`).expect(200);
  expect(response.body).toEqual({ sub: 'erin', own: false });
});

describe('setRequestAuth', () => {
  const auth = { token: 't', format: 'opaque', payload: { sub: 'erin' }, scopes: [] } as AuthResult;

  it('gives a request that is not an Express request (a test double) an ordinary property', () => {
    const fake = {} as Request;
    setRequestAuth(fake, auth);
    expect(Object.getOwnPropertyDescriptor(fake, 'auth')?.value).toBe(auth);
  });

  it('gives a plain Node request, or one of a custom IncomingMessage class, an ordinary property', async () => {
    class TracedRequest extends IncomingMessage {}
    for (const options of [{}, { IncomingMessage: TracedRequest }]) {
      const seen: boolean[] = [];
      const server = createServer(options, (req, res) => {
        setRequestAuth(req as Request, auth);
        seen.push(Object.hasOwn(req, 'auth'), 'auth' in Object.getPrototypeOf(req));
        res.end();
      });
      await request(server).get('/').expect(200);
      expect(seen).toEqual([true, false]);
    }
  });

  it('leaves an auth accessor that other code defined on the app to that code', async () => {
    const app = express();
    const stored: unknown[] = [];
    Object.defineProperty(app.request, 'auth', {
      configurable: true,
      get: () => stored.at(-1),
      set: (value: unknown) => stored.push(value),
    });
    app.get('/', guard(), describeAuth);
    const response = await request(app).get('/').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ sub: 'erin', own: false });
    expect(stored).toHaveLength(1);
  });
});
