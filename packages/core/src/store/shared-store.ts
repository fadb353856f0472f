import { fail } from '../option-checks.js';

/**
 * A store that several instances of an API share (Redis, with `@access-guard/redis`): the second
 * tier behind each instance's memory, and the place where DPoP proofs are claimed once for all of
 * them. access-guard authenticates every value it writes there with `secret` (HMAC-SHA256, bound to
 * the key), so whoever can write to the store but lacks the secret cannot make a token pass.
 *
 * An implementation answers or rejects within its own timeout and never queues without bound: a
 * rejected read counts as a miss, a rejected write is dropped, a rejected claim refuses the proof.
 *
 * @example
 * ```ts
 * import { redisStore } from '@access-guard/redis';
 * const store: SharedStore = redisStore(client, { secret: process.env.ACCESS_GUARD_SECRET });
 * app.use(requireAuth({ issuer, audience, store }));
 * ```
 */
export interface SharedStore {
  /** The key every instance shares, at least 32 bytes; never stored, never logged. */
  readonly secret: string | Uint8Array;
  /** The value at `key`, or undefined when there is none. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` at `key` for `ttlMs` milliseconds. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /**
   * Claims `key` for `ttlMs` milliseconds, atomically (`SET key 1 NX PX ttl`): true when this call
   * claimed it, false when it was claimed already, by any instance.
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

// HMAC-SHA256 keys shorter than the hash add nothing but guessability (RFC 2104 §3).
const MIN_SECRET_BYTES = 32;

/** Validates the `store` option: an object with the three operations and a secret of 32 bytes or more. */
export function checkSharedStore(value: unknown): SharedStore | undefined {
  if (value === undefined) return undefined;
  const store = value as Partial<SharedStore> | null;
  if (
    store === null ||
    typeof store !== 'object' ||
    typeof store.get !== 'function' ||
    typeof store.set !== 'function' ||
    typeof store.claim !== 'function'
  ) {
    fail('`store` must be a shared store with get, set and claim, e.g. redisStore(client, { secret }).');
  }
  const { secret } = store;
  const bytes =
    typeof secret === 'string' ? Buffer.byteLength(secret) : secret instanceof Uint8Array ? secret.length : 0;
  if (bytes < MIN_SECRET_BYTES) {
    fail(
      `\`store.secret\` must be a string or bytes of at least ${MIN_SECRET_BYTES} bytes that every instance shares, e.g. crypto.randomBytes(32).toString('base64url').`,
    );
  }
  return store as SharedStore;
}
