// Peer: auth0's express-oauth2-jwt-bearer. It discovers jwks_uri and the allowed algorithms from
// issuerBaseURL (http is accepted for a single issuer; only its multi-issuer mode refuses http under
// NODE_ENV=production). It has no verified-token cache: every request verifies a signature.
import { auth, requiredScopes } from 'express-oauth2-jwt-bearer';
import { expressApp } from './routes.mjs';

export function createApp({ issuer, audience }) {
  return expressApp({ auth: [auth({ issuerBaseURL: issuer, audience })], write: [requiredScopes('bench:write')] });
}
