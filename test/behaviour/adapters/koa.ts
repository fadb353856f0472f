import bodyParser from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
// Koa 2 under an npm alias (koa2 = npm:koa@^2), so the same table runs on Koa 2 and Koa 3.
import Koa2 from 'koa2';
import * as guardKoa from '@access-guard/koa';
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

/** The table's app on Koa (2 or 3), with its requireAuth's error delivery. */
export function koaAdapter(name: string, version: '2' | '3', errors: 'respond' | 'throw' = 'respond'): Adapter {
  const KoaClass = version === '2' ? (Koa2 as unknown as typeof Koa) : Koa;
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
