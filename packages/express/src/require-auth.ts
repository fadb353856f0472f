import './augment.js';
import { createAuthenticator, type AuthOptions, type Authentication } from '@access-guard/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { checkErrorDelivery, deliverError, rememberDelivery, type ErrorDelivery } from './error-delivery.js';
import { keepPrivate } from './keep-private.js';
import { setRequestAuth } from './request-auth.js';
import { toTokenRequest } from './to-token-request.js';

/** Options of the Express `requireAuth`: the core options plus how errors are delivered. */
export interface RequireAuthOptions extends AuthOptions {
  /** `'next'` (default) passes errors to `next(err)`; `'respond'` answers with JSON at once. */
  errors?: ErrorDelivery | undefined;
}

/**
 * Express middleware that requires a valid OAuth 2.0 bearer token (RFC 6750) and puts the result on
 * `req.auth`. Options are validated at once: a mistake throws a `TypeError` at start-up.
 *
 * @example
 * ```ts
 * app.use(requireAuth({ issuer: 'https://issuer.example/', audience: 'https://api.example' }));
 * app.get('/me', (req, res) => res.json({ sub: req.auth.payload.sub }));
 * ```
 */
export function requireAuth(options: RequireAuthOptions): RequestHandler {
  const delivery = checkErrorDelivery(options?.errors);
  const authenticator = createAuthenticator(options);
  return function requireAuth(req, res, next) {
    const request = toTokenRequest(req);
    let cached: Authentication | undefined;
    try {
      // A token verified before needs no promise: the request goes on synchronously.
      cached = authenticator.authenticateCached(request);
    } catch (error) {
      deliverError(error, req, res, next, delivery);
      return;
    }
    if (cached !== undefined) {
      accept(cached, req, res, next, delivery);
      return;
    }
    authenticator.authenticate(request).then(
      (authentication) => accept(authentication, req, res, next, delivery),
      (error: unknown) => deliverError(error, req, res, next, delivery),
    );
  };
}

// Module-level rather than a closure per request: the cached path allocates as little as it can.
function accept(
  { auth, source }: Authentication,
  req: Request,
  res: Response,
  next: NextFunction,
  delivery: ErrorDelivery | undefined,
): void {
  setRequestAuth(req, auth);
  rememberDelivery(auth, delivery);
  // RFC 6750 §2.3: a response to a request with the token in the URI must not be cached publicly.
  if (source === 'query') keepPrivate(res);
  next();
}
