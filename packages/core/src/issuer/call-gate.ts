import { ConfigurationError, IssuerUnavailableError } from '../errors.js';
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
  /** Told of each failed call (not of the calls the gate refuses itself). */
  readonly onFailure?: ((failure: GateFailure) => void) | undefined;
}

/** A failure that closes the gate: an outage (503) or a configuration fault (500). */
export type GateFailure = IssuerUnavailableError | ConfigurationError;

// An issuer's Retry-After is honoured up to this long: a hostile or broken value must not take an API
// offline for days.
const MAX_BACKOFF_MS = 300_000;

/**
 * The gate in front of one issuer endpoint: a circuit breaker and a bound on concurrent calls.
 * - A call that fails for want of an answer (refused, timed out, 429, 5xx, unusable) or for a fault
 *   of the API's configuration (metadata of another issuer, refused credentials) closes the gate
 *   for the cooldown (or the issuer's Retry-After, up to 5 minutes); meanwhile every call is
 *   answered 503 at once, with the time left as Retry-After. When the time is up, one call probes the
 *   endpoint and the others keep getting 503 until it settles: an outage costs one call per cooldown
 *   window, whatever the client load.
 * - At most `maxConcurrent` calls are in flight and `maxWaiting` wait; any more are answered 503.
 */
export class CallGate {
  #closedUntil = Number.NEGATIVE_INFINITY;
  #failure: GateFailure | undefined;
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
        if (isFailure(error) && !this.#own.has(error)) this.#close(error);
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

  /** The answer to a call refused while the gate is closed: the kind of the failure that closed it. */
  #refusal(failure: GateFailure): GateFailure {
    const left = this.#closedUntil - this.settings.now();
    const seconds = Number.isFinite(left) ? Math.max(1, Math.ceil(left / 1000)) : 1;
    const init = {
      cause: new Error(`${this.settings.what}: not called again for ${seconds} s after a failure`, {
        cause: failure.cause,
      }),
      reason: failure.reason,
      detail: failure.detail,
    };
    const error =
      failure instanceof ConfigurationError
        ? new ConfigurationError(failure.message, init)
        : new IssuerUnavailableError(failure.message, { ...init, retryAfterSeconds: seconds });
    this.#own.add(error);
    return error;
  }

  #close(error: GateFailure): void {
    const asked = error instanceof IssuerUnavailableError ? (error.issuerRetryAfterSeconds ?? 0) * 1000 : 0;
    const backoff = Math.min(Math.max(this.settings.cooldownMs, asked), MAX_BACKOFF_MS);
    this.#closedUntil = this.settings.now() + backoff;
    this.#failure = error;
    this.settings.onFailure?.(error);
  }

  #slot(): Promise<void> {
    if (this.#inFlight < this.settings.maxConcurrent) {
      this.#inFlight += 1;
      return Promise.resolve();
    }
    if (this.#waiting.length >= this.settings.maxWaiting) {
      const busy = new IssuerUnavailableError(`The issuer's ${this.settings.what} endpoint is busy`, {
        reason: 'issuer_busy',
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

function isFailure(error: unknown): error is GateFailure {
  return error instanceof IssuerUnavailableError || error instanceof ConfigurationError;
}
