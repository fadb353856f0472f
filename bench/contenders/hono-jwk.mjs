// Peer: Hono's own jwk middleware. Given only `jwks_uri` it fetches the key set on every request,
// so it gets `keys` from one fetch at start-up, as a careful user would. It checks iss, aud and
// typ (at+jwt, RFC 9068); the scope check is written by hand.
import { jwk } from 'hono/jwk';
import { honoListener } from './hono-routes.mjs';

async function requireWriteScope(c, next) {
  const scope = c.get('jwtPayload')?.scope;
  if (typeof scope === 'string' && scope.split(' ').includes('bench:write')) return next();
  c.header('WWW-Authenticate', 'Bearer error="insufficient_scope", scope="bench:write"');
  return c.json({ error: 'insufficient_scope' }, 403);
}

export async function createApp({ issuer, audience }) {
  const metadata = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  const { keys } = await (await fetch(metadata.jwks_uri)).json();
  const auth = jwk({
    keys,
    alg: ['RS256', 'ES256'],
    verification: { iss: issuer, aud: audience, typ: 'at+jwt' },
  });
  return honoListener({ auth: [auth], write: [requireWriteScope] });
}
