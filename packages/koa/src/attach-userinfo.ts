import { MissingTokenError } from '@access-guard/core';
import type { Middleware } from 'koa';
import type { AuthState } from './auth-state.js';
import { guardContextOf, presented, reportGuardOrder } from './context.js';

/**
 * Koa middleware that puts the user's OpenID Connect profile on `ctx.state.userinfo`, from the
 * issuer's userinfo endpoint, through the authenticator's bounded cache (an opaque token checked via
 * userinfo costs no second call). Place it after `requireAuth`.
 *
 * @example
 * ```ts
 * router.get('/me', attachUserinfo(), (ctx) => { ctx.body = ctx.state.userinfo; });
 * ```
 */
export function attachUserinfo(): Middleware<AuthState> {
  const misplaced = reportGuardOrder('attachUserinfo');
  return async function attachUserinfo(ctx, next) {
    const context = guardContextOf(ctx);
    if (context === undefined) throw misplaced();
    const auth: unknown = ctx.state.auth;
    try {
      if (typeof auth !== 'object' || auth === null) throw new MissingTokenError();
      ctx.state.userinfo = await context.authenticator.userinfo(ctx.state.auth);
    } catch (error) {
      throw presented(error, context);
    }
    await next();
  };
}
