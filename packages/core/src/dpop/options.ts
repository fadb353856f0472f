import { DEFAULT_ALGORITHMS, isSupportedAlgorithm, type JwsAlgorithm } from '../jwt/algorithms.js';
import { checkBoolean, checkIssuerUrl, checkNumber, checkObject, fail, readOptions } from '../option-checks.js';

/** DPoP (RFC 9449): sender-constrained tokens proved by a key the client holds. */
export interface DpopOptions {
  /** Refuse plain bearer tokens: every token must be DPoP-bound and come with a proof. Default false. */
  required?: boolean | undefined;
  /** Algorithms accepted for proofs (asymmetric only); default `['RS256', 'PS256', 'ES256', 'EdDSA']`. */
  algorithms?: readonly JwsAlgorithm[] | undefined;
  /** How far a proof's `iat` may be from now, either way, in seconds; default 300. */
  iatWindowSeconds?: number | undefined;
  /**
   * Require server nonces (RFC 9449 §8): a secret the instances share (at least 32 characters); a
   * nonce lives `lifetimeSeconds` (default 300) and the next slot. No storage is needed.
   */
  nonce?: { secret: string; lifetimeSeconds?: number | undefined } | undefined;
  /** Proofs remembered at once by the in-memory replay store (when no shared store is given); default 100000. */
  replayCacheSize?: number | undefined;
  /**
   * With a shared `store` that cannot answer: `'refuse'` (default) answers DPoP requests 503 until it
   * is back; `'per-instance'` claims proofs in this instance's memory meanwhile, so a proof could be
   * replayed once on each other instance during the outage.
   */
  replayFallback?: 'refuse' | 'per-instance' | undefined;
  /**
   * The origin clients address the API at (`https://api.example`), for `htu`, when the framework
   * cannot know it (a proxy that the app does not trust for forwarding headers). Default: the request's.
   */
  origin?: string | undefined;
}

/** DPoP settings after validation. */
export interface ResolvedDpopOptions {
  readonly required: boolean;
  readonly algorithms: readonly JwsAlgorithm[];
  readonly iatWindowSeconds: number;
  readonly nonce: { readonly secret: string; readonly lifetimeSeconds: number } | undefined;
  readonly replayCacheSize: number;
  readonly replayFallback: 'refuse' | 'per-instance';
  readonly origin: string | undefined;
}

const NONCE_OPTIONS = {
  secret: (value: unknown): string => {
    if (typeof value !== 'string' || value.length < 32) {
      fail('`dpop.nonce.secret` must be a string of at least 32 characters, shared by every instance of the API.');
    }
    return value;
  },
  lifetimeSeconds: (value: unknown) => checkNumber('dpop.nonce.lifetimeSeconds', value, 300, 'seconds', 10),
};

const DPOP_OPTIONS = {
  required: (value: unknown) => checkBoolean('dpop.required', value),
  algorithms: (value: unknown): readonly JwsAlgorithm[] => {
    if (value === undefined) return DEFAULT_ALGORITHMS;
    if (!Array.isArray(value) || value.length === 0 || !value.every(isSupportedAlgorithm)) {
      fail("`dpop.algorithms` must be a non-empty list of asymmetric JWS algorithms, e.g. ['ES256', 'EdDSA'].");
    }
    return Object.freeze([...new Set(value as JwsAlgorithm[])]);
  },
  iatWindowSeconds: (value: unknown) => checkNumber('dpop.iatWindowSeconds', value, 300, 'seconds', 1),
  nonce: (value: unknown) =>
    value === undefined ? undefined : readOptions('dpop.nonce.', checkObject('dpop.nonce', value), NONCE_OPTIONS),
  replayCacheSize: (value: unknown) => checkNumber('dpop.replayCacheSize', value, 100_000, 'entries', 1),
  replayFallback: (value: unknown): 'refuse' | 'per-instance' => {
    if (value === undefined) return 'refuse';
    if (value !== 'refuse' && value !== 'per-instance')
      fail("`dpop.replayFallback` must be 'refuse' or 'per-instance'.");
    return value;
  },
  origin: (value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    const origin = checkIssuerUrl('dpop.origin', value);
    if (new URL(origin).pathname !== '/' || origin.endsWith('/')) {
      fail('`dpop.origin` is an origin only, scheme and host, e.g. https://api.example (no path, no trailing slash).');
    }
    return origin;
  },
} satisfies { readonly [K in keyof DpopOptions]-?: (value: unknown) => unknown };

/** Validates the `dpop` option: `false` turns the scheme off; default (absent or `true`): accepted. */
export function resolveDpopOptions(value: unknown): ResolvedDpopOptions | undefined {
  if (value === false) return undefined;
  return readOptions('dpop.', value === undefined || value === true ? {} : checkObject('dpop', value), DPOP_OPTIONS);
}
