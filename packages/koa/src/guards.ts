import {
  createAuthLevelGuard,
  createClaimGuard,
  createScopeGuard,
  type AuthLevelOptions,
  type ClaimCheck,
  type RequireScopeOptions,
  type RouteGuard,
} from '@access-guard/core';
import type { Middleware } from 'koa';
import type { AuthState } from './auth-state.js';
import { checkErrorDelivery, deliverError, guardContextOf, reportGuardOrder, type ErrorDelivery } from './context.js';

/** Options of the Koa route guards. */
export interface GuardOptions {
  /** How a refusal is delivered; default: as the `requireAuth` before the guard does. */
  errors?: ErrorDelivery | undefined;
}

/** Options of the Koa `requireScope`. */
export interface KoaScopeOptions extends RequireScopeOptions, GuardOptions {}

/** Turns a core guard into Koa middleware named after it (it reads well in stack traces). */
function guardMiddleware(guard: RouteGuard, own: ErrorDelivery | undefined): Middleware<AuthState> {
  const misplaced = reportGuardOrder(guard.name);
  const middleware: Middleware<AuthState> = async (ctx, next) => {
    const context = guardContextOf(ctx);
    if (context === undefined) throw misplaced();
    const refusal = guard.refusal(ctx.state.auth, context.authenticator.clock());
    if (refusal !== undefined) {
      deliverError(refusal, ctx, context, own);
      return;
    }
    await next();
  };
  return Object.defineProperty(middleware, 'name', { value: guard.name });
}

/**
 * Koa route guard: 403 `insufficient_scope` (RFC 6750 §3.1) unless `ctx.state.auth` grants the
 * scopes. All of them by default; `{ match: 'any' }` accepts any one. Place it after `requireAuth`.
 *
 * @example
 * ```ts
 * router.post('/transfers', requireScope('transfer:funds'), (ctx) => { ctx.body = { ok: true }; });
 * router.get('/accounts', requireScope(['read:accounts', 'admin'], { match: 'any' }), listAccounts);
 * ```
 */
export function requireScope(scopes: string | readonly string[], options: KoaScopeOptions = {}): Middleware<AuthState> {
  return guardMiddleware(createScopeGuard(scopes, options), checkErrorDelivery(options.errors));
}

/**
 * Koa route guard on the token's claims: 403 `insufficient_scope`, like a missing scope, unless the
 * check (an object of expected values, or a predicate) passes. A throwing predicate fails closed.
 *
 * @example
 * ```ts
 * router.delete('/users/:id', requireClaims({ 'https://example.com/role': 'admin' }), removeUser);
 * ```
 */
export function requireClaims(check: ClaimCheck, options: GuardOptions = {}): Middleware<AuthState> {
  return guardMiddleware(createClaimGuard(check), checkErrorDelivery(options.errors));
}

/**
 * Koa route guard for step-up authentication (RFC 9470): 401 `insufficient_user_authentication`,
 * naming `acr_values` / `max_age`, unless the user authenticated strongly (`acr`) and recently
 * (`auth_time`) enough. The client sends the user to log in again and retries.
 *
 * @example
 * ```ts
 * router.post('/transfers/large', requireAuthLevel({ acr: ['phr', 'phrh'], maxAgeSeconds: 300 }), transfer);
 * ```
 */
export function requireAuthLevel(options: AuthLevelOptions & GuardOptions): Middleware<AuthState> {
  return guardMiddleware(createAuthLevelGuard(options), checkErrorDelivery(options?.errors));
}
