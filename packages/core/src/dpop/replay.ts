import { IssuerUnavailableError } from '../errors.js';
import type { Clock } from '../result.js';

/**
 * Where the `jti` of each DPoP proof is claimed once (RFC 9449 §11.1). `claim` must be atomic: of two
 * concurrent claims of one key, exactly one succeeds (`SET key NX PX ttl` on Redis).
 */
export interface ReplayStore {
  /** Claims `key` for `ttlMs`: true when this call claimed it, false when it was already claimed. */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

/**
 * The in-memory replay store, for one instance. Bounded: when it is full of claims that have not
 * expired, a new claim is refused with 503 rather than an old one forgotten (which would let it be
 * replayed).
 */
export class MemoryReplayStore implements ReplayStore {
  readonly #claims = new Map<string, number>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: Clock,
  ) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const until = this.#claims.get(key);
    if (until !== undefined && until > now) return false;
    if (this.#claims.size >= this.maxEntries) this.#sweep(now);
    if (this.#claims.size >= this.maxEntries) {
      throw new IssuerUnavailableError('The API cannot record more DPoP proofs right now', {
        cause: new Error(`DPoP replay store: ${this.maxEntries} proofs within their window`),
        retryAfterSeconds: 1,
      });
    }
    // Insertion order is expiry order for a fixed window, so the oldest claims sit first.
    this.#claims.delete(key);
    this.#claims.set(key, now + ttlMs);
    return true;
  }

  #sweep(now: number): void {
    for (const [key, until] of this.#claims) {
      if (until > now) continue;
      this.#claims.delete(key);
    }
  }
}
