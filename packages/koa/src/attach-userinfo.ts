import { userinfoOf } from '@access-guard/core';
import type { Middleware } from 'koa';
import type { AuthState } from './auth-state.js';

/**
 * Koa middleware that puts the user's OpenID Connect profile on `ctx.state.userinfo`. After an opaque
 * token checked via userinfo it reuses that answer; otherwise it calls the issuer's userinfo endpoint
 * with the bearer token, through the authenticator's bounded cache. Place it after `requireAuth`.
 *
 * @example
 * ```ts
 * router.get('/me', attachUserinfo(), (ctx) => { ctx.body = ctx.state.userinfo; });
 * ```
 */
export function attachUserinfo(): Middleware<AuthState> {
  return async function attachUserinfo(ctx, next) {
    ctx.state.userinfo = await userinfoOf(ctx.state.auth);
    await next();
  };
}
