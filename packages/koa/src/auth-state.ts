import type { AuthResult } from '@access-guard/core';

/**
 * What the access-guard middlewares put on `ctx.state`; use it as Koa's state type:
 * `new Koa<AuthState>()` or `new Router<AuthState>()`.
 */
export interface AuthState {
  /**
   * The verified bearer token, set by `requireAuth` (absent on routes without it, and on an optional
   * `requireAuth`'s anonymous requests). `resultOf(ctx)` of the middleware gives it typed.
   */
  auth?: AuthResult;
  /** The user's OpenID Connect profile, set by `attachUserinfo()`. */
  userinfo?: Readonly<Record<string, unknown>>;
}
