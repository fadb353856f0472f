export { attachUserinfo } from './attach-userinfo.js';
export type { AuthState } from './auth-state.js';
export type { ErrorDelivery } from './context.js';
export { requireAuthLevel, requireClaims, requireScope } from './guards.js';
export type { GuardOptions, KoaScopeOptions } from './guards.js';
export { requireAuth } from './require-auth.js';
export { protectedResourceMetadata } from './resource-metadata.js';
export type { AuthMiddleware, RequireAuthOptions } from './require-auth.js';
export {
  AccessGuardError,
  auth0Issuer,
  cognitoIssuer,
  ConfigurationError,
  entraIssuer,
  googleIssuer,
  keycloakIssuer,
  oktaIssuer,
  consoleEvents,
  errorResponse,
  eventAttributes,
  pinoEvents,
  GuardOrderError,
  InsufficientScopeError,
  InsufficientUserAuthenticationError,
  InvalidRequestError,
  InvalidTokenError,
  IssuerUnavailableError,
  MissingTokenError,
} from '@access-guard/core';
export type {
  AccessGuardEvent,
  AuthLevelOptions,
  AuthOptions,
  AuthResult,
  ClaimCheck,
  ErrorResponse,
  JwtAuthResult,
  OpaqueAuthResult,
  RequireScopeOptions,
  ResourceMetadata,
  ResourceMetadataOptions,
} from '@access-guard/core';
