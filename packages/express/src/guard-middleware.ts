import type { RouteGuard } from '@access-guard/core';
import type { RequestHandler } from 'express';
import { responds, writeErrorResponse, type ErrorDelivery } from './error-delivery.js';

/** Turns a core guard into Express middleware named `name` (it reads well in stack traces). */
export function guardMiddleware(name: string, guard: RouteGuard, delivery: ErrorDelivery | undefined): RequestHandler {
  // Refusals are returned, not thrown: under load a throw costs more than the rest of a 403. When
  // answering at once, the guard's answer is rendered once per realm, so no error is even built.
  const middleware: RequestHandler = (req, res, next) => {
    if (!res.headersSent && responds(req, delivery)) {
      const answer = guard.refusalResponse(req.auth);
      if (answer === undefined) next();
      else writeErrorResponse(res, answer);
      return;
    }
    const refusal = guard.refusal(req.auth);
    if (refusal === undefined) next();
    else next(refusal);
  };
  return Object.defineProperty(middleware, 'name', { value: name });
}
