import type { JWTPayload, ProtectedHeaderParameters } from 'jose';

/** The claims of a verified access token, as handed to the application (frozen). */
export type AccessTokenClaims = Readonly<JWTPayload & Record<string, unknown>>;

/** The result of authenticating a JWT access token. */
export interface JwtAuthResult {
  /** The bearer token itself, for calls the API makes on the user's behalf. Never log it. */
  readonly token: string;
  readonly format: 'jwt';
  /** The verified JWS protected header (frozen). */
  readonly header: Readonly<ProtectedHeaderParameters>;
  /** The verified claims (frozen). */
  readonly payload: AccessTokenClaims;
  /** The granted scopes, from `scope` and `scp` (RFC 8693 §4.2, string or array). */
  readonly scopes: readonly string[];
}

/** The result of authenticating an opaque access token through the issuer. */
export interface OpaqueAuthResult {
  /** The bearer token itself, for calls the API makes on the user's behalf. Never log it. */
  readonly token: string;
  readonly format: 'opaque';
  /** The introspection answer, or the userinfo profile (frozen). */
  readonly payload: AccessTokenClaims;
  /** The granted scopes: from introspection's `scope`; always empty for userinfo. */
  readonly scopes: readonly string[];
}

/** What `requireAuth` puts on the request (`req.auth`, `ctx.state.auth`). */
export type AuthResult = JwtAuthResult | OpaqueAuthResult;

/** A clock in milliseconds since the Unix epoch; injectable so tests never sleep. */
export type Clock = () => number;
