import { AccessGuardError, errorResponse, GuardOrderError, type GuardContext } from '@access-guard/core';
import type { NextFunction, Request, Response } from 'express';

/**
 * How `requireAuth` and the guards deliver 400/401/403/500/503:
 * - `'respond'` (default): the middleware answers at once with the status, headers (the challenge)
 *   and an RFC 6750 JSON body `{ error, error_description }`; nothing is logged per refusal and the
 *   app's error handler is not involved. What an API wants.
 * - `'next'`: `next(err)`, so the app's own error middleware (or Express's final handler, which reads
 *   `status` and `headers`) renders it: for apps that render every error in one place.
 */
export type ErrorDelivery = 'next' | 'respond';

/** What the guards after a `requireAuth` need from it: its authenticator and its error delivery. */
export interface ExpressGuardContext extends GuardContext {
  readonly delivery: ErrorDelivery;
}

// One key for every copy of this module (the ESM and CommonJS builds), so a guard finds the context
// that a requireAuth of the other build left on the request.
const CONTEXT = Symbol.for('@access-guard/express.context');

/** Leaves the context of a `requireAuth` on the request, for the guards after it. */
export function setGuardContext(req: Request, context: ExpressGuardContext): void {
  (req as unknown as Record<symbol, ExpressGuardContext>)[CONTEXT] = context;
}

/** The context left by the last `requireAuth` this request went through, if any. */
export function guardContextOf(req: Request): ExpressGuardContext | undefined {
  return (req as unknown as Record<symbol, ExpressGuardContext | undefined>)[CONTEXT];
}

/** Validates an `errors` option at start-up; undefined means "as requireAuth does". */
export function checkErrorDelivery(value: unknown): ErrorDelivery | undefined {
  if (value !== undefined && value !== 'next' && value !== 'respond') {
    throw new TypeError(
      "access-guard: `errors` must be 'next' (pass errors to next(err)) or 'respond' (answer with JSON).",
    );
  }
  return value;
}

/**
 * Delivers an error in the context's presentation, the chosen way (a guard's own `errors` option
 * wins over its requireAuth's). Errors that are not access-guard's always go to `next`.
 */
export function deliverError(
  error: unknown,
  res: Response,
  next: NextFunction,
  context: ExpressGuardContext,
  own?: ErrorDelivery,
): void {
  if (!(error instanceof AccessGuardError)) {
    next(error);
    return;
  }
  context.authenticator.answer(error);
  if ((own ?? context.delivery) === 'respond' && !res.headersSent) {
    // Written directly: an error answer needs no ETag and no content negotiation, and writeHead
    // keeps headers set earlier (CORS).
    const { status, headers, body } = errorResponse(error);
    res.writeHead(status, headers).end(body);
    return;
  }
  next(error);
}

/**
 * The answer of a guard mounted where no `requireAuth` ran before it: `next(GuardOrderError)`, a
 * 500 for the app's error handler, and the message in the log once per guard, whatever handles it.
 */
export function reportGuardOrder(name: string): (next: NextFunction) => void {
  let reported = false;
  return (next) => {
    const error = new GuardOrderError(name);
    if (!reported) console.error(error.message);
    reported = true;
    next(error);
  };
}
