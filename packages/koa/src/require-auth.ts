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
import type { Middleware, ParameterizedContext } from 'koa';
import type { AuthState } from './auth-state.js';
import { checkErrorDelivery, deliverError, setGuardContext, type ErrorDelivery } from './context.js';
import { toTokenRequest } from './request.js';

/** Options of the Koa `requireAuth`: the core options plus how errors are delivered. */
export interface RequireAuthOptions extends AuthOptions {
  /** `'respond'` (default) answers with RFC 6750 JSON; `'throw'` throws to the app's error handling. */
  errors?: ErrorDelivery | undefined;
}

/** The middleware `requireAuth` returns: a Koa middleware with two helpers. */
export interface AuthMiddleware<R extends AuthResult = AuthResult> extends Middleware<AuthState> {
  /**
   * Fetches the issuers' metadata and keys now; rejects with a message that names the fault and the
   * fix. `await` it before `listen` to refuse to start on a wrong configuration.
   */
  ready(): Promise<void>;
  /**
   * `ctx.state.auth`, typed for this configuration (a `JwtAuthResult` when opaque tokens are off).
   * Throws `GuardOrderError` (500) on a request that this middleware did not authenticate.
   */
  resultOf(ctx: ParameterizedContext<AuthState>): R;
  /** The RFC 9728 document of the protected resource, when `resourceMetadata` asks for one. */
  readonly resourceMetadata: ResourceMetadata | undefined;
}

/**
 * Koa middleware that requires a valid OAuth 2.0 bearer token (RFC 6750) and puts the result on
 * `ctx.state.auth`. Refusals are answered with the challenge and an RFC 6750 JSON body, or thrown
 * (with `status`, `expose` and `headers`) with `errors: 'throw'`. Options are validated at once.
 *
 * @example
 * ```ts
 * const app = new Koa<AuthState>();
 * const auth = requireAuth({ issuer: 'https://issuer.example/', audience: 'https://api.example' });
 * app.use(auth);
 * app.use((ctx) => { ctx.body = { sub: auth.resultOf(ctx).payload.sub }; });
 * ```
 */
export function requireAuth<O extends RequireAuthOptions>(options: O): AuthMiddleware<ResultFor<O>> {
  const { errors, ...core } = options ?? ({} as RequireAuthOptions);
  const delivery = checkErrorDelivery(errors) ?? 'respond';
  const authenticator = createAuthenticator(options === null || options === undefined ? options : core);
  const context = Object.freeze({ authenticator, delivery });
  const middleware: Middleware<AuthState> = async function requireAuth(ctx, next) {
    setGuardContext(ctx, context);
    const request = toTokenRequest(ctx);
    // RFC 6750 §2.3: no answer to a request with a token in the URI may be cached publicly, errors
    // included (Koa's error handler clears the headers set before it, so the hook is on the response).
    if (carriesQueryToken(request.url)) keepResponsePrivate(ctx.res);
    let authentication;
    try {
      authentication = await authenticator.authenticate(request);
    } catch (error) {
      deliverError(error, ctx, context);
      return;
    }
    if (authentication !== undefined) {
      ctx.state.auth = authentication.auth;
      if (authentication.headers !== undefined) ctx.set(authentication.headers);
    }
    await next();
  };
  return Object.assign(middleware, {
    ready: () => authenticator.ready(),
    resourceMetadata: authenticator.resourceMetadata,
    resultOf(ctx: ParameterizedContext<AuthState>): ResultFor<O> {
      if (ctx.state.auth === undefined) throw new GuardOrderError('resultOf');
      return ctx.state.auth as ResultFor<O>;
    },
  });
}
