// The two routes every Hono contender serves, as a node:http request listener (@hono/node-server).
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';

const BODY = { ok: true };

/** A Hono app with GET /resource (after `auth`) and GET /write (after `auth` and `write`). */
export function honoListener({ auth = [], write = [] } = {}) {
  const app = new Hono();
  for (const middleware of auth) app.use(middleware);
  app.get('/resource', (c) => c.json(BODY));
  app.get('/write', ...write, (c) => c.json(BODY));
  return getRequestListener(app.fetch);
}
