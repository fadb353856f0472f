// A fresh Koa 3 app (ES modules), as a user writes it from the quick start.
import Koa from 'koa';
import { requireAuth, requireScope } from '@access-guard/koa';

export function buildApp(options) {
  const app = new Koa();
  const auth = requireAuth(options);
  const needRead = requireScope('read');
  app.use(auth);
  app.use(async (ctx, next) => {
    if (ctx.path === '/me') {
      return needRead(ctx, async () => {
        ctx.body = { sub: auth.resultOf(ctx).payload.sub };
      });
    }
    if (ctx.path === '/hello') {
      ctx.body = { user: ctx.state.auth?.payload.sub ?? null };
      return undefined;
    }
    return next();
  });
  return { listener: app.callback(), ready: () => auth.ready() };
}
