import { DEFAULT_PRESENTATION, formatChallenges, type Presentation } from './http/challenge.js';

/**
 * The RFC 6750 §3.1 error codes, plus `temporarily_unavailable` for an unreachable issuer and
 * `server_error` for an API whose own configuration is wrong (RFC 6749 §4.1.2.1 names both).
 */
export type BearerErrorCode =
  | 'invalid_request'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'insufficient_user_authentication'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  | 'temporarily_unavailable'
  | 'server_error';

/** Stable machine-readable codes that callers can `switch` on. */
export type AccessGuardErrorCode =
  | 'ERR_MISSING_TOKEN'
  | 'ERR_INVALID_REQUEST'
  | 'ERR_INVALID_TOKEN'
  | 'ERR_INSUFFICIENT_SCOPE'
  | 'ERR_INSUFFICIENT_USER_AUTHENTICATION'
  | 'ERR_INVALID_DPOP_PROOF'
  | 'ERR_USE_DPOP_NONCE'
  | 'ERR_ISSUER_UNAVAILABLE'
  | 'ERR_CONFIGURATION';

/**
 * Why a request was refused or failed: a stable code for logs, metrics and `switch`, finer than
 * {@link AccessGuardErrorCode}. Values never change meaning; new ones may be added.
 */
export type RefusalReason =
  // 401 without error, 400: where the token is
  | 'missing_token'
  | 'repeated_credentials'
  // 401: the token's form
  | 'malformed'
  | 'too_long'
  | 'header_too_large'
  | 'encrypted'
  | 'not_a_jwt'
  // 401: the JWS header
  | 'algorithm_not_allowed'
  | 'foreign_key_reference'
  | 'critical_header'
  | 'nested_jwt'
  | 'wrong_typ'
  // 401: keys and signature
  | 'unknown_key'
  | 'bad_signature'
  // 401: claims
  | 'untrusted_issuer'
  | 'issuer_differs_by_slash'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'id_token'
  | 'jwt_not_accepted'
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'missing_exp'
  | 'bad_date'
  | 'missing_iat'
  | 'too_old'
  | 'lifetime_too_long'
  // 401: the issuer's answer about an opaque token
  | 'inactive'
  | 'rejected_by_issuer'
  | 'not_an_access_token'
  // 401: revoked through revoke() or the isRevoked option
  | 'revoked'
  // 401: sender-constrained tokens (RFC 9449 DPoP, RFC 8705 mTLS)
  | 'bearer_not_accepted'
  | 'bound_token_as_bearer'
  | 'unbound_token_as_dpop'
  | 'bad_proof'
  | 'proof_key_mismatch'
  | 'proof_replayed'
  | 'nonce_required'
  | 'certificate_required'
  | 'certificate_mismatch'
  // 403
  | 'insufficient_scope'
  | 'claims_not_met'
  | 'userinfo_refused'
  // 401 step-up (RFC 9470)
  | 'weak_authentication'
  | 'stale_authentication'
  // 503, 500
  | 'issuer_unavailable'
  | 'issuer_busy'
  | 'misconfigured';

/** A definite "no" from the issuer (inactive, rejected, another API's token), remembered briefly. */
export interface Refusal {
  readonly refusal: string;
  readonly reason: RefusalReason;
}

/**
 * What a developer needs to see why a token was refused: the expected and the actual value, and the
 * fix when there is one. Reported to the application's event hook and kept on the error; never sent
 * to the client (an `actual` value read before the signature was verified says so).
 */
export interface RefusalDetail {
  readonly expected?: string;
  readonly actual?: string;
  readonly fix?: string;
}

/** What every access-guard error is built from. */
export interface AccessGuardErrorInit {
  /** The underlying reason: kept for logs, never sent to the client. */
  cause?: unknown;
  /** A stable code for why; default: the one of the class. */
  reason?: RefusalReason | undefined;
  /** Expected against actual, for logs; never sent to the client. */
  detail?: RefusalDetail | undefined;
}

// Values from configuration or from an issuer, or unverified claims, are cut and stripped of
// control characters before they reach a log line.
const MAX_DETAIL_LENGTH = 200;

/** A value as a detail shows it: JSON, control characters removed, at most 200 characters. */
export function detailValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  // Control characters (C0 and C1) would let a value forge log lines.
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text;
}

/**
 * The base class of every error that access-guard raises for a request. It carries what Express's and
 * Koa's default error handlers read: `status`/`statusCode`, `expose` and `headers` (with the RFC 6750
 * `WWW-Authenticate` challenge), plus a stable `code`, the RFC 6750 `error` value and a `cause`.
 *
 * The `message` is generic and safe to show: it never contains the token or unverified claims. How
 * the challenge looks (its realm, RFC 9728 `resource_metadata`) is applied where the answer is
 * rendered, with {@link AccessGuardError.present}; until then the realm is `'api'`.
 *
 * @example
 * ```ts
 * app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
 *   if (!(err instanceof AccessGuardError)) return next(err);
 *   res.status(err.status).set(err.headers).json(err.toJSON());
 * });
 * ```
 */
export abstract class AccessGuardError extends Error {
  /** The HTTP status to answer with. */
  abstract readonly status: number;
  /** A stable code for programs. */
  abstract readonly code: AccessGuardErrorCode;
  /** The RFC 6750 `error` attribute, absent when the request carried no credentials (§3.1). */
  abstract readonly error: BearerErrorCode | undefined;
  /** Why, as a stable code. */
  readonly reason: RefusalReason;
  /** Expected against actual, for logs; never sent to the client. */
  readonly detail: RefusalDetail | undefined;
  /**
   * How the request presented its token: `DPoP` puts the error on the DPoP challenge (RFC 9449 §7.1).
   * Set by the pipeline on the copy of the error a request gets.
   */
  scheme: 'Bearer' | 'DPoP' = 'Bearer';
  /** A fresh server nonce for a `DPoP-Nonce` header (RFC 9449 §8), when the answer carries one. */
  dpopNonce: string | undefined;
  declare private presentationValue: Presentation;

  /** The reason of instances that are given none. */
  protected static readonly defaultReason: RefusalReason = 'malformed';

  /**
   * Whether instances record a stack trace. A 4xx is an expected answer to a bad request, not a bug:
   * skipping the trace keeps the rejection path cheap and log lines short. 503s keep theirs.
   */
  protected static readonly recordsStack: boolean = false;

  constructor(message: string, init: AccessGuardErrorInit = {}) {
    const { stackTraceLimit } = Error;
    if (!(new.target as typeof AccessGuardError).recordsStack) Error.stackTraceLimit = 0;
    try {
      super(message, init.cause === undefined ? undefined : { cause: init.cause });
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.reason = init.reason ?? (new.target as typeof AccessGuardError).defaultReason;
    this.detail = init.detail === undefined ? undefined : Object.freeze({ ...init.detail });
    // Not enumerable: logs and JSON show the error, not how it will be presented.
    Object.defineProperty(this, 'presentationValue', { value: DEFAULT_PRESENTATION, writable: true });
    Object.defineProperty(this, 'dpopNonce', { value: undefined, writable: true });
  }

  /**
   * A copy for one request: an error decided once for concurrent requests with the same token is
   * presented to each in its own way (scheme, nonce), so none may change another's.
   */
  copy(): this {
    return Object.create(Object.getPrototypeOf(this) as object, Object.getOwnPropertyDescriptors(this)) as this;
  }

  /**
   * Sets how the challenge is presented (realm, resource metadata) and returns the error. The
   * adapters call it with their `requireAuth`'s settings just before the answer is delivered.
   */
  present(presentation: Presentation): this {
    this.presentationValue = presentation;
    return this;
  }

  /** The presentation applied by {@link AccessGuardError.present} (realm `'api'` until then). */
  get presentation(): Presentation {
    return this.presentationValue;
  }

  /** The realm of the challenge. */
  get realm(): string {
    return this.presentationValue.realm;
  }

  /** Alias of `status`, for frameworks that read `statusCode`. */
  get statusCode(): number {
    return this.status;
  }

  /** Whether the message may be shown to the client (Koa's and http-errors' contract): true below 500. */
  get expose(): boolean {
    return this.status < 500;
  }

  /** The `error_description` attribute; the message, which never holds token data. */
  get description(): string {
    return this.message;
  }

  /** The response headers this error needs: the `WWW-Authenticate` challenge (`Retry-After` for a 503). */
  get headers(): Record<string, string> {
    const presentation = this.presentationValue;
    const dpopError = this.error === 'invalid_dpop_proof' || this.error === 'use_dpop_nonce';
    const headers: Record<string, string> = {
      'WWW-Authenticate': formatChallenges(
        presentation,
        {
          error: this.error,
          errorDescription: this.error === undefined ? undefined : this.description,
          scope: this.challengeScope,
          ...this.challengeExtras,
        },
        this.status,
        this.scheme === 'DPoP' || dpopError ? 'DPoP' : 'Bearer',
      ),
    };
    if (this.dpopNonce !== undefined) headers['DPoP-Nonce'] = this.dpopNonce;
    // A browser client can read the challenge and the nonce only when they are exposed (CORS).
    if (presentation.dpop !== undefined) headers['Access-Control-Expose-Headers'] = 'WWW-Authenticate, DPoP-Nonce';
    return headers;
  }

  /** The `scope` attribute of the challenge, if any. */
  protected get challengeScope(): string | undefined {
    return undefined;
  }

  /** Further attributes of the challenge (RFC 9470 `acr_values`, `max_age`). */
  protected get challengeExtras(): { acrValues?: string; maxAge?: number } {
    return {};
  }

  /** The RFC 6750 JSON body: `{ error, error_description }` (`error` is `'unauthorized'` when absent). */
  toJSON(): { error: string; error_description: string } {
    return { error: this.error ?? 'unauthorized', error_description: this.description };
  }
}

/**
 * 401 without an `error` attribute: the request carried no bearer token (RFC 6750 §3.1).
 * @example
 * ```ts
 * if (err instanceof MissingTokenError) res.status(401).set(err.headers).end(); // WWW-Authenticate: Bearer realm="api"
 * ```
 */
export class MissingTokenError extends AccessGuardError {
  override readonly name = 'MissingTokenError';
  protected static override readonly defaultReason: RefusalReason = 'missing_token';
  readonly status = 401;
  readonly code = 'ERR_MISSING_TOKEN';
  readonly error = undefined;

  constructor(message = 'Authentication required', init?: AccessGuardErrorInit) {
    super(message, init);
  }
}

/**
 * 400 `invalid_request`: the request is malformed, e.g. it carries the token in more than one place.
 * @example
 * ```ts
 * new InvalidRequestError('The request has more than one Authorization header').headers;
 * // { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_request", error_description="The request has more than one Authorization header"' }
 * ```
 */
export class InvalidRequestError extends AccessGuardError {
  override readonly name = 'InvalidRequestError';
  protected static override readonly defaultReason: RefusalReason = 'repeated_credentials';
  readonly status = 400;
  readonly code = 'ERR_INVALID_REQUEST';
  readonly error = 'invalid_request';
}

/**
 * 401 `invalid_token`: the token is malformed, expired, revoked, foreign or otherwise not acceptable.
 * @example
 * ```ts
 * switch (err.code) { case 'ERR_INVALID_TOKEN': metrics.increment('auth.invalid_token'); }
 * ```
 */
export class InvalidTokenError extends AccessGuardError {
  override readonly name = 'InvalidTokenError';
  protected static override readonly defaultReason: RefusalReason = 'malformed';
  readonly status = 401;
  readonly code = 'ERR_INVALID_TOKEN';
  readonly error = 'invalid_token';
}

/**
 * 403 `insufficient_scope`: the token is valid but lacks the scopes (or claims) the route requires.
 * @example
 * ```ts
 * new InsufficientScopeError('The access token lacks a required scope', { requiredScope: 'transfer:funds' }).headers['WWW-Authenticate'];
 * // 'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required scope", scope="transfer:funds"'
 * ```
 */
export class InsufficientScopeError extends AccessGuardError {
  override readonly name = 'InsufficientScopeError';
  protected static override readonly defaultReason: RefusalReason = 'insufficient_scope';
  readonly status = 403;
  readonly code = 'ERR_INSUFFICIENT_SCOPE';
  readonly error = 'insufficient_scope';
  /** The scopes the route requires, space-delimited; undefined for a failed claim check. */
  readonly requiredScope: string | undefined;
  /** The scopes the token has, when the guard knows them. */
  readonly grantedScopes: readonly string[] | undefined;

  constructor(
    message: string,
    init: AccessGuardErrorInit & {
      requiredScope?: string | undefined;
      grantedScopes?: readonly string[] | undefined;
    } = {},
  ) {
    super(message, init);
    this.requiredScope = init.requiredScope;
    this.grantedScopes = init.grantedScopes;
  }

  protected override get challengeScope(): string | undefined {
    if (this.requiredScope === undefined || this.grantedScopes === undefined || !this.presentation.scopeUnion) {
      return this.requiredScope;
    }
    return [...new Set([...this.grantedScopes, ...this.requiredScope.split(' ')])].join(' ');
  }
}

/**
 * 401 `insufficient_user_authentication` (RFC 9470 §3): the token is valid, but the user's
 * authentication is too weak (`acr`) or too old (`auth_time`) for this route. The challenge names
 * what would do (`acr_values`, `max_age`); the client sends the user to log in again (step-up).
 * @example
 * ```ts
 * new InsufficientUserAuthenticationError('A stronger login is required', { acrValues: 'phr phrh' }).headers['WWW-Authenticate'];
 * // 'Bearer realm="api", error="insufficient_user_authentication", error_description="A stronger login is required", acr_values="phr phrh"'
 * ```
 */
export class InsufficientUserAuthenticationError extends AccessGuardError {
  override readonly name = 'InsufficientUserAuthenticationError';
  protected static override readonly defaultReason: RefusalReason = 'weak_authentication';
  readonly status = 401;
  readonly code = 'ERR_INSUFFICIENT_USER_AUTHENTICATION';
  readonly error = 'insufficient_user_authentication';
  /** The acceptable `acr` values, space-delimited. */
  readonly acrValues: string | undefined;
  /** The greatest acceptable age of the authentication, in seconds. */
  readonly maxAge: number | undefined;

  constructor(
    message: string,
    init: AccessGuardErrorInit & { acrValues?: string | undefined; maxAge?: number | undefined } = {},
  ) {
    super(message, init);
    this.acrValues = init.acrValues;
    this.maxAge = init.maxAge;
  }

  protected override get challengeExtras(): { acrValues?: string; maxAge?: number } {
    return {
      ...(this.acrValues === undefined ? {} : { acrValues: this.acrValues }),
      ...(this.maxAge === undefined ? {} : { maxAge: this.maxAge }),
    };
  }
}

/**
 * 401 `invalid_dpop_proof` (RFC 9449 §7.1): the `DPoP` proof is missing, malformed, for another
 * request or key, too old, or replayed. The error goes on the `DPoP` challenge.
 * @example
 * ```ts
 * if (err instanceof InvalidDpopProofError) metrics.increment('auth.dpop.invalid', { reason: err.reason });
 * ```
 */
export class InvalidDpopProofError extends AccessGuardError {
  override readonly name = 'InvalidDpopProofError';
  protected static override readonly defaultReason: RefusalReason = 'bad_proof';
  readonly status = 401;
  readonly code = 'ERR_INVALID_DPOP_PROOF';
  readonly error = 'invalid_dpop_proof';
}

/**
 * 401 `use_dpop_nonce` (RFC 9449 §8): the API requires a server nonce in DPoP proofs and the proof
 * has none, or an old one. The answer carries a fresh one in `DPoP-Nonce`; the client retries with it.
 * @example
 * ```ts
 * new UseDpopNonceError('A DPoP nonce is required').headers; // WWW-Authenticate: DPoP error="use_dpop_nonce"…, DPoP-Nonce once presented
 * ```
 */
export class UseDpopNonceError extends AccessGuardError {
  override readonly name = 'UseDpopNonceError';
  protected static override readonly defaultReason: RefusalReason = 'nonce_required';
  readonly status = 401;
  readonly code = 'ERR_USE_DPOP_NONCE';
  readonly error = 'use_dpop_nonce';
}

/**
 * 503: the issuer (discovery, JWKS, userinfo or introspection) could not be reached or gave no usable
 * answer. The request fails closed; the client should retry later rather than discard its token.
 * @example
 * ```ts
 * if (err instanceof IssuerUnavailableError) logger.warn({ cause: err.cause }, 'issuer unavailable'); // headers: { 'Retry-After': '5' }
 * ```
 */
export class IssuerUnavailableError extends AccessGuardError {
  override readonly name = 'IssuerUnavailableError';
  protected static override readonly defaultReason: RefusalReason = 'issuer_unavailable';
  readonly status = 503;
  readonly code = 'ERR_ISSUER_UNAVAILABLE';
  readonly error = 'temporarily_unavailable';
  protected static override readonly recordsStack = true;
  /** Seconds the client should wait before retrying (`Retry-After`). */
  readonly retryAfterSeconds: number;
  /** The issuer's own `Retry-After`, in seconds, when it sent one: how long to leave it alone. */
  readonly issuerRetryAfterSeconds: number | undefined;

  constructor(
    message: string,
    init: AccessGuardErrorInit & { retryAfterSeconds?: number; issuerRetryAfterSeconds?: number | undefined } = {},
  ) {
    super(message, init);
    this.retryAfterSeconds = init.retryAfterSeconds ?? 5;
    this.issuerRetryAfterSeconds = init.issuerRetryAfterSeconds;
  }

  // A 503 is not an authentication challenge (RFC 9110 §11.6.1 ties WWW-Authenticate to 401), so it
  // carries only Retry-After.
  override get headers(): Record<string, string> {
    return { 'Retry-After': String(this.retryAfterSeconds) };
  }
}

/**
 * 500: the API's own configuration does not work (the issuer's metadata names another issuer, the
 * introspection endpoint refuses the API's credentials, a clock that tells no time). It is neither
 * the client's fault nor an outage: retrying does not help until an operator fixes it, so no
 * `Retry-After` is sent. The reason and the fix are in `cause`, never in the answer.
 * @example
 * ```ts
 * if (err instanceof ConfigurationError) logger.error({ cause: err.cause }, err.message);
 * ```
 */
export class ConfigurationError extends AccessGuardError {
  override readonly name = 'ConfigurationError';
  protected static override readonly defaultReason: RefusalReason = 'misconfigured';
  readonly status = 500;
  readonly code = 'ERR_CONFIGURATION';
  readonly error = 'server_error';
  protected static override readonly recordsStack = true;

  // Not an authentication challenge, and nothing the client can wait for.
  override get headers(): Record<string, string> {
    return {};
  }
}
