import type { AuthGuard } from '@access-guard/core';
import type { Middleware } from 'koa';
import type { AuthState } from './auth-state.js';

/** Turns a core guard into Koa middleware named `name` (it reads well in stack traces). */
export function guardMiddleware(name: string, guard: AuthGuard): Middleware<AuthState> {
  const middleware: Middleware<AuthState> = async (ctx, next) => {
    guard(ctx.state.auth);
    await next();
  };
  return Object.defineProperty(middleware, 'name', { value: name });
}
