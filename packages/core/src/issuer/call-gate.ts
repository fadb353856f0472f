import { IssuerUnavailableError } from '../errors.js';
import type { Clock } from '../result.js';

/** How one issuer endpoint is protected from a flood of calls. */
export interface CallGateSettings {
  /** What the endpoint is, for messages (`'JWKS'`). */
  readonly what: string;
  /** After a failed call, no call for this long (ms), or longer when the issuer's Retry-After asks. */
  readonly cooldownMs: number;
  /** Calls in flight at once; more wait in line. */
  readonly maxConcurrent: number;
  /** Calls that may wait for a slot; more are answered 503 at once. */
  readonly maxWaiting: number;
  readonly now: Clock;
}

// An issuer's Retry-After is honoured up to this long: a hostile or broken value must not take an API
// offline for days.
const MAX_BACKOFF_MS = 300_000;

/**
 * The gate in front of one issuer endpoint: a circuit breaker and a bound on concurrent calls.
 * - A call that fails for want of an answer (refused, timed out, 429, 5xx, unusable) closes the gate
 *   for the cooldown (or the issuer's Retry-After, up to 5 minutes); meanwhile every call is
 *   answered 503 at once, with the time left as Retry-After. When the time is up, one call probes the
 *   endpoint and the others keep getting 503 until it settles: an outage costs one call per cooldown
 *   window, whatever the client load.
 * - At most `maxConcurrent` calls are in flight and `maxWaiting` wait; any more are answered 503.
 */
export class CallGate {
  #closedUntil = Number.NEGATIVE_INFINITY;
  #failure: IssuerUnavailableError | undefined;
  #probing = false;
  #inFlight = 0;
  readonly #waiting: Array<() => void> = [];
  // The 503s the gate answers itself: they must not close it again.
  readonly #own = new WeakSet<Error>();

  constructor(private readonly settings: CallGateSettings) {}

  /** Runs `call` through the gate. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    const probe = this.#admit();
    try {
      await this.#slot();
      try {
        // The gate may have closed while this call waited for its slot.
        if (!probe && this.#failure !== undefined) throw this.#refusal(this.#failure);
        const result = await call();
        this.#failure = undefined;
        return result;
      } catch (error) {
        if (error instanceof IssuerUnavailableError && !this.#own.has(error)) this.#close(error);
        throw error;
      } finally {
        this.#release();
      }
    } finally {
      if (probe) this.#probing = false;
    }
  }

  /** Lets a call through (true when it is the probe after a cooldown), or throws the 503 to answer at once. */
  #admit(): boolean {
    const failure = this.#failure;
    if (failure === undefined) return false;
    // A time left that is not a number (a clock gone wrong) counts as closed: fail closed.
    if (!(this.#closedUntil - this.settings.now() <= 0) || this.#probing) throw this.#refusal(failure);
    this.#probing = true;
    return true;
  }

  /** The 503 for a call refused while the gate is closed, carrying the reason it closed. */
  #refusal(failure: IssuerUnavailableError): IssuerUnavailableError {
    const left = this.#closedUntil - this.settings.now();
    const seconds = Number.isFinite(left) ? Math.max(1, Math.ceil(left / 1000)) : 1;
    const error = new IssuerUnavailableError(failure.message, {
      cause: new Error(`${this.settings.what}: not called again for ${seconds} s after a failure`, {
        cause: failure.cause,
      }),
      retryAfterSeconds: seconds,
    });
    this.#own.add(error);
    return error;
  }

  #close(error: IssuerUnavailableError): void {
    const asked = (error.issuerRetryAfterSeconds ?? 0) * 1000;
    const backoff = Math.min(Math.max(this.settings.cooldownMs, asked), MAX_BACKOFF_MS);
    this.#closedUntil = this.settings.now() + backoff;
    this.#failure = error;
  }

  #slot(): Promise<void> {
    if (this.#inFlight < this.settings.maxConcurrent) {
      this.#inFlight += 1;
      return Promise.resolve();
    }
    if (this.#waiting.length >= this.settings.maxWaiting) {
      const busy = new IssuerUnavailableError(`The issuer's ${this.settings.what} endpoint is busy`, {
        cause: new Error(
          `${this.settings.what}: ${this.settings.maxConcurrent} calls in flight and ${this.settings.maxWaiting} waiting`,
        ),
        retryAfterSeconds: 1,
      });
      this.#own.add(busy);
      // Not counted as in flight: this call never took a slot, so the caller must not release one.
      return Promise.reject(busy);
    }
    // The slot is handed over by #release, which keeps the count.
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next();
    else this.#inFlight -= 1;
  }
}
