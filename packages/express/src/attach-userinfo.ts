import './augment.js';
import { MissingTokenError } from '@access-guard/core';
import type { RequestHandler } from 'express';
import { checkErrorDelivery, deliverError, guardContextOf, reportGuardOrder } from './delivery.js';
import type { GuardOptions } from './guards.js';

/**
 * Express middleware that puts the user's OpenID Connect profile on `req.userinfo`, from the issuer's
 * userinfo endpoint, through the authenticator's bounded cache (an opaque token checked via userinfo
 * costs no second call). Place it after `requireAuth`.
 *
 * @example
 * ```ts
 * app.get('/me', attachUserinfo(), (req, res) => res.json(req.userinfo));
 * ```
 */
export function attachUserinfo(options: GuardOptions = {}): RequestHandler {
  const own = checkErrorDelivery(options.errors);
  const misplaced = reportGuardOrder('attachUserinfo');
  return function attachUserinfo(req, res, next) {
    const context = guardContextOf(req);
    if (context === undefined) {
      misplaced(next);
      return;
    }
    const auth = req.auth;
    if (typeof auth !== 'object' || auth === null) {
      deliverError(new MissingTokenError(), res, next, context, own);
      return;
    }
    context.authenticator.userinfo(auth).then(
      (profile) => {
        req.userinfo = profile;
        next();
      },
      (error: unknown) => deliverError(error, res, next, context, own),
    );
  };
}
