import { ExpiringCache } from './cache.js';
import { SingleFlight } from './single-flight.js';
import type { Clock } from './types.js';

/** An issuer answer and how long it may be reused (ms on the injected clock). */
export interface CacheableAnswer<A> {
  readonly answer: A;
  readonly validUntil: number;
}

/**
 * Calls to the issuer (userinfo, introspection) behind a bounded cache and a single flight: while a
 * call for a key is under way, concurrent callers wait for it instead of calling again. Only answers
 * are cached; a call that throws (issuer down, timeout, 5xx) leaves nothing behind.
 */
export class CachedIssuerCalls<A> {
  readonly #cache: ExpiringCache<A>;
  readonly #flight = new SingleFlight<A>();

  constructor(
    maxEntries: number,
    private readonly now: Clock,
  ) {
    this.#cache = new ExpiringCache<A>(maxEntries);
  }

  /** The cached answer for `key` if there is one, without calling the issuer. */
  peek(key: string): A | undefined {
    return this.#cache.get(key, this.now());
  }

  /** The cached answer for `key`, or the answer of `call` (which runs once for concurrent callers). */
  get(key: string, call: () => Promise<CacheableAnswer<A>>): Promise<A> {
    const cached = this.#cache.get(key, this.now());
    if (cached !== undefined) return Promise.resolve(cached);
    return this.#flight.run(key, async () => {
      const { answer, validUntil } = await call();
      this.#cache.set(key, answer, validUntil, this.now());
      return answer;
    });
  }
}
