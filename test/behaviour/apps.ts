import type { RequestListener } from 'node:http';
import bodyParser from '@koa/bodyparser';
import Router from '@koa/router';
import express from 'express';
// Express 4 under an npm alias (express4 = npm:express@^4), so the same table runs on Express 4 and 5.
import express4 from 'express4';
import Koa from 'koa';
// Koa 2 under an npm alias (koa2 = npm:koa@^2), so the same table runs on Koa 2 and Koa 3.
import Koa2 from 'koa2';
import * as guardExpress from '@access-guard/express';
import * as guardKoa from '@access-guard/koa';
import type { AuthOptions, AuthResult } from '@access-guard/core';

/** The routes every adapter app serves, so one table of cases can run against each. */
export const ROUTES = {
  protected: '/protected',
  scopedAll: '/scoped-all',
  scopedAny: '/scoped-any',
  claims: '/claims',
  me: '/me',
  /** A handler that marks its answer publicly cacheable; a query token must still make it private. */
  cacheable: '/cacheable',
  /** The same, with the header given to `writeHead` itself as an object. */
  cacheableWriteHead: '/cacheable/write-head',
  /** The same, with the header given to `writeHead` as a flat array. */
  cacheableRawHeaders: '/cacheable/raw-headers',
  /** The app removes the result (`delete req.auth`), then a scope guard runs. */
  droppedScoped: '/dropped/scoped',
  /** The app removes the result, then a claim guard runs. */
  droppedClaims: '/dropped/claims',
  /** The app removes the result, then attachUserinfo runs. */
  droppedMe: '/dropped/me',
  /** The app replaces the result with an enriched copy, then a scope guard runs. */
  enrichedScoped: '/enriched/scoped',
  /** The app replaces the result with an enriched copy, then attachUserinfo runs. */
  enrichedMe: '/enriched/me',
  /** A route that needs a strong (`acr` phr or phrh) and recent (5 minutes) login: RFC 9470 step-up. */
  stepUp: '/step-up',
} as const;

export const REQUIRED_ALL = ['read:accounts', 'transfer:funds'];

/** Headers a handler gives `writeHead` to make its answer publicly cacheable. */
const PUBLIC_JSON = { 'Cache-Control': 'public, max-age=60', 'Content-Type': 'application/json' };
export const REQUIRED_ANY = ['read:accounts', 'admin'];
/** What the step-up route asks of the user's login. */
export const STEP_UP = { acr: ['phr', 'phrh'], maxAgeSeconds: 300 };

/** What a protected route answers: enough of `auth` to assert on, never the token. */
export function describeAuth(auth: AuthResult | undefined): Record<string, unknown> {
  if (auth === undefined) return { anonymous: true };
  return {
    sub: auth.payload.sub,
    format: auth.format,
    scopes: auth.scopes,
    frozen: Object.isFrozen(auth.payload),
    extra: (auth as { extra?: unknown }).extra,
  };
}

/** The enriched copy the apps put in place of a result: it must change no guard's answer. */
export const enrich = (auth: AuthResult | undefined): AuthResult => ({ ...auth, extra: 1 }) as unknown as AuthResult;

/** An adapter under test: builds the same app on a framework. */
export interface Adapter {
  readonly name: string;
  /** Whether its 400/401/403 answers carry the RFC 6750 JSON body (the app's error handler renders others). */
  readonly jsonErrors: boolean;
  createApp(options: AuthOptions): RequestListener;
}

function expressAdapter(errors: 'next' | 'respond', createExpress: typeof express = express, version = '5'): Adapter {
  return {
    name: `express ${version} (errors: '${errors}')`,
    jsonErrors: errors === 'respond',
    createApp(options) {
      const app = createExpress();
      app.set('env', 'test'); // Express's final handler then renders without logging each error.
      app.use(createExpress.urlencoded({ extended: false }));
      const auth = guardExpress.requireAuth({ ...options, errors });
      if (auth.resourceMetadata !== undefined) app.use(guardExpress.protectedResourceMetadata(auth));
      app.use(auth);
      const view: express.RequestHandler = (req, res) => {
        res.json(describeAuth(req.auth));
      };
      app.all(ROUTES.protected, view);
      app.get(ROUTES.cacheableWriteHead, (req, res) => {
        res.writeHead(200, PUBLIC_JSON).end(JSON.stringify(describeAuth(req.auth)));
      });
      app.get(ROUTES.cacheableRawHeaders, (req, res) => {
        res.writeHead(200, Object.entries(PUBLIC_JSON).flat()).end(JSON.stringify(describeAuth(req.auth)));
      });
      app.get(ROUTES.cacheable, (req, res) => {
        res.set('Cache-Control', 'public, max-age=60');
        view(req, res, () => undefined);
      });
      // The guards follow requireAuth's choice of error delivery: they are given none of their own.
      app.get(ROUTES.scopedAll, guardExpress.requireScope(REQUIRED_ALL), view);
      app.get(ROUTES.scopedAny, guardExpress.requireScope(REQUIRED_ANY, { match: 'any' }), view);
      app.get(ROUTES.claims, guardExpress.requireClaims({ email_verified: true }), view);
      const me: express.RequestHandler = (req, res) => {
        res.json({ ...describeAuth(req.auth), userinfo: req.userinfo });
      };
      app.get(ROUTES.me, guardExpress.attachUserinfo(), me);
      const drop: express.RequestHandler = (req, _res, next) => {
        delete (req as { auth?: unknown }).auth;
        next();
      };
      const copy: express.RequestHandler = (req, _res, next) => {
        req.auth = enrich(req.auth);
        next();
      };
      app.get(ROUTES.droppedScoped, drop, guardExpress.requireScope('read:accounts'), view);
      app.get(ROUTES.droppedClaims, drop, guardExpress.requireClaims({ email_verified: true }), view);
      app.get(ROUTES.droppedMe, drop, guardExpress.attachUserinfo(), me);
      app.get(ROUTES.enrichedScoped, copy, guardExpress.requireScope(REQUIRED_ALL), view);
      app.get(ROUTES.enrichedMe, copy, guardExpress.attachUserinfo(), me);
      app.get(ROUTES.stepUp, guardExpress.requireAuthLevel(STEP_UP), view);
      return app;
    },
  };
}

function koaAdapter(name: string, KoaClass: typeof Koa, errors: 'respond' | 'throw' = 'respond'): Adapter {
  return {
    name: `${name} (errors: '${errors}')`,
    jsonErrors: errors === 'respond',
    createApp(options) {
      const app = new KoaClass<guardKoa.AuthState>();
      app.silent = true; // Koa's default handler would log each 503; the tests assert on responses.
      const router = new Router<guardKoa.AuthState>();
      const view = (ctx: Koa.ParameterizedContext<guardKoa.AuthState>): void => {
        ctx.body = describeAuth(ctx.state.auth);
      };
      router.all(ROUTES.protected, view);
      // Handlers that write the answer themselves, past Koa.
      router.get(ROUTES.cacheableWriteHead, (ctx) => {
        ctx.respond = false;
        ctx.res.writeHead(200, PUBLIC_JSON).end(JSON.stringify(describeAuth(ctx.state.auth)));
      });
      router.get(ROUTES.cacheableRawHeaders, (ctx) => {
        ctx.respond = false;
        ctx.res.writeHead(200, Object.entries(PUBLIC_JSON).flat()).end(JSON.stringify(describeAuth(ctx.state.auth)));
      });
      router.get(ROUTES.cacheable, (ctx) => {
        ctx.set('Cache-Control', 'public, max-age=60');
        view(ctx);
      });
      router.get(ROUTES.scopedAll, guardKoa.requireScope(REQUIRED_ALL), view);
      router.get(ROUTES.scopedAny, guardKoa.requireScope(REQUIRED_ANY, { match: 'any' }), view);
      router.get(ROUTES.claims, guardKoa.requireClaims({ email_verified: true }), view);
      const me = (ctx: Koa.ParameterizedContext<guardKoa.AuthState>): void => {
        ctx.body = { ...describeAuth(ctx.state.auth), userinfo: ctx.state.userinfo };
      };
      router.get(ROUTES.me, guardKoa.attachUserinfo(), me);
      const drop: Koa.Middleware<guardKoa.AuthState> = (ctx, next) => {
        delete (ctx.state as { auth?: unknown }).auth;
        return next();
      };
      const copy: Koa.Middleware<guardKoa.AuthState> = (ctx, next) => {
        ctx.state.auth = enrich(ctx.state.auth);
        return next();
      };
      router.get(ROUTES.droppedScoped, drop, guardKoa.requireScope('read:accounts'), view);
      router.get(ROUTES.droppedClaims, drop, guardKoa.requireClaims({ email_verified: true }), view);
      router.get(ROUTES.droppedMe, drop, guardKoa.attachUserinfo(), me);
      router.get(ROUTES.enrichedScoped, copy, guardKoa.requireScope(REQUIRED_ALL), view);
      router.get(ROUTES.enrichedMe, copy, guardKoa.attachUserinfo(), me);
      router.get(ROUTES.stepUp, guardKoa.requireAuthLevel(STEP_UP), view);
      app.use(bodyParser());
      const auth = guardKoa.requireAuth({ ...options, errors });
      if (auth.resourceMetadata !== undefined) app.use(guardKoa.protectedResourceMetadata(auth));
      app.use(auth);
      app.use(router.routes());
      const callback = app.callback();
      // Koa's callback settles its own errors; a Node listener returns nothing.
      return (req, res) => void callback(req, res);
    },
  };
}

/** Every adapter the behaviour table runs against. */
export const ADAPTERS: readonly Adapter[] = [
  expressAdapter('next'),
  expressAdapter('respond'),
  expressAdapter('next', express4 as unknown as typeof express, '4'),
  koaAdapter('koa 3', Koa),
  koaAdapter('koa 3', Koa, 'throw'),
  koaAdapter('koa 2', Koa2 as unknown as typeof Koa),
];
