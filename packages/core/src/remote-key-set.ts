import { createLocalJWKSet, type JSONWebKeySet, type JWSHeaderParameters } from 'jose';
import { fetchIssuerJson, isJsonObject, unusableAnswer } from './fetch-json.js';
import { SingleFlight } from './single-flight.js';
import type { Clock } from './types.js';

type KeyLookup = ReturnType<typeof createLocalJWKSet>;
type PublicKey = Awaited<ReturnType<KeyLookup>>;

/** Settings of a {@link RemoteKeySet}; times in seconds. */
export interface RemoteKeySetOptions {
  readonly timeoutMs: number;
  readonly realm: string;
  readonly maxAgeSeconds: number;
  readonly cooldownSeconds: number;
  readonly staleIfErrorSeconds: number;
  readonly now: Clock;
}

/**
 * The issuer's JWKS, fetched on first use and kept fresh:
 * - refreshed after `maxAgeSeconds`; if that refresh fails, the known keys keep serving for
 *   `staleIfErrorSeconds` more (stale-if-error), then requests fail with 503;
 * - an unknown `kid` triggers at most one refetch per `cooldownSeconds` (a flood of random kids
 *   cannot turn into a flood of fetches), and concurrent refetches share one request;
 * - a failed fetch is never cached: the next request tries again.
 * Keys are only ever taken from this set; `jku`, `x5u`, `jwk` and `x5c` headers are ignored.
 */
export class RemoteKeySet {
  readonly #flight = new SingleFlight<void>();
  #lookup: KeyLookup | undefined;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #attemptedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly resolveUri: () => Promise<string>,
    private readonly options: RemoteKeySetOptions,
  ) {}

  /** Until when (ms) the current key set counts as fresh; verified tokens must not be trusted past it. */
  get freshUntil(): number {
    return this.#fetchedAt + this.options.maxAgeSeconds * 1000;
  }

  /** The key for a JWS header, imported by jose for the header's `alg`. */
  async getKey(header: JWSHeaderParameters): Promise<PublicKey> {
    const { now, maxAgeSeconds, staleIfErrorSeconds, cooldownSeconds } = this.options;
    const age = now() - this.#fetchedAt;
    if (this.#lookup === undefined || age > (maxAgeSeconds + staleIfErrorSeconds) * 1000) {
      // Nothing usable: this request waits for the fetch (and is a 503 if the issuer is down).
      await this.#refresh();
    } else if (age > maxAgeSeconds * 1000 && now() - this.#attemptedAt >= cooldownSeconds * 1000) {
      // Stale but usable: answer with the known keys now and refresh in the background, at most
      // once per cooldown, so an outage adds neither latency nor a fetch per request.
      this.#refresh().catch(() => undefined);
    }
    try {
      return await (this.#lookup as KeyLookup)(header);
    } catch (error) {
      const noMatch = (error as { code?: unknown }).code === 'ERR_JWKS_NO_MATCHING_KEY';
      if (!noMatch || now() - this.#attemptedAt < cooldownSeconds * 1000) throw error;
      await this.#refresh();
      return (this.#lookup as KeyLookup)(header);
    }
  }

  #refresh(): Promise<void> {
    return this.#flight.run('jwks', async () => {
      this.#attemptedAt = this.options.now();
      const url = await this.resolveUri();
      const request = { url, what: 'JWKS', timeoutMs: this.options.timeoutMs, realm: this.options.realm };
      const { status, json } = await fetchIssuerJson(request);
      if (status !== 200) throw unusableAnswer(request, `HTTP ${status}`);
      if (!isJsonObject(json) || !Array.isArray(json['keys'])) {
        throw unusableAnswer(request, 'the answer is not a JWK Set ({ "keys": [...] })');
      }
      let lookup: KeyLookup;
      try {
        lookup = createLocalJWKSet(json as unknown as JSONWebKeySet);
      } catch (error) {
        // A broken key set is the issuer's fault: 503, never a 401 that makes clients drop good tokens.
        throw unusableAnswer(request, `malformed JWK Set (${(error as Error).message})`);
      }
      this.#lookup = lookup;
      this.#fetchedAt = this.options.now();
    });
  }
}
