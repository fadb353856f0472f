import type { AuthGuard } from '@access-guard/core';
import type { RequestHandler } from 'express';
import { deliverError, type ErrorDelivery } from './error-delivery.js';

/** Turns a core guard into Express middleware named `name` (it reads well in stack traces). */
export function guardMiddleware(name: string, guard: AuthGuard, delivery: ErrorDelivery | undefined): RequestHandler {
  const middleware: RequestHandler = (req, res, next) => {
    try {
      guard(req.auth);
    } catch (error) {
      deliverError(error, req, res, next, delivery);
      return;
    }
    next();
  };
  return Object.defineProperty(middleware, 'name', { value: name });
}
