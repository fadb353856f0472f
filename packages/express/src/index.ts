import './augment.js';

export { attachUserinfo } from './attach-userinfo.js';
export type { ErrorDelivery } from './delivery.js';
export { requireClaims, requireScope } from './guards.js';
export type { ExpressScopeOptions, GuardOptions } from './guards.js';
export { requireAuth } from './require-auth.js';
export type { AuthMiddleware, RequireAuthOptions } from './require-auth.js';
export {
  AccessGuardError,
  ConfigurationError,
  consoleEvents,
  errorResponse,
  eventAttributes,
  pinoEvents,
  GuardOrderError,
  InsufficientScopeError,
  InvalidRequestError,
  InvalidTokenError,
  IssuerUnavailableError,
  MissingTokenError,
} from '@access-guard/core';
export type {
  AccessGuardEvent,
  AuthOptions,
  AuthResult,
  ClaimCheck,
  ErrorResponse,
  JwtAuthResult,
  OpaqueAuthResult,
  RequireScopeOptions,
} from '@access-guard/core';
