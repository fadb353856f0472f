import { carriesQueryToken, createAuthenticator, keepResponsePrivate, type AuthOptions } from '@access-guard/core';
import type { Middleware } from 'koa';
import type { AuthState } from './auth-state.js';
import { presented, setGuardContext } from './context.js';
import { toTokenRequest } from './request.js';

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
  const context = Object.freeze({ authenticator });
  return async function requireAuth(ctx, next) {
    setGuardContext(ctx, context);
    const request = toTokenRequest(ctx);
    // RFC 6750 §2.3: no answer to a request with a token in the URI may be cached publicly, errors
    // included (Koa's error handler clears the headers set before it, so the hook is on the response).
    if (carriesQueryToken(request.url)) keepResponsePrivate(ctx.res);
    let authentication;
    try {
      authentication = await authenticator.authenticate(request);
    } catch (error) {
      throw presented(error, context);
    }
    ctx.state.auth = authentication.auth;
    await next();
  };
}
