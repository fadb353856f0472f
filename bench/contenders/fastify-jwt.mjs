// Peer: @fastify/jwt (fast-jwt) with get-jwks for the keys, as get-jwks's README shows it, with the
// issuer and audience checked (`verify: { allowedIss, allowedAud }`). Neither has a scope guard, so
// the scope check is written by hand, as a route onRequest hook.
import fastifyJwt from '@fastify/jwt';
import buildGetJwks from 'get-jwks';
import { fastifyListener } from './fastify-routes.mjs';

async function requireWriteScope(request, reply) {
  const scope = typeof request.user?.scope === 'string' ? request.user.scope.split(' ') : [];
  if (!scope.includes('bench:write')) {
    await reply
      .code(403)
      .header('WWW-Authenticate', 'Bearer error="insufficient_scope", scope="bench:write"')
      .send({ error: 'insufficient_scope' });
  }
}

export function createApp({ issuer, audience }) {
  const getJwks = buildGetJwks({ providerDiscovery: true, issuersWhitelist: [issuer] });
  return fastifyListener({
    setup(app) {
      app.register(fastifyJwt, {
        decode: { complete: true },
        secret: (request, token) => {
          const { header, payload } = token;
          return getJwks.getPublicKey({ kid: header.kid, alg: header.alg, domain: payload.iss });
        },
        verify: { allowedIss: issuer, allowedAud: audience, algorithms: ['RS256', 'ES256'] },
      });
      app.addHook('onRequest', async (request) => {
        await request.jwtVerify();
      });
    },
    write: [requireWriteScope],
  });
}
