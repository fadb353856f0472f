import './augment.js';
import { createClaimGuard, type ClaimCheck } from '@access-guard/core';
import type { RequestHandler } from 'express';
import { checkErrorDelivery, type ErrorDelivery } from './error-delivery.js';
import { guardMiddleware } from './guard-middleware.js';

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
export function requireClaims(check: ClaimCheck, options: { errors?: ErrorDelivery } = {}): RequestHandler {
  const delivery = checkErrorDelivery(options.errors);
  const guard = createClaimGuard(check);
  return guardMiddleware('requireClaims', guard, delivery);
}
