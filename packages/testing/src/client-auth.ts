import { createHash, timingSafeEqual } from 'node:crypto';
import type { IntrospectionClient } from './types.js';

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

/**
 * Authenticates the caller by `client_secret_basic` (RFC 6749 §2.3.1, RFC 7662 §2.1): the
 * `Authorization: Basic` credentials are `formEncode(id):formEncode(secret)`, base64-encoded.
 * Returns the client id, or `undefined` when the credentials are missing, malformed or wrong.
 */
export function authenticateClient(
  authorization: string | undefined,
  clients: readonly IntrospectionClient[],
): string | undefined {
  const encoded = BASIC.exec(authorization ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const clientId = formDecode(decoded.slice(0, colon));
  const clientSecret = formDecode(decoded.slice(colon + 1));
  if (clientId === undefined || clientSecret === undefined) return undefined;
  const client = clients.find((candidate) => candidate.clientId === clientId);
  return client !== undefined && sameSecret(client.clientSecret, clientSecret) ? clientId : undefined;
}
