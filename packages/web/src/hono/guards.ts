import {
  createAuthLevelGuard,
  createClaimGuard,
  createScopeGuard,
  MissingTokenError,
  type AuthLevelOptions,
  type ClaimCheck,
  type RequireScopeOptions,
  type RouteGuard,
} from '@access-guard/core';
import type { MiddlewareHandler } from 'hono';
import {
  checkErrorDelivery,
  deliverError,
  guardContextOf,
  reportGuardOrder,
  type AuthEnv,
  type ErrorDelivery,
} from './context.js';

/** Options of the Hono route guards. */
export interface GuardOptions {
  /** How a refusal is delivered; default: as the `requireAuth` before the guard does. */
  errors?: ErrorDelivery | undefined;
}

/** Options of the Hono `requireScope`. */
export interface HonoScopeOptions extends RequireScopeOptions, GuardOptions {}

/** Turns a core guard into Hono middleware named after it (it reads well in stack traces). */
function guardMiddleware(guard: RouteGuard, own: ErrorDelivery | undefined): MiddlewareHandler<AuthEnv> {
  const misplaced = reportGuardOrder(guard.name);
  const middleware: MiddlewareHandler<AuthEnv> = async (c, next) => {
    const context = guardContextOf(c);
    if (context === undefined) throw misplaced();
    const refusal = guard.refusal(c.get('auth'), context.authenticator.clock());
    if (refusal !== undefined) return deliverError(refusal, c, context, own);
    await next();
    return undefined;
  };
  return Object.defineProperty(middleware, 'name', { value: guard.name });
}

/**
 * Hono route guard: 403 `insufficient_scope` (RFC 6750 §3.1) unless `c.get('auth')` grants the
 * scopes. All of them by default; `{ match: 'any' }` accepts any one. Place it after `requireAuth`.
 *
 * @example
 * ```ts
 * app.get('/accounts', requireScope('read:accounts'), (c) => c.json(c.get('auth').payload));
 * app.post('/transfers', requireScope(['transfer:funds', 'admin'], { match: 'any' }), transfer);
 * ```
 */
export function requireScope(
  scopes: string | readonly string[],
  options: HonoScopeOptions = {},
): MiddlewareHandler<AuthEnv> {
  return guardMiddleware(createScopeGuard(scopes, options), checkErrorDelivery(options.errors));
}

/**
 * Hono route guard on the token's claims: 403 `insufficient_scope`, like a missing scope, unless the
 * check (an object of expected values, or a predicate) passes. A throwing predicate fails closed.
 *
 * @example
 * ```ts
 * app.delete('/users/:id', requireClaims({ 'https://example.com/role': 'admin' }), removeUser);
 * ```
 */
export function requireClaims(check: ClaimCheck, options: GuardOptions = {}): MiddlewareHandler<AuthEnv> {
  return guardMiddleware(createClaimGuard(check), checkErrorDelivery(options.errors));
}

/**
 * Hono route guard for step-up authentication (RFC 9470): 401 `insufficient_user_authentication`,
 * naming `acr_values` / `max_age`, unless the user authenticated strongly (`acr`) and recently
 * (`auth_time`) enough.
 *
 * @example
 * ```ts
 * app.post('/transfers/large', requireAuthLevel({ acr: ['phr', 'phrh'], maxAgeSeconds: 300 }), transfer);
 * ```
 */
export function requireAuthLevel(options: AuthLevelOptions & GuardOptions): MiddlewareHandler<AuthEnv> {
  return guardMiddleware(createAuthLevelGuard(options), checkErrorDelivery(options?.errors));
}

/**
 * Hono middleware that sets `c.get('userinfo')` to the user's OpenID Connect profile, from the
 * issuer's userinfo endpoint through the authenticator's bounded cache. Place it after `requireAuth`.
 *
 * @example
 * ```ts
 * app.get('/me', attachUserinfo(), (c) => c.json(c.get('userinfo')));
 * ```
 */
export function attachUserinfo(options: GuardOptions = {}): MiddlewareHandler<AuthEnv> {
  const own = checkErrorDelivery(options.errors);
  const misplaced = reportGuardOrder('attachUserinfo');
  return async function attachUserinfo(c, next) {
    const context = guardContextOf(c);
    if (context === undefined) throw misplaced();
    const auth: unknown = c.get('auth');
    try {
      if (typeof auth !== 'object' || auth === null) throw new MissingTokenError();
      c.set('userinfo', await context.authenticator.userinfo(auth as AuthEnv['Variables']['auth']));
    } catch (error) {
      return deliverError(error, c, context, own);
    }
    await next();
    return undefined;
  };
}
