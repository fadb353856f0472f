import './augment.js';

export { attachUserinfo } from './attach-userinfo.js';
export type { ErrorDelivery } from './delivery.js';
export { requireClaims, requireScope } from './guards.js';
export type { ExpressScopeOptions, GuardOptions } from './guards.js';
export { requireAuth } from './require-auth.js';
export type { RequireAuthOptions } from './require-auth.js';
export {
  AccessGuardError,
  errorResponse,
  GuardOrderError,
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
