import type { Clock } from '../result.js';
import type { SharedTier } from '../store/shared-tier.js';
import type { MetadataSharing } from './discovery.js';
import type { KeySetSharing, SharedKeySet } from './key-set.js';

/** The issuer's metadata in the shared store, under `key`, kept `ttlMs` after each fetch. */
export function shareMetadata(tier: SharedTier, key: string, ttlMs: number, now: Clock): MetadataSharing {
  return {
    async read() {
      const found = await tier.read('metadata', key);
      const value = found === undefined || found === 'rejected' ? undefined : found.value;
      tier.lookup('metadata', value === undefined ? 'miss' : 'shared-hit');
      return value;
    },
    write: (metadata) => tier.write('metadata', key, metadata, now() + ttlMs),
  };
}

/** The issuer's key set in the shared store, under `key`. */
export function shareKeySet(tier: SharedTier, key: string): KeySetSharing {
  return {
    async read() {
      const found = await tier.read('jwks', key);
      tier.lookup('jwks', found === undefined || found === 'rejected' ? 'miss' : 'shared-hit');
      if (found === undefined || found === 'rejected') return undefined;
      const { fetchedAt, keys } = Object(found.value) as Partial<SharedKeySet>;
      if (typeof fetchedAt !== 'number' || !Array.isArray(keys)) {
        tier.lookup('jwks', 'rejected');
        return undefined;
      }
      return { fetchedAt, keys };
    },
    write: (entry, validUntil) => tier.write('jwks', key, entry, validUntil),
  };
}
