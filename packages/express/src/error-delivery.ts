import { AccessGuardError, errorResponse } from '@access-guard/core';
import type { NextFunction, Response } from 'express';

/**
 * How `requireAuth` and the guards deliver 400/401/403/503:
 * - `'next'` (default): `next(err)`, so Express's final handler (it reads `status` and `headers`) or
 *   the app's own error middleware renders it;
 * - `'respond'`: the middleware answers at once with the status, headers and an RFC 6750 JSON body
 *   `{ error, error_description }`; no stack trace is logged and the error handler is never reached.
 */
export type ErrorDelivery = 'next' | 'respond';

// Set on the response by requireAuth when it answers errors itself, so guards after it follow suit.
const INHERITED = Symbol('access-guard.errors');
type WithDelivery = Response & { [INHERITED]?: ErrorDelivery };

/** Validates the `errors` option at start-up; undefined means "as requireAuth does" (default `'next'`). */
export function checkErrorDelivery(value: unknown): ErrorDelivery | undefined {
  if (value !== undefined && value !== 'next' && value !== 'respond') {
    throw new TypeError(
      "access-guard: `errors` must be 'next' (pass errors to next(err)) or 'respond' (answer with JSON).",
    );
  }
  return value;
}

/** Records requireAuth's choice for the guards that run after it on this request. */
export function rememberDelivery(res: Response, delivery: ErrorDelivery | undefined): void {
  if (delivery === 'respond') (res as WithDelivery)[INHERITED] = delivery;
}

/** Delivers an error the chosen (or inherited) way; errors that are not access-guard's always go to `next`. */
export function deliverError(
  error: unknown,
  res: Response,
  next: NextFunction,
  delivery: ErrorDelivery | undefined,
): void {
  const mode = delivery ?? (res as WithDelivery)[INHERITED] ?? 'next';
  if (mode === 'respond' && error instanceof AccessGuardError && !res.headersSent) {
    // Written directly rather than with res.json(): an error answer needs no ETag (which res.send
    // would hash the body for) and no content negotiation, and it is rendered once per kind of
    // error, so a rejection costs less than a route. writeHead keeps headers set earlier (CORS).
    const { status, headers, body } = errorResponse(error);
    res.writeHead(status, headers).end(body);
    return;
  }
  next(error);
}
