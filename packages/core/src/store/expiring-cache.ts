import { LRUCache } from 'lru-cache';

interface Entry<V> {
  readonly value: V;
  /** On the owner's injected clock (ms since the epoch). */
  readonly validUntil: number;
}

/**
 * A bounded LRU whose entries expire at a time given per entry, on an injected clock (lru-cache's
 * own TTL reads `performance.now()`, which tests cannot move). Bounded by entry count only.
 */
export class ExpiringCache<V> {
  readonly #entries: LRUCache<string, Entry<V>>;

  constructor(maxEntries: number) {
    this.#entries = new LRUCache({ max: maxEntries });
  }

  /** The value for `key`, or undefined when absent or expired at `now` (an expired entry is dropped). */
  get(key: string, now: number): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (now >= entry.validUntil) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores `value` until `validUntil`; an entry that would already be expired is not stored. */
  set(key: string, value: V, validUntil: number, now: number): void {
    if (validUntil > now) this.#entries.set(key, { value, validUntil });
  }

  get size(): number {
    return this.#entries.size;
  }
}
