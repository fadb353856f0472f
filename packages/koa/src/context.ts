import { AccessGuardError, errorResponse, GuardOrderError, type GuardContext } from '@access-guard/core';
import type { ParameterizedContext } from 'koa';
import type { AuthState } from './auth-state.js';

/**
 * How `requireAuth` and the guards deliver 400/401/403/500/503:
 * - `'respond'` (default): the middleware answers with the status, headers (the challenge) and an
 *   RFC 6750 JSON body `{ error, error_description }`, and the rest of the chain does not run;
 * - `'throw'`: the error is thrown with `status`, `expose` and `headers`, for the app's own
 *   try/catch middleware or Koa's default handler (which answers in plain text).
 */
export type ErrorDelivery = 'respond' | 'throw';

/** What the guards after a `requireAuth` need from it: its authenticator and its error delivery. */
export interface KoaGuardContext extends GuardContext {
  readonly delivery: ErrorDelivery;
}

// One key for every copy of this module (the ESM and CommonJS builds), so a guard finds the context
// that a requireAuth of the other build left in the state.
const CONTEXT = Symbol.for('@access-guard/koa.context');

type StateWithContext = Record<symbol, KoaGuardContext | undefined>;

/** Leaves the context of a `requireAuth` in `ctx.state`, for the guards after it. */
export function setGuardContext(ctx: ParameterizedContext<AuthState>, context: KoaGuardContext): void {
  (ctx.state as unknown as StateWithContext)[CONTEXT] = context;
}

/** The context left by the last `requireAuth` this request went through, if any. */
export function guardContextOf(ctx: ParameterizedContext<AuthState>): KoaGuardContext | undefined {
  return (ctx.state as unknown as StateWithContext)[CONTEXT];
}

/** Validates an `errors` option at start-up; undefined means "as requireAuth does". */
export function checkErrorDelivery(value: unknown): ErrorDelivery | undefined {
  if (value !== undefined && value !== 'respond' && value !== 'throw') {
    throw new TypeError("access-guard: `errors` must be 'respond' (answer with JSON) or 'throw' (throw to the app).");
  }
  return value;
}

/**
 * Delivers an error in the context's presentation, the chosen way (a guard's own `errors` option
 * wins over its requireAuth's). Errors that are not access-guard's are always thrown.
 */
export function deliverError(
  error: unknown,
  ctx: ParameterizedContext<AuthState>,
  context: KoaGuardContext,
  own?: ErrorDelivery,
): void {
  if (!(error instanceof AccessGuardError)) throw error;
  context.authenticator.answer(error);
  if ((own ?? context.delivery) === 'throw') throw error;
  const { status, headers, body } = errorResponse(error);
  ctx.status = status;
  for (const [name, value] of Object.entries(headers)) {
    if (name !== 'Content-Length') ctx.set(name, value);
  }
  ctx.body = body;
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
