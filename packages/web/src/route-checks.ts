import {
  createAuthLevelGuard,
  createClaimGuard,
  createScopeGuard,
  type AuthLevelOptions,
  type ClaimCheck,
  type RequireScopeOptions,
  type RouteGuard,
} from '@access-guard/core';

/**
 * A route check for `guard(request, …checks)`: 403 `insufficient_scope` (RFC 6750 §3.1) unless the
 * token grants the scopes. All of them by default; `{ match: 'any' }` accepts any one.
 *
 * @example
 * ```ts
 * const auth = await guard(request, requireScope(['transfer:funds', 'admin'], { match: 'any' }));
 * ```
 */
export function requireScope(scopes: string | readonly string[], options: RequireScopeOptions = {}): RouteGuard {
  return createScopeGuard(scopes, options);
}

/**
 * A route check on the token's claims: 403 `insufficient_scope`, like a missing scope, unless the
 * check (an object of expected values, or a predicate) passes. A throwing predicate fails closed.
 *
 * @example
 * ```ts
 * const auth = await guard(request, requireClaims({ 'https://example.com/role': 'admin' }));
 * ```
 */
export function requireClaims(check: ClaimCheck): RouteGuard {
  return createClaimGuard(check);
}

/**
 * A route check for step-up authentication (RFC 9470): 401 `insufficient_user_authentication`,
 * naming `acr_values` / `max_age`, unless the user authenticated strongly and recently enough.
 *
 * @example
 * ```ts
 * const auth = await guard(request, requireAuthLevel({ acr: ['phr', 'phrh'], maxAgeSeconds: 300 }));
 * ```
 */
export function requireAuthLevel(options: AuthLevelOptions): RouteGuard {
  return createAuthLevelGuard(options);
}
