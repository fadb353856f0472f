// Peer: express-jwt (jsonwebtoken) with jwks-rsa's cached, rate-limited key lookup. It has no
// scope guard, so the scope check is written by hand, the way its README suggests.
import { expressjwt } from 'express-jwt';
import jwksRsa from 'jwks-rsa';
import { expressApp } from './routes.mjs';

function requireWriteScope(req, res, next) {
  const scope = typeof req.auth?.scope === 'string' ? req.auth.scope.split(' ') : [];
  if (scope.includes('bench:write')) return next();
  res
    .status(403)
    .set('WWW-Authenticate', 'Bearer error="insufficient_scope", scope="bench:write"')
    .json({ error: 'insufficient_scope' });
}

export function createApp({ issuer, audience }) {
  const auth = expressjwt({
    secret: jwksRsa.expressJwtSecret({ jwksUri: `${issuer}/jwks`, cache: true, rateLimit: true }),
    audience,
    issuer,
    algorithms: ['RS256', 'ES256'],
  });
  return expressApp({ auth: [auth], write: [requireWriteScope] });
}
