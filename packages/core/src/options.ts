import { DEFAULT_REALM, isValidChallengeValue } from './http/challenge.js';
import {
  ISSUER_OPTION_NAMES,
  resolveIssuerOptions,
  type IssuerOptions,
  type ResolvedIssuerOptions,
} from './issuer/options.js';
import { resolveDpopOptions, type DpopOptions } from './dpop/options.js';
import { normalizeRequiredScopes } from './guards/required-scopes.js';
import type { MtlsOptions } from './mtls/certificate.js';
import type { ResourceMetadataDetails } from './http/resource-metadata.js';
import {
  checkBoolean,
  checkIssuerUrl,
  checkObject,
  checkNumber,
  checkOptionalUrl,
  fail,
  readOptions,
  type Resolved,
} from './option-checks.js';
import { consoleEvents } from './diagnostics/loggers.js';
import type { EventSink } from './diagnostics/events.js';
import type { AuthResult, Clock } from './result.js';
import { checkSharedStore, type SharedStore } from './store/shared-store.js';

export type { IssuerOptions, JwksOptions } from './issuer/options.js';
export type { OpaqueTokenOptions } from './opaque/options.js';

/** Options of the authenticator itself, shared by every issuer it trusts. */
export interface SharedOptions {
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
  /** How many verified JWTs to remember (keyed by SHA-256 of the token); default 10000, `0` disables. */
  verifiedTokenCacheSize?: number | undefined;
  /** The clock, in ms since the epoch; default `Date.now`. For tests. */
  now?: Clock | undefined;
  /**
   * The protected resource this API is (RFC 8707, RFC 9728): an https URL such as
   * `https://api.example/mcp`. The audience then defaults to it and matches tokens whose `aud` differs
   * only in scheme or host case or a trailing slash, and tokens in the query string are never read.
   */
  resource?: string | undefined;
  /**
   * Publish RFC 9728 metadata for `resource` and point every 401 and 403 challenge to it
   * (`resource_metadata`): `true`, or the document's extra fields (`scopesSupported`,
   * `resourceName`, `resourceDocumentation`, `authorizationServers`), or the URL of a document
   * served elsewhere. Serve it with the adapter's `protectedResourceMetadata`.
   */
  resourceMetadata?: boolean | string | ResourceMetadataDetails | undefined;
  /** Scopes a 401 names in its challenge (`scope`), the ones a client should ask for; e.g. `'mcp:tools'`. */
  challengeScope?: string | readonly string[] | undefined;
  /**
   * DPoP (RFC 9449): accepted by default (a plain bearer token keeps working; a DPoP-bound one needs
   * a valid proof); `{ required: true }` refuses bearer tokens; `false` turns the scheme off (a
   * key-bound token presented as Bearer is still refused). See {@link DpopOptions}.
   */
  dpop?: boolean | DpopOptions | undefined;
  /** mTLS-bound tokens (RFC 8705): where the client certificate is read. Bound tokens are always checked. */
  mtls?: MtlsOptions | undefined;
  /**
   * A cookie that may carry the token (for a browser front-end of the same site); a token in a
   * cookie and anywhere else is a 400. Default: cookies are not read.
   */
  tokenCookie?: string | undefined;
  /** Another header that may carry the token as it is, e.g. `'x-access-token'`. Default: none. */
  tokenHeader?: string | undefined;
  /**
   * Let a request without any bearer credentials through, with no result (`req.auth` undefined);
   * a token that is present but not valid is still refused. Default false.
   */
  optional?: boolean | undefined;
  /**
   * Receives each refused request and each failed issuer call, with stable codes and expected
   * against actual; default {@link consoleEvents}: configuration errors and issuer outages on the
   * console, nothing per refused request.
   */
  onEvent?: EventSink | undefined;
  /**
   * A store the API's instances share (`redisStore(client, { secret })` from `@access-guard/redis`):
   * introspection and userinfo answers, DPoP proofs and revocations ({@link revoke}) then hold for
   * every instance, behind each one's memory. Default: everything stays in this process's memory.
   */
  store?: SharedStore | undefined;
  /**
   * Your own revocation list: called with each accepted result, cached token or not; `true` refuses
   * the request with 401 `invalid_token` (reason `revoked`). A throw is a 500: keep it fast and total.
   */
  isRevoked?: ((auth: AuthResult) => boolean | Promise<boolean>) | undefined;
}

/**
 * Options of `requireAuth` and `createAuthenticator`: one trusted issuer's options (only `issuer`
 * and `audience` are required) beside the authenticator's own; or, for several trusted issuers, a
 * list of them in `issuers` instead.
 * @example
 * ```ts
 * requireAuth({ issuer: 'https://issuer.example/', audience: 'https://api.example' });
 * requireAuth({ issuers: [auth0Issuer({ domain: 'tenant.eu.auth0.com', audience: 'https://api.example' }), other] });
 * ```
 */
export interface AuthOptions extends Omit<IssuerOptions, 'issuer'>, SharedOptions {
  /** The issuer identifier (see {@link IssuerOptions.issuer}); required unless `issuers` is given. */
  issuer?: string | undefined;
  /**
   * Several trusted issuers, each with its own keys, audiences and policy; the options of one issuer
   * then go in its entry, not beside the list. A token's unverified `iss` only selects among them:
   * an untrusted one is refused with no outbound request. At most one entry may accept opaque
   * tokens (an opaque token names no issuer).
   */
  issuers?: readonly IssuerOptions[] | undefined;
}

// Node's timers overflow past 2^31 - 1 ms and fire at once.
const MAX_TIMER_MS = 2_147_483_647;

function checkRealm(value: unknown): string {
  if (value === undefined) return DEFAULT_REALM;
  if (typeof value !== 'string' || value === '' || !isValidChallengeValue(value)) {
    fail('`realm` must be a non-empty string of printable ASCII without `"` or `\\`.');
  }
  return value;
}

function checkTimeout(value: unknown): number {
  const timeoutMs = checkNumber('timeoutMs', value, 5000, 'milliseconds', 1);
  if (!Number.isInteger(timeoutMs) || timeoutMs > MAX_TIMER_MS) {
    fail(`\`timeoutMs\` must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS}; got ${timeoutMs}.`);
  }
  return timeoutMs;
}

// 2001-09-09 and 5138-11-16 in ms: a reading outside is seconds, microseconds or no time at all.
const EPOCH_MS_RANGE = [1e12, 1e14] as const;

function checkClock(value: unknown): Clock {
  if (value === undefined) return Date.now;
  if (typeof value !== 'function') fail('`now` must be a function returning ms since the epoch.');
  const reading: unknown = (value as () => unknown)();
  if (typeof reading !== 'number' || !(reading >= EPOCH_MS_RANGE[0] && reading < EPOCH_MS_RANGE[1])) {
    fail(
      `\`now\` must return milliseconds since the epoch, like Date.now(); it returned ${String(reading)} (seconds would be about 1.7e9).`,
    );
  }
  return value as Clock;
}

// RFC 9110 §5.1 / RFC 6265 §4.1.1: a token (no separators, no spaces).
const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function checkName(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !NAME.test(value))
    fail(`\`${option}\` must be a header or cookie name, e.g. 'access_token'.`);
  return value;
}

const MTLS_OPTIONS = {
  certificateHeader: (value: unknown) => checkName('mtls.certificateHeader', value),
} satisfies { readonly [K in keyof MtlsOptions]-?: (value: unknown) => unknown };

// Every option of the authenticator, its check and its default.
const SHARED_OPTIONS = {
  realm: checkRealm,
  allowQueryToken: (value: unknown) => checkBoolean('allowQueryToken', value),
  allowBodyToken: (value: unknown) => checkBoolean('allowBodyToken', value),
  maxTokenLength: (value: unknown) => checkNumber('maxTokenLength', value, 8192, 'characters', 16),
  timeoutMs: checkTimeout,
  verifiedTokenCacheSize: (value: unknown) => checkNumber('verifiedTokenCacheSize', value, 10_000, 'entries'),
  now: checkClock,
  optional: (value: unknown) => checkBoolean('optional', value),
  resource: (value: unknown) => checkOptionalUrl('resource', value),
  resourceMetadata: (value: unknown): boolean | string | ResourceMetadataDetails | undefined => {
    if (value === undefined || typeof value === 'boolean') return value;
    if (typeof value === 'string') return checkIssuerUrl('resourceMetadata', value);
    if (value === null || typeof value !== 'object') {
      fail('`resourceMetadata` must be true, the URL of the document, or its extra fields.');
    }
    return value as ResourceMetadataDetails;
  },
  dpop: resolveDpopOptions,
  mtls: (value: unknown) => readOptions('mtls.', checkObject('mtls', value), MTLS_OPTIONS),
  tokenCookie: (value: unknown) => checkName('tokenCookie', value),
  tokenHeader: (value: unknown): string | undefined => {
    const name = checkName('tokenHeader', value);
    if (name !== undefined && ['authorization', 'dpop', 'cookie'].includes(name.toLowerCase())) {
      fail(`\`tokenHeader\` must name another header than ${name}.`);
    }
    return name;
  },
  challengeScope: (value: unknown): string | undefined =>
    value === undefined ? undefined : normalizeRequiredScopes(value as string | readonly string[]).join(' '),
  store: checkSharedStore,
  isRevoked: (value: unknown): ((auth: AuthResult) => boolean | Promise<boolean>) | undefined => {
    if (value !== undefined && typeof value !== 'function') {
      fail('`isRevoked` must be a function (auth) => boolean | Promise<boolean>.');
    }
    return value as ((auth: AuthResult) => boolean | Promise<boolean>) | undefined;
  },
  onEvent: (value: unknown): EventSink => {
    if (value === undefined) return consoleEvents();
    if (typeof value !== 'function') fail('`onEvent` must be a function that receives each event.');
    return value as EventSink;
  },
} satisfies { readonly [K in keyof SharedOptions]-?: (value: unknown) => unknown };

/** The authenticator's own options after validation, defaults applied. */
export type ResolvedSharedOptions = Resolved<typeof SHARED_OPTIONS>;

/** Everything `createAuthenticator` was given, validated. */
export interface ResolvedOptions {
  readonly shared: ResolvedSharedOptions;
  readonly issuers: readonly ResolvedIssuerOptions[];
}

/**
 * Validates options at start-up and applies defaults. A mistake throws a `TypeError` whose message
 * says how to fix it, so it never surfaces as a request that fails (or passes) later.
 */
export function resolveOptions(options: AuthOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    fail("options are required: requireAuth({ issuer: 'https://issuer.example/', audience: 'https://api.example' }).");
  }
  const shared = readOptions('', options, SHARED_OPTIONS, [...ISSUER_OPTION_NAMES, 'issuers']);
  const { resource, resourceMetadata } = shared;
  if (resource !== undefined && shared.allowQueryToken) {
    fail(
      '`allowQueryToken` cannot be used with `resource`: tokens in the query string are never read on a protected resource (OAuth 2.1).',
    );
  }
  if (resource === undefined && (resourceMetadata === true || typeof resourceMetadata === 'object')) {
    fail(
      "`resourceMetadata` needs `resource`, the identifier the document describes, e.g. { resource: 'https://api.example/mcp' }.",
    );
  }
  // A resource-bound API is its own audience unless told otherwise.
  const withAudience = (input: IssuerOptions): IssuerOptions =>
    resource !== undefined && input.audience === undefined && input.clientIds === undefined
      ? { ...input, audience: resource }
      : input;
  if (options.issuers === undefined) {
    return {
      shared,
      issuers: [
        resolveIssuerOptions(withAudience(options as IssuerOptions), [...Object.keys(SHARED_OPTIONS), 'issuers']),
      ],
    };
  }
  return { shared, issuers: resolveIssuerList(options, options.issuers, withAudience) };
}

/** The entries of `issuers`, each checked on its own; nothing of one issuer may sit beside the list. */
function resolveIssuerList(
  options: AuthOptions,
  issuers: unknown,
  withAudience: (input: IssuerOptions) => IssuerOptions,
): ResolvedIssuerOptions[] {
  if (!Array.isArray(issuers) || issuers.length === 0) {
    fail('`issuers` must be a non-empty array of issuer options, e.g. [{ issuer, audience }, …].');
  }
  const beside = ISSUER_OPTION_NAMES.filter(
    (name) => (options as unknown as Record<string, unknown>)[name] !== undefined,
  );
  if (beside.length > 0) {
    fail(
      `\`${beside[0]}\` belongs to one issuer: with \`issuers\`, put it in each entry of the list (it would be ambiguous beside it).`,
    );
  }
  const resolved = (issuers as unknown[]).map((entry, index) => {
    if (entry === null || typeof entry !== 'object') fail(`\`issuers[${index}]\` must be an object of issuer options.`);
    return resolveIssuerOptions(withAudience(entry as IssuerOptions));
  });
  const names = resolved.map((entry) => entry.issuer);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) fail(`\`issuers\` names ${repeated} twice; each issuer has one entry.`);
  if (resolved.filter((entry) => entry.opaqueTokens !== undefined).length > 1) {
    fail(
      'Only one entry of `issuers` may have `opaqueTokens`: an opaque token names no issuer, so the API could not tell which to ask.',
    );
  }
  return resolved;
}
