import './augment.js';
import { carriesQueryToken, createAuthenticator, keepResponsePrivate, type AuthOptions } from '@access-guard/core';
import type { RequestHandler } from 'express';
import { checkErrorDelivery, deliverError, setGuardContext, type ErrorDelivery } from './delivery.js';
import { toTokenRequest } from './request.js';

/** Options of the Express `requireAuth`: the core options plus how errors are delivered. */
export interface RequireAuthOptions extends AuthOptions {
  /** `'next'` (default) passes errors to `next(err)`; `'respond'` answers with JSON at once. */
  errors?: ErrorDelivery | undefined;
}

/**
 * Express middleware that requires a valid OAuth 2.0 bearer token (RFC 6750) and puts the result on
 * `req.auth`, a plain property. Options are validated at once: a mistake throws a `TypeError` at start-up.
 *
 * @example
 * ```ts
 * app.use(requireAuth({ issuer: 'https://issuer.example/', audience: 'https://api.example' }));
 * app.get('/me', (req, res) => res.json({ sub: req.auth.payload.sub }));
 * ```
 */
export function requireAuth(options: RequireAuthOptions): RequestHandler {
  const { errors, ...core } = options ?? ({} as RequireAuthOptions);
  const delivery = checkErrorDelivery(errors) ?? 'next';
  const authenticator = createAuthenticator(options === null || options === undefined ? options : core);
  const context = Object.freeze({ authenticator, delivery });
  return function requireAuth(req, res, next) {
    setGuardContext(req, context);
    const request = toTokenRequest(req);
    // RFC 6750 §2.3: no answer to a request with a token in the URI may be cached publicly, errors included.
    if (carriesQueryToken(request.url)) keepResponsePrivate(res);
    authenticator.authenticate(request).then(
      ({ auth }) => {
        req.auth = auth;
        next();
      },
      (error: unknown) => deliverError(error, res, next, context),
    );
  };
}
