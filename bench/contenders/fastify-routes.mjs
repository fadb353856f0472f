// The two routes every Fastify contender serves, and the request listener bench/server.mjs runs.
import { createServer } from 'node:http';
import Fastify from 'fastify';

const BODY = { ok: true };

/**
 * A Fastify 5 app (no logger) with GET /resource and GET /write; `setup(app)` registers the auth
 * plugin or hook, `write` is the route-level onRequest guard of /write. Resolves the app's request
 * listener, so the child serves it on its own node:http server as it does for every framework.
 */
export async function fastifyListener({ setup = () => {}, write = [] } = {}) {
  let listener;
  const app = Fastify({
    serverFactory(handler) {
      listener = handler;
      return createServer(handler); // never listens: the child's own server calls the handler
    },
  });
  await setup(app);
  app.register(async (routes) => {
    routes.get('/resource', async () => BODY);
    routes.get('/write', { onRequest: write }, async () => BODY);
  });
  await app.ready();
  return listener;
}
