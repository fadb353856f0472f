// Reference, not a product: the issue's hand-rolled column, "node:crypto verify + LRU of verified
// tokens", keyed by SHA-256 of the token as access-guard is. It checks only the signature, iss, aud
// and exp, answers 401/403 with a bare challenge, and reads the JWKS once at start-up. It shows what
// a minimal design costs on this machine, so the ratios of access-guard can be read against it.
import { createPublicKey, hash, verify } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { expressApp } from './routes.mjs';

const VERIFY = {
  RS256: (key) => key,
  ES256: (key) => ({ key, dsaEncoding: 'ieee-p1363' }),
};

export async function createApp({ issuer, audience, variant }) {
  const metadata = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  const { keys } = await (await fetch(metadata.jwks_uri)).json();
  const keyByKid = new Map(keys.map((jwk) => [jwk.kid, createPublicKey({ key: jwk, format: 'jwk' })]));
  const verified = new LRUCache({ max: 10_000 });

  const claimsOf = (token) => {
    const [h, p, s] = token.split('.');
    if (s === undefined) return undefined;
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    const key = keyByKid.get(header.kid);
    const params = VERIFY[header.alg];
    if (key === undefined || params === undefined) return undefined;
    if (!verify('sha256', Buffer.from(`${h}.${p}`), params(key), Buffer.from(s, 'base64url'))) return undefined;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    return claims.iss === issuer && claims.aud === audience ? claims : undefined;
  };
  const deny = (res, status, error) =>
    res.writeHead(status, { 'WWW-Authenticate': `Bearer realm="api"${error ? `, error="${error}"` : ''}` }).end();

  /** The claims of a valid token, or the status and error to refuse it with. */
  const decide = (header) => {
    if (header === undefined || !header.startsWith('Bearer ')) return { status: 401 };
    const token = header.slice(7);
    const cacheKey = hash('sha256', token, 'base64url');
    let claims = verified.get(cacheKey);
    if (claims === undefined) {
      try {
        claims = claimsOf(token);
      } catch {
        claims = undefined;
      }
      if (claims === undefined) return { status: 401, error: 'invalid_token' };
      verified.set(cacheKey, claims);
    }
    if (!(claims.exp * 1000 > Date.now())) return { status: 401, error: 'invalid_token' };
    return { claims };
  };
  const settle = (req, res, next, { claims, status, error }) => {
    if (claims === undefined) return deny(res, status, error);
    req.auth = claims;
    return next();
  };
  // The 'async' variant answers every request, cached token or not, through a promise (an async
  // function and then()), as a pipeline with one asynchronous entry point does: the difference
  // between the two is what a synchronous answer for cached tokens is worth.
  const auth =
    variant === 'async'
      ? (req, res, next) => {
          (async () => decide(req.headers.authorization))().then((decision) => settle(req, res, next, decision));
        }
      : (req, res, next) => settle(req, res, next, decide(req.headers.authorization));
  const canWrite = (req, res, next) =>
    String(req.auth.scope).split(' ').includes('bench:write') ? next() : deny(res, 403, 'insufficient_scope');
  return expressApp({ auth: [auth], write: [canWrite] });
}
