import { createHash, timingSafeEqual } from 'node:crypto';
import type { IssuerClient } from './types.js';

const BASIC = /^Basic +([A-Za-z0-9+/]+=*) *$/i;

/** Undoes `application/x-www-form-urlencoded` encoding (RFC 6749 Appendix B); `undefined` if malformed. */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, '%20'));
  } catch {
    return undefined;
  }
}

// Comparing digests keeps the comparison constant-time even when the lengths differ.
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** The registered client with this id and secret, or `undefined`. */
function findClient(clients: readonly IssuerClient[], clientId: string, secret: string): IssuerClient | undefined {
  const client = clients.find((candidate) => candidate.clientId === clientId);
  return client !== undefined && sameSecret(client.clientSecret, secret) ? client : undefined;
}

/** The form-decoded `id` and `secret` of `Authorization: Basic` credentials, or `undefined`. */
function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const encoded = BASIC.exec(authorization ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const id = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  return id === undefined || secret === undefined ? undefined : { id, secret };
}

/**
 * Authenticates the caller by `client_secret_basic` (RFC 6749 §2.3.1, RFC 7662 §2.1): the
 * `Authorization: Basic` credentials are `formEncode(id):formEncode(secret)`, base64-encoded.
 * Returns the client id, or `undefined` when the credentials are missing, malformed or wrong.
 */
export function authenticateClient(
  authorization: string | undefined,
  clients: readonly IssuerClient[],
): string | undefined {
  const credentials = basicCredentials(authorization);
  if (credentials === undefined) return undefined;
  return findClient(clients, credentials.id, credentials.secret)?.clientId;
}

/** The outcome of client authentication at the token endpoint. */
export type TokenClientAuth =
  | { readonly client: IssuerClient }
  | { readonly error: 'invalid_client' | 'invalid_request'; readonly description: string };

/**
 * Authenticates a token request by `client_secret_basic` or `client_secret_post` (RFC 6749
 * §2.3.1). Using both at once is `invalid_request` (§2.3); missing or wrong credentials, or a
 * `client_id` parameter that names another client than the header, are `invalid_client`.
 */
export function authenticateTokenClient(
  authorization: string | undefined,
  params: URLSearchParams,
  clients: readonly IssuerClient[],
): TokenClientAuth {
  const postedId = params.get('client_id') ?? '';
  const postedSecret = params.get('client_secret') ?? '';
  if (authorization !== undefined && postedSecret !== '') {
    return { error: 'invalid_request', description: 'use one client authentication method, not two' };
  }
  if (authorization !== undefined) {
    const credentials = basicCredentials(authorization);
    const client = credentials && findClient(clients, credentials.id, credentials.secret);
    if (client === undefined) return { error: 'invalid_client', description: 'client authentication failed' };
    if (postedId !== '' && postedId !== client.clientId) {
      return { error: 'invalid_client', description: 'client_id names another client than the credentials' };
    }
    return { client };
  }
  const client = postedId === '' || postedSecret === '' ? undefined : findClient(clients, postedId, postedSecret);
  return client === undefined ? { error: 'invalid_client', description: 'client authentication failed' } : { client };
}
