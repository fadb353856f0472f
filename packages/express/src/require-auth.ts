import './augment.js';
import {
  carriesQueryToken,
  createAuthenticator,
  GuardOrderError,
  keepResponsePrivate,
  type AuthOptions,
  type AuthResult,
  type ResourceMetadata,
  type ResultFor,
} from '@access-guard/core';
import type { Request, RequestHandler } from 'express';
import { checkErrorDelivery, deliverError, setGuardContext, type ErrorDelivery } from './delivery.js';
import { toTokenRequest } from './request.js';

/** Options of the Express `requireAuth`: the core options plus how errors are delivered. */
export interface RequireAuthOptions extends AuthOptions {
  /** `'respond'` (default) answers with RFC 6750 JSON at once; `'next'` passes errors to `next(err)`. */
  errors?: ErrorDelivery | undefined;
}

/** The middleware `requireAuth` returns: an Express handler with two helpers. */
export interface AuthMiddleware<R extends AuthResult = AuthResult> extends RequestHandler {
  /**
   * Fetches the issuers' metadata and keys now; rejects with a message that names the fault and the
   * fix. `await` it before `listen` to refuse to start on a wrong configuration.
   */
  ready(): Promise<void>;
  /**
   * `req.auth`, typed for this configuration (a `JwtAuthResult` when opaque tokens are off). Throws
   * `GuardOrderError` (500) on a request that this middleware did not authenticate.
   */
  resultOf(req: Request): R;
  /** The RFC 9728 document of the protected resource, when `resourceMetadata` asks for one. */
  readonly resourceMetadata: ResourceMetadata | undefined;
}

/**
 * Express middleware that requires a valid OAuth 2.0 bearer token (RFC 6750) and puts the result on
 * `req.auth`, a plain property. Refusals are answered with the challenge and an RFC 6750 JSON body.
 * Options are validated at once: a mistake throws a `TypeError` at start-up.
 *
 * @example
 * ```ts
 * const auth = requireAuth({ issuer: 'https://issuer.example/', audience: 'https://api.example' });
 * await auth.ready(); // optional: fail at start-up on a wrong issuer
 * app.use(auth);
 * app.get('/me', (req, res) => res.json({ sub: auth.resultOf(req).payload.sub }));
 * ```
 */
export function requireAuth<O extends RequireAuthOptions>(options: O): AuthMiddleware<ResultFor<O>> {
  const { errors, ...core } = options ?? ({} as RequireAuthOptions);
  const delivery = checkErrorDelivery(errors) ?? 'respond';
  const authenticator = createAuthenticator(options === null || options === undefined ? options : core);
  const context = Object.freeze({ authenticator, delivery });
  const middleware: RequestHandler = function requireAuth(req, res, next) {
    setGuardContext(req, context);
    const request = toTokenRequest(req);
    // RFC 6750 §2.3: no answer to a request with a token in the URI may be cached publicly, errors included.
    if (carriesQueryToken(request.url)) keepResponsePrivate(res);
    authenticator.authenticate(request).then(
      (authentication) => {
        if (authentication !== undefined) {
          req.auth = authentication.auth;
          if (authentication.headers !== undefined) res.set(authentication.headers);
        }
        next();
      },
      (error: unknown) => deliverError(error, res, next, context),
    );
  };
  return Object.assign(middleware, {
    ready: () => authenticator.ready(),
    resourceMetadata: authenticator.resourceMetadata,
    resultOf(req: Request): ResultFor<O> {
      if (req.auth === undefined) throw new GuardOrderError('resultOf');
      return req.auth as ResultFor<O>;
    },
  });
}
