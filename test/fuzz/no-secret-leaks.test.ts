import { createHash } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { jest } from '@jest/globals';
import express from 'express';
import Koa from 'koa';
import { LRUCache } from 'lru-cache';
import { createAuthenticator, type AuthOptions } from '@access-guard/core';
import * as guardExpress from '@access-guard/express';
import * as guardKoa from '@access-guard/koa';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { SingleFlight } from '../../packages/core/src/store/single-flight.js';
import { ADAPTERS } from '../behaviour/apps.js';
import { AUDIENCE, RESOURCE_SERVER } from '../behaviour/cases/index.js';
import { captureOutput } from './capture-output.js';
import { errorTexts, leaked, secretsOf } from './error-texts.js';
import { HttpTarget } from './http-target.js';

// Issue #5: a failing request must not leak its token (SPEC §2: "never token data"; STYLE: "A
// message never contains the token"), nor the API's client secret: not in the answer, not in
// anything logged, not in the error object (message, stack, cause chain, toJSON), not in a cache key.

const WRONG_SECRET = 'wrong-client-secret-7f3a9c';
let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer();
});
afterAll(() => issuer.close());
afterEach(() => issuer.setFault('all', null));

/** A failing request: its token, the app's options, the status it must get, and extra secrets. */
interface Scenario {
  name: string;
  status: number;
  token(): Promise<string>;
  options?: Partial<AuthOptions>;
  fault?: boolean;
  secrets?: readonly string[];
}

const aud = { aud: AUDIENCE };
const SCENARIOS: Scenario[] = [
  {
    name: 'an expired token',
    status: 401,
    token: () => issuer.mint({ ...aud, iat: Math.floor(Date.now() / 1000) - 600 }, { expiresIn: 60 }),
  },
  {
    name: 'a token with a bad signature',
    status: 401,
    async token() {
      const [header, payload] = (await issuer.mint(aud)).split('.');
      return `${header}.${payload}.${(await issuer.mint(aud)).split('.')[2]}`;
    },
  },
  { name: 'a token for another audience', status: 401, token: () => issuer.mint({ aud: 'https://other.api.test' }) },
  {
    name: 'an unsigned token (alg none)',
    status: 401,
    token: () =>
      issuer.forge({
        header: { alg: 'none' },
        payload: { iss: issuer.issuer, ...aud, exp: 4102444800 },
        signature: 'none',
      }),
  },
  { name: 'a valid token while the issuer is down', status: 503, fault: true, token: () => issuer.mint(aud) },
  {
    name: 'an opaque token while the API has the wrong introspection secret',
    status: 500, // a fault of the API's configuration, not an outage
    options: { opaqueTokens: { via: 'introspection', clientId: RESOURCE_SERVER.clientId, clientSecret: WRONG_SECRET } },
    secrets: [WRONG_SECRET, Buffer.from(`${RESOURCE_SERVER.clientId}:${WRONG_SECRET}`).toString('base64')],
    token: async () => issuer.issueOpaqueToken(aud),
  },
  {
    name: 'a revoked opaque token via introspection',
    status: 401,
    options: { opaqueTokens: { via: 'introspection', ...RESOURCE_SERVER } },
    secrets: [RESOURCE_SERVER.clientSecret],
    async token() {
      const token = issuer.issueOpaqueToken(aud);
      issuer.revoke(token);
      return token;
    },
  },
];

const optionsOf = (scenario: Scenario): AuthOptions => ({
  issuer: issuer.issuer,
  audience: AUDIENCE,
  timeoutMs: 1000,
  ...scenario.options,
});

/** Express with the default error delivery and an error handler that keeps the error; Express logs in development. */
function recordingExpressApp(options: AuthOptions, errors: unknown[]): RequestListener {
  const app = express();
  app.set('env', 'development'); // the final handler then logs every error's stack with console.error
  app.use(guardExpress.requireAuth({ ...options, errors: 'next' }));
  app.get('/protected', (_req, res) => {
    res.json({ ok: true });
  });
  app.use((error: unknown, _req: express.Request, _res: express.Response, next: express.NextFunction) => {
    errors.push(error);
    next(error);
  });
  return app;
}

/** Koa, not silenced (it logs 5xx errors), with a middleware that keeps the error and rethrows it. */
function recordingKoaApp(options: AuthOptions, errors: unknown[]): RequestListener {
  const app = new Koa<guardKoa.AuthState>();
  app.use(async (_ctx, next) => {
    try {
      await next();
    } catch (error) {
      errors.push(error);
      throw error;
    }
  });
  app.use(guardKoa.requireAuth({ ...options, errors: 'throw' }));
  app.use((ctx) => {
    ctx.body = { ok: true };
  });
  const callback = app.callback();
  return (req, res) => void callback(req, res);
}

type AppFactory = (options: AuthOptions, errors: unknown[]) => RequestListener;
const APP_FACTORIES: Array<[string, AppFactory]> = [
  ...ADAPTERS.map((adapter): [string, AppFactory] => [adapter.name, (options) => adapter.createApp(options)]),
  ['express with a recording error handler (env development)', recordingExpressApp],
  ['koa with a recording middleware (not silent)', recordingKoaApp],
];

describe.each(APP_FACTORIES)('%s', (_name, createApp) => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
    'leaks nothing for %s',
    async (_label, scenario) => {
      const token = await scenario.token();
      const errors: unknown[] = [];
      const target = await HttpTarget.listen(createApp(optionsOf(scenario), errors));
      if (scenario.fault === true) issuer.setFault('all', 'refuse');
      try {
        const { result: response, output } = await captureOutput(() =>
          target.send({ method: 'GET', path: '/protected', headers: [['Authorization', `Bearer ${token}`]] }),
        );
        issuer.setFault('all', null);
        expect(response.status).toBe(scenario.status);
        const texts = [
          response.rawHeaders.join('\n'),
          response.body.toString('utf8'),
          ...output,
          ...errors.flatMap(errorTexts),
        ];
        expect(leaked(texts, secretsOf(token, scenario.secrets))).toEqual([]);
        // The recording apps must really have produced an error object to inspect.
        if (createApp === recordingExpressApp || createApp === recordingKoaApp) expect(errors).toHaveLength(1);
        // Express in development logs every error it renders: the logs were there to be checked.
        if (createApp === recordingExpressApp) expect(output.join('')).toContain('Error');
      } finally {
        await target.close();
      }
    },
  );
});

describe('createAuthenticator().authenticate()', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
    'throws an error that carries no secret for %s',
    async (_label, scenario) => {
      const token = await scenario.token();
      const authenticator = createAuthenticator(optionsOf(scenario));
      if (scenario.fault === true) issuer.setFault('all', 'refuse');
      const { result: error, output } = await captureOutput(() =>
        authenticator
          .authenticate({ rawHeaders: ['Authorization', `Bearer ${token}`], method: 'GET', url: '/protected' })
          .then(
            () => undefined,
            (caught: unknown) => caught,
          ),
      );
      expect(error).toMatchObject({ status: scenario.status });
      expect(leaked([...errorTexts(error), ...output], secretsOf(token, scenario.secrets))).toEqual([]);
    },
  );
});

// Core keys its caches (ExpiringCache over lru-cache) and single flights by tokenHash(): SHA-256 of
// the token, base64url, prefixed by the kind of entry (and the issuer, for userinfo profiles). What is testable without
// reaching into private fields: every key the caches and single flights are handed. (A heap snapshot
// would prove nothing here: this test itself holds every token.)
describe('cache keys', () => {
  const sha256 = (token: string): string => createHash('sha256').update(token).digest('base64url');

  it('are SHA-256 hashes of the token (prefixed by the kind of entry), never the token', async () => {
    const cacheSet = jest.spyOn(LRUCache.prototype, 'set');
    const cacheGet = jest.spyOn(LRUCache.prototype, 'get');
    const flight = jest.spyOn(SingleFlight.prototype, 'run');
    try {
      const base = { issuer: issuer.issuer, audience: AUDIENCE, timeoutMs: 2000 };
      const viaIntrospection = createAuthenticator({
        ...base,
        opaqueTokens: { via: 'introspection', ...RESOURCE_SERVER },
      });
      const viaUserinfo = createAuthenticator({ ...base, opaqueTokens: { via: 'userinfo', acceptAnyAudience: true } });
      const jwt = await issuer.mint({ ...aud, scope: 'read:accounts' });
      const badJwt = `${jwt.slice(0, -4)}AAAA`;
      const active = issuer.issueOpaqueToken(aud);
      const inactive = `${issuer.issueOpaqueToken(aud).slice(0, -2)}xx`;
      const profile = issuer.issueOpaqueToken({ sub: 'bob' });
      const tokens = [jwt, badJwt, active, inactive, profile];

      const auth = await viaIntrospection.verifyToken(jwt);
      await viaIntrospection.verifyToken(jwt); // a cache hit
      await viaIntrospection.userinfo(auth); // userinfo for a JWT, cached by hash
      await expect(viaIntrospection.verifyToken(badJwt)).rejects.toMatchObject({ status: 401 });
      await viaIntrospection.verifyToken(active);
      await viaIntrospection.verifyToken(active);
      await expect(viaIntrospection.verifyToken(inactive)).rejects.toMatchObject({ status: 401 });
      await viaUserinfo.verifyToken(profile);

      const allowed = new Set(['jwks', 'metadata']); // the JWKS and discovery single flights
      for (const token of tokens) {
        allowed.add(`verdict\n${sha256(token)}`);
        allowed.add(`profile\n${issuer.issuer}\n${sha256(token)}`);
      }
      const keys = [...cacheSet.mock.calls, ...cacheGet.mock.calls, ...flight.mock.calls].map((call) => call[0]);
      const values = cacheSet.mock.calls.map((call) => JSON.stringify(call[1]));
      expect(keys.filter((key) => typeof key !== 'string' || !allowed.has(key))).toEqual([]);
      for (const token of tokens) expect(leaked([...keys.map(String), ...values], secretsOf(token))).toEqual([]);
      // Not vacuous: each kind of entry was really written under its hash.
      const written = new Set(cacheSet.mock.calls.map((call) => call[0]));
      expect(written).toContain(`verdict\n${sha256(jwt)}`);
      expect(written).toContain(`verdict\n${sha256(active)}`);
      expect(written).toContain(`verdict\n${sha256(inactive)}`);
      expect(written).toContain(`profile\n${issuer.issuer}\n${sha256(jwt)}`);
      expect(written).toContain(`profile\n${issuer.issuer}\n${sha256(profile)}`);
      expect(written).toContain(`verdict\n${sha256(profile)}`);
    } finally {
      cacheSet.mockRestore();
      cacheGet.mockRestore();
      flight.mockRestore();
    }
  });
});
