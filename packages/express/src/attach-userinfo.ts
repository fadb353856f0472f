import './augment.js';
import { userinfoOf } from '@access-guard/core';
import type { RequestHandler } from 'express';
import { checkErrorDelivery, deliverError, type ErrorDelivery } from './error-delivery.js';

/**
 * Express middleware that puts the user's OpenID Connect profile on `req.userinfo`. After an opaque
 * token checked via userinfo it reuses that answer; otherwise it calls the issuer's userinfo endpoint
 * with the bearer token, through the authenticator's bounded cache. Place it after `requireAuth`.
 *
 * @example
 * ```ts
 * app.get('/me', attachUserinfo(), (req, res) => res.json(req.userinfo));
 * ```
 */
export function attachUserinfo(options: { errors?: ErrorDelivery } = {}): RequestHandler {
  const delivery = checkErrorDelivery(options.errors);
  return function attachUserinfo(req, res, next) {
    userinfoOf(req.auth).then(
      (profile) => {
        req.userinfo = profile;
        next();
      },
      (error: unknown) => deliverError(error, req, res, next, delivery),
    );
  };
}
