import type { EventSink, SharedEntryKind, StoreEvent } from '../diagnostics/events.js';
import { IssuerUnavailableError } from '../errors.js';
import type { Clock } from '../result.js';
import { openEntry, sealEntry } from './sealed-entry.js';
import type { SharedStore } from './shared-store.js';

/** A value read from the shared tier, and until when (ms) it may be used. */
export interface SharedValue {
  readonly value: unknown;
  readonly validUntil: number;
}

// After a failed command the store is left alone this long (ms), so an outage costs one timeout
// per second, not one per request; the first call after it probes the store again.
const RETRY_AFTER_FAILURE_MS = 1000;

/** Why a store command failed, without keys or values. */
function failureText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : 'the store failed';
}

/**
 * The shared store as the authenticator uses it: sealed values (HMAC with the shared secret, bound
 * to the key), expiry on the authenticator's clock, and a short pause after a failure. Reads and
 * writes never throw (a failure is a miss, reported); a claim throws a 503 when the store fails.
 */
export class SharedTier {
  #pausedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: SharedStore,
    private readonly report: EventSink,
    private readonly now: Clock,
  ) {}

  /** Reports a lookup outcome (tiers, misses) for metrics. */
  lookup(entry: SharedEntryKind, outcome: StoreEvent['outcome']): void {
    this.report({ type: 'store', entry, outcome, cause: undefined });
  }

  /** The value at `key` while valid; undefined when absent, expired or unreachable; `rejected` when it fails its check. */
  async read(entry: SharedEntryKind, key: string): Promise<SharedValue | 'rejected' | undefined> {
    if (this.#paused()) return undefined;
    let sealed: string | undefined;
    try {
      sealed = await this.store.get(key);
    } catch (error) {
      this.#failed(entry, error);
      return undefined;
    }
    if (sealed === undefined) return undefined;
    const opened = openEntry(this.store.secret, key, sealed);
    if (opened === 'rejected') {
      this.lookup(entry, 'rejected');
      return opened;
    }
    return opened.validUntil > this.now() ? opened : undefined;
  }

  /** Writes `value` at `key` until `validUntil` (ms); in the background, a failure only reported. */
  write(entry: SharedEntryKind, key: string, value: unknown, validUntil: number): void {
    const ttlMs = Math.ceil(validUntil - this.now());
    if (ttlMs <= 0 || this.#paused()) return;
    this.store.set(key, sealEntry(this.store.secret, key, value, validUntil), ttlMs).catch((error: unknown) => {
      this.#failed(entry, error);
    });
  }

  /** Claims `key` for `ttlMs` across instances; throws a 503 when the store cannot answer. */
  async claim(entry: SharedEntryKind, key: string, ttlMs: number): Promise<boolean> {
    if (!this.#paused()) {
      try {
        return await this.store.claim(key, Math.max(1, Math.ceil(ttlMs)));
      } catch (error) {
        this.#failed(entry, error);
      }
    }
    throw new IssuerUnavailableError('The API cannot check DPoP proofs right now', {
      cause: new Error('the shared store did not answer a claim'),
      retryAfterSeconds: 1,
    });
  }

  #paused(): boolean {
    return this.now() < this.#pausedUntil;
  }

  #failed(entry: SharedEntryKind, error: unknown): void {
    this.#pausedUntil = this.now() + RETRY_AFTER_FAILURE_MS;
    this.report({ type: 'store', entry, outcome: 'error', cause: failureText(error) });
  }
}
