import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-io.js';
import type { TokenStore } from './token-store.js';

// RFC 6750 §2.1: the scheme is case-insensitive and the token is a b64token.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** Every failure gets the same answer, so the endpoint never tells why a token was refused. */
function sendInvalidToken(res: ServerResponse): void {
  sendJson(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
}

/**
 * The userinfo endpoint (OpenID Connect Core §5.3): `GET` or `POST` with
 * `Authorization: Bearer <token>`. A live opaque token answers `{ sub, ...profile }`, a live JWT
 * minted here answers `{ sub }`; anything else is 401 `invalid_token` (RFC 6750 §3.1).
 */
export async function handleUserinfo(req: IncomingMessage, res: ServerResponse, tokens: TokenStore): Promise<void> {
  const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
  if (token === undefined) {
    sendInvalidToken(res);
    return;
  }
  const active = await tokens.resolve(token);
  if (active === undefined) {
    sendInvalidToken(res);
    return;
  }
  sendJson(res, 200, active.profile);
}
