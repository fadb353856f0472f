import { InvalidTokenError } from '../errors.js';
import type { Clock } from '../result.js';
import { sealEntry } from './sealed-entry.js';
import type { SharedStore } from './shared-store.js';
import type { SharedTier } from './shared-tier.js';
import { tokenHash } from './token-hash.js';

/** What to revoke: a token (only its SHA-256 is stored), or every token with a `jti`. */
export type RevocationTarget = { readonly token: string } | { readonly jti: string };

/** The shared key of a revocation: by token hash, or by the hash of a `jti`. */
function revocationKey(target: RevocationTarget): string {
  return 'token' in target ? `revoked:token:${tokenHash(target.token)}` : `revoked:jti:${tokenHash(target.jti)}`;
}

/**
 * Revokes a token, or every token with a given `jti`, on every instance that shares `store`, until
 * `until` (a `Date` or ms since the epoch; the token's `exp` is enough). Each instance checks the
 * shared revocations on every request, so the next request anywhere is refused with 401
 * `invalid_token`. Rejects when the store cannot record it: the caller must know.
 *
 * @example
 * ```ts
 * import { revoke } from '@access-guard/core';
 * await revoke(store, { jti: req.auth.payload.jti }, req.auth.payload.exp * 1000);
 * await revoke(store, { token: req.auth.token }, new Date(Date.now() + 3_600_000));
 * ```
 */
export async function revoke(
  store: SharedStore,
  target: RevocationTarget,
  until: Date | number,
  now: Clock = Date.now,
): Promise<void> {
  const value = 'token' in target ? target.token : (target as { jti?: unknown }).jti;
  if (typeof value !== 'string' || value === '') {
    throw new TypeError('access-guard: revoke() needs { token } or { jti }, a non-empty string.');
  }
  const validUntil = until instanceof Date ? until.getTime() : until;
  if (typeof validUntil !== 'number' || !Number.isFinite(validUntil)) {
    throw new TypeError('access-guard: revoke() needs `until`, a Date or ms since the epoch.');
  }
  const ttlMs = Math.ceil(validUntil - now());
  if (ttlMs <= 0) return;
  const key = revocationKey(target);
  await store.set(key, sealEntry(store.secret, key, true, validUntil), ttlMs);
}

/**
 * Refuses a token revoked through {@link revoke} on any instance: one read per request of its hash
 * (and its `jti`). A store that cannot answer is reported and the token served (fail open, like
 * every cache), since a store outage must not take the API down.
 */
export async function checkRevocation(tier: SharedTier, token: string, jti: unknown): Promise<void> {
  const targets: RevocationTarget[] = [{ token }];
  if (typeof jti === 'string' && jti !== '') targets.push({ jti });
  const found = await Promise.all(targets.map((target) => tier.read('revoked', revocationKey(target))));
  if (found.some((entry) => entry !== undefined && entry !== 'rejected' && entry.value === true)) {
    throw new InvalidTokenError('The access token has been revoked', { reason: 'revoked' });
  }
}
