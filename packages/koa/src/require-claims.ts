import { createClaimGuard, type ClaimCheck } from '@access-guard/core';
import type { Middleware } from 'koa';
import type { AuthState } from './auth-state.js';
import { guardMiddleware } from './guard-middleware.js';

/**
 * Koa route guard on the token's claims: 403 `insufficient_scope`, like a missing scope, unless the
 * check (an object of expected values, or a predicate) passes. A throwing predicate fails closed.
 *
 * @example
 * ```ts
 * router.delete('/users/:id', requireClaims({ 'https://example.com/role': 'admin' }), removeUser);
 * ```
 */
export function requireClaims(check: ClaimCheck): Middleware<AuthState> {
  return guardMiddleware('requireClaims', createClaimGuard(check));
}
