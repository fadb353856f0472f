// The two routes every Koa contender serves, with @koa/router.
import Router from '@koa/router';
import Koa from 'koa';

const BODY = { ok: true };

/** A Koa 3 app with GET /resource (auth) and GET /write (auth + scope). */
export function koaApp({ auth = [], write = [] } = {}) {
  const app = new Koa();
  app.env = 'production';
  const router = new Router();
  router.get('/resource', ...auth, (ctx) => {
    ctx.body = BODY;
  });
  router.get('/write', ...auth, ...write, (ctx) => {
    ctx.body = BODY;
  });
  app.use(router.routes());
  return app;
}
