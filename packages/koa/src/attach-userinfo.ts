import { MissingTokenError } from '@access-guard/core';
import type { Middleware } from 'koa';
import type { AuthState } from './auth-state.js';
import { checkErrorDelivery, deliverError, guardContextOf, reportGuardOrder } from './context.js';
import type { GuardOptions } from './guards.js';

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
export function attachUserinfo(options: GuardOptions = {}): Middleware<AuthState> {
  const own = checkErrorDelivery(options.errors);
  const misplaced = reportGuardOrder('attachUserinfo');
  return async function attachUserinfo(ctx, next) {
    const context = guardContextOf(ctx);
    if (context === undefined) throw misplaced();
    const auth = ctx.state.auth;
    try {
      if (typeof auth !== 'object' || auth === null) throw new MissingTokenError();
      ctx.state.userinfo = await context.authenticator.userinfo(auth);
    } catch (error) {
      deliverError(error, ctx, context, own);
      return;
    }
    await next();
  };
}
