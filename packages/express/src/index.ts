import './augment.js';

export { requireAuth } from './require-auth.js';
export type { RequireAuthOptions } from './require-auth.js';
export { requireScope } from './require-scope.js';
export type { ExpressScopeOptions } from './require-scope.js';
export { requireClaims } from './require-claims.js';
export { attachUserinfo } from './attach-userinfo.js';
export type { ErrorDelivery } from './error-delivery.js';
export {
  AccessGuardError,
  errorResponse,
  InsufficientScopeError,
  InvalidRequestError,
  InvalidTokenError,
  IssuerUnavailableError,
  MissingTokenError,
} from '@access-guard/core';
export type {
  AuthOptions,
  AuthResult,
  ClaimCheck,
  ErrorResponse,
  JwtAuthResult,
  OpaqueAuthResult,
  RequireScopeOptions,
} from '@access-guard/core';
