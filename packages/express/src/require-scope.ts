import './augment.js';
import { createScopeGuard, type RequireScopeOptions } from '@access-guard/core';
import type { RequestHandler } from 'express';
import { checkErrorDelivery, type ErrorDelivery } from './error-delivery.js';
import { guardMiddleware } from './guard-middleware.js';

/** Options of the Express `requireScope`. */
export interface ExpressScopeOptions extends RequireScopeOptions {
  /** How a 403 is delivered; default `'next'`. */
  errors?: ErrorDelivery | undefined;
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
  const delivery = checkErrorDelivery(options.errors);
  const guard = createScopeGuard(scopes, options);
  return guardMiddleware('requireScope', guard, delivery);
}
