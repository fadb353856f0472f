import './augment.js';
import {
  createAuthLevelGuard,
  createClaimGuard,
  createScopeGuard,
  type AuthLevelOptions,
  type ClaimCheck,
  type RequireScopeOptions,
  type RouteGuard,
} from '@access-guard/core';
import type { RequestHandler } from 'express';
import { checkErrorDelivery, deliverError, guardContextOf, reportGuardOrder, type ErrorDelivery } from './delivery.js';

/** Options of the Express route guards. */
export interface GuardOptions {
  /** How a refusal is delivered; default: as the `requireAuth` before the guard does. */
  errors?: ErrorDelivery | undefined;
}

/** Options of the Express `requireScope`. */
export interface ExpressScopeOptions extends RequireScopeOptions, GuardOptions {}

/** Turns a core guard into Express middleware named after it (it reads well in stack traces). */
function guardMiddleware(guard: RouteGuard, own: ErrorDelivery | undefined): RequestHandler {
  const misplaced = reportGuardOrder(guard.name);
  const middleware: RequestHandler = (req, res, next) => {
    const context = guardContextOf(req);
    if (context === undefined) {
      misplaced(next);
      return;
    }
    const refusal = guard.refusal(req.auth, context.authenticator.clock());
    if (refusal === undefined) next();
    else deliverError(refusal, res, next, context, own);
  };
  return Object.defineProperty(middleware, 'name', { value: guard.name });
}

/**
 * Express route guard: 403 `insufficient_scope` (RFC 6750 §3.1) unless `req.auth` grants the scopes.
 * All of them by default; `{ match: 'any' }` accepts any one. Place it after `requireAuth`.
 *
 * @example
 * ```ts
 * app.get('/accounts', requireScope('read:accounts'), listAccounts);
 * app.post('/transfers', requireScope(['transfer:funds', 'admin'], { match: 'any' }), transfer);
 * ```
 */
export function requireScope(scopes: string | readonly string[], options: ExpressScopeOptions = {}): RequestHandler {
  return guardMiddleware(createScopeGuard(scopes, options), checkErrorDelivery(options.errors));
}

/**
 * Express route guard on the token's claims: 403 `insufficient_scope`, like a missing scope, unless
 * the check passes. A check is an object of expected values or a predicate; a throwing predicate fails closed.
 *
 * @example
 * ```ts
 * app.delete('/users/:id', requireClaims({ 'https://example.com/role': 'admin' }), removeUser);
 * app.get('/mail', requireClaims((claims) => claims.email_verified === true), readMail);
 * ```
 */
export function requireClaims(check: ClaimCheck, options: GuardOptions = {}): RequestHandler {
  return guardMiddleware(createClaimGuard(check), checkErrorDelivery(options.errors));
}

/**
 * Express route guard for step-up authentication (RFC 9470): 401 `insufficient_user_authentication`,
 * naming `acr_values` / `max_age`, unless the user authenticated strongly (`acr`) and recently
 * (`auth_time`) enough. The client sends the user to log in again and retries.
 *
 * @example
 * ```ts
 * app.post('/transfers/large', requireAuthLevel({ acr: ['phr', 'phrh'], maxAgeSeconds: 300 }), transfer);
 * ```
 */
export function requireAuthLevel(options: AuthLevelOptions & GuardOptions): RequestHandler {
  return guardMiddleware(createAuthLevelGuard(options), checkErrorDelivery(options?.errors));
}
