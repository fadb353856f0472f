import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateClient } from './client-auth.js';
import { mediaType, readBody, sendJson } from './http-io.js';
import type { Profile } from './profiles/profile.js';
import type { TokenStore } from './token-store.js';
import type { IssuerClient } from './types.js';

/** Introspection requests are a token and a hint; anything larger is refused. */
const BODY_LIMIT_BYTES = 64 * 1024;

/** RFC 9449 §6.2: a token bound to a DPoP key (`cnf.jkt`) is of type DPoP. */
function tokenType(claims: Readonly<Record<string, unknown>>): 'Bearer' | 'DPoP' {
  const cnf = claims.cnf;
  return typeof cnf === 'object' && cnf !== null && typeof (cnf as { jkt?: unknown }).jkt === 'string'
    ? 'DPoP'
    : 'Bearer';
}

/** The claims of a live token as an RFC 7662 §2.2 answer; `active` cannot be overridden. */
function introspectionAnswer(claims: Readonly<Record<string, unknown>>, profile: Profile): Record<string, unknown> {
  const answer: Record<string, unknown> = {
    active: true,
    ...claims,
    ...profile.introspection?.(claims),
    token_type: tokenType(claims),
  };
  answer.active = true;
  return answer;
}

/**
 * The introspection endpoint (RFC 7662): `POST` of a form `token=…&token_type_hint=…`,
 * authenticated with `client_secret_basic` (§2.1). A live token answers its claims with
 * `active: true` (and `cnf` with `token_type: 'DPoP'` for a DPoP-bound token, RFC 9449 §6.2); an
 * unknown, revoked or expired token answers `{ active: false }` (§2.2). A provider profile adds the
 * members its provider answers (Okta's `username`, Keycloak's `client_id`, ...).
 */
export async function handleIntrospection(
  req: IncomingMessage,
  res: ServerResponse,
  tokens: TokenStore,
  clients: readonly IssuerClient[],
  profile: Profile,
): Promise<void> {
  if (authenticateClient(req.headers.authorization, clients) === undefined) {
    // RFC 6749 §5.2: a failed client authentication is 401 with a challenge for the scheme used.
    sendJson(res, 401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic realm="local-issuer"' });
    return;
  }
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    sendJson(res, 400, {
      error: 'invalid_request',
      error_description: 'the body must be application/x-www-form-urlencoded',
    });
    return;
  }
  const body = await readBody(req, BODY_LIMIT_BYTES);
  if (body === undefined) {
    sendJson(res, 413, { error: 'invalid_request', error_description: 'the body is too large' });
    return;
  }
  const token = new URLSearchParams(body).get('token');
  if (token === null || token === '') {
    sendJson(res, 400, { error: 'invalid_request', error_description: 'the token parameter is required' });
    return;
  }
  const active = await tokens.resolve(token);
  sendJson(res, 200, active === undefined ? { active: false } : introspectionAnswer(active.claims, profile));
}
