import { createAuthenticator, privateCacheControl, type Authentication, type AuthOptions } from '@access-guard/core';
import type { Middleware, Next, ParameterizedContext } from 'koa';
import type { AuthState } from './auth-state.js';
import { toTokenRequest } from './to-token-request.js';

/**
 * Koa middleware that requires a valid OAuth 2.0 bearer token (RFC 6750) and puts the result on
 * `ctx.state.auth`. Errors are thrown with `status`, `expose` and `headers` (carrying
 * `WWW-Authenticate`), so Koa's default error handler answers with the right status and challenge,
 * and a `try/catch` middleware can render them. Options are validated at once.
 *
 * @example
 * ```ts
 * const app = new Koa<AuthState>();
 * app.use(requireAuth({ issuer: 'https://issuer.example/', audience: 'https://api.example' }));
 * app.use((ctx) => { ctx.body = { sub: ctx.state.auth.payload.sub }; });
 * ```
 */
export function requireAuth(options: AuthOptions): Middleware<AuthState> {
  const authenticator = createAuthenticator(options);
  // Not async: an error from a later middleware passes through as the same rejected promise rather
  // than being rethrown here, and a token verified before is answered without a promise of its own.
  return function requireAuth(ctx, next) {
    const request = toTokenRequest(ctx);
    let cached: Authentication | undefined;
    try {
      cached = authenticator.authenticateCached(request);
    } catch (error) {
      return Promise.reject(error);
    }
    if (cached !== undefined) return proceed(ctx, next, cached);
    return authenticator.authenticate(request).then((authentication) => proceed(ctx, next, authentication));
  };
}

function proceed(ctx: ParameterizedContext<AuthState>, next: Next, { auth, source }: Authentication): Promise<void> {
  ctx.state.auth = auth;
  if (source !== 'query') return next();
  // RFC 6750 §2.3: a response to a request with the token in the URI must not be cached publicly;
  // set after the handlers, so none of them can undo it.
  // Promise.resolve: a hand-written `next` (in a unit test) may return nothing.
  return Promise.resolve(next()).then(() => {
    ctx.set('Cache-Control', privateCacheControl(ctx.response.get('Cache-Control') || undefined));
  });
}
