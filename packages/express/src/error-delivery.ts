import { AccessGuardError, errorResponse, type AuthResult, type ErrorResponse } from '@access-guard/core';
import type { NextFunction, Request, Response } from 'express';

/**
 * How `requireAuth` and the guards deliver 400/401/403/503:
 * - `'next'` (default): `next(err)`, so Express's final handler (it reads `status` and `headers`) or
 *   the app's own error middleware renders it;
 * - `'respond'`: the middleware answers at once with the status, headers and an RFC 6750 JSON body
 *   `{ error, error_description }`; no stack trace is logged and the error handler is never reached.
 */
export type ErrorDelivery = 'next' | 'respond';

// The result prototypes (one per requireAuth: see the core's auth-context) of the requireAuth
// middlewares that answer errors themselves, so guards after them follow suit. Keyed by prototype
// rather than by result: nothing is written per request.
const responding = new WeakSet<object>();

/** Validates the `errors` option at start-up; undefined means "as requireAuth does" (default `'next'`). */
export function checkErrorDelivery(value: unknown): ErrorDelivery | undefined {
  if (value !== undefined && value !== 'next' && value !== 'respond') {
    throw new TypeError(
      "access-guard: `errors` must be 'next' (pass errors to next(err)) or 'respond' (answer with JSON).",
    );
  }
  return value;
}

/** Records a requireAuth's choice for the guards after it, by result prototype (one per requireAuth). */
export function rememberDelivery(auth: AuthResult, delivery: ErrorDelivery | undefined): void {
  if (delivery !== 'respond') return;
  const prototype: object | null = Object.getPrototypeOf(auth);
  if (prototype !== null) responding.add(prototype);
}

/** Whether errors of this request are answered at once: chosen here, or inherited from requireAuth. */
export function responds(req: Request, delivery: ErrorDelivery | undefined): boolean {
  if (delivery !== undefined) return delivery === 'respond';
  const auth: unknown = req.auth;
  return typeof auth === 'object' && auth !== null && responding.has(Object.getPrototypeOf(auth) as object);
}

/**
 * Writes a rendered error answer. Written directly rather than with res.json(): an error answer needs
 * no ETag (which res.send would hash the body for) and no content negotiation, and it is rendered
 * once per kind of error, so a rejection costs less than a route. writeHead keeps headers set
 * earlier (CORS).
 */
export function writeErrorResponse(res: Response, { status, headers, body }: ErrorResponse): void {
  res.writeHead(status, headers).end(body);
}

/** Delivers an error the chosen (or inherited) way; errors that are not access-guard's always go to `next`. */
export function deliverError(
  error: unknown,
  req: Request,
  res: Response,
  next: NextFunction,
  delivery: ErrorDelivery | undefined,
): void {
  if (error instanceof AccessGuardError && !res.headersSent && responds(req, delivery)) {
    writeErrorResponse(res, errorResponse(error));
    return;
  }
  next(error);
}
