import type { RouteGuard } from '@access-guard/core';
import type { Middleware } from 'koa';
import type { AuthState } from './auth-state.js';

/** Turns a core guard into Koa middleware named `name` (it reads well in stack traces). */
export function guardMiddleware(name: string, guard: RouteGuard): Middleware<AuthState> {
  // Not async: a refusal becomes a rejected promise without a throw, which costs more than the rest
  // of a 403. Koa renders the rejection with its error handler as it would a thrown error.
  const middleware: Middleware<AuthState> = (ctx, next) => {
    const refusal = guard.refusal(ctx.state.auth);
    return refusal === undefined ? next() : Promise.reject(refusal);
  };
  return Object.defineProperty(middleware, 'name', { value: name });
}
