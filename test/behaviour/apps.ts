import type { RequestListener } from 'node:http';
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
export const PUBLIC_JSON = { 'Cache-Control': 'public, max-age=60', 'Content-Type': 'application/json' };
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
    scheme: auth.scheme,
    confirmation: auth.confirmation,
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

// The adapters import this module for the routes; this list imports them (a cycle ES modules resolve,
// since nothing here is used before both have loaded).
import { expressAdapter } from './adapters/express.js';
import { fastifyAdapter } from './adapters/fastify.js';
import { honoAdapter } from './adapters/hono.js';
import { koaAdapter } from './adapters/koa.js';

/** Every adapter the behaviour table runs against. */
export const ADAPTERS: readonly Adapter[] = [
  expressAdapter('next'),
  expressAdapter('respond'),
  expressAdapter('next', '4'),
  koaAdapter('koa 3', '3'),
  koaAdapter('koa 3', '3', 'throw'),
  koaAdapter('koa 2', '2'),
  fastifyAdapter('respond'),
  fastifyAdapter('throw'),
  honoAdapter('respond'),
  honoAdapter('throw'),
];
