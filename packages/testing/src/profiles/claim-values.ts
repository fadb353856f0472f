import { createHash, randomBytes, randomUUID } from 'node:crypto';

/**
 * OpenID Connect Core §3.1.3.6 `at_hash`: base64url of the left half of SHA-256 of the access
 * token (the hash of RS256, PS256 and ES256). Without a token, the hash of random bytes, so an ID
 * token looks like one issued alongside an access token.
 */
export function atHash(accessToken: string | undefined): string {
  const digest = createHash('sha256')
    .update(accessToken ?? randomBytes(32))
    .digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** A random opaque identifier of `bytes` random bytes, base64url. */
export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}

/** A random UUID (the shape many providers use for `jti`, `sid`, ...). */
export function uuid(): string {
  return randomUUID();
}

/** Requested scopes after a provider's default ones, without repeats. */
export function withScopes(defaults: readonly string[], scopes: readonly string[] | undefined): string[] {
  return [...new Set([...defaults, ...(scopes ?? [])])];
}

/** `undefined` for an empty list, else the list joined with spaces. */
export function scopeString(scopes: readonly string[] | undefined): string | undefined {
  return scopes === undefined || scopes.length === 0 ? undefined : scopes.join(' ');
}
