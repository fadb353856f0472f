/** How a token is bound to its client (the `cnf` claim, RFC 7800), as the result shows it. */
export interface Confirmation {
  /** RFC 9449 §6: the JWK thumbprint of the DPoP key. */
  readonly jkt?: string;
  /** RFC 8705 §3.1: the thumbprint of the client certificate. */
  readonly 'x5t#S256'?: string;
}

/** A JWS protected header as verified (frozen). */
export type JwsHeader = Readonly<{ alg: string; kid?: string; typ?: string } & Record<string, unknown>>;

/** The claims of a verified access token, as handed to the application (frozen). */
export type AccessTokenClaims = Readonly<
  {
    iss?: string;
    sub?: string;
    aud?: string | string[];
    exp?: number;
    nbf?: number;
    iat?: number;
    jti?: string;
    scope?: string;
  } & Record<string, unknown>
>;

/** The result of authenticating a JWT access token. A plain frozen object: copy it freely. */
export interface JwtAuthResult {
  /** The bearer token itself, for calls the API makes on the user's behalf. Never log it. */
  readonly token: string;
  readonly format: 'jwt';
  /** The verified JWS protected header (frozen). */
  readonly header: JwsHeader;
  /** The verified claims (frozen). */
  readonly payload: AccessTokenClaims;
  /** The granted scopes, from `scope` and `scp` (RFC 8693 §4.2, string or array). */
  readonly scopes: readonly string[];
  /** The issuer that accepted the token (its configured identifier). */
  readonly issuer: string;
  /** How the request presented the token: `DPoP` with a proof (RFC 9449), or `Bearer`. */
  readonly scheme: 'Bearer' | 'DPoP';
  /** How the token is bound to its client (`cnf`: DPoP key thumbprint, certificate thumbprint), checked. */
  readonly confirmation: Confirmation | undefined;
}

/** The result of authenticating an opaque access token through the issuer. A plain frozen object. */
export interface OpaqueAuthResult {
  /** The bearer token itself, for calls the API makes on the user's behalf. Never log it. */
  readonly token: string;
  readonly format: 'opaque';
  /** The introspection answer, or the userinfo profile (frozen). */
  readonly payload: AccessTokenClaims;
  /** The granted scopes: from introspection's `scope`; always empty for userinfo. */
  readonly scopes: readonly string[];
  /** The issuer that accepted the token (its configured identifier). */
  readonly issuer: string;
  /** How the request presented the token: `DPoP` with a proof (RFC 9449), or `Bearer`. */
  readonly scheme: 'Bearer' | 'DPoP';
  /** How the token is bound to its client (`cnf`), checked. */
  readonly confirmation: Confirmation | undefined;
}

/** What `requireAuth` puts on the request (`req.auth`, `ctx.state.auth`). */
export type AuthResult = JwtAuthResult | OpaqueAuthResult;

/**
 * The result a configuration can produce: only JWTs when opaque tokens are not enabled, so that
 * `header` needs no format check.
 * @example
 * ```ts
 * type R = ResultFor<{ issuer: string; audience: string }>; // JwtAuthResult
 * ```
 */
export type ResultFor<O> = O extends { opaqueTokens: object } ? AuthResult : JwtAuthResult;

/** A clock in milliseconds since the Unix epoch; injectable so tests never sleep. */
export type Clock = () => number;

/**
 * Freezes a JSON value and everything in it, so handlers cannot alter verified claims. Iterative, not
 * recursive: an issuer's answer nested 300,000 deep must not exhaust the stack.
 */
export function freezeJson<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null || Object.isFrozen(next)) continue;
    Object.freeze(next);
    for (const key of Object.keys(next)) pending.push((next as Record<string, unknown>)[key]);
  }
  return value;
}
