/**
 * `@access-guard/web/hono`: Hono middlewares on top of the Fetch API adapter.
 *
 * @packageDocumentation
 */
export type { AuthEnv, AuthVariables, ErrorDelivery } from './context.js';
export { attachUserinfo, requireAuthLevel, requireClaims, requireScope } from './guards.js';
export type { GuardOptions, HonoScopeOptions } from './guards.js';
export { requireAuth } from './require-auth.js';
export type { AuthMiddleware, RequireAuthOptions } from './require-auth.js';
export { protectedResourceMetadata } from './resource-metadata.js';
export {
  AccessGuardError,
  GuardOrderError,
  InsufficientScopeError,
  InsufficientUserAuthenticationError,
  InvalidRequestError,
  InvalidTokenError,
  IssuerUnavailableError,
  MissingTokenError,
} from '@access-guard/core';
export type { AuthLevelOptions, AuthResult, ClaimCheck, JwtAuthResult, OpaqueAuthResult } from '@access-guard/core';
