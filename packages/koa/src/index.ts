export { attachUserinfo } from './attach-userinfo.js';
export type { AuthState } from './auth-state.js';
export { requireClaims, requireScope } from './guards.js';
export { requireAuth } from './require-auth.js';
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
