import { DEFAULT_ALGORITHMS, isSupportedAlgorithm, type JwsAlgorithm } from './algorithms.js';
import { DEFAULT_REALM } from './errors.js';
import { checkBoolean, checkIssuerUrl, checkKnownKeys, checkNumber, fail } from './option-checks.js';
import {
  checkOpaqueOptions,
  OPAQUE_OPTION_KEYS,
  type OpaqueTokenOptions,
  type ResolvedOpaqueOptions,
} from './opaque-options.js';
import type { Clock } from './types.js';

export type { OpaqueTokenOptions, ResolvedOpaqueOptions } from './opaque-options.js';
import { isValidChallengeValue } from './www-authenticate.js';

/** How the JWS `typ` header is checked (RFC 9068 §2.1, §4). */
export type TypMode = 'strict' | 'compatible';

/** Options of `requireAuth` and `createAuthenticator`. Only `issuer` and `audience` are required. */
export interface AuthOptions {
  /** The issuer identifier, compared byte for byte with `iss` and with the discovery metadata. `https:` (or `http:` on loopback). */
  issuer: string;
  /** The API's identifier(s): the token's `aud` must contain one of them. */
  audience: string | readonly string[];
  /** The JWKS URL; default: `jwks_uri` from the issuer's discovery metadata. */
  jwksUri?: string | undefined;
  /** Allowed JWS algorithms (asymmetric only); default `['RS256', 'PS256', 'ES256', 'EdDSA']`. */
  algorithms?: readonly JwsAlgorithm[] | undefined;
  /** Leeway in seconds for `exp`, `nbf` and `iat`; default 5. */
  clockTolerance?: number | undefined;
  /** `'compatible'` (default) accepts `typ` absent, `JWT` or `at+jwt`; `'strict'` requires `at+jwt` (RFC 9068). */
  typ?: TypMode | undefined;
  /** Refuse tokens issued more than this many seconds ago (`now - iat`); requires `iat`. */
  maxTokenAge?: number | undefined;
  /** Refuse tokens whose lifetime `exp - iat` exceeds this many seconds; requires `iat`. */
  maxTokenLifetime?: number | undefined;
  /** The `realm` of the `WWW-Authenticate` challenge; default `'api'`. */
  realm?: string | undefined;
  /** Accept `?access_token=` (RFC 6750 §2.3); default false. Responses then carry `Cache-Control: private`. */
  allowQueryToken?: boolean | undefined;
  /** Accept a form-body `access_token` (RFC 6750 §2.2; needs a urlencoded body parser); default false. */
  allowBodyToken?: boolean | undefined;
  /** Tokens longer than this many characters are refused before parsing; default 8192. */
  maxTokenLength?: number | undefined;
  /** Timeout in ms of each call to the issuer (discovery, JWKS, userinfo, introspection); default 5000. */
  timeoutMs?: number | undefined;
  /** JWKS cache tuning. */
  jwks?: JwksOptions | undefined;
  /** How many verified JWTs to remember (keyed by SHA-256 of the token); default 10000, `0` disables. */
  verifiedTokenCacheSize?: number | undefined;
  /** Accept opaque (non-JWT) access tokens by asking the issuer; default: opaque tokens are refused. */
  opaqueTokens?: OpaqueTokenOptions | undefined;
  /** The clock, in ms since the epoch; default `Date.now`. For tests. */
  now?: Clock | undefined;
}

/** JWKS cache tuning; every value in seconds. */
export interface JwksOptions {
  /** A fetched JWKS is refreshed after this long; default 600. */
  maxAgeSeconds?: number | undefined;
  /** Minimum time between two fetches caused by an unknown `kid`; default 30. */
  cooldownSeconds?: number | undefined;
  /** How long known keys keep serving when a refresh fails (stale-if-error); default 3600. */
  staleIfErrorSeconds?: number | undefined;
}

/** Options after validation, with every default applied. */
export interface ResolvedOptions {
  issuer: string;
  audiences: readonly string[];
  jwksUri: string | undefined;
  algorithms: readonly JwsAlgorithm[];
  clockToleranceSeconds: number;
  typ: TypMode;
  maxTokenAgeSeconds: number | undefined;
  maxTokenLifetimeSeconds: number | undefined;
  realm: string;
  allowQueryToken: boolean;
  allowBodyToken: boolean;
  maxTokenLength: number;
  timeoutMs: number;
  jwks: Required<{ [K in keyof JwksOptions]: number }>;
  verifiedTokenCacheSize: number;
  /** Undefined when opaque tokens are refused. */
  opaqueTokens: ResolvedOpaqueOptions | undefined;
  /** Bound of the cache of issuer answers (introspection, userinfo). */
  issuerCacheMaxEntries: number;
  now: Clock;
}

const MAX_CLOCK_TOLERANCE_SECONDS = 300;
// Node's timers overflow past 2^31 - 1 ms and fire at once.
const MAX_TIMER_MS = 2_147_483_647;

function checkAudiences(value: unknown): readonly string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((a) => typeof a === 'string' && a !== '')) {
    fail(
      "`audience` is required: pass the API identifier the tokens are issued for, e.g. { audience: 'https://api.example' } (a non-empty string or array of them).",
    );
  }
  return Object.freeze([...(list as string[])]);
}

function checkAlgorithms(value: unknown): readonly JwsAlgorithm[] {
  if (value === undefined) return DEFAULT_ALGORITHMS;
  if (!Array.isArray(value) || value.length === 0) fail("`algorithms` must be a non-empty array, e.g. ['RS256'].");
  for (const alg of value) {
    if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
      fail('`algorithms` must not contain "none": unsigned tokens would be accepted.');
    }
    if (typeof alg === 'string' && /^HS/i.test(alg)) {
      fail(
        `\`algorithms\` must not contain ${alg}: symmetric algorithms let anyone with the key mint tokens, and an asymmetric public key must never be used as an HMAC secret. Use RS256, PS256, ES256 or EdDSA.`,
      );
    }
    if (!isSupportedAlgorithm(alg)) fail(`\`algorithms\` contains an unsupported algorithm ${JSON.stringify(alg)}.`);
  }
  return Object.freeze([...new Set(value as JwsAlgorithm[])]);
}

const AUTH_OPTION_KEYS = [
  'issuer',
  'audience',
  'jwksUri',
  'algorithms',
  'clockTolerance',
  'typ',
  'maxTokenAge',
  'maxTokenLifetime',
  'realm',
  'allowQueryToken',
  'allowBodyToken',
  'maxTokenLength',
  'timeoutMs',
  'jwks',
  'verifiedTokenCacheSize',
  'opaqueTokens',
  'now',
  // Read by the framework adapters, not by the core.
  'errors',
];
const JWKS_OPTION_KEYS = ['maxAgeSeconds', 'cooldownSeconds', 'staleIfErrorSeconds'];

/**
 * Validates options at start-up and applies defaults. Misconfiguration throws a `TypeError` whose message
 * says how to fix it, so a mistake never surfaces as a request that fails (or passes) later.
 */
export function resolveOptions(options: AuthOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    fail("options are required: requireAuth({ issuer: 'https://issuer.example/', audience: 'https://api.example' }).");
  }
  const realm = options.realm ?? DEFAULT_REALM;
  if (typeof realm !== 'string' || realm === '' || !isValidChallengeValue(realm)) {
    fail('`realm` must be a non-empty string of printable ASCII without `"` or `\\`.');
  }
  if (options.typ !== undefined && options.typ !== 'strict' && options.typ !== 'compatible') {
    fail("`typ` must be 'strict' (RFC 9068 at+jwt only) or 'compatible'.");
  }
  checkKnownKeys('', options, AUTH_OPTION_KEYS);
  const jwks = options.jwks ?? {};
  checkKnownKeys('jwks.', jwks, JWKS_OPTION_KEYS);
  if (options.opaqueTokens !== undefined && options.opaqueTokens !== null && typeof options.opaqueTokens === 'object') {
    checkKnownKeys('opaqueTokens.', options.opaqueTokens, OPAQUE_OPTION_KEYS);
  }
  if (options.now !== undefined && typeof options.now !== 'function')
    fail('`now` must be a function returning ms since the epoch.');
  const clockTolerance = checkNumber('clockTolerance', options.clockTolerance, 5, 'seconds');
  // Leeway is for clock skew; minutes of it would quietly accept expired tokens.
  if (clockTolerance > MAX_CLOCK_TOLERANCE_SECONDS) {
    fail(
      `\`clockTolerance\` is for clock skew and must be at most ${MAX_CLOCK_TOLERANCE_SECONDS} seconds; got ${clockTolerance}.`,
    );
  }
  const timeoutMs = checkNumber('timeoutMs', options.timeoutMs, 5000, 'milliseconds', 1);
  if (!Number.isInteger(timeoutMs) || timeoutMs > MAX_TIMER_MS) {
    fail(`\`timeoutMs\` must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS}; got ${timeoutMs}.`);
  }
  return {
    issuer: checkIssuerUrl('issuer', options.issuer),
    audiences: checkAudiences(options.audience),
    jwksUri: options.jwksUri === undefined ? undefined : checkIssuerUrl('jwksUri', options.jwksUri),
    algorithms: checkAlgorithms(options.algorithms),
    clockToleranceSeconds: clockTolerance,
    typ: options.typ ?? 'compatible',
    maxTokenAgeSeconds: checkNumber('maxTokenAge', options.maxTokenAge, undefined, 'seconds', 1),
    maxTokenLifetimeSeconds: checkNumber('maxTokenLifetime', options.maxTokenLifetime, undefined, 'seconds', 1),
    realm,
    allowQueryToken: checkBoolean('allowQueryToken', options.allowQueryToken),
    allowBodyToken: checkBoolean('allowBodyToken', options.allowBodyToken),
    maxTokenLength: checkNumber('maxTokenLength', options.maxTokenLength, 8192, 'characters', 16),
    timeoutMs,
    jwks: {
      maxAgeSeconds: checkNumber('jwks.maxAgeSeconds', jwks.maxAgeSeconds, 600, 'seconds', 1),
      // At least 1 s: without a cooldown a flood of random kids becomes a flood of JWKS fetches.
      cooldownSeconds: checkNumber('jwks.cooldownSeconds', jwks.cooldownSeconds, 30, 'seconds', 1),
      staleIfErrorSeconds: checkNumber('jwks.staleIfErrorSeconds', jwks.staleIfErrorSeconds, 3600, 'seconds'),
    },
    verifiedTokenCacheSize: checkNumber('verifiedTokenCacheSize', options.verifiedTokenCacheSize, 10_000, 'entries'),
    opaqueTokens: checkOpaqueOptions(
      options.opaqueTokens,
      options.maxTokenAge !== undefined || options.maxTokenLifetime !== undefined,
    ),
    issuerCacheMaxEntries: checkNumber(
      'opaqueTokens.cacheMaxEntries',
      options.opaqueTokens?.cacheMaxEntries,
      10_000,
      'entries',
      1,
    ),
    now: options.now ?? Date.now,
  };
}
