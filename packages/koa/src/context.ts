import { AccessGuardError, GuardOrderError, type GuardContext } from '@access-guard/core';
import type { ParameterizedContext } from 'koa';
import type { AuthState } from './auth-state.js';

// One key for every copy of this module (the ESM and CommonJS builds), so a guard finds the context
// that a requireAuth of the other build left in the state.
const CONTEXT = Symbol.for('@access-guard/koa.context');

type StateWithContext = Record<symbol, GuardContext | undefined>;

/** Leaves the context of a `requireAuth` in `ctx.state`, for the guards after it. */
export function setGuardContext(ctx: ParameterizedContext<AuthState>, context: GuardContext): void {
  (ctx.state as unknown as StateWithContext)[CONTEXT] = context;
}

/** The context left by the last `requireAuth` this request went through, if any. */
export function guardContextOf(ctx: ParameterizedContext<AuthState>): GuardContext | undefined {
  return (ctx.state as unknown as StateWithContext)[CONTEXT];
}

/** An error as Koa should render it: access-guard's errors in their requireAuth's presentation. */
export function presented(error: unknown, context: GuardContext): unknown {
  return error instanceof AccessGuardError ? error.present(context.authenticator.presentation) : error;
}

/**
 * The error of a guard mounted where no `requireAuth` ran before it: a 500 (Koa logs it), with the
 * message also in the log once per guard, whatever handles it.
 */
export function reportGuardOrder(name: string): () => GuardOrderError {
  let reported = false;
  return () => {
    const error = new GuardOrderError(name);
    if (!reported) console.error(error.message);
    reported = true;
    return error;
  };
}
