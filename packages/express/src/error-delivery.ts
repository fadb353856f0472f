import { AccessGuardError } from '@access-guard/core';
import type { NextFunction, Response } from 'express';

/**
 * How `requireAuth` and the guards deliver 400/401/403/503:
 * - `'next'` (default): `next(err)`, so Express's final handler (it reads `status` and `headers`) or
 *   the app's own error middleware renders it;
 * - `'respond'`: the middleware answers at once with the status, headers and an RFC 6750 JSON body
 *   `{ error, error_description }`; no stack trace is logged and the error handler is never reached.
 */
export type ErrorDelivery = 'next' | 'respond';

/** Validates the `errors` option at start-up. */
export function checkErrorDelivery(value: unknown): ErrorDelivery {
  if (value === undefined) return 'next';
  if (value !== 'next' && value !== 'respond') {
    throw new TypeError(
      "access-guard: `errors` must be 'next' (pass errors to next(err)) or 'respond' (answer with JSON).",
    );
  }
  return value;
}

/** Delivers an error the chosen way; errors that are not access-guard's always go to `next`. */
export function deliverError(error: unknown, res: Response, next: NextFunction, delivery: ErrorDelivery): void {
  if (delivery === 'respond' && error instanceof AccessGuardError && !res.headersSent) {
    res.status(error.status).set(error.headers).json(error.toJSON());
    return;
  }
  next(error);
}
