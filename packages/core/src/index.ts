export { SUPPORTED_ALGORITHMS, DEFAULT_ALGORITHMS } from './algorithms.js';
export type { JwsAlgorithm } from './algorithms.js';
export { createAuthenticator } from './authenticator.js';
export type { Authentication, Authenticator } from './authenticator.js';
export type { ClaimCheck } from './claims.js';
export {
  AccessGuardError,
  DEFAULT_REALM,
  InsufficientScopeError,
  InvalidRequestError,
  InvalidTokenError,
  IssuerUnavailableError,
  MissingTokenError,
} from './errors.js';
export type { AccessGuardErrorCode, AccessGuardErrorInit, BearerErrorCode } from './errors.js';
export { errorResponse } from './error-response.js';
export type { ErrorResponse } from './error-response.js';
export { extractToken } from './extract-token.js';
export type { ExtractedToken, ExtractOptions, TokenRequest, TokenSource } from './extract-token.js';
export { createClaimGuard, createScopeGuard } from './guards.js';
export type { AuthGuard, RequireScopeOptions, RouteGuard } from './guards.js';
export type { AuthOptions, JwksOptions, OpaqueTokenOptions, ResolvedOptions, TypMode } from './options.js';
export { scopesOf } from './scopes.js';
export type { ScopeMatch } from './scopes.js';
export type { AccessTokenClaims, AuthResult, Clock, JwtAuthResult, OpaqueAuthResult } from './types.js';
export { privateCacheControl } from './cache-control.js';
export { userinfoOf } from './userinfo-of.js';
export { formatChallenge } from './www-authenticate.js';
export type { ChallengeAttributes } from './www-authenticate.js';
