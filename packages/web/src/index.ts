export { createRequestGuard } from './request-guard.js';
export type { GuardResult, RequestGuard, RequestGuardOptions } from './request-guard.js';
export { requireAuthLevel, requireClaims, requireScope } from './route-checks.js';
export { protectedResourceMetadata } from './resource-metadata.js';
export {
  AccessGuardError,
  ConfigurationError,
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
  RouteGuard,
  UserProfile,
} from '@access-guard/core';
