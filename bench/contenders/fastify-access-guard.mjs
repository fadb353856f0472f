// Ours: @access-guard/fastify (the built dist), registered as a plugin, the scope guard as the
// /write route's onRequest hook. Refusals are answered through reply, nothing logged.
import { requireAuth, requireScope } from '@access-guard/fastify';
import { fastifyListener } from './fastify-routes.mjs';

export function createApp({ issuer, audience }) {
  return fastifyListener({
    async setup(app) {
      await app.register(requireAuth({ issuer, audience }));
    },
    write: [requireScope('bench:write')],
  });
}
