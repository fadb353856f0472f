import type { IncomingMessage, ServerResponse } from 'node:http';
import { mediaType, readBody, sendJson } from './http-io.js';
import type { TokenStore } from './token-store.js';

const BODY_LIMIT_BYTES = 64 * 1024;

// Claims that Google's tokeninfo does not show for an access token.
const HIDDEN = new Set(['iss', 'iat', 'jti', 'client_id', 'cnf']);

/** Google answers every value as a string: numbers and booleans included. */
function asString(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

function sendInvalid(res: ServerResponse): void {
  sendJson(res, 400, { error: 'invalid_token', error_description: 'Invalid Value' });
}

async function parameters(req: IncomingMessage): Promise<URLSearchParams> {
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  if (req.method !== 'POST' || mediaType(req) !== 'application/x-www-form-urlencoded') return query;
  const body = await readBody(req, BODY_LIMIT_BYTES);
  return new URLSearchParams(body ?? '');
}

/**
 * Google's tokeninfo endpoint: `?access_token=` (or `?id_token=`), by GET or a POST form. A live
 * token answers its claims with every value as a string, `expires_in` (seconds left) for an
 * access token and the header's `alg`, `kid` and `typ` for an ID token, and no `active` member;
 * anything else is `400 { error: 'invalid_token', error_description: 'Invalid Value' }`.
 */
export async function handleTokeninfo(
  req: IncomingMessage,
  res: ServerResponse,
  tokens: TokenStore,
  now: () => number,
): Promise<void> {
  const params = await parameters(req);
  const accessToken = params.get('access_token');
  const idToken = params.get('id_token');
  const token = accessToken ?? idToken;
  const active = token === null ? undefined : await tokens.resolve(token);
  if (active === undefined) {
    sendInvalid(res);
    return;
  }
  const answer: Record<string, unknown> = {};
  if (idToken !== null && accessToken === null) {
    for (const [name, value] of Object.entries(active.claims)) answer[name] = asString(value);
    for (const [name, value] of Object.entries(active.header ?? {})) answer[name] = asString(value);
  } else {
    for (const [name, value] of Object.entries(active.claims)) {
      if (!HIDDEN.has(name)) answer[name] = asString(value);
    }
    const exp = active.claims.exp;
    if (typeof exp === 'number') answer.expires_in = String(Math.max(0, Math.floor(exp - now() / 1000)));
  }
  sendJson(res, 200, answer);
}
