import { DEFAULT_ALGORITHMS, isSupportedAlgorithm, type JwsAlgorithm } from '../jwt/algorithms.js';
import type { TypMode } from '../jwt/header.js';
import { checkTenants } from './issuer-name.js';
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
  /**
   * The API's identifier(s): the token's `aud` must contain one of them. Default: `resource`, when
   * set. Required unless `clientIds` binds the tokens instead.
   */
  audience?: string | readonly string[] | undefined;
  /**
   * Accept tokens issued to these clients as meant for this API, for issuers whose access tokens
   * name no audience of the API (Amazon Cognito; Keycloak without an audience mapper): the token's
   * `client_id` (or its `azp`, when it has no `client_id`) must be one of them. Only where you say
   * so: with `audience` as well, either binding admits a token.
   */
  clientIds?: readonly string[] | undefined;
  /**
   * Where the granted scopes are read: claim names, a dotted path into nested objects
   * (`'realm_access.roles'`), or a path as an array (`['resource_access', 'my.api', 'roles']`); each a
   * space-separated string or an array of strings. Default `['scope', 'scp']`.
   */
  scopeClaims?: readonly (string | readonly string[])[] | undefined;
  /**
   * The tenants a multi-tenant issuer (`https://login.microsoftonline.com/{tenantid}/v2.0`) accepts;
   * default: any tenant. The token's `iss` names its tenant; its `tid`, when present, must agree.
   */
  tenants?: readonly string[] | undefined;
  /**
   * Whether this issuer's access tokens may be JWTs; default true. `false` for an issuer whose access
   * tokens are always opaque (Google), so its JWTs, ID tokens, are refused whatever their audience.
   */
  jwtAccessTokens?: boolean | undefined;
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
}

/** JWKS cache tuning; every value in seconds. */
export interface JwksOptions {
  /** A fetched JWKS is refreshed after this long; default 600. */
  maxAgeSeconds?: number | undefined;
  /** How long known keys keep serving when a refresh fails (stale-if-error); default 3600. */
  staleIfErrorSeconds?: number | undefined;
}

const MAX_CLOCK_TOLERANCE_SECONDS = 300;

const AUDIENCE_REQUIRED =
  "`audience` is required: pass the API identifier the tokens are issued for, e.g. { audience: 'https://api.example' } (a non-empty string or array of them), or set `resource`.";

function checkStrings(
  name: string,
  value: unknown,
  message = `\`${name}\` must be a non-empty array of non-empty strings.`,
) {
  if (!Array.isArray(value) || value.length === 0 || !value.every((a) => typeof a === 'string' && a !== ''))
    fail(message);
  return Object.freeze([...(value as string[])]);
}

// Absent is an empty list here; resolveIssuerOptions requires it unless clientIds binds instead.
function checkAudiences(value: unknown): readonly string[] {
  if (value === undefined) return Object.freeze([]);
  return checkStrings('audience', typeof value === 'string' ? [value] : value, AUDIENCE_REQUIRED);
}

/** A claim path: its segments. */
export type ClaimPath = readonly string[];

const DEFAULT_SCOPE_CLAIMS: readonly ClaimPath[] = Object.freeze([Object.freeze(['scope']), Object.freeze(['scp'])]);

function checkScopeClaims(value: unknown): readonly ClaimPath[] {
  if (value === undefined) return DEFAULT_SCOPE_CLAIMS;
  const message =
    "`scopeClaims` must be a non-empty array of claim names or paths, e.g. ['scope', 'permissions'] or ['realm_access.roles'].";
  if (!Array.isArray(value) || value.length === 0) fail(message);
  return Object.freeze(
    value.map((entry: unknown) =>
      Object.freeze(
        typeof entry === 'string' ? checkStrings('', entry.split('.'), message) : checkStrings('', entry, message),
      ),
    ),
  );
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
  issuer: (value: unknown) => checkIssuerUrl('issuer', value),
  audience: checkAudiences,
  clientIds: (value: unknown) => (value === undefined ? undefined : checkStrings('clientIds', value)),
  scopeClaims: checkScopeClaims,
  tenants: (value: unknown) => (value === undefined ? undefined : checkStrings('tenants', value)),
  jwtAccessTokens: (value: unknown) => checkBoolean('jwtAccessTokens', value, true),
  jwksUri: (value: unknown) => checkOptionalUrl('jwksUri', value),
  algorithms: checkAlgorithms,
  clockTolerance: checkClockTolerance,
  typ: checkTyp,
  maxTokenAge: (value: unknown) => checkNumber('maxTokenAge', value, undefined, 'seconds', 1),
  maxTokenLifetime: (value: unknown) => checkNumber('maxTokenLifetime', value, undefined, 'seconds', 1),
  jwks: (value: unknown) => readOptions('jwks.', checkObject('jwks', value), JWKS_OPTIONS),
  // At least 1 s: without a cooldown a flood of random kids becomes a flood of JWKS fetches.
  cooldownSeconds: (value: unknown) => checkNumber('cooldownSeconds', value, 30, 'seconds', 1),
  opaqueTokens: resolveOpaqueOptions,
} satisfies { readonly [K in keyof IssuerOptions]-?: (value: unknown) => unknown };

/** The names of the options of one issuer. */
export const ISSUER_OPTION_NAMES: readonly string[] = Object.freeze(Object.keys(ISSUER_OPTIONS));

/** One issuer's options after validation, defaults applied (times in seconds). */
export type ResolvedIssuerOptions = Resolved<typeof ISSUER_OPTIONS>;

/**
 * Validates one issuer's options at start-up: each issuer checks its own. `alsoKnown` names the
 * other options that may sit beside them (the authenticator's, in a single-issuer configuration).
 */
export function resolveIssuerOptions(input: object, alsoKnown: readonly string[] = []): ResolvedIssuerOptions {
  const resolved = readOptions('', input, ISSUER_OPTIONS, alsoKnown);
  checkTenants(resolved.issuer, resolved.tenants);
  if (resolved.audience.length === 0 && resolved.clientIds === undefined) fail(AUDIENCE_REQUIRED);
  if (!resolved.jwtAccessTokens && resolved.opaqueTokens === undefined) {
    fail('`jwtAccessTokens: false` needs `opaqueTokens`: the issuer would have no token this API accepts.');
  }
  const lifetimePolicy = resolved.maxTokenAge !== undefined || resolved.maxTokenLifetime !== undefined;
  if (resolved.opaqueTokens?.via === 'userinfo' && lifetimePolicy) {
    fail(
      '`maxTokenAge` / `maxTokenLifetime` cannot be enforced on opaque tokens checked via userinfo (a profile has no iat or exp). Use introspection, or drop the lifetime policy.',
    );
  }
  return resolved;
}
