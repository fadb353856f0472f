import { getRequestListener } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import * as guardHono from '@access-guard/web/hono';
import type { AuthResult } from '@access-guard/core';
import {
  describeAuth,
  enrich,
  PUBLIC_JSON,
  REQUIRED_ALL,
  REQUIRED_ANY,
  ROUTES,
  STEP_UP,
  type Adapter,
} from '../apps.js';

type AuthEnv = guardHono.AuthEnv;

/**
 * The table's app on Hono, served on Node by @hono/node-server (the web adapter reads Node's raw
 * header lines there), with its requireAuth's error delivery: with `'throw'`, Hono's own error
 * handler answers with the HTTPException's response.
 */
export function honoAdapter(errors: 'respond' | 'throw'): Adapter {
  return {
    name: `hono 4 on node (errors: '${errors}')`,
    jsonErrors: true,
    createApp(options) {
      const app = new Hono<AuthEnv>();
      const auth = guardHono.requireAuth({ ...options, errors });
      if (auth.resourceMetadata !== undefined) app.use(guardHono.protectedResourceMetadata(auth));
      app.use(auth);
      // An optional requireAuth leaves `auth` unset on anonymous requests.
      const authOf = (c: { get(key: 'auth'): AuthResult }) => c.get('auth') as AuthResult | undefined;
      app.all(ROUTES.protected, (c) => c.json(describeAuth(authOf(c))));
      app.get(
        ROUTES.cacheableWriteHead,
        (c) => new Response(JSON.stringify(describeAuth(authOf(c))), { headers: PUBLIC_JSON }),
      );
      app.get(
        ROUTES.cacheableRawHeaders,
        (c) => new Response(JSON.stringify(describeAuth(authOf(c))), { headers: Object.entries(PUBLIC_JSON) }),
      );
      app.get(ROUTES.cacheable, (c) => {
        c.header('Cache-Control', 'public, max-age=60');
        return c.json(describeAuth(authOf(c)));
      });
      // The guards follow requireAuth's choice of error delivery: they are given none of their own.
      app.get(ROUTES.scopedAll, guardHono.requireScope(REQUIRED_ALL), (c) => c.json(describeAuth(authOf(c))));
      app.get(ROUTES.scopedAny, guardHono.requireScope(REQUIRED_ANY, { match: 'any' }), (c) =>
        c.json(describeAuth(authOf(c))),
      );
      app.get(ROUTES.claims, guardHono.requireClaims({ email_verified: true }), (c) => c.json(describeAuth(authOf(c))));
      const me = guardHono.attachUserinfo();
      app.get(ROUTES.me, me, (c) => c.json({ ...describeAuth(authOf(c)), userinfo: c.get('userinfo') }));
      const drop: MiddlewareHandler<AuthEnv> = async (c, next) => {
        c.set('auth', undefined as unknown as AuthResult);
        await next();
      };
      const copy: MiddlewareHandler<AuthEnv> = async (c, next) => {
        c.set('auth', enrich(authOf(c)));
        await next();
      };
      const view = (c: { get(key: 'auth'): AuthResult; json(body: unknown): Response }) =>
        c.json(describeAuth(authOf(c)));
      app.get(ROUTES.droppedScoped, drop, guardHono.requireScope('read:accounts'), view);
      app.get(ROUTES.droppedClaims, drop, guardHono.requireClaims({ email_verified: true }), view);
      app.get(ROUTES.droppedMe, drop, guardHono.attachUserinfo(), (c) =>
        c.json({ ...describeAuth(authOf(c)), userinfo: c.get('userinfo') }),
      );
      app.get(ROUTES.enrichedScoped, copy, guardHono.requireScope(REQUIRED_ALL), view);
      app.get(ROUTES.enrichedMe, copy, guardHono.attachUserinfo(), (c) =>
        c.json({ ...describeAuth(authOf(c)), userinfo: c.get('userinfo') }),
      );
      app.get(ROUTES.stepUp, guardHono.requireAuthLevel(STEP_UP), view);
      const listener = getRequestListener(app.fetch);
      // The listener settles its own errors; a Node listener returns nothing.
      return (req, res) => void listener(req, res);
    },
  };
}
