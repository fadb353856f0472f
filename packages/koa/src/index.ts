export { attachUserinfo } from './attach-userinfo.js';
export type { AuthState } from './auth-state.js';
export { requireAuth } from './require-auth.js';
export { requireClaims } from './require-claims.js';
export { requireScope } from './require-scope.js';
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
