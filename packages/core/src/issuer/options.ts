import { DEFAULT_ALGORITHMS, isSupportedAlgorithm, type JwsAlgorithm } from '../jwt/algorithms.js';
import type { TypMode } from '../jwt/header.js';
import {
  checkBoolean,
  checkIssuerUrl,
  checkNumber,
  checkObject,
  checkOptionalUrl,
  fail,
  readOptions,
  type Resolved,
} from '../option-checks.js';
import { resolveOpaqueOptions, type OpaqueTokenOptions } from '../opaque/options.js';

/** The options of one trusted issuer: who it is, and what its tokens must show to pass. */
export interface IssuerOptions {
  /** The issuer identifier, compared byte for byte with `iss` and with the discovery metadata. `https:` (or `http:` on loopback). */
  issuer: string;
  /** The API's identifier(s): the token's `aud` must contain one of them. Default: `resource`, when set. */
  audience?: string | readonly string[] | undefined;
  /** The JWKS URL; default: `jwks_uri` from the issuer's discovery metadata. */
  jwksUri?: string | undefined;
  /** Allowed JWS algorithms (asymmetric only); default `['RS256', 'PS256', 'ES256', 'EdDSA']`. */
  algorithms?: readonly JwsAlgorithm[] | undefined;
  /** Leeway in seconds for `exp`, `nbf` and `iat`; default 5, at most 300. */
  clockTolerance?: number | undefined;
  /** `'compatible'` (default) accepts `typ` absent, `JWT` or `at+jwt`; `'strict'` requires `at+jwt` (RFC 9068). */
  typ?: TypMode | undefined;
  /** Refuse tokens issued more than this many seconds ago (`now - iat`); requires `iat`. */
  maxTokenAge?: number | undefined;
  /** Refuse tokens whose lifetime `exp - iat` exceeds this many seconds; requires `iat`. */
  maxTokenLifetime?: number | undefined;
  /** JWKS cache tuning. */
  jwks?: JwksOptions | undefined;
  /**
   * After a failed call to one of the issuer's endpoints, that endpoint is left alone for this many
   * seconds (longer if the issuer's `Retry-After` asks, up to 300) and requests that need it are
   * answered 503 at once; an unknown `kid` refetches the JWKS at most once per this window. Default 30, at least 1.
   */
  cooldownSeconds?: number | undefined;
  /** Accept opaque (non-JWT) access tokens by asking the issuer; default: opaque tokens are refused. */
  opaqueTokens?: OpaqueTokenOptions | undefined;
  /**
   * **Development only.** Let the issuer, its JWKS and its endpoints be plain `http:` on any host
   * (e.g. `http://keycloak:8080/realms/dev` in docker compose): keys and tokens then travel in
   * cleartext. Refused at start-up when `NODE_ENV` is `production`. Default false: https, or http on
   * loopback only.
   */
  allowInsecureHttpIssuer?: boolean | undefined;
}

/** JWKS cache tuning; every value in seconds. */
export interface JwksOptions {
  /** A fetched JWKS is refreshed after this long; default 600. */
  maxAgeSeconds?: number | undefined;
  /** How long known keys keep serving when a refresh fails (stale-if-error); default 3600. */
  staleIfErrorSeconds?: number | undefined;
}

const MAX_CLOCK_TOLERANCE_SECONDS = 300;

function checkInsecureHttp(value: unknown): boolean {
  const allowed = checkBoolean('allowInsecureHttpIssuer', value);
  // `process` is absent on some runtimes; there the opt-in is the developer's word alone.
  if (allowed && globalThis.process?.env?.['NODE_ENV'] === 'production') {
    fail(
      '`allowInsecureHttpIssuer` is for development and NODE_ENV is production: serve the issuer over https (or unset NODE_ENV=production for a development run).',
    );
  }
  return allowed;
}

function checkAudiences(value: unknown): readonly string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((a) => typeof a === 'string' && a !== '')) {
    fail(
      "`audience` is required: pass the API identifier the tokens are issued for, e.g. { audience: 'https://api.example' } (a non-empty string or array of them), or set `resource`.",
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

function checkClockTolerance(value: unknown): number {
  const seconds = checkNumber('clockTolerance', value, 5, 'seconds');
  // Leeway is for clock skew; minutes of it would quietly accept expired tokens.
  if (seconds > MAX_CLOCK_TOLERANCE_SECONDS) {
    fail(
      `\`clockTolerance\` is for clock skew and must be at most ${MAX_CLOCK_TOLERANCE_SECONDS} seconds; got ${seconds}.`,
    );
  }
  return seconds;
}

function checkTyp(value: unknown): TypMode {
  if (value === undefined) return 'compatible';
  if (value !== 'strict' && value !== 'compatible')
    fail("`typ` must be 'strict' (RFC 9068 at+jwt only) or 'compatible'.");
  return value;
}

const JWKS_OPTIONS = {
  maxAgeSeconds: (value: unknown) => checkNumber('jwks.maxAgeSeconds', value, 600, 'seconds', 1),
  staleIfErrorSeconds: (value: unknown) => checkNumber('jwks.staleIfErrorSeconds', value, 3600, 'seconds'),
} satisfies { readonly [K in keyof JwksOptions]-?: (value: unknown) => unknown };

// Every option of one issuer, its check and its default.
const ISSUER_OPTIONS = {
  issuer: (value: unknown) => checkIssuerUrl('issuer', value, false),
  audience: checkAudiences,
  jwksUri: (value: unknown) => checkOptionalUrl('jwksUri', value, false),
  algorithms: checkAlgorithms,
  clockTolerance: checkClockTolerance,
  typ: checkTyp,
  maxTokenAge: (value: unknown) => checkNumber('maxTokenAge', value, undefined, 'seconds', 1),
  maxTokenLifetime: (value: unknown) => checkNumber('maxTokenLifetime', value, undefined, 'seconds', 1),
  jwks: (value: unknown) => readOptions('jwks.', checkObject('jwks', value), JWKS_OPTIONS),
  // At least 1 s: without a cooldown a flood of random kids becomes a flood of JWKS fetches.
  cooldownSeconds: (value: unknown) => checkNumber('cooldownSeconds', value, 30, 'seconds', 1),
  opaqueTokens: (value: unknown) => resolveOpaqueOptions(value, false),
  allowInsecureHttpIssuer: checkInsecureHttp,
} satisfies { readonly [K in keyof IssuerOptions]-?: (value: unknown) => unknown };

// The same table with the development opt-in on: the issuer's URLs may be plain http anywhere.
const INSECURE_HTTP_ISSUER_OPTIONS: typeof ISSUER_OPTIONS = {
  ...ISSUER_OPTIONS,
  issuer: (value: unknown) => checkIssuerUrl('issuer', value, true),
  jwksUri: (value: unknown) => checkOptionalUrl('jwksUri', value, true),
  opaqueTokens: (value: unknown) => resolveOpaqueOptions(value, true),
};

/** The names of the options of one issuer. */
export const ISSUER_OPTION_NAMES: readonly string[] = Object.freeze(Object.keys(ISSUER_OPTIONS));

/** One issuer's options after validation, defaults applied (times in seconds). */
export type ResolvedIssuerOptions = Resolved<typeof ISSUER_OPTIONS>;

/**
 * Validates one issuer's options at start-up: each issuer checks its own. `alsoKnown` names the
 * other options that may sit beside them (the authenticator's, in a single-issuer configuration).
 */
export function resolveIssuerOptions(input: object, alsoKnown: readonly string[] = []): ResolvedIssuerOptions {
  const insecureHttp = checkInsecureHttp((input as Record<string, unknown>)['allowInsecureHttpIssuer']);
  const table = insecureHttp ? INSECURE_HTTP_ISSUER_OPTIONS : ISSUER_OPTIONS;
  const resolved = readOptions('', input, table, alsoKnown);
  const lifetimePolicy = resolved.maxTokenAge !== undefined || resolved.maxTokenLifetime !== undefined;
  if (resolved.opaqueTokens?.via === 'userinfo' && lifetimePolicy) {
    fail(
      '`maxTokenAge` / `maxTokenLifetime` cannot be enforced on opaque tokens checked via userinfo (a profile has no iat or exp). Use introspection, or drop the lifetime policy.',
    );
  }
  return resolved;
}
