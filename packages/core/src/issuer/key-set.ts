import type { KeyObject } from 'node:crypto';
import type { JwsAlgorithm } from '../jwt/algorithms.js';
import type { Clock } from '../result.js';
import { SingleFlight } from '../store/single-flight.js';
import type { CallGate } from './call-gate.js';
import { fetchIssuerJson, isJsonObject, unusableAnswer } from './fetch-json.js';
import { importJwk, type ImportedKey } from './jwk.js';

/** A key set as instances share it: the JWKS's `keys` as fetched, and when (ms). */
export interface SharedKeySet {
  readonly fetchedAt: number;
  readonly keys: readonly unknown[];
}

/** Where instances share the key set (a shared store); reads never throw. */
export interface KeySetSharing {
  read(): Promise<SharedKeySet | undefined>;
  write(entry: SharedKeySet, validUntil: number): void;
}

/** Settings of a {@link KeySet}; times in seconds. */
export interface KeySetSettings {
  readonly timeoutMs: number;
  readonly maxAgeSeconds: number;
  /** At most one refetch per this window for an unknown `kid`. */
  readonly cooldownSeconds: number;
  readonly staleIfErrorSeconds: number;
  readonly now: Clock;
  /** The gate of the JWKS endpoint: after a failed fetch, none for its cooldown. */
  readonly gate: CallGate;
  /** Where instances share the key set, if they do. */
  readonly sharing?: KeySetSharing | undefined;
}

// A real key set holds a handful of keys; thousands only make every lookup slow.
const MAX_KEYS = 100;
// Keys tried for one token when several match (no kid, or a kid used twice during a rotation).
const MAX_CANDIDATES = 4;

/** The usable keys of one fetched JWKS, indexed by `kid`. */
class KeyIndex {
  readonly #byKid = new Map<string, ImportedKey[]>();
  readonly #all: readonly ImportedKey[];

  constructor(keys: readonly ImportedKey[]) {
    this.#all = keys;
    for (const key of keys) {
      if (key.kid === undefined) continue;
      const list = this.#byKid.get(key.kid);
      if (list === undefined) this.#byKid.set(key.kid, [key]);
      else list.push(key);
    }
  }

  /** The keys that may verify a token of `alg` naming `kid` (every key of the family when it names none). */
  candidates(alg: JwsAlgorithm, kid: string | undefined): KeyObject[] {
    const pool = kid === undefined ? this.#all : (this.#byKid.get(kid) ?? []);
    const found: KeyObject[] = [];
    for (const entry of pool) {
      if (found.length === MAX_CANDIDATES) break;
      if (entry.algorithms.includes(alg) && (entry.alg === undefined || entry.alg === alg)) found.push(entry.key);
    }
    return found;
  }
}

/**
 * The issuer's JWKS, fetched on first use and kept fresh:
 * - refreshed after `maxAgeSeconds`; if that refresh fails, the known keys keep serving for
 *   `staleIfErrorSeconds` more (stale-if-error), then requests fail with 503;
 * - an unknown `kid` triggers at most one refetch per `cooldownSeconds` (a flood of random kids
 *   cannot turn into a flood of fetches), and concurrent refetches share one request;
 * - keys that cannot be used safely are left out; a set with no usable key is the issuer's fault
 *   (503) and never replaces a working one;
 * - after a failed fetch, requests that need a fetch are answered 503 at once until the gate's
 *   cooldown ends (the known keys keep serving meanwhile, within stale-if-error).
 * Keys are only ever taken from this set; `jku`, `x5u`, `jwk` and `x5c` headers are never followed.
 */
export class KeySet {
  readonly #flight = new SingleFlight<void>();
  #index: KeyIndex | undefined;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #attemptedAt = Number.NEGATIVE_INFINITY;
  // The held set came from another instance (a shared store), not yet from the issuer to this one.
  #unconfirmed = false;

  constructor(
    private readonly resolveUri: () => Promise<string>,
    private readonly settings: KeySetSettings,
  ) {}

  /** Until when (ms) the current key set counts as fresh; verified tokens must not be trusted past it. */
  get freshUntil(): number {
    return this.#fetchedAt + this.settings.maxAgeSeconds * 1000;
  }

  /** Fetches the key set now unless it is already held: for a readiness check. */
  async load(): Promise<void> {
    if (this.#index === undefined) await this.#refresh();
  }

  /** The keys that may verify a token signed with `alg` under `kid`; empty when none matches. */
  async candidates(alg: JwsAlgorithm, kid: string | undefined): Promise<readonly KeyObject[]> {
    const { now, maxAgeSeconds, staleIfErrorSeconds, cooldownSeconds } = this.settings;
    const age = now() - this.#fetchedAt;
    if (this.#index === undefined || age > (maxAgeSeconds + staleIfErrorSeconds) * 1000) {
      // Nothing usable: this request waits for the fetch (and is a 503 if the issuer is down).
      await this.#refresh();
    } else if (age > maxAgeSeconds * 1000 && now() - this.#attemptedAt >= cooldownSeconds * 1000) {
      // Stale but usable: answer with the known keys now and refresh in the background, at most
      // once per cooldown, so an outage adds neither latency nor a fetch per request.
      this.#refresh().catch(() => undefined);
    }
    const found = (this.#index as KeyIndex).candidates(alg, kid);
    const cooled = now() - this.#attemptedAt >= cooldownSeconds * 1000;
    if (found.length > 0 || (!cooled && !this.#unconfirmed)) return found;
    // An unknown kid may be a key the issuer just rotated in: another instance may hold the new set
    // already; when the set at hand came from another instance, the issuer itself is asked.
    if (cooled) {
      await this.#refresh();
      const again = (this.#index as KeyIndex).candidates(alg, kid);
      if (again.length > 0 || !this.#unconfirmed) return again;
    }
    await this.#refresh(false);
    return (this.#index as KeyIndex).candidates(alg, kid);
  }

  #refresh(useShared = true): Promise<void> {
    return this.#flight.run('jwks', async () => {
      this.#attemptedAt = this.settings.now();
      const { maxAgeSeconds, staleIfErrorSeconds } = this.settings;
      // Another instance may have fetched a newer set: a fresh one saves the call to the issuer.
      const shared = useShared ? await this.settings.sharing?.read() : undefined;
      if (this.#adopt(shared, maxAgeSeconds)) return;
      try {
        // The URI comes from discovery, which has a gate of its own: only the JWKS fetch passes this one.
        const url = await this.resolveUri();
        await this.settings.gate.run(() => this.#fetch(url));
      } catch (error) {
        // The issuer is down: a shared set within stale-if-error serves, as this instance's own would.
        if (this.#adopt(shared, maxAgeSeconds + staleIfErrorSeconds)) return;
        throw error;
      }
    });
  }

  /** Takes a shared set newer than the held one and younger than `maxAge` s; its keys imported anew. */
  #adopt(shared: SharedKeySet | undefined, maxAgeSeconds: number): boolean {
    if (shared === undefined || shared.fetchedAt <= this.#fetchedAt) return false;
    const now = this.settings.now();
    if (now - shared.fetchedAt >= maxAgeSeconds * 1000) return false;
    const usable = this.#usable(shared.keys).usable;
    if (usable.length === 0) return false;
    this.#index = new KeyIndex(usable);
    this.#fetchedAt = Math.min(shared.fetchedAt, now);
    this.#unconfirmed = true;
    return true;
  }

  /** The keys that can be used safely, and why the others cannot. */
  #usable(keys: readonly unknown[]): { usable: ImportedKey[]; skipped: string[] } {
    const usable: ImportedKey[] = [];
    const skipped: string[] = [];
    for (const jwk of keys.slice(0, MAX_KEYS)) {
      const imported = importJwk(jwk);
      if (typeof imported === 'string') skipped.push(imported);
      else usable.push(imported);
    }
    return { usable, skipped };
  }

  async #fetch(url: string): Promise<void> {
    const request = { url, what: 'JWKS', timeoutMs: this.settings.timeoutMs };
    const { status, json, retryAfterSeconds } = await fetchIssuerJson(request);
    if (status !== 200) throw unusableAnswer(request, `HTTP ${status}`, retryAfterSeconds);
    const keys = isJsonObject(json) ? json['keys'] : undefined;
    if (!Array.isArray(keys)) throw unusableAnswer(request, 'the answer is not a JWK Set ({ "keys": [...] })');
    if (keys.length > MAX_KEYS) throw unusableAnswer(request, `${keys.length} keys (at most ${MAX_KEYS} are read)`);
    const { usable, skipped } = this.#usable(keys as unknown[]);
    // A key set without a usable key is the issuer's fault: 503, never a 401 that makes clients
    // drop good tokens, and the keys that worked until now stay in place.
    if (usable.length === 0) {
      const why = skipped.length === 0 ? 'the key set is empty' : `no usable key (${skipped.join('; ')})`;
      throw unusableAnswer(request, why);
    }
    this.#index = new KeyIndex(usable);
    this.#fetchedAt = this.settings.now();
    this.#unconfirmed = false;
    const { maxAgeSeconds, staleIfErrorSeconds } = this.settings;
    this.settings.sharing?.write(
      { fetchedAt: this.#fetchedAt, keys },
      this.#fetchedAt + (maxAgeSeconds + staleIfErrorSeconds) * 1000,
    );
  }
}
