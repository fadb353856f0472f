import { createServer, type RequestListener } from 'node:http';
import formBody from '@fastify/formbody';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import * as guardFastify from '@access-guard/fastify';
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

/**
 * The table's app on Fastify 5, with requireAuth registered as a plugin (form bodies parsed by
 * @fastify/formbody) and its error delivery. The guards sit in `onRequest` on some routes and in
 * `preHandler` on others: both are places the package documents.
 */
export function fastifyAdapter(errors: 'respond' | 'throw'): Adapter {
  return {
    name: `fastify 5 (errors: '${errors}')`,
    jsonErrors: errors === 'respond',
    createApp(options) {
      let handle: RequestListener | undefined;
      // The table serves each app from its own server: Fastify's handler is taken, its server never listens.
      const app = Fastify({
        serverFactory(handler) {
          handle = handler;
          return createServer();
        },
      });
      void app.register(formBody);
      const auth = guardFastify.requireAuth({ ...options, errors });
      if (auth.resourceMetadata !== undefined) void app.register(guardFastify.protectedResourceMetadata(auth));
      void app.register(auth);
      const view = async (request: FastifyRequest) => describeAuth(request.auth);
      app.all(ROUTES.protected, view);
      app.get(ROUTES.cacheableWriteHead, (request, reply) => {
        reply.hijack();
        reply.raw.writeHead(200, PUBLIC_JSON).end(JSON.stringify(describeAuth(request.auth)));
      });
      app.get(ROUTES.cacheableRawHeaders, (request, reply) => {
        reply.hijack();
        reply.raw.writeHead(200, Object.entries(PUBLIC_JSON).flat()).end(JSON.stringify(describeAuth(request.auth)));
      });
      app.get(ROUTES.cacheable, async (request, reply) => {
        void reply.header('Cache-Control', 'public, max-age=60');
        return describeAuth(request.auth);
      });
      // The guards follow requireAuth's choice of error delivery: they are given none of their own.
      app.get(ROUTES.scopedAll, { onRequest: guardFastify.requireScope(REQUIRED_ALL) }, view);
      app.get(ROUTES.scopedAny, { preHandler: guardFastify.requireScope(REQUIRED_ANY, { match: 'any' }) }, view);
      app.get(ROUTES.claims, { onRequest: guardFastify.requireClaims({ email_verified: true }) }, view);
      const me = async (request: FastifyRequest) => ({ ...describeAuth(request.auth), userinfo: request.userinfo });
      app.get(ROUTES.me, { preHandler: guardFastify.attachUserinfo() }, me);
      const drop = async (request: FastifyRequest) => {
        delete (request as { auth?: unknown }).auth;
      };
      const copy = async (request: FastifyRequest, _reply: FastifyReply) => {
        request.auth = enrich(request.auth);
      };
      app.get(ROUTES.droppedScoped, { onRequest: [drop, guardFastify.requireScope('read:accounts')] }, view);
      app.get(ROUTES.droppedClaims, { preHandler: [drop, guardFastify.requireClaims({ email_verified: true })] }, view);
      app.get(ROUTES.droppedMe, { onRequest: [drop, guardFastify.attachUserinfo()] }, me);
      app.get(ROUTES.enrichedScoped, { preHandler: [copy, guardFastify.requireScope(REQUIRED_ALL)] }, view);
      app.get(ROUTES.enrichedMe, { onRequest: [copy, guardFastify.attachUserinfo()] }, me);
      app.get(ROUTES.stepUp, { onRequest: guardFastify.requireAuthLevel(STEP_UP) }, view);
      const ready = app.ready();
      return (req, res) => {
        ready.then(
          () => handle?.(req, res),
          (error: unknown) => res.writeHead(500).end(String(error)),
        );
      };
    },
  };
}
